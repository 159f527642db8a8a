"""The one way a scenario parameter is declared: default, range, unit, meaning and source.

Kept apart from `scenario.py` so that intervention tables (imported by the scenario) use it too.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field


def param(default: Any, lo: float | None, hi: float | None, unit: str, meaning: str,
          source: str = "assumption") -> Any:
    """A documented, range-checked scenario parameter."""
    return Field(
        default,
        ge=lo,
        le=hi,
        description=meaning,
        json_schema_extra={"unit": unit, "source": source},
    )
