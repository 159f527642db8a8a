"""Literature patterns the interventions must reproduce in expectation (directional).

Every comparison runs the same seeds in both arms and asks whether the 95% confidence interval of
the mean paired difference lies on the expected side of zero. Nothing here pins an outcome to a
value: the effects emerge from the mechanisms (see docs/interventions.md for the sources).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import stats
from stats import Interval, mean_ci, mean_of, runs

from simulation.house.runner import RunResult
from simulation.house.scenario import Scenario, load_scenario, with_overrides

pytestmark = pytest.mark.slow

BASELINE = load_scenario(Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml")
SEEDS = range(30)


def variant(base: Scenario = BASELINE, **overrides: object) -> Scenario:
    """The house with dotted overrides ("interventions.mayor.enabled": True as mayor__enabled)."""
    return with_overrides(base, {k.replace("__", "."): v for k, v in overrides.items()})


def switched_on(name: str, base: Scenario = BASELINE, **settings: object) -> Scenario:
    table = {f"interventions.{name}.{k}": v for k, v in {"enabled": True, **settings}.items()}
    return with_overrides(base, table)


def effect(treated: Scenario, control: Scenario, steps: int,
           read: Callable[[RunResult], float]) -> Interval:
    return stats.effect(treated, control, steps, read, SEEDS)


def at_step(column: str, step: int) -> Callable[[RunResult], float]:
    return lambda r: float(r.series[column].loc[step])


def implemented_share(r: RunResult) -> float:
    made = r.series["decisions_made"].iloc[-1]
    return float(r.series["decisions_implemented"].iloc[-1] / made) if made else 0.0


def mean_decision(r: RunResult) -> float:
    return float(r.decisions["value"].mean())


def test_process_director_equalises_speaking() -> None:
    director = switched_on("process_director")
    voice = effect(director, BASELINE, 52, mean_of("resident_voice_share"))
    gini = effect(director, BASELINE, 52, mean_of("speaking_gini"))
    print(f"director: resident_voice_share {voice}, speaking_gini {gini}")
    assert voice.low > 0
    assert gini.high < 0


def test_biased_director_pulls_decisions_towards_its_position() -> None:
    """Spada & Vreeland 2013: a non-neutral moderator moves the outcome toward their view."""
    neutral = switched_on("process_director", position=0.9)
    mild = switched_on("process_director", position=0.9, bias=0.2)
    strong = switched_on("process_director", position=0.9, bias=0.5)
    shift = effect(mild, neutral, 52, mean_decision)
    more = effect(strong, mild, 52, mean_decision)
    print(f"biased director: shift of decisions {shift}, extra shift with more bias {more}")
    assert shift.low > 0
    assert more.low > 0


def test_role_reversal_raises_trust_between_groups_and_the_gain_outlasts_its_sessions() -> None:
    """Perspective fades by its half-life once the sessions stop (tests/test_interventions.py),
    but the trust it helped build is a stock with memory (3.4.9) and the interests it brought
    closer stay closer (3.4.8): a year after the last session the gain is still there, and it
    does not keep growing without repetition."""
    sessions = switched_on("role_reversal", end=52)
    at_end, year_later = at_step("trust_between_groups", 52), at_step("trust_between_groups", 104)
    during = effect(sessions, BASELINE, 104, at_end)
    later = effect(sessions, BASELINE, 104, year_later)
    lost = mean_ci([(at_end(a) - at_end(b)) - (year_later(a) - year_later(b))
                    for a, b in zip(runs(sessions, 104, SEEDS), runs(BASELINE, 104, SEEDS),
                                    strict=True)])
    print(f"role reversal: trust_between_groups at its end {during}, a year later {later}, "
          f"lost in that year {lost}")
    assert during.low > 0
    assert later.low > 0
    assert lost.high > 0   # not larger a year later than when the sessions stopped


def test_citizen_panel_brings_present_residents_closer_to_all_residents() -> None:
    """Fung 2006: self-selection over-represents the 'usual suspects'; a lot does not."""
    usual_suspects = variant(population__self_selection=3.0)
    gap = effect(switched_on("citizen_panel", base=usual_suspects), usual_suspects, 104,
                 mean_of("panel_position_gap"))
    print(f"citizen panel: panel_position_gap {gap}")
    assert gap.high < 0


@pytest.mark.parametrize("name", ["steering_group", "mayor"])
def test_vertical_backing_raises_the_share_implemented(name: str) -> None:
    share = effect(switched_on(name), BASELINE, 104, implemented_share)
    print(f"{name}: decisions_implemented / decisions_made {share}")
    assert share.low > 0


def test_each_extra_clearance_point_lowers_implementation() -> None:
    """Pressman & Wildavsky 1973: clearance points in series multiply the chance down."""
    key = "vertical__execution_administration__points"
    one, two, three = (variant(**{key: k}) for k in (1, 2, 3))
    second = effect(two, one, 104, implemented_share)
    third = effect(three, two, 104, implemented_share)
    print(f"clearance points: 1 -> 2 {second}, 2 -> 3 {third}")
    assert second.high < 0
    assert third.high < 0


def test_horizontal_agreements_raise_professional_official_trust() -> None:
    trust = effect(switched_on("horizontal_agreements"), BASELINE, 104,
                   mean_of("trust_professional_official"))
    print(f"horizontal agreements: trust_professional_official {trust}")
    assert trust.low > 0
