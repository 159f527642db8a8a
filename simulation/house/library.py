"""The shipped scenario library (`scenarios/*.toml`) and the rule for extending it from the app.

On the command line a scenario may `extends` any TOML file its user can read, also outside its
folder: a local user runs their own files. The classroom app serves a whole class from one
machine, so there an uploaded scenario may extend only a shipped scenario, named by its file name.
That rule lives here, in one place, so the app and the tests check the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulation.house.scenario import ScenarioError

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
DEFAULT_SCENARIO = "baseline"


def shipped_scenarios() -> dict[str, Path]:
    """Scenario files by name, the baseline first so a class starts from the same house."""
    paths = sorted(SCENARIO_DIR.glob("*.toml"),
                   key=lambda p: (p.stem != DEFAULT_SCENARIO, p.stem))
    return {path.stem: path for path in paths}


def check_extends_shipped(data: Mapping[str, Any], file: str | Path) -> None:
    """Raise ScenarioError unless the table has no `extends` or extends a shipped scenario.

    The parent must be named exactly by a shipped file name (`extends = "baseline.toml"`), then
    resolved in SCENARIO_DIR, e.g. with `resolve_table(data, file, SCENARIO_DIR)`.
    """
    parent = data.get("extends")
    if parent is None:
        return
    names = [path.name for path in shipped_scenarios().values()]
    if not isinstance(parent, str) or parent not in names:
        raise ScenarioError(file, [("extends", "only a shipped scenario can be extended here; "
                                               f"allowed: {', '.join(sorted(names))}")])
