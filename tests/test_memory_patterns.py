"""Feedback with memory, checked over paired seeds: what happened early leaves lasting traces.

Each test runs both arms on the same seeds and asks whether the 95% interval of the mean paired
difference lies on the side the literature predicts (docs/model.md, section 6). Nothing is pinned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from stats import effect, mean_ci, mean_of, runs

from simulation.house.runner import RunResult
from simulation.house.scenario import load_scenario, with_overrides

pytestmark = pytest.mark.slow
SEEDS = range(30)
WIN_SEEDS = range(40)   # the trace a year later is small next to the noise of divergent paths
BASELINE = load_scenario(Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml")
# A house whose decisions mostly stall between execution and administration ...
WEAK_LINE = with_overrides(BASELINE, {"vertical.execution_administration.pass_probability": 0.3})
# ... and the same house whose first half year's decisions are all carried out (a mayor and a
# steering group clear them, then step back; no hierarchy in the room).
EARLY_BACKING = with_overrides(WEAK_LINE, {
    "interventions.mayor.enabled": True, "interventions.mayor.end": 27,
    "interventions.mayor.backing": 1.0, "interventions.mayor.escalation": 1.0,
    "interventions.mayor.hierarchy": 0.0,
    "interventions.steering_group.enabled": True, "interventions.steering_group.end": 27,
    "interventions.steering_group.alignment": 1.0})


def at_step(column: str, step: int) -> Callable[[RunResult], float]:
    return lambda r: float(r.series[column].loc[step])


def first_decision_week(r: RunResult) -> float:
    """Week of the house's first decision (one past the run when it never decides)."""
    made = r.series["decisions_made"]
    return float(made.index[made > 0][0]) if (made > 0).any() else float(len(made) + 1)


def test_early_small_wins_raise_trust_a_year_later() -> None:
    """Ansell & Gash 2008: small wins feed trust and commitment; the stocks keep the trace."""
    trust = effect(EARLY_BACKING, WEAK_LINE, 78, at_step("trust_residents_institutions", 78),
                   WIN_SEEDS)
    commitment = effect(EARLY_BACKING, WEAK_LINE, 78, at_step("resident_commitment", 78),
                        WIN_SEEDS)
    print(f"early wins at week 78: trust {trust}, commitment {commitment}")
    assert trust.low > 0
    assert commitment.low > 0


def test_prior_conflict_slows_the_way_to_decisions() -> None:
    """Ansell & Gash 2008: a prehistory of conflict means low trust, less willingness to grant
    and a slow start."""
    calm = BASELINE
    conflict = with_overrides(BASELINE, {"trust.prior_conflict": 0.6})
    first = effect(conflict, calm, 104, first_decision_week, SEEDS)
    made = effect(conflict, calm, 104, at_step("decisions_made", 52), SEEDS)
    trust = effect(conflict, calm, 104, at_step("trust_between_groups", 104), SEEDS)
    print(f"prior conflict: first decision {first} weeks, decisions in year one {made}, "
          f"trust between groups at the end {trust}")
    assert first.low > 0
    assert made.high < 0
    assert trust.high < 0


@pytest.mark.parametrize("series", ["trust_residents_institutions",
                                    "trust_residents_institutions_attended"])
def test_more_power_asymmetry_does_not_raise_residents_trust(series: str) -> None:
    """Ansell & Gash 2008: power imbalances breed distrust; residents who are heard less, and
    whose decisions lean to the officials, have no reason to trust the institutions more."""
    equal = with_overrides(BASELINE, {"power.asymmetry": 0.2})
    unequal = with_overrides(BASELINE, {"power.asymmetry": 0.8})
    trust = effect(unequal, equal, 104, mean_of(series), SEEDS)
    print(f"asymmetry 0.8 - 0.2: {series} {trust}")
    assert not trust.low > 0


def test_dropout_is_not_dominated_by_first_meetings() -> None:
    """Dropout comes mostly from repeated disappointment, not from the first visit."""
    results = runs(BASELINE, 104, SEEDS)
    excess = mean_ci([r.series["resident_dropout_first_visit"].iloc[-1]
                      - 0.5 * r.series["resident_dropout"].iloc[-1] for r in results])
    total = mean_ci([r.series["resident_dropout"].iloc[-1] for r in results])
    print(f"first-visit dropouts minus half of all dropouts {excess}; all dropouts {total}")
    assert total.low > 0
    assert excess.high < 0

