"""Every claim a lecturer reads in docs/classroom.md ("wat je waarschijnlijk ziet"), checked.

Each exercise's scenarios run on the same 30 seeds (common random numbers). A directional claim
("higher", "lower") is a paired 95% interval on the claimed side of zero; a claim in words ("about
a quarter", "a handful") is the interval of the mean lying inside the range those words cover.
Runs last two years and are read at the week the exercise plays to. The role play's claims are
checked on the same seeds with a student in one seat, as a room plays it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from stats import Interval, mean_ci, paired_ci, runs

from simulation.app.roleplay import SeatChoice, to_choices
from simulation.house.model import HouseModel
from simulation.house.record import PANEL_SIZE
from simulation.house.roles import ROLES
from simulation.house.runner import RunResult
from simulation.house.scenario import Scenario, load_scenario, with_overrides

pytestmark = pytest.mark.slow

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SEEDS = range(30)
STEPS = 104


def house(name: str, **overrides: object) -> Scenario:
    scenario = load_scenario(SCENARIOS / f"{name}.toml")
    return with_overrides(scenario, overrides) if overrides else scenario


Read = Callable[[RunResult], float]


def mean_until(column: str, week: int) -> Read:
    """The chart's line averaged over the weeks played (what a student reads off the chart)."""
    return lambda r: float(r.series[column].iloc[:week].mean())


def at(column: str, week: int) -> Read:
    return lambda r: float(r.series[column].iloc[week - 1])


def gap_until(week: int) -> Read:
    """Residents' share of those present minus their share of the speaking time."""
    return lambda r: (mean_until("resident_presence_share", week)(r)
                      - mean_until("resident_voice_share", week)(r))


def implemented_share(r: RunResult) -> float:
    made = r.series["decisions_made"].iloc[-1]
    return float(r.series["decisions_implemented"].iloc[-1] / made) if made else 0.0


def values(scenario: Scenario, read: Read) -> list[float]:
    return [read(r) for r in runs(scenario, STEPS, SEEDS)]


def level(scenario: Scenario, read: Read) -> Interval:
    return mean_ci(values(scenario, read))


def paired(treated: Scenario, control: Scenario, read: Read) -> Interval:
    return paired_ci(values(treated, read), values(control, read))


def inside(interval: Interval, low: float, high: float) -> bool:
    return low <= interval.low and interval.high <= high


# ------------------------------------------------------------------- exercise 1 (week 50)


def test_exercise_1_residents_speak_less_than_their_share_more_so_in_the_unequal_house() -> None:
    base, unequal = house("baseline"), house("archetype_unequal_house")
    voice, presence = mean_until("resident_voice_share", 50), mean_until(
        "resident_presence_share", 50)
    print("baseline voice", level(base, voice), "presence", level(base, presence))
    print("unequal voice", level(unequal, voice), "presence", level(unequal, presence))
    assert level(base, gap_until(50)).low > 0               # less than their share in the room
    assert inside(level(base, voice), 0.40, 0.60)           # "ongeveer de helft"
    assert inside(level(base, presence), 0.58, 0.72)        # "bijna twee derde"
    assert inside(level(unequal, voice), 0.18, 0.33)        # "ruwweg een kwart"
    assert inside(level(unequal, presence), 0.50, 0.70)     # "ruim de helft"
    assert paired(unequal, base, mean_until("speaking_gini", 50)).low > 0
    dropout = paired(unequal, base, at("resident_dropout", 50))
    print("unequal - baseline dropout at week 50", dropout)
    assert dropout.low > 0


# ------------------------------------------------------------------- exercise 2 (week 52)


def test_exercise_2_a_neutral_director_evens_out_speaking_and_builds_trust() -> None:
    base, director = house("baseline"), house("process_director")
    assert paired(director, base, gap_until(52)).high < 0
    assert paired(director, base, mean_until("speaking_gini", 52)).high < 0
    assert paired(director, base, at("trust_between_groups", 52)).low > 0
    for column in ("decisions_made", "decisions_implemented"):   # "ongeveer evenveel"
        difference = paired(director, base, at(column, 52))
        reference = level(base, at(column, 52)).mean
        print(column, "director - baseline", difference, "of", reference)
        assert abs(difference.mean) < 0.2 * reference


def test_exercise_2_a_director_with_an_agenda_decides_more_but_residents_speak_and_come_less(
) -> None:
    neutral, biased = house("process_director"), house("biased_director")
    assert paired(biased, neutral, at("decisions_made", 52)).low > 0
    assert paired(biased, neutral, mean_until("resident_voice_share", 52)).high < 0
    assert paired(biased, neutral, mean_until("resident_attendance", 52)).high < 0


# ------------------------------------------------------------------- exercise 3 (week 104)


def test_exercise_3_horizontal_agreement_without_vertical_lines_carries_out_a_handful() -> None:
    base, horizontal = house("baseline"), house("archetype_horizontal_without_vertical")
    made = [h / b for h, b in zip(values(horizontal, at("decisions_made", STEPS)),
                                  values(base, at("decisions_made", STEPS)), strict=True)]
    print("decisions made, horizontal / baseline", mean_ci(made))
    assert inside(mean_ci(made), 0.3, 0.7)                           # "ongeveer half zoveel"
    assert level(horizontal, at("decisions_implemented", STEPS)).high < 6   # "een handvol"
    assert inside(level(base, implemented_share), 0.55, 0.8)         # "twee op de drie"
    trust = paired(horizontal, base, at("trust_residents_institutions", STEPS))
    print("horizontal - baseline residents' trust in institutions", trust)
    assert trust.high < -0.1                                         # "ver onder"


def test_exercise_3_vertical_backing_carries_out_most_but_residents_speak_less() -> None:
    base, backing = house("baseline"), house("vertical_backing")
    assert level(backing, implemented_share).low > 0.75              # "de meeste"
    assert paired(backing, base, at("trust_residents_institutions", STEPS)).low > 0
    assert paired(backing, base, mean_until("resident_voice_share", STEPS)).high < 0


def test_exercise_3_under_strict_consensus_the_house_hardly_decides() -> None:
    consensus = house("archetype_horizontal_without_vertical",
                      **{"house.decision_rule": "consensus"})
    decided = level(consensus, at("decisions_made", STEPS))
    print("decisions under consensus", decided)
    assert decided.high < 5                                          # "nog maar een enkel"


# ------------------------------------------------------------------- the role play


def student_weeks(scenario: Scenario, seed: int, choice: SeatChoice) -> tuple[bool, list[bool],
                                                                              list[bool]]:
    """A student in the first resident seat makes `choice` every week of a role-play room (its
    weeks are `HouseModel.play` of `to_choices`): still active at the end, and per week whether
    present and whether one of the citizen panel."""
    model = HouseModel(scenario, seed=seed)
    seat = int(np.flatnonzero(model.state.role == ROLES.index("resident"))[0])
    present, member = [], []
    for _ in range(STEPS):
        model.play(to_choices({seat: choice}, model.state.size))
        present.append(seat in model.last_meeting.present.tolist())
        panel = model.house.panel[:model.house.counts[PANEL_SIZE]]
        member.append(seat in panel.tolist())
    return bool(model.state.active[seat]), present, member


def test_role_play_a_student_who_chooses_to_come_does_not_drop_out_an_agent_can() -> None:
    """"Een plaats waarvoor de student kiest of hij komt, haakt niet af ... Laat een student die
    keuze aan het model, dan kan de bewoner afhaken zoals elke bewoner.\""""
    base = house("baseline")
    for seed in SEEDS:
        active, present, _ = student_weeks(base, seed, SeatChoice(attend=True))
        assert active and all(present), seed
    assert level(base, at("resident_dropout", STEPS)).low > 0


def test_role_play_under_a_citizen_panel_only_those_drawn_come() -> None:
    """"Onder een burgerpanel kan alleen wie is uitgeloot komen.\""""
    panel = house("citizen_panel")
    away = 0
    for seed in SEEDS:
        _, present, member = student_weeks(panel, seed, SeatChoice(attend=True))
        assert all(m for p, m in zip(present, member, strict=True) if p), seed
        away += not all(present)
    assert away > 0            # some students who wanted to come were not drawn
