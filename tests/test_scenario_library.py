"""Every file in scenarios/ validates, runs from the command line and explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulation.cli import app
from simulation.house.scenario import load_scenario
from simulation.interventions.registry import REGISTRY

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.toml"))


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
