"""Feedback with memory: the trust stock, commitment, disappointment, dropout and the outcomes by
exposure (docs/model.md 3.4.9, 3.4.11, 3.4.12 and section 5)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from simulation.cli import app
from simulation.house.mechanisms import attendance, feedback
from simulation.house.model import HouseModel
from simulation.house.outcomes import EXPOSURES, exposure_groups, gini
from simulation.house.runner import run_house
from simulation.house.scenario import Scenario, with_overrides
from simulation.house.state import RESIDENT

unit = st.floats(0.0, 1.0)


def test_one_experience_moves_trust_by_its_share_of_the_weight() -> None:
    t, w = feedback.learn_trust(0.4, 8.0, 0.9, 2.0, 3.0)
    assert t == pytest.approx(0.4 + 2.0 * (0.9 - 0.4) / 10.0)
    assert w == pytest.approx(10.0)


def test_trust_is_destroyed_faster_than_it_is_built() -> None:
    """From t = ½ on weight w, a good (e = 1) and a bad (e = 0) experience of the same weight a:
    the gain is a/(2(w + a)), the loss ωa/(2(w + ωa)) — ω times as large for small a/w."""
    w, a, omega = 10.0, 1.0, 2.0
    up, _ = feedback.learn_trust(0.5, w, 1.0, a, omega)
    down, _ = feedback.learn_trust(0.5, w, 0.0, a, omega)
    assert up - 0.5 == pytest.approx(a / (2 * (w + a)))
    assert 0.5 - down == pytest.approx(omega * a / (2 * (w + omega * a)))
    assert 0.5 - down > 1.8 * (up - 0.5)


@settings(max_examples=60, deadline=None)
@given(t0=unit, w0=st.floats(0.1, 50), omega=st.floats(1, 5),
       events=st.lists(st.tuples(unit, st.floats(0, 5)), min_size=1, max_size=12))
def test_without_forgetting_trust_is_the_weighted_mean_of_all_experience(
        t0: float, w0: float, omega: float, events: list[tuple[float, float]]) -> None:
    """Closed form: t = (w₀t₀ + Σ aₖωₖeₖ) / (w₀ + Σ aₖωₖ), ωₖ = ω for eₖ < ½; in any order."""
    weights = np.array([a * (omega if e < 0.5 else 1.0) for e, a in events])
    values = np.array([e for e, _ in events])
    expected = (w0 * t0 + weights @ values) / (w0 + weights.sum())
    for order in (events, events[::-1]):
        t, w = t0, w0
        for e, a in order:
            t, w = feedback.learn_trust(t, w, e, a, omega)
        assert t == pytest.approx(expected, abs=1e-9)
        assert w == pytest.approx(w0 + weights.sum())


def test_early_experience_counts_more_than_late() -> None:
    """The same event moves a young trust (little weight) more than a settled one."""
    young, _ = feedback.learn_trust(0.3, 2.0, 1.0, 1.0, 2.0)
    settled, _ = feedback.learn_trust(0.3, 40.0, 1.0, 1.0, 2.0)
    assert young - 0.3 > 10 * (settled - 0.3)


def test_zero_weight_experience_leaves_trust_alone() -> None:
    for trust, weight in ((0.3, 0.0), (0.7, 5.0)):
        assert feedback.learn_trust(trust, weight, 0.0, 0.0, 2.0) == (trust, weight)


def test_trust_in_others_skips_ones_own_group_and_absent_groups() -> None:
    trust = np.array([[0.9, 0.2, 0.4, 0.0, 0.0],
                      [0.1, 0.8, 0.6, 0.0, 0.0]])
    groups = np.array([True, True, True, False, False])
    np.testing.assert_allclose(feedback.trust_in_others(trust, np.array([0, 1]), groups),
                               [0.3, 0.35])


def test_delivery_is_judged_against_the_status_quo() -> None:
    interest = np.array([0.3, 0.3, 0.3])
    np.testing.assert_allclose(feedback.delivery(interest, 0.6, 0.6), [0.5] * 3)
    closer, further = feedback.delivery(interest[:2], 0.6, 0.4)[0], \
        feedback.delivery(interest[:1], 0.4, 0.6)[0]
    assert closer == pytest.approx(0.7) and further == pytest.approx(0.3)


def test_small_wins_build_commitment_in_proportion_to_trust() -> None:
    c = np.zeros(3)
    trust = np.array([0.0, 0.5, 1.0])
    for _ in range(4):
        c = feedback.commit(c, trust, 0.2)
    np.testing.assert_allclose(c, 1 - (1 - 0.2 * trust) ** 4)


def test_generosity_follows_trust_around_its_calm_level() -> None:
    g = feedback.generosity(np.full(3, 0.5), np.array([0.5, 0.2, 0.9]), 0.5, 0.5)
    np.testing.assert_allclose(g, [0.5, 0.35, 0.7])


def test_disappointment_adds_only_the_shortfall_below_the_cost() -> None:
    d = feedback.disappoint(np.array([0.2, 0.2]), np.array([0.1, 0.9]), 0.4)
    np.testing.assert_allclose(d, [0.5, 0.2])


def test_leaving_is_a_hazard_of_disappointment_buffered_by_commitment() -> None:
    p = feedback.leaving_chance(np.array([0.0, 1.0, 2.0, 2.0]), np.array([0, 0, 0, 1.0]), 0.5)
    assert p[0] == 0.0 and 0 < p[1] < p[2] and p[3] == 0.0
    assert p[1] == pytest.approx(1 - np.exp(-0.5))


def test_first_visit_attrition_falls_with_a_better_first_meeting() -> None:
    np.testing.assert_allclose(feedback.first_visit_chance(np.array([0.0, 0.5, 1.0]), 0.2),
                               [0.2, 0.1, 0.0])


def test_commitment_fills_part_of_the_gap_to_full_engagement() -> None:
    will = attendance.will_to_come(np.array([0.4, 0.4, 0.4]), np.array([0.0, 0.5, 1.0]), 0.5)
    np.testing.assert_allclose(will, [0.4, 0.55, 0.7])


def test_exposure_groups_nest_and_fall_back_when_empty() -> None:
    role = np.array([RESIDENT] * 4 + [1])
    active = np.array([True, False, True, True, True])
    meetings = np.array([3, 2, 0, 0, 9])
    here = np.isin(np.arange(5), [0, 4])
    groups = dict(zip(EXPOSURES, exposure_groups(role, active, meetings, here), strict=True))
    assert groups["attended"].tolist() == [True, True, False, False, False]
    assert groups["active"].tolist() == [True, False, False, False, False]
    assert groups["present"].tolist() == [True, False, False, False, False]
    nobody = exposure_groups(role, active, np.zeros(5, dtype=int), np.arange(5) == 4)
    for mask in nobody:   # everyone falls back to all residents
        assert mask.tolist() == [True, True, True, True, False]


def test_exposure_outcomes_are_defined_when_no_resident_ever_attends() -> None:
    config = with_overrides(Scenario(), {"population.attendance_rate": 0.0})
    series = run_house(config, seed=1, steps=20).series
    assert not series.isna().any().any()
    assert (series["resident_reach"] == 0).all()
    for name in ("trust_residents_institutions", "satisfaction_resident", "resident_ownership",
                 "resident_commitment"):
        for group in ("present", "attended", "active"):
            pd.testing.assert_series_equal(series[f"{name}_{group}"], series[name],
                                           check_names=False)


def test_exposure_counts_nest_every_step() -> None:
    result = run_house(Scenario(), seed=4, steps=40, panel=True)
    panel = result.panel
    residents = panel[panel.role == "resident"]
    by_step = residents.groupby("step")
    present = by_step["present"].sum()
    attended = by_step["meetings"].apply(lambda m: int((m > 0).sum()))
    active = residents[residents.active & (residents.meetings > 0)].groupby("step").size()
    active = active.reindex(present.index, fill_value=0)
    assert (present <= attended).all() and (active <= attended).all()
    n = (result.scenario.population.residents)
    np.testing.assert_allclose(result.series["resident_reach"], attended.to_numpy() / n)
    np.testing.assert_allclose(result.series["resident_active_share"], active.to_numpy() / n)


def test_panel_holds_every_place_every_step_and_a_new_person_for_a_newcomer() -> None:
    config = with_overrides(Scenario(), {"population.newcomer_rate": 1.0,
                                         "engagement.first_visit_dropout": 1.0})
    result = run_house(config, seed=3, steps=15, panel=True)
    panel = result.panel
    size = result.scenario.population.total
    assert len(panel) == 15 * size
    assert (panel.groupby("step").size() == size).all()
    persons = panel.groupby("place")["person"].nunique()
    assert (persons > 1).any(), "a newcomer is a new person in the same place"
    present = panel[panel.step == 15]["present"].sum()
    model = HouseModel(config, seed=3)
    for _ in range(15):
        model.step()
    assert present == model.last_meeting.present.size


def test_run_writes_the_panel_and_refuses_an_unknown_format(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "panel.csv"
    ok = runner.invoke(app, ["run", "scenarios/baseline.toml", "--steps", "3", "--panel",
                             str(target)])
    assert ok.exit_code == 0, ok.output
    assert len(pd.read_csv(target)) == 3 * 50
    bad = runner.invoke(app, ["run", "scenarios/baseline.toml", "--panel",
                              str(tmp_path / "panel.xlsx")])
    assert bad.exit_code == 2
    assert "allowed: a file ending in .parquet or .csv" in bad.output
    assert "Traceback" not in bad.output


def test_expected_speaking_gini_has_no_sampling_noise() -> None:
    """The realised Gini adds the sampling noise of the turns to the expected shares' Gini; with
    many turns the two come together."""
    def excess(turns: int) -> float:
        config = with_overrides(Scenario(), {"house.speaking_turns": turns})
        series = run_house(config, seed=2, steps=30).series
        return float((series["speaking_gini"] - series["speaking_gini_expected"]).mean())

    few, many = excess(40), excess(1000)
    assert few > 0.05
    assert 0 <= many < few / 3
    assert gini(np.full(4, 0.25)) == 0.0


def test_no_dropout_without_first_visit_attrition_or_hazard() -> None:
    config = with_overrides(Scenario(), {"engagement.first_visit_dropout": 0.0,
                                         "engagement.dropout_hazard": 0.0})
    series = run_house(config, seed=5, steps=52).series
    assert series["resident_dropout"].iloc[-1] == 0
