"""The whole house: determinism, invariants under generated scenarios, Mesa agents."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.house.model import HouseModel
from simulation.house.outcomes import OUTCOMES
from simulation.house.runner import run_house
from simulation.house.scenario import ROLES, Scenario, validate_data, with_overrides

COUNTS = ["decisions_made", "decisions_implemented", "decisions_blocked", "items_dropped",
          "resident_dropout", "resident_dropout_first_visit"]
SHARES = [name for name in OUTCOMES
          if name not in {*COUNTS, "position_clusters", "time_to_decision"}]


def test_same_scenario_and_seed_give_identical_results() -> None:
    a = run_house(Scenario(), seed=42, steps=60)
    b = run_house(Scenario(), seed=42, steps=60)
    pd.testing.assert_frame_equal(a.series, b.series)
    pd.testing.assert_frame_equal(a.decisions, b.decisions)


def test_different_seeds_give_different_runs() -> None:
    a = run_house(Scenario(), seed=1, steps=40)
    b = run_house(Scenario(), seed=2, steps=40)
    assert not a.series.equals(b.series)


def _series_in_child(seed: int) -> pd.DataFrame:
    return run_house(Scenario(), seed=seed, steps=30).series


def test_identical_in_another_process() -> None:
    here = _series_in_child(9)
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        there = pool.submit(_series_in_child, 9).result()
    pd.testing.assert_frame_equal(here, there)


def test_every_outcome_is_collected_each_step() -> None:
    result = run_house(Scenario(), seed=0, steps=25)
    assert list(result.series.columns) == list(OUTCOMES)
    assert len(result.series) == 25


def test_participants_are_mesa_agents_over_the_shared_state() -> None:
    config = Scenario()
    model = HouseModel(config, seed=3)
    pop = config.population
    counts = model.agents.groupby("role").count()
    assert counts == {role: n for role, n in zip(ROLES, pop.counts(), strict=True) if n}
    for _ in range(5):
        model.step()
    present = model.agents.select(lambda a: a.present)
    assert len(present) == model.last_meeting.present.size
    agent = model.agent_list[0]
    agent_position = agent.position
    assert agent_position == model.state.x[0, max(model.last_meeting.topic, 0)]
    assert 0.0 <= agent.power <= 1.0


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    residents = draw(st.integers(2, 120))
    professionals = draw(st.integers(1, 8))
    officials = draw(st.integers(1, 6))
    administrators = draw(st.integers(0, 2))
    others = draw(st.integers(0, 2))
    total = residents + professionals + officials + administrators + others
    unit = st.floats(0.0, 1.0)
    data = {
        "run": {"steps": draw(st.integers(1, 40))},
        "population": {
            "residents": residents, "professionals": professionals, "officials": officials,
            "administrators": administrators, "others": others,
            "room_capacity": draw(st.integers(2, total)),
            "newcomer_rate": draw(unit), "self_selection": draw(st.floats(0, 5)),
        },
        "house": {"decision_rule": draw(st.sampled_from(
            ["hierarchical", "majority", "consent", "consensus"])),
            "topics": draw(st.integers(1, 6)),
            "speaking_turns": draw(st.integers(1, 80)),
            "max_meetings_per_item": draw(st.integers(1, 10))},
        "power": {"asymmetry": draw(unit), "experienced_amplification": draw(st.floats(0, 2))},
        "influence": {"susceptibility": draw(unit), "confidence_bound": draw(unit),
                      "self_weight": draw(st.floats(0, 10))},
        "trust": {"prior_conflict": draw(unit), "between": draw(unit), "within": draw(unit)},
        "engagement": {"resident_mean": draw(st.floats(0.01, 0.99)),
                       "first_visit_dropout": draw(unit),
                       "dropout_hazard": draw(st.floats(0, 10))},
        "informal": {"contact_rate": draw(unit)},
        "vertical": {"execution_administration": {
            "points": draw(st.integers(0, 4)), "pass_probability": draw(unit),
            "attempts": draw(st.integers(1, 3)), "delay": draw(st.integers(0, 5))}},
    }
    return validate_data(data, "<generated>")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=scenarios(), seed=st.integers(0, 2**31))
def test_invariants_hold_for_any_valid_scenario(config: Scenario, seed: int) -> None:
    result = run_house(config, seed=seed)
    series = result.series
    assert not series.isna().any().any()
    assert ((series[SHARES] >= 0) & (series[SHARES] <= 1)).all().all()
    for name in COUNTS:
        values = series[name].to_numpy()
        assert (np.diff(values) >= 0).all(), f"{name} is cumulative"
        assert (values == np.round(values)).all()
    assert (series.position_clusters >= 1).all()
    assert ((series.time_to_decision >= 1) | (series.decisions_made == 0)).all()
    final = series.iloc[-1]
    assert final.decisions_implemented + final.decisions_blocked <= final.decisions_made
    decisions = result.decisions
    assert len(decisions) == final.decisions_made
    assert decisions["value"].between(0, 1).all()
    assert ((decisions.status == "implemented").sum() == final.decisions_implemented)


def test_state_stays_in_bounds_after_a_long_run() -> None:
    model = HouseModel(with_overrides(Scenario(), {"population.residents": 300}), seed=5)
    for _ in range(150):
        model.step()
    s = model.state
    active_residents = int((s.active & (s.role == 0)).sum())
    assert model.resident_dropouts > 0 and model.newcomers > 0
    assert active_residents == 300 - model.resident_dropouts + model.newcomers
    for name in ("x", "trust", "engagement", "satisfaction", "ownership", "perceived", "power",
                 "commitment", "generosity", "experience"):
        values = getattr(s, name)
        assert np.isfinite(values).all() and (values >= 0).all() and (values <= 1).all(), name
    np.testing.assert_allclose(s.logic.sum(axis=1), 1.0)
    attendees = model.last_meeting.present
    assert attendees.size <= model.config.population.room_capacity
    gone = np.flatnonzero(~s.active)
    assert (s.meetings[gone] > 0).all(), "only residents who have attended leave"


def test_the_room_never_holds_more_than_its_capacity_even_of_staff() -> None:
    config = with_overrides(Scenario(), {"population.room_capacity": 5,
                                         "population.professionals": 8})
    model = HouseModel(config, seed=2)
    sizes = []
    for _ in range(30):
        model.step()
        sizes.append(model.last_meeting.present.size)
    assert max(sizes) == 5
