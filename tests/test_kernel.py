"""One compiled week, many ways to run it: stepped in Mesa, all weeks in one call, in batches of
any composition, in another process — the same scenario and seed give the same house."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.house.batch import run_batch
from simulation.house.compiled import CACHE
from simulation.house.library import shipped_scenarios
from simulation.house.model import HouseModel
from simulation.house.outcomes import OUTCOMES, groups_apart
from simulation.house.prepare import NOTICE
from simulation.house.runner import run_house
from simulation.house.scenario import Scenario, load_scenario, with_overrides
from simulation.interventions.registry import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
EVERY = with_overrides(load_scenario(shipped_scenarios()["baseline"]),
                       {f"interventions.{name}.enabled": True for name in REGISTRY})


def stepped(scenario: Scenario, seed: int, steps: int) -> tuple[np.ndarray, object]:
    model = HouseModel(scenario, seed=seed)
    for _ in range(steps):
        model.step()
    series = model.datacollector.get_model_vars_dataframe()
    return series.loc[:, list(OUTCOMES)].to_numpy(dtype=float), model.pipeline.frame()


@pytest.mark.parametrize("name", ["baseline", "citizen_panel", "role_reversal", "every"])
def test_stepped_in_mesa_and_run_in_one_call_are_the_same_house(name: str) -> None:
    scenario = EVERY if name == "every" else load_scenario(shipped_scenarios()[name])
    series, decisions = stepped(scenario, 5, 40)
    alone = run_house(scenario, 5, 40)
    np.testing.assert_array_equal(series, alone.series.to_numpy())
    assert decisions.equals(alone.decisions)
    np.testing.assert_array_equal(series, run_batch(scenario, [5], 40).values[0])


def test_a_seed_gives_the_same_run_alone_and_anywhere_in_a_batch() -> None:
    seeds = [11, 3, 7, 3]
    batch = run_batch(EVERY, seeds, 30)
    for k, seed in enumerate(seeds):
        np.testing.assert_array_equal(batch.values[k], run_batch(EVERY, [seed], 30).values[0])
    np.testing.assert_array_equal(run_batch(EVERY, seeds[::-1], 30).values, batch.values[::-1])
    assert not np.array_equal(batch.values[0], batch.values[1])


def test_a_batch_is_the_same_in_another_process() -> None:
    code = ("import sys, numpy as np; from simulation.house.batch import run_batch; "
            "from tests.test_kernel import EVERY; "
            "np.save(sys.stdout.buffer, run_batch(EVERY, [2, 9], 25).values)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         check=True, env={**os.environ, "PYTHONHASHSEED": "123"}).stdout
    np.testing.assert_array_equal(np.load(io.BytesIO(out)), run_batch(EVERY, [2, 9], 25).values)


def test_a_house_can_run_past_its_planned_weeks() -> None:
    scenario = with_overrides(Scenario(), {"run.steps": 3})
    model = HouseModel(scenario, seed=1)
    for _ in range(60):   # the decision log grows as needed
        model.step()
    assert model.pipeline.count() > 2 * scenario.run.steps + 2


def test_the_compiled_model_lives_in_a_writable_cache_even_if_the_first_choice_is_not(
        tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    code = "from simulation.house.compiled import CACHE; print(CACHE)"
    env = {**os.environ, "SAMENSTURING_CACHE": str(blocked / "cache"),
           "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env=env).stdout.strip()
    assert out == str(tmp_path / "samensturing" / "numba")


def test_the_first_run_on_a_machine_says_it_prepares_the_model_and_later_ones_do_not(
        tmp_path: Path) -> None:
    """A copy of this machine's cache without its ready marks: numba loads what it compiled,
    and the command still says, once, that it prepares the model."""
    fresh = tmp_path / "cache"
    shutil.copytree(CACHE, fresh, ignore=shutil.ignore_patterns("ready-*"))
    env = {**os.environ, "SAMENSTURING_CACHE": str(fresh)}
    command = [sys.executable, "-m", "simulation", "run", "scenarios/baseline.toml", "--steps", "2"]
    first, second = (subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env,
                                    timeout=600, check=True) for _ in range(2))
    assert NOTICE in first.stderr and "model ready in" in first.stderr
    assert NOTICE not in second.stderr and "model ready" not in second.stderr


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=300),
       bound=st.floats(0.0, 1.0))
def test_groups_apart_counts_the_cuts_of_the_sorted_values(values: list[float],
                                                           bound: float) -> None:
    ordered = np.sort(values)
    assert groups_apart(np.array(values), bound) == 1 + (np.diff(ordered) > bound).sum()
