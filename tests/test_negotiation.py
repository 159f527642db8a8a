"""Negotiation: the candidates on the table, the rule that chooses among them, the quorum and
interests that move. Unit tests are analytic small cases; house-level claims run paired seeds and
read confidence intervals (marked slow), never a pinned value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from stats import effect, final, mean_ci, runs

from simulation.house.mechanisms import decision, interests, proposals
from simulation.house.model import HouseModel
from simulation.house.runner import RunResult
from simulation.house.scenario import Scenario, load_scenario, with_overrides
from simulation.house.state import RESIDENT

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
BASELINE = load_scenario(SCENARIOS / "baseline.toml")
SEEDS = range(30)
OVERLAP = {"influence.position_sd": 0.03, "influence.positions.resident": 0.45,
           "influence.positions.professional": 0.5, "influence.positions.official": 0.55}
APART = {"influence.positions.resident": 0.15, "influence.positions.professional": 0.5,
         "influence.positions.official": 0.85}
UNANIMITY = {"house.decision_rule": "majority", "decision.threshold": 1.0}
CONSENSUS = {"house.decision_rule": "consensus"}


def house(*tables: dict[str, object], base: Scenario = BASELINE) -> Scenario:
    merged: dict[str, object] = {}
    for table in tables:
        merged |= table
    return with_overrides(base, merged)


def per_year(r: RunResult) -> float:
    return float(r.series["decisions_made"].iloc[-1] / (len(r.series) / 52))


# --------------------------------------------------------------------------- candidates


def test_an_amendment_moves_towards_the_others_only_as_far_as_ones_tolerance() -> None:
    x = np.array([0.2, 0.8, 0.5])
    offers = proposals.amendments(x, np.full(3, 1 / 3), np.full(3, 0.1), np.ones(3, dtype=bool))
    np.testing.assert_allclose(offers, [0.3, 0.7, 0.5])   # the others' view is 0.65, 0.35, 0.5
    assert proposals.amendments(x, np.full(3, 1 / 3), np.full(3, 0.1),
                                np.array([False, True, False])).tolist() == [pytest.approx(0.7)]


def test_the_widest_support_value_lies_where_most_ranges_overlap() -> None:
    x, tol = np.array([0.2, 0.3, 0.8]), np.full(3, 0.1)
    assert proposals.widest_support(x, tol, centre=0.5) == pytest.approx(0.3)
    assert proposals.widest_support(x, tol, centre=0.0) == pytest.approx(0.2)
    # a chair who stays within their own range 0.7-0.9 finds no wider support than their own
    assert proposals.widest_support(x, tol, 0.5, 0.7, 0.9) == pytest.approx(0.7)


def two_sides() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A cares about topic 0 (status quo 0.5, wants 0.2), B about topic 1 (wants 0.9)."""
    x = np.array([[0.2, 0.5], [0.5, 0.9]])
    tol = np.full(2, 0.1)
    return x, tol, proposals.stakes(x, np.array([0.5, 0.5]), tol)


def test_a_package_gives_each_side_the_topic_it_cares_about() -> None:
    x, _, stake = two_sides()
    np.testing.assert_allclose(stake, [[0.4, 0.1], [0.1, 0.5]])
    assert proposals.partner_topic(stake, 0, np.array([True, True])) == 1
    assert proposals.partner_topic(stake, 0, np.array([True, False])) == -1
    offered, value, other, distance = proposals.package(x, np.full(2, 0.5), stake, 0, 1)
    assert offered
    np.testing.assert_allclose([value, other], [0.2, 0.9])
    np.testing.assert_allclose(distance, [0.4 * 0.1 / 0.5, 0.1 * 0.3 / 0.6])


def test_logrolling_reaches_consensus_where_no_single_value_does() -> None:
    x, tol, stake = two_sides()
    *_, deal = proposals.package(x, np.full(2, 0.5), stake, 0, 1)
    singles = np.abs(np.array([0.2, 0.35, 0.5])[:, None] - x[None, :, 0])
    assert decision.choose(decision.CONSENSUS, singles, tol, 2.0, np.zeros(2)) == -1
    assert decision.choose(decision.CONSENSUS, np.vstack([singles, deal]), tol, 2.0,
                           np.zeros(2)) == 3


def test_no_package_when_everyone_cares_most_about_the_same_topic() -> None:
    x = np.array([[0.2, 0.5], [0.9, 0.5]])
    stake = proposals.stakes(x, np.array([0.5, 0.5]), np.full(2, 0.1))
    assert not proposals.package(x, np.full(2, 0.5), stake, 0, 1)[0]


# --------------------------------------------------------------------------- interests


def test_understanding_grows_with_attention_across_logics_and_with_perspective() -> None:
    w = np.array([[0.5, 0.5], [0.0, 1.0]])
    d = np.array([[0.0, 0.8], [0.8, 0.0]])
    np.testing.assert_allclose(interests.understanding(w, d, np.zeros(2)), [0.4, 0.0])
    np.testing.assert_allclose(interests.understanding(w, d, np.array([1.0, 1.0])), [0.8, 0.0])


def test_anchors_move_towards_the_target_but_never_beyond_the_bound() -> None:
    origin = np.array([0.3, 0.3, 0.95])
    moved = interests.shift(origin, np.array([0.4, 0.9, 1.0]), 0.5, origin, 0.1)
    np.testing.assert_allclose(moved, [0.35, 0.4, 0.975])
    again = interests.shift(moved, np.array([0.4, 0.9, 1.0]), 1.0, origin, 0.1)
    np.testing.assert_allclose(again, [0.4, 0.4, 1.0])


def test_in_the_house_interests_stay_within_their_bound_of_where_they_started() -> None:
    scenario = house({"decision.anchor_bridging": 1.0, "decision.anchor_learning": 1.0,
                      "decision.anchor_max_shift": 0.05, "population.newcomer_rate": 0.2})
    model = HouseModel(scenario, seed=3)
    for _ in range(40):
        model.step()
        assert np.abs(model.state.anchor - model.state.origin).max() <= 0.05 + 1e-12
    assert np.abs(model.state.anchor - model.state.origin).max() > 0.01   # they did move


def test_without_bridging_or_learning_interests_do_not_move() -> None:
    model = HouseModel(house({"decision.anchor_bridging": 0.0, "decision.anchor_learning": 0.0}),
                       seed=4)
    for _ in range(30):
        model.step()
    np.testing.assert_array_equal(model.state.anchor, model.state.origin)


# --------------------------------------------------------------------------- quorum


def decisions_without_residents(scenario: Scenario, seeds: range, steps: int = 30) -> int:
    """Meetings that decided although no resident was present."""
    count = 0
    for seed in seeds:
        model = HouseModel(scenario, seed)
        for _ in range(steps):
            model.step()
            meeting = model.last_meeting
            count += meeting.decided and not (model.state.role[meeting.present] == RESIDENT).any()
    return count


@pytest.mark.parametrize("absent", [{"population.attendance_rate": 0.0},
                                    {"population.residents": 3, "population.room_capacity": 13,
                                     "engagement.first_visit_dropout": 1.0,
                                     "engagement.participation_cost": 1.0,
                                     "engagement.dropout_hazard": 10.0,
                                     "population.newcomer_rate": 0.0}],
                         ids=["residents never come", "all residents dropped out"])
def test_a_house_without_residents_present_decides_nothing_for_them(absent: dict) -> None:
    assert decisions_without_residents(house(absent), range(3)) == 0
    # the quorum is the reason: without it the same houses decide for absent residents
    assert decisions_without_residents(house(absent, {"decision.resident_quorum": 0.0}),
                                       range(3)) > 0


# --------------------------------------------------------------------------- rules in the house


@pytest.mark.slow
@pytest.mark.parametrize("rule", [CONSENSUS, UNANIMITY], ids=["consensus", "unanimity"])
def test_agreement_rules_decide_where_interests_overlap_and_fail_where_they_do_not(
        rule: dict) -> None:
    overlap, apart = house(rule, OVERLAP), house(rule, APART)
    more = effect(overlap, apart, 52, per_year, SEEDS)
    rare = mean_ci([per_year(r) for r in runs(apart, 52, SEEDS)])
    print(f"{rule}: overlap - apart decisions/yr {more}; apart {rare}")
    assert more.low > 0
    assert rare.high < 1.0   # fewer than one decision a year when interests lie far apart


@pytest.mark.slow
def test_a_supermajority_sits_between_majority_and_unanimity() -> None:
    contested = {"influence.position_sd": 0.2, "house.decision_rule": "majority"}
    simple, two_thirds, unanimity = (house(contested, {"decision.threshold": t})
                                     for t in (0.5, 2 / 3, 1.0))
    below = effect(two_thirds, simple, 52, final("decisions_made"), SEEDS)
    above = effect(two_thirds, unanimity, 52, final("decisions_made"), SEEDS)
    print(f"supermajority - majority {below}; supermajority - unanimity {above}")
    assert below.high < 0
    assert above.low > 0


@pytest.mark.slow
def test_amendments_let_consensus_decide_more_often() -> None:
    rule = house(CONSENSUS)
    draft_only = house(CONSENSUS, {"decision.amendments": False, "decision.logrolling": False})
    more = effect(rule, draft_only, 104, per_year, SEEDS)
    print(f"consensus with amendments - draft only: decisions/yr {more}")
    assert more.low > 0


@pytest.mark.slow
def test_horizontal_without_vertical_decides_and_then_stalls_at_clearance() -> None:
    horizontal = load_scenario(SCENARIOS / "archetype_horizontal_without_vertical.toml")
    made = [r.series["decisions_made"].iloc[-1] for r in runs(horizontal, 104, SEEDS)]
    done = [r.series["decisions_implemented"].iloc[-1] for r in runs(horizontal, 104, SEEDS)]
    decides = mean_ci(made)
    stalls = mean_ci(np.asarray(done) - 0.5 * np.asarray(made))
    print(f"horizontal without vertical: decisions made {decides}; implemented - made/2 {stalls}")
    assert decides.low > 0
    assert stalls.high < 0   # fewer than half of what it decides is carried out
