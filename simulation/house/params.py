"""The one way a scenario parameter is declared: default, range, unit, meaning and source.

Kept apart from `scenario.py` so that intervention tables (imported by the scenario) use it too,
and so that the scenario's sections can fill a partial sub-table from its documented default
(`over_field_defaults`) while they are being defined.
Parameters are strict: a boolean or a quoted number is not a number (`asymmetry = true` must not
run as 1.0); an integer is still accepted where a float is expected, and a float parameter must
be finite.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field


def param(default: Any, lo: float | None, hi: float | None, unit: str, meaning: str,
          source: str = "assumption") -> Any:
    """A documented, range-checked, strictly typed scenario parameter."""
    finite = {"allow_inf_nan": False} if isinstance(default, float) else {}
    return Field(
        default,
        ge=lo,
        le=hi,
        strict=True,
        description=meaning,
        json_schema_extra={"unit": unit, "source": source},
        **finite,
    )


def over_field_defaults(section: type[BaseModel], data: Any) -> Any:
    """`data` with every sub-table given as a mapping merged over the field's default instance.

    pydantic builds a sub-table from its class's own defaults, so without this a scenario that
    sets `[vertical.national_local] delay = 3` would get VerticalLevel's `applies_to` = 1.0
    instead of the documented 0.3 of Vertical's default for that level. Each Section calls this
    before validation, so the documented defaults hold at every depth.
    """
    if not isinstance(data, Mapping):
        return data
    filled = dict(data)
    for name, field in section.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if isinstance(filled.get(name), Mapping) and isinstance(default, BaseModel):
            filled[name] = deep_merge(default.model_dump(), filled[name])
    return filled


def deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `override` merged over it, table by table at every depth."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
