"""Patterns from the literature that the house should reproduce in expectation.

Each test runs both arms on the same seeds and asks whether the confidence interval of the mean
paired difference lies on the side the literature predicts. No value is pinned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from simulation.runner import RunResult, run_house
from simulation.scenario import Scenario, load_scenario, with_overrides
from tests.stats import paired_ci

pytestmark = pytest.mark.slow
SEEDS = range(40)
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
STEPS = 104


def arms(key: str, low: object, high: object,
         base: Scenario | None = None) -> tuple[Scenario, Scenario]:
    base = base or Scenario()
    return with_overrides(base, {key: low}), with_overrides(base, {key: high})


def measure(scenario: Scenario, seeds: range, steps: int,
            read: Callable[[RunResult], float]) -> list[float]:
    """One number per seed; both arms of a test use the same seeds (common random numbers)."""
    return [read(run_house(scenario, seed, steps)) for seed in seeds]


def run_mean(name: str) -> Callable[[RunResult], float]:
    return lambda r: float(r.series[name].mean())


def final(name: str) -> Callable[[RunResult], float]:
    return lambda r: float(r.series[name].iloc[-1])


def mean_lean(r: RunResult) -> float:
    lean = r.decisions["official_lean"].dropna()
    return float(lean.mean()) if len(lean) else 0.5


def test_power_asymmetry_lowers_residents_voice_and_raises_dropout() -> None:
    equal, unequal = arms("power.asymmetry", 0.2, 0.8)
    voice = paired_ci(measure(unequal, SEEDS, STEPS, run_mean("resident_voice_share")),
                      measure(equal, SEEDS, STEPS, run_mean("resident_voice_share")))
    assert voice.high < 0, f"voice share difference {voice}"
    dropout = paired_ci(measure(unequal, SEEDS, STEPS, final("resident_dropout")),
                        measure(equal, SEEDS, STEPS, final("resident_dropout")))
    assert dropout.low > 0, f"dropout difference {dropout}"


def test_less_susceptible_powerful_pull_decisions_towards_officials_views() -> None:
    # Friedkin–Johnsen's prediction needs influence to cross groups: in the default house bounded
    # confidence and logic narrowing cut most of it (docs/model.md, "Patterns"), so this house
    # hears across groups.
    hearing = with_overrides(Scenario(), {"influence.confidence_bound": 0.6,
                                          "influence.logic_narrowing": 0.0})
    alike, firm = arms("influence.power_insusceptibility", 0.0, 0.9, hearing)
    lean = paired_ci(measure(firm, SEEDS, STEPS, mean_lean),
                     measure(alike, SEEDS, STEPS, mean_lean))
    assert lean.low > 0, f"official lean difference {lean}"


def test_prior_conflict_lowers_trust_and_slows_convergence() -> None:
    calm, conflict = arms("trust.prior_conflict", 0.0, 0.6)
    trust = paired_ci(measure(conflict, SEEDS, STEPS, run_mean("trust_between_groups")),
                      measure(calm, SEEDS, STEPS, run_mean("trust_between_groups")))
    assert trust.high < 0, f"trust difference {trust}"
    spread = paired_ci(measure(conflict, SEEDS, STEPS, run_mean("position_spread")),
                       measure(calm, SEEDS, STEPS, run_mean("position_spread")))
    assert spread.low > 0, f"position spread difference {spread}"


def test_narrower_confidence_bound_keeps_views_further_apart() -> None:
    wide, narrow = arms("influence.confidence_bound", 0.5, 0.1)
    spread = paired_ci(measure(narrow, SEEDS, 52, run_mean("position_spread")),
                       measure(wide, SEEDS, 52, run_mean("position_spread")))
    assert spread.low > 0, f"position spread difference {spread}"


def test_pattern_tests_use_enough_seeds() -> None:
    assert len(np.asarray(SEEDS)) >= 30


def test_horizontal_talk_without_vertical_direction_implements_little() -> None:
    horizontal = load_scenario(SCENARIOS / "archetype_horizontal_without_vertical.toml")
    backed = load_scenario(SCENARIOS / "archetype_backed_house.toml")
    implemented = paired_ci(measure(horizontal, SEEDS, STEPS, final("decisions_implemented")),
                            measure(backed, SEEDS, STEPS, final("decisions_implemented")))
    assert implemented.high < 0, f"implemented difference {implemented}"
    per_result = paired_ci(measure(horizontal, SEEDS, STEPS, meetings_per_implementation),
                           measure(backed, SEEDS, STEPS, meetings_per_implementation))
    assert per_result.low > 0, f"meetings per implemented decision {per_result}"


def meetings_per_implementation(r: RunResult) -> float:
    """Meetings held per decision carried out (one more in the denominator: none is defined)."""
    return len(r.series) / (1.0 + r.series["decisions_implemented"].iloc[-1])
