"""Scenario files: defaults, extends, overrides, round trips and the bad-input corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulation.house.scenario import (
    Scenario,
    ScenarioError,
    iter_parameters,
    load_scenario,
    to_toml,
    with_overrides,
)

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_parameter_has_default_range_unit_and_meaning() -> None:
    rows = iter_parameters()
    assert len(rows) > 80
    for row in rows:
        if isinstance(row["default"], int | float) and not isinstance(row["default"], bool):
            assert row["unit"], row["name"]
            assert row["min"] is not None, row["name"]
            assert row["meaning"], row["name"]


def test_extends_merges_the_parent_beneath_the_child(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", "[power]\nasymmetry = 0.7\n[house]\ntopics = 3\n")
    child = write(tmp_path, "child.toml",
                  'extends = "parent.toml"\n[power]\nasymmetry = 0.2\n')
    sc = load_scenario(child)
    assert sc.power.asymmetry == 0.2
    assert sc.house.topics == 3


def test_resolved_scenario_round_trips_through_toml(tmp_path: Path) -> None:
    sc = with_overrides(load_scenario(BASELINE), {"trust.prior_conflict": 0.4,
                                                  "house.decision_rule": "majority"})
    again = load_scenario(write(tmp_path, "resolved.toml", to_toml(sc)))
    assert again == sc
    assert again.digest() == sc.digest()


def test_digest_ignores_layout_but_not_values(tmp_path: Path) -> None:
    a = load_scenario(write(tmp_path, "a.toml", "# comment\n[power]\nasymmetry = 0.5\n"))
    b = load_scenario(write(tmp_path, "b.toml", "[power]\n\n  asymmetry   = 0.50\n"))
    c = load_scenario(write(tmp_path, "c.toml", "[power]\nasymmetry = 0.6\n"))
    assert a.digest() == b.digest() != c.digest()


# the bad-input corpus: (file text, field named in the message, words of what is allowed)
BAD = {
    "syntax": ("[power\nasymmetry = 0.5\n", "(syntax)", "not valid TOML"),
    "unknown_key": ("[power]\nasymetry = 0.5\n", "power.asymetry", "allowed here"),
    "unknown_section": ("[powr]\nasymmetry = 0.5\n", "powr", "allowed here"),
    "wrong_type": ('[house]\ntopics = "four"\n', "house.topics", "allowed: 1 to 20"),
    "out_of_range": ("[power]\nasymmetry = 1.5\n", "power.asymmetry", "allowed: 0 to 1"),
    "bad_rule": ('[house]\ndecision_rule = "vote"\n', "house.decision_rule", "consensus"),
    "contradiction": ("[population]\nresidents = 5\nprofessionals = 1\nofficials = 1\n"
                      "room_capacity = 30\n", "population.room_capacity", "at most"),
    "negative": ("[population]\nresidents = -3\n", "population.residents", "allowed: 1 to"),
    "missing_parent": ('extends = "nowhere.toml"\n', "extends", "does not exist"),
    "intervention_range": ("[interventions.mayor]\nintensity = 2\n",
                           "interventions.mayor.intensity", "allowed: 0 to 1"),
    "intervention_key": ("[interventions.mayor]\nbackng = 0.5\n",
                         "interventions.mayor.backng", "allowed here: backing"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_file_field_and_what_is_allowed(tmp_path: Path, case: str) -> None:
    text, field, allowed = BAD[case]
    path = write(tmp_path, f"{case}.toml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message
    assert field in message
    assert allowed in message


def test_circular_extends_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    b = write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="circular extends"):
        load_scenario(b)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "absent.toml")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("case", ["syntax", "unknown_key", "out_of_range", "contradiction"])
def test_cli_rejects_bad_files_with_exit_2_and_no_traceback(tmp_path: Path, case: str) -> None:
    text, field, _ = BAD[case]
    path = write(tmp_path, f"{case}.toml", text)
    for command in (["validate", str(path)], ["run", str(path), "--steps", "2"]):
        proc = run_cli(*command)
        assert proc.returncode == 2, proc.stderr
        assert field in proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout


def test_default_scenario_is_valid() -> None:
    assert Scenario().population.total == 50
