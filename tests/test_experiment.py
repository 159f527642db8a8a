"""Experiment files: validation with clear errors, design expansion, stable keys and CRN seeds."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from sweep_support import ROOT, small_experiment, write_experiment

from simulation.house.scenario import load_scenario
from simulation.sweeps.experiment import (
    Design,
    ExperimentError,
    design_points,
    latin_hypercube,
    load_experiment,
    run_seed,
)

HEADER = """
[experiment]
name = "e"
scenarios = ["{baseline}"]
replications = 3
root_seed = 1
"""


@pytest.mark.parametrize("name", ["interventions", "power", "sensitivity"])
def test_shipped_experiments_expand(name: str) -> None:
    plan = load_experiment(ROOT / "experiments" / f"{name}.toml")
    exp = plan.spec.experiment
    assert len(plan.runs) == len(plan.points) * exp.replications
    assert len({run.key for run in plan.runs}) == len(plan.runs)
    labels = {point.label for point in plan.points.values()}
    assert all(point.reference in labels for point in plan.points.values())


def test_interventions_experiment_has_each_intervention_alone() -> None:
    plan = load_experiment(ROOT / "experiments" / "interventions.toml")
    switched = [point.resolved.interventions.enabled() for point in plan.points.values()]
    assert sorted(len(on) for on in switched) == [0] + [1] * (len(switched) - 1)
    names = {name for on in switched for name in on}
    assert len(names) == len(switched) - 1
    assert {point.reference for point in plan.points.values()} == {"baseline"}


def test_factorial_crosses_every_level_with_the_arms(tmp_path: Path) -> None:
    plan = load_experiment(small_experiment(tmp_path, replications=3))
    assert len(plan.points) == 2 * 2
    asymmetries = sorted(p.resolved.power.asymmetry for p in plan.points.values())
    assert asymmetries == [0.3, 0.3, 0.7, 0.7]
    assert all(p.resolved.run.steps == 8 for p in plan.points.values())
    for point in plan.points.values():
        on = point.resolved.interventions.enabled()
        assert ("role_reversal" in on) == point.label.startswith("role_reversal")


def test_intervention_arms_share_seeds_other_settings_do_not(tmp_path: Path) -> None:
    plan = load_experiment(small_experiment(tmp_path, replications=3))
    seeds: dict[tuple[float, int], set[int]] = {}
    for run in plan.runs:
        asymmetry = plan.scenario_of(run).power.asymmetry
        seeds.setdefault((asymmetry, run.replication), set()).add(run.seed)
    assert all(len(s) == 1 for s in seeds.values()), "intervention arms must share a seed"
    assert len({s.pop() for s in seeds.values()}) == len(seeds), "other settings: own seeds"


def test_references_switch_interventions_to_their_first_level() -> None:
    design = Design.model_validate({"factors": {
        "power.asymmetry": [0.2, 0.8],
        "interventions.mayor.enabled": [False, True],
    }})
    points = {label: reference for label, _, reference in design_points(design, 0)}
    assert points["power.asymmetry=0.8 mayor=on"] == "power.asymmetry=0.8 mayor=off"
    assert points["power.asymmetry=0.8 mayor=off"] == "power.asymmetry=0.8 mayor=off"


def test_keys_and_seeds_do_not_depend_on_position(tmp_path: Path) -> None:
    first = load_experiment(small_experiment(tmp_path / "a"))
    reordered = write_experiment(tmp_path / "b", (tmp_path / "a" / "exp.toml").read_text()
                                 .replace("[0.3, 0.7]", "[0.7, 0.5, 0.3]"))
    second = load_experiment(reordered)
    old = {(r.point, r.replication): (r.key, r.seed) for r in first.runs}
    new = {(r.point, r.replication): (r.key, r.seed) for r in second.runs}
    assert old.items() <= new.items()
    assert len(new) == len(old) * 3 // 2


def test_seeds_follow_the_root_seed() -> None:
    settings = {"power.asymmetry": 0.5, "interventions.mayor.enabled": True}
    assert run_seed(1, "base", settings, 0) == run_seed(1, "base", settings, 0)
    assert run_seed(1, "base", settings, 0) != run_seed(2, "base", settings, 0)
    assert run_seed(1, "base", settings, 0) != run_seed(1, "base", settings, 1)
    assert run_seed(1, "base", settings, 0) == run_seed(1, "base", {"power.asymmetry": 0.5}, 0)


def test_latin_hypercube_stratifies_each_range() -> None:
    n = 10
    points = latin_hypercube({"power.asymmetry": (0.1, 0.9), "house.topics": (2, 12)}, n, 3)
    assert len(points) == n
    values = np.array([[v["power.asymmetry"], v["house.topics"]] for _, v in points])
    strata = np.floor((values[:, 0] - 0.1) / 0.8 * n).astype(int)
    assert sorted(strata) == list(range(n)), "one sample in each tenth of the range"
    assert all(isinstance(v["house.topics"], int) for _, v in points)
    assert values[:, 1].min() >= 2 and values[:, 1].max() <= 12
    assert latin_hypercube({"power.asymmetry": (0.1, 0.9)}, n, 3) != latin_hypercube(
        {"power.asymmetry": (0.1, 0.9)}, n, 4)


def test_hypercube_points_become_valid_scenarios(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, HEADER + """
[design]
samples = 5
[design.ranges]
"power.asymmetry" = [0.1, 0.9]
"house.topics" = [2, 6]
""")
    plan = load_experiment(path)
    assert len(plan.points) == 5
    base = load_scenario(ROOT / "scenarios" / "baseline.toml")
    for point in plan.points.values():
        assert point.resolved.power.asymmetry == point.settings["power.asymmetry"]
        assert point.resolved.house.topics == point.settings["house.topics"]
        assert point.resolved.meta == base.meta


def test_overrides_change_the_file_values(tmp_path: Path) -> None:
    plan = load_experiment(small_experiment(tmp_path), {"experiment.replications": 5})
    assert len(plan.runs) == len(plan.points) * 5


def test_plan_digest_tracks_what_decides_results(tmp_path: Path) -> None:
    path = small_experiment(tmp_path)
    assert load_experiment(path).digest == load_experiment(path).digest
    assert load_experiment(path).digest != load_experiment(
        path, {"experiment.steps": 9}).digest


BAD = {
    "unknown key": ("[experiment]\nname='e'\nscenarios=['{baseline}']\nreplications=1\n"
                    "root_seed=1\ncolour='red'\n", "experiment.colour", "unknown key"),
    "missing field": ("[experiment]\nname='e'\nscenarios=['{baseline}']\nroot_seed=1\n",
                      "experiment.replications", "Field required"),
    "zero replications": (HEADER.replace("replications = 3", "replications = 0"),
                          "experiment.replications", "greater than or equal to 1"),
    "unknown outcome": (HEADER + "outcomes = ['happiness']\n", "experiment.outcomes",
                        "unknown outcome(s) happiness"),
    "missing scenario": (HEADER.replace("{baseline}", "nowhere.toml"), "experiment.scenarios",
                         "does not exist"),
    "unknown parameter": (HEADER + "[design.factors]\n'power.asymetry' = [0.1]\n",
                          "power.asymetry", "unknown key"),
    "out of range": (HEADER + "[design.factors]\n'power.asymmetry' = [0.5, 2.0]\n",
                     "power.asymmetry", "less than or equal to 1"),
    "empty factor": (HEADER + "[design.factors]\n'power.asymmetry' = []\n", "design.factors",
                     "has no levels"),
    "inverted range": (HEADER + "[design]\nsamples = 3\n[design.ranges]\n"
                       "'power.asymmetry' = [0.9, 0.1]\n", "design", "low < high"),
    "ranges without samples": (HEADER + "[design.ranges]\n'power.asymmetry' = [0.1, 0.9]\n",
                               "design", "samples >= 1"),
    "unknown reference": (HEADER + "[design]\nreference = 'x'\n[[design.arms]]\nname = 'a'\n",
                          "design", "reference 'x' is not an arm"),
    "duplicate arm": (HEADER + "[[design.arms]]\nname = 'a'\n[[design.arms]]\nname = 'a'\n",
                      "design", "same name"),
    "syntax": ("[experiment\n", "(syntax)", "not valid TOML"),
    # the name is the default results folder: results/.. would be the working directory itself
    **{f"name {name!r}": (HEADER.replace('name = "e"', f"name = {name!r}"), "experiment.name",
                          "plain folder name") for name in ("..", ".", "", "a/b", "/tmp", ".e",
                                                            "a b", "x" * 101)},
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_experiment_files_name_file_and_field(tmp_path: Path, case: str) -> None:
    body, field, message = BAD[case]
    path = write_experiment(tmp_path, body)
    with pytest.raises(ExperimentError) as caught:
        load_experiment(path)
    text = str(caught.value)
    assert str(path) in text and field in text and message in text, text


@pytest.mark.parametrize("name", ["e", "power_2026", "v1.2-final", "ä"])
def test_plain_folder_names_are_accepted(tmp_path: Path, name: str) -> None:
    plan = load_experiment(write_experiment(tmp_path, HEADER.replace('"e"', f"{name!r}")))
    assert plan.spec.experiment.name == name


def test_expected_design_size_is_the_product_of_its_parts(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, HEADER + """
[design]
samples = 3
[[design.arms]]
name = "a"
[[design.arms]]
name = "b"
set = { "house.decision_rule" = "majority" }
[design.factors]
"trust.prior_conflict" = [0.0, 0.5]
[design.ranges]
"power.asymmetry" = [0.1, 0.9]
""")
    plan = load_experiment(path)
    assert len(plan.points) == math.prod([2, 2, 3])
    rules = {p.resolved.house.decision_rule for p in plan.points.values()}
    assert rules == {"consent", "majority"}


def test_latin_hypercube_types_follow_the_parameter_not_the_literal() -> None:
    points = latin_hypercube({"power.asymmetry": (0, 1), "population.residents": (10, 100)}, 8, 1)
    shares = [p["power.asymmetry"] for _, p in points]
    assert all(isinstance(v, float) for v in shares) and len(set(shares)) == 8
    assert all(isinstance(p["population.residents"], int) for _, p in points)
