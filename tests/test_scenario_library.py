"""Every file in scenarios/ validates, runs, explains itself and changes only what it names."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from simulation.cli import app
from simulation.house.library import (
    DEFAULT_SCENARIO,
    SCENARIO_DIR,
    check_extends_shipped,
    shipped_scenarios,
)
from simulation.house.mechanisms.clearance import VERTICAL_LEVELS
from simulation.house.scenario import (
    Scenario,
    ScenarioError,
    differences,
    flat_values,
    load_scenario,
    read_toml,
)
from simulation.interventions.registry import REGISTRY

SCENARIOS = sorted(SCENARIO_DIR.glob("*.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_runs_from_the_command_line(path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(path), "--steps", "8", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "decisions_made" in result.output


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_explains_itself_to_a_lecturer(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) >= 5
    assert "illustrative" in text.lower()
    scenario = load_scenario(path)
    assert scenario.meta.name == path.stem and scenario.meta.description


def test_every_intervention_has_a_scenario_of_its_own() -> None:
    switched_on = {path.stem: set(load_scenario(path).interventions.enabled())
                   for path in SCENARIOS}
    for name in REGISTRY:
        assert switched_on.get(name) == {name}


# --------------------------------------------------------------------------- one truth for defaults

def named_keys(table: Mapping[str, Any], prefix: str = "") -> set[str]:
    """The dotted keys a scenario file sets itself; an intervention table also names `enabled`
    (its presence switches the intervention on)."""
    keys = set()
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            keys |= named_keys(value, dotted + ".")
            if prefix == "interventions.":
                keys.add(dotted + ".enabled")
        elif key != "extends":
            keys.add(dotted)
    return keys


def test_baseline_is_exactly_the_documented_defaults() -> None:
    baseline = flat_values(load_scenario(SCENARIO_DIR / "baseline.toml"))
    documented = flat_values(Scenario())
    assert {k: (documented[k], v) for k, v in baseline.items()
            if v != documented[k] and not k.startswith("meta.")} == {}
    delays = [baseline[f"vertical.{level}.delay"] for level in VERTICAL_LEVELS]
    assert delays == [1, 3, 6]   # docs/model.md 4.16


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_differs_from_its_parent_only_in_the_keys_it_names(path: Path) -> None:
    parent, rows = differences(path)
    parent_values = (flat_values(load_scenario(parent)) if parent is not None
                     else flat_values(Scenario()))
    values = flat_values(load_scenario(path))
    changed = {key for key, value in values.items() if value != parent_values[key]}
    assert changed <= named_keys(read_toml(path))
    assert {row[0] for row in rows} >= changed   # `params --diff` shows every one of them


def test_params_diff_shows_default_parent_and_new_value(tmp_path: Path) -> None:
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{SCENARIO_DIR / "process_director.toml"}"\n'
                     "[vertical.national_local]\ndelay = 9\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["params", "--diff", str(child)])
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in result.output.splitlines() if line.count("│") == 5}
    assert rows["vertical.national_local.delay"] == ["6", "6", "9"]
    assert rows["interventions.process_director.enabled"] == ["false", "true", "true"]
    assert "vertical.national_local.applies_to" not in rows   # unchanged siblings stay out


def test_params_diff_of_a_bad_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["params", "--diff", str(tmp_path / "absent.toml")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "file not found" in result.output


# --------------------------------------------------------------------------- the shipped library

def test_shipped_scenarios_are_the_library_with_the_baseline_first() -> None:
    shipped = shipped_scenarios()
    assert next(iter(shipped)) == DEFAULT_SCENARIO
    assert sorted(shipped.values()) == SCENARIOS


@pytest.mark.parametrize("parent", [None, "baseline.toml", "process_director.toml"])
def test_extending_a_shipped_scenario_is_allowed(parent: str | None) -> None:
    check_extends_shipped({} if parent is None else {"extends": parent}, "upload.toml")


@pytest.mark.parametrize("parent", ["../../../etc/passwd", "/dev/zero", "./baseline.toml",
                                    "baseline", ["baseline.toml"], 3, ""])
def test_only_a_shipped_scenario_may_be_extended_there(parent: object) -> None:
    with pytest.raises(ScenarioError) as info:
        check_extends_shipped({"extends": parent}, "upload.toml")
    message = str(info.value)
    assert message.startswith("upload.toml: extends: only a shipped scenario")
    assert "allowed: " in message and "baseline.toml" in message
