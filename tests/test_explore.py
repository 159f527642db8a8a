"""The explorer: a made-up house whose truth is known (an intervention that backfires above a
threshold), so robustness, PRIM and the warnings can be checked against it; and a tiny run on the
real model."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.analysis.card import card_text
from simulation.analysis.explore import (
    GOALS,
    NONE,
    arms,
    explore,
    house_seeds,
    sample_houses,
    wilson,
)
from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import Scenario, load_scenario
from simulation.sweeps.executors import ExecutorKind, open_executor
from simulation.sweeps.store import ResultsError

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
THRESHOLD = 0.6     # role reversal helps residents' voice below this asymmetry, hurts above
UNCERTAIN = {"power.asymmetry": (0.2, 1.0), "trust.prior_conflict": (0.0, 0.5),
             "population.residents": (30, 80)}
VOICE = OUTCOMES.index("resident_voice_share")


@dataclass(frozen=True)
class FakeBatch:
    values: np.ndarray


def fake_run(scenario: Scenario, seeds: Sequence[int]) -> FakeBatch:
    """Voice share 0.3 + a house's own noise (shared by its arms) + the true effect: role
    reversal +0.05 below THRESHOLD of asymmetry and -0.05 above; the process director +0.03
    everywhere; a little noise of each arm's own."""
    on = {name for name, cfg in scenario.interventions if cfg is not None and cfg.enabled}
    arm = "+".join(sorted(on))
    values = np.zeros((len(seeds), 1, len(OUTCOMES)))
    for k, seed in enumerate(seeds):
        common = np.random.default_rng(seed).normal(0, 0.05, len(OUTCOMES))
        own = np.random.default_rng([seed, zlib.crc32(arm.encode())]).normal(0, 0.005,
                                                                             len(OUTCOMES))
        values[k, 0] = 0.3 + common + own
        if "role_reversal" in on:
            values[k, 0, VOICE] += 0.05 if scenario.power.asymmetry < THRESHOLD else -0.05
        if "process_director" in on:
            values[k, 0, VOICE] += 0.03
    return FakeBatch(values)


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario(SCENARIOS / "baseline.toml")


@pytest.fixture(scope="module")
def synthetic(baseline: Scenario):
    return explore(baseline, UNCERTAIN, ["role_reversal", "process_director"],
                   houses=128, replications=4, goals=["resident_voice_share"], steps=10,
                   seed=3, run_fn=fake_run)


def row(frame: pd.DataFrame, arm: str, goal: str = "resident_voice_share") -> pd.Series:
    return frame[(frame["arm"] == arm) & (frame["goal"] == goal)].iloc[0]


def test_houses_cover_the_ranges_and_integers_stay_whole() -> None:
    for design in ("sobol", "lhs"):
        table = sample_houses(UNCERTAIN, 32, design, seed=1)
        assert len(table) == 32
        for name, (low, high) in UNCERTAIN.items():
            assert table[name].between(low, high).all()
        assert pd.api.types.is_integer_dtype(table["population.residents"])
    saltelli = sample_houses(UNCERTAIN, 8, "saltelli", seed=1)
    assert len(saltelli) == 8 * (len(UNCERTAIN) + 2)


def test_arms_of_a_house_share_seeds_and_houses_do_not() -> None:
    assert house_seeds(5, 0, 3) == house_seeds(5, 0, 3)
    assert not set(house_seeds(5, 0, 3)) & set(house_seeds(5, 1, 3))
    assert list(arms(["a", "b"], [("a", "b")])) == [NONE, "a", "b", "a+b"]
    both = arms(["a", "b"], [("a", "c")])
    assert both[NONE] == dict.fromkeys(["interventions.a.enabled", "interventions.b.enabled",
                                        "interventions.c.enabled"], False)
    assert both["a+c"]["interventions.c.enabled"] and not both["a+c"]["interventions.b.enabled"]


def test_none_is_the_house_without_an_intervention_it_already_has() -> None:
    house = load_scenario(SCENARIOS / "role_reversal.toml")
    result = explore(house, {"power.asymmetry": (0.2, 1.0)}, ["role_reversal"], houses=32,
                     replications=2, goals=["resident_voice_share"], steps=5, run_fn=fake_run)
    reversal = row(result.robustness, "role_reversal")
    assert 0 < reversal["helps"] < 1 and 0 < reversal["hurts"] < 1


def test_no_ranges_is_one_house(baseline: Scenario) -> None:
    result = explore(baseline, {}, ["process_director"], houses=8, replications=8,
                     goals=["resident_voice_share"], steps=5, run_fn=fake_run)
    assert len(result.houses) == 1
    assert row(result.robustness, "process_director")["helps"] == 1.0
    assert result.boxes.empty and result.sensitivity.empty


def test_robustness_recovers_the_truth(synthetic) -> None:
    rob = synthetic.robustness
    share_below = (synthetic.houses["power.asymmetry"] < THRESHOLD).mean()
    reversal = row(rob, "role_reversal")
    assert reversal["helps_low"] <= share_below <= reversal["helps_high"]
    assert reversal["hurts_low"] <= 1 - share_below <= reversal["hurts_high"]
    director = row(rob, "process_director")
    assert director["helps"] == 1.0 and director["hurts"] == 0.0
    assert director["mean_low"] < 0.03 < director["mean_high"]
    # the director is never worse than doing nothing; role reversal is best below the threshold
    assert director["mean_regret"] < reversal["mean_regret"]
    assert 0 < reversal["best_share"] < 1


def test_prim_finds_where_it_backfires(synthetic) -> None:
    box = synthetic.boxes[synthetic.boxes["arm"] == "role_reversal"]
    assert list(box["parameter"]) == ["power.asymmetry"], box
    b = box.iloc[0]
    assert b["low_restricted"] and not b["high_restricted"]
    assert abs(b["low"] - THRESHOLD) < 0.05
    assert b["density"] > 0.9 and b["coverage"] > 0.9
    assert b["nl"].startswith("als de machtsongelijkheid (power.asymmetry) boven 0,")
    assert b["en"].startswith("when the power asymmetry (power.asymmetry) is above 0.")
    assert synthetic.boxes[synthetic.boxes["arm"] == "process_director"].empty


def test_rank_correlation_points_at_the_parameter_that_matters(synthetic) -> None:
    sens = synthetic.sensitivity[synthetic.sensitivity["arm"] == "role_reversal"]
    top = sens.loc[sens["index"].abs().idxmax()]
    assert top["parameter"] == "power.asymmetry" and top["index"] < 0
    assert (sens["method"] == "spearman").all()


def test_sobol_indices_point_at_the_parameter_that_matters(baseline: Scenario) -> None:
    result = explore(baseline, UNCERTAIN, ["role_reversal"], houses=64, replications=2,
                     goals=["resident_voice_share"], steps=5, seed=1, design="saltelli",
                     run_fn=fake_run)
    sens = result.sensitivity.set_index("parameter")
    assert (sens["method"] == "sobol").all()
    assert sens["total"].idxmax() == "power.asymmetry"
    assert sens.loc["power.asymmetry", "total"] > 0.5
    assert sens.drop("power.asymmetry")["total"].max() < 0.2


def test_underpowered_warning_fires_on_a_tiny_design_only(baseline: Scenario,
                                                          synthetic) -> None:
    tiny = explore(baseline, UNCERTAIN, ["role_reversal"], houses=3, replications=1,
                   goals=["resident_voice_share"], steps=5, seed=0, run_fn=fake_run)
    assert {"few_houses", "underpowered"} <= set(tiny.warnings["code"])
    assert synthetic.warnings.empty
    assert "Let op" in card_text(tiny, "nl")


def test_noise_larger_than_the_margin_is_flagged(baseline: Scenario) -> None:
    """With a margin far below the arms' own noise, the per-house verdict is guesswork."""
    noisy = explore(baseline, UNCERTAIN, ["role_reversal"], houses=32, replications=2,
                    goals=["resident_voice_share"], steps=5, seed=0, run_fn=fake_run,
                    margins={"resident_voice_share": 0.001})
    assert list(noisy.warnings["code"]) == ["underpowered"]


def test_same_seed_same_answer_also_through_an_executor(baseline: Scenario) -> None:
    def run(executor: ThreadPoolExecutor | None = None, seed: int = 2):
        return explore(baseline, UNCERTAIN, ["role_reversal"], houses=16, replications=2,
                       goals=["resident_voice_share"], steps=5, seed=seed, run_fn=fake_run,
                       executor=executor)

    first = run()
    with ThreadPoolExecutor(2) as pool:
        pd.testing.assert_frame_equal(first.effects, run(pool).effects)
    pd.testing.assert_frame_equal(first.robustness, run().robustness)
    assert not first.houses.equals(run(seed=4).houses)


def failing_above(scenario: Scenario, seeds: Sequence[int]) -> FakeBatch:
    """The fake house, except that houses of high asymmetry fail (as a crashed run would)."""
    if scenario.power.asymmetry > 0.8:
        raise RuntimeError("this house crashed")
    return fake_run(scenario, seeds)


def test_through_the_sweep_engine_resumable(baseline: Scenario, tmp_path: Path) -> None:
    def run(folder: Path | None, run_fn=fake_run, seed: int = 2):
        return explore(baseline, UNCERTAIN, ["role_reversal"], houses=16, replications=2,
                       goals=["resident_voice_share", "resident_dropout"], steps=5, seed=seed,
                       run_fn=run_fn, folder=folder)

    in_memory = run(None)
    with pytest.raises(ResultsError, match="resume"):
        run(tmp_path / "x", failing_above)
    resumed = run(tmp_path / "x")      # only the failed runs run again
    pd.testing.assert_frame_equal(in_memory.effects, resumed.effects)
    pd.testing.assert_frame_equal(in_memory.effects, run(tmp_path / "x").effects)
    assert (tmp_path / "x" / "manifest.json").exists()
    with pytest.raises(ResultsError, match="different plan"):
        run(tmp_path / "x", seed=3)


def test_advice_reads_in_both_languages(synthetic) -> None:
    nl, en = card_text(synthetic, "nl"), card_text(synthetic, "en")
    assert "Rollenwissel" in nl and "schaadt" in nl and "het pakt vooral slecht uit als" in nl
    assert "backfires mostly when" in en
    assert "%" in nl and "model" in en
    assert "0,6" in nl or "0,5" in nl


def test_unknown_goal_is_refused(baseline: Scenario) -> None:
    with pytest.raises(ValueError, match="unknown goal"):
        explore(baseline, UNCERTAIN, ["role_reversal"], goals=["happiness"], run_fn=fake_run)


def test_wilson_stays_inside_zero_and_one() -> None:
    for k, n in ((0, 5), (5, 5), (3, 7)):
        low, high = wilson(k, n)
        assert 0 <= low <= k / n <= high <= 1


def test_real_model_tiny_budget(baseline: Scenario) -> None:
    def run():
        return explore(baseline, {"power.asymmetry": (0.3, 0.8),
                                  "population.residents": (30, 60)},
                       ["role_reversal", "process_director"],
                       [("role_reversal", "process_director")], houses=3, replications=2,
                       steps=20, seed=0)

    result = run()
    goals, options = set(GOALS), {"role_reversal", "process_director",
                                  "role_reversal+process_director"}
    assert set(result.effects["goal"]) == goals
    assert len(result.effects) == 3 * len(options) * len(goals)
    assert result.effects["effect"].notna().all()
    assert set(result.robustness["arm"]) == options
    pd.testing.assert_frame_equal(result.effects, run().effects)
    assert result.robustness[["helps", "hurts"]].sum(axis=1).le(1).all()
    assert set(result.sensitivity.columns) >= {"arm", "goal", "parameter", "index"}
    assert "few_houses" in set(result.warnings["code"])
    assert card_text(result, "en")


def test_real_model_through_a_process_pool_gives_the_same_answer(baseline: Scenario,
                                                                 tmp_path: Path) -> None:
    def run(**how):
        return explore(baseline, {"power.asymmetry": (0.3, 0.8)}, ["role_reversal"], houses=4,
                       replications=2, steps=10, seed=5, **how).effects

    serial = run()
    with open_executor(ExecutorKind.local, 2) as pool:
        pd.testing.assert_frame_equal(serial, run(executor=pool))
        pd.testing.assert_frame_equal(serial, run(executor=pool, folder=tmp_path / "pool"))
