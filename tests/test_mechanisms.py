"""Each mechanism alone, with analytic oracles where the maths has a closed form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.house.mechanisms import (
    attendance,
    clearance,
    decision,
    feedback,
    influence,
    speaking,
)
from simulation.house.outcomes import gini
from simulation.house.pipeline import Pipeline, add, advance, decisions
from simulation.house.scenario import Scenario, Vertical, VerticalLevel
from simulation.house.settings import settings as house_settings

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def random_stochastic(rng: np.random.Generator, n: int, sparsity: float = 0.0) -> np.ndarray:
    """A random row-stochastic matrix with a positive diagonal (aperiodic)."""
    w = rng.random((n, n)) * (rng.random((n, n)) >= sparsity)
    np.fill_diagonal(w, rng.random(n) + 0.1)
    return w / w.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------- influence


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n=st.integers(2, 12))
def test_friedkin_johnsen_converges_to_closed_form(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    w = random_stochastic(rng, n)
    lam = rng.uniform(0.0, 0.9, n)
    x0 = rng.random(n)
    x = influence.friedkin_johnsen(x0, x0, lam, w, rounds=600)
    lam_m = np.diag(lam)
    expected = np.linalg.solve(np.eye(n) - lam_m @ w, (np.eye(n) - lam_m) @ x0)
    np.testing.assert_allclose(x, expected, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n=st.integers(2, 10))
def test_full_susceptibility_is_degroot_consensus_at_left_eigenvector(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    w = random_stochastic(rng, n)
    x0 = rng.random(n)
    x = influence.friedkin_johnsen(x0, x0, np.ones(n), w, rounds=3000)
    values, vectors = np.linalg.eig(w.T)
    pi = np.real(vectors[:, np.argmin(np.abs(values - 1.0))])
    pi = pi / pi.sum()
    np.testing.assert_allclose(x, np.full(n, pi @ x0), atol=1e-8)


def test_zero_susceptibility_keeps_everyone_at_their_anchor() -> None:
    rng = np.random.default_rng(1)
    x0 = rng.random(6)
    x = influence.friedkin_johnsen(rng.random(6), x0, np.zeros(6), random_stochastic(rng, 6), 5)
    np.testing.assert_allclose(x, x0)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=st.integers(1, 15), self_weight=st.floats(0.0, 5.0))
def test_influence_weights_are_row_stochastic_and_respect_the_bound(
        seed: int, n: int, self_weight: float) -> None:
    rng = np.random.default_rng(seed)
    x = rng.random(n)
    mask = influence.confidence_mask(x, rng.uniform(0, 0.5, n), rng.random((n, n)) * 0.5)
    w = influence.influence_weights(rng.random((n, n)), mask, self_weight)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert (w[~mask] == 0).all()
    assert (w >= 0).all()


def test_confidence_mask_hears_within_bound_and_narrowing_shrinks_it() -> None:
    x = np.array([0.0, 0.2, 0.5])
    bound = np.full(3, 0.25)
    open_mask = influence.confidence_mask(x, bound, np.zeros((3, 3)))
    assert open_mask[0, 1] and open_mask[1, 0] and not open_mask[0, 2]
    narrowed = influence.confidence_mask(x, bound, np.full((3, 3), 0.5))
    assert not narrowed[0, 1]
    assert narrowed.diagonal().all()


def test_logic_distance_is_total_variation() -> None:
    a = np.array([[1.0, 0, 0], [0.5, 0.5, 0]])
    d = influence.logic_distance(a, a)
    np.testing.assert_allclose(d, [[0.0, 0.5], [0.5, 0.0]])


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n=st.integers(2, 200), mu=st.floats(0.0, 0.5), bound=st.floats(0.0, 1.0))
def test_pairwise_bounded_confidence_conserves_the_mean(
        seed: int, n: int, mu: float, bound: float) -> None:
    rng = np.random.default_rng(seed)
    x = rng.random((n, 3))
    left, right = influence.random_pairs(np.arange(n), 0.8, rng)
    after = x.copy()
    influence.deffuant_exchange(after, np.full(n, bound), mu, left, right)
    np.testing.assert_allclose(after.mean(axis=0), x.mean(axis=0), atol=1e-12)
    assert np.intersect1d(left, right).size == 0


def run_deffuant(d: float, seed: int, n: int = 400, steps: int = 1500) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1))
    bound = np.full(n, d)
    for _ in range(steps):
        left, right = influence.random_pairs(np.arange(n), 1.0, rng)
        influence.deffuant_exchange(x, bound, 0.5, left, right)
    return x[:, 0]


def clusters(x: np.ndarray, tol: float = 1e-3) -> np.ndarray:
    """Centres of groups of (almost) equal opinions."""
    v = np.sort(x)
    breaks = np.flatnonzero(np.diff(v) > tol) + 1
    return np.array([g.mean() for g in np.split(v, breaks)])


@pytest.mark.parametrize("d", [0.1, 0.2])
def test_pairwise_bounded_confidence_leaves_clusters_at_least_the_bound_apart(d: float) -> None:
    centres = clusters(run_deffuant(d, seed=7))
    assert centres.size >= 2
    assert np.diff(centres).min() >= d


def test_narrower_bound_gives_more_clusters_about_one_over_two_d() -> None:
    counts = {}
    for d in (0.08, 0.15, 0.3):
        major = [(np.unique(np.round(run_deffuant(d, seed), 2), return_counts=True)[1] >= 8).sum()
                 for seed in range(4)]
        counts[d] = float(np.mean(major))
    assert counts[0.08] > counts[0.15] > counts[0.3]
    for d, count in counts.items():
        assert 0.5 / (2 * d) <= count <= 2.0 / (2 * d)


# --------------------------------------------------------------------------- speaking


def test_voice_grows_with_power_and_fit_and_shrinks_with_a_felt_gap() -> None:
    base = speaking.voice(np.array([0.2, 0.8]), np.ones(2), np.zeros(2), 1.0, 1.0, 0.5)
    assert base[1] > base[0]
    fit = speaking.voice(np.full(2, 0.5), np.array([0.3, 0.9]), np.zeros(2), 1.0, 1.0, 0.5)
    assert fit[1] > fit[0]
    gap = speaking.voice(np.full(2, 0.5), np.ones(2), np.array([0.6, 0.0]), 1.0, 1.0, 0.5)
    assert gap[1] > gap[0]
    flat = speaking.voice(np.array([0.2, 0.8]), np.ones(2), np.zeros(2), 0.0, 1.0, 0.5)
    assert flat[0] == flat[1]


def test_equalise_moves_shares_to_equal_turns() -> None:
    shares = np.array([0.7, 0.2, 0.1])
    np.testing.assert_allclose(speaking.equalise(shares, 1.0), np.full(3, 1 / 3))
    np.testing.assert_allclose(speaking.equalise(shares, 0.0), shares)
    half = speaking.equalise(shares, 0.5)
    assert gini(half) < gini(shares)
    assert half.sum() == pytest.approx(1.0)


def test_turns_are_all_allocated_in_proportion_to_shares() -> None:
    rng = np.random.default_rng(3)
    shares = np.array([0.6, 0.3, 0.1])
    turns = np.array([speaking.allocate_turns(shares, 40, rng) for _ in range(2000)])
    assert (turns.sum(axis=1) == 40).all()
    np.testing.assert_allclose(turns.mean(axis=0) / 40, shares, atol=0.01)


def test_felt_gap_is_the_others_felt_power_above_ones_own() -> None:
    perceived = np.array([[0.2, 0.9], [0.2, 0.9], [0.1, 0.8]])
    roles = np.array([0, 0, 1])
    gap = speaking.felt_gap(perceived, roles, np.array([0.2, 0.2, 0.8]))
    np.testing.assert_allclose(gap, [(0.2 + 0.9) / 2 - 0.2, (0.2 + 0.9) / 2 - 0.2, 0.0])


def test_format_fit_is_one_for_a_matching_logic() -> None:
    fmt = np.array([0.5, 0.5, 0.0])
    fit = speaking.format_fit(np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]]), fmt)
    np.testing.assert_allclose(fit, [1.0, 0.0])


# --------------------------------------------------------------------------- attendance


def test_attendance_respects_capacity_and_favours_the_engaged() -> None:
    rng = np.random.default_rng(5)
    candidates = np.arange(1000)
    p = np.where(candidates < 500, 0.9, 0.1)
    chosen = attendance.draw_attendance(candidates, p, 50, rng)
    assert chosen.size == 50 and np.unique(chosen).size == 50
    assert (chosen < 500).mean() > 0.8


def test_self_selection_tilts_towards_usual_suspects() -> None:
    e = np.full(2, 0.5)
    suspect = attendance.usual_suspect_score(np.array([0.9, 0.1]), np.array([[0.95], [0.5]]))
    tilted = attendance.attendance_probability(e, 0.8, suspect, 2.0)
    neutral = attendance.attendance_probability(e, 0.8, suspect, 0.0)
    assert tilted[0] > tilted[1]
    assert neutral[0] == neutral[1]


# --------------------------------------------------------------------------- decisions


def adopted(rule: str, candidates: list[float], x: list[float], tolerance: float = 0.15,
            threshold: float = 0.5, formal: list[float] | None = None) -> int:
    """The candidate a rule adopts among single-topic values (-1: none)."""
    distance = np.abs(np.array(candidates)[:, None] - np.array(x)[None, :])
    return decision.choose(decision.RULES.index(rule), distance, np.full(len(x), tolerance), 2.0,
                           np.array(formal or [0.0] * len(x)), threshold)


@pytest.mark.parametrize(("rule", "x", "decided"), [
    ("consensus", [0.5, 0.52, 0.48], True),
    ("consensus", [0.5, 0.52, 0.9], False),
    ("consent", [0.5, 0.52, 0.7], True),
    ("consent", [0.4, 0.42, 1.0], False),
    ("majority", [0.52, 0.55, 0.9], True),
    ("majority", [0.1, 0.5, 0.9], False),
])
def test_decision_rules_on_a_single_draft(rule: str, x: list[float], decided: bool) -> None:
    assert (adopted(rule, [float(np.mean(x))], x) == 0) is decided


def test_hierarchical_rule_takes_the_candidate_nearest_the_chair() -> None:
    assert adopted("hierarchical", [0.2, 0.85, 0.5], [0.2, 0.9, 0.4],
                   formal=[0.1, 0.9, 0.5]) == 1


def test_rules_prefer_the_most_supported_then_the_nearest_then_the_draft() -> None:
    x = [0.1, 0.4, 0.45, 0.5]
    assert adopted("majority", [0.1, 0.45], x) == 1          # 3 of 4 against 1 of 4
    assert adopted("consent", [0.45, 0.3], x, tolerance=0.2) == 1   # all four support 0.3
    assert adopted("consent", [0.45, 0.45], x, tolerance=0.2) == 0  # a tie keeps the draft
    assert adopted("consensus", [0.32, 0.3], [0.2, 0.3, 0.4], tolerance=0.125) == 1  # nearer


@pytest.mark.parametrize(("threshold", "adopts"), [(0.5, True), (0.8, True), (0.85, False),
                                                   (1.0, False)])
def test_threshold_makes_majority_supermajority_and_unanimity_one_family(
        threshold: float, adopts: bool) -> None:
    x = [0.5, 0.5, 0.5, 0.55, 0.9]   # 4 of 5 support 0.5
    assert (adopted("majority", [0.5], x, 0.1, threshold) == 0) is adopts
    assert adopted("majority", [0.5], [0.5, 0.9], 0.1, 0.5) == -1   # half is not a majority
    assert adopted("majority", [0.5], [0.5, 0.55], 0.1, 1.0) == 0    # unanimity, as consensus


def test_proposal_follows_who_speaks() -> None:
    assert decision.proposal(np.array([0.0, 1.0]), np.array([0.9, 0.1])) == pytest.approx(0.1)


# --------------------------------------------------------------------------- clearance


def test_closed_form_multiplies_down_with_every_point() -> None:
    one = clearance.implementation_probability([(1, 0.8, 1)])
    two = clearance.implementation_probability([(2, 0.8, 1)])
    assert two == pytest.approx(one**2)
    assert clearance.implementation_probability([(1, 0.8, 2)]) == pytest.approx(1 - 0.2**2)


def test_pipeline_implements_at_the_closed_form_rate() -> None:
    levels = {"residents_execution": VerticalLevel(points=1, pass_probability=0.9, attempts=2,
                                                   delay=1),
              "execution_administration": VerticalLevel(points=2, pass_probability=0.7,
                                                        attempts=1, delay=2),
              "national_local": VerticalLevel(points=1, pass_probability=0.6, attempts=1,
                                              delay=0, applies_to=1.0)}
    c = house_settings(Scenario(vertical=Vertical(**levels, sharing_dependence=0.0)))
    rng = np.random.default_rng(11)
    n = 4000
    log = decisions(n, c)
    pipeline = Pipeline(log)
    for i in range(n):
        add(log, 0, 0.5, 0, np.zeros(3), 1, 0, 0.5, 0.5, c, rng)
        assert i == pipeline.count() - 1
    for step in range(200):
        advance(log, step, np.zeros(3), 0.0, 1.0, 1.0, c, rng)
    rate = pipeline.count("implemented") / n
    expected = clearance.implementation_probability(
        [(lvl.points, lvl.pass_probability, lvl.attempts) for lvl in levels.values()])
    assert abs(rate - expected) < 4 * np.sqrt(expected * (1 - expected) / n)
    assert pipeline.count("implemented") + pipeline.count("blocked") == n


def test_pass_boost_and_sharing_move_the_pass_chance() -> None:
    base = np.array([0.5, 0.5, 0.5])
    plain = clearance.effective_pass(base, np.zeros(3), 1.0, np.zeros(3))
    boosted = clearance.effective_pass(base, np.array([0.0, 0.5, 0.0]), 1.0, np.zeros(3))
    hoarded = clearance.effective_pass(base, np.zeros(3), 0.0, np.array([0.0, 1.0, 0.0]))
    np.testing.assert_allclose(plain, base)
    assert boosted[1] == pytest.approx(0.75) and boosted[0] == 0.5
    assert hoarded[1] == 0.0 and hoarded[0] == 0.5


# --------------------------------------------------------------------------- feedback


def test_heard_is_one_under_equal_attention_and_lower_when_ignored() -> None:
    n = 4
    np.testing.assert_allclose(feedback.heard(np.full((n, n), 1 / n)), 1.0)
    w = np.full((n, n), 1 / n)
    w[:, 0] = 0.0
    w[np.arange(n), np.arange(n)] += 0.25
    w[0, 0] = 1.0 - w[0, 1:].sum()
    h = feedback.heard(w)
    assert h[0] == 0.0 and (h[1:] > 0).all()


def test_listened_by_group_reports_only_groups_present() -> None:
    w = np.full((3, 3), 1 / 3)
    mean, has = feedback.listened_by_group(w, np.array([0, 0, 1]), 3)
    assert has[0, 0] and has[0, 1] and not has[2, 1] and not has[0, 2]
    np.testing.assert_allclose(mean[has], 1.0)


@settings(max_examples=50, deadline=None)
@given(v=st.floats(0, 1), t=st.floats(-1, 2), r=st.floats(0, 1))
def test_relax_stays_within_unit_interval(v: float, t: float, r: float) -> None:
    out = feedback.relax(np.array([v]), np.array([t]), r)
    assert 0.0 <= out[0] <= 1.0


def test_outcome_values_a_decision_near_ones_interest() -> None:
    si = np.array([1.0, 1.0])
    near_far = feedback.outcome_value(np.array([0.5, 0.9]), True, 0.5, si)
    assert near_far[0] > near_far[1]
    undecided = feedback.outcome_value(np.array([0.5]), False, float("nan"), np.array([0.0]))
    decided = feedback.outcome_value(np.array([0.5]), True, 0.9, np.array([0.0]))
    assert decided[0] > undecided[0]


def test_efficacy_needs_both_satisfaction_and_voice() -> None:
    e = feedback.efficacy(np.array([0.9, 0.9, 0.1]), np.array([0.9, 0.1, 0.9]))
    assert e[0] > e[1] and e[1] == pytest.approx(e[2])


def test_gini() -> None:
    assert gini(np.ones(5)) == 0.0
    assert gini(np.array([0, 0, 0, 4])) == pytest.approx(0.75)
    assert gini(np.zeros(3)) == 0.0


def test_a_decision_far_from_the_clearing_partys_line_passes_less_often() -> None:
    near, far = (clearance.against_line(0.8, d, 1.0) for d in (0.0, 0.6))
    assert near == 0.8 and far == pytest.approx(0.32)
    assert clearance.against_line(0.8, 0.5, 0.0) == 0.8

