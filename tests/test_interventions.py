"""Each intervention changes the rules and states it claims to, and nothing else.

Interventions only shape a week's rules from their table (`shape`); what they do to participants'
states is a mechanism of the compiled week that those rules switch on. Every test builds the same
house (same seed) with the intervention switched on, snapshots the scenario's own rules and the
participants' states, builds the week's rules, runs the state mechanisms they switch (before the
meeting, and the session after it for a given room) and lists what changed. The unchanged
remainder is part of the claim.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from simulation.house.calendar import meeting_rules, week_rules
from simulation.house.mechanisms.influence import set_aside
from simulation.house.mechanisms.lot import stratified_lot
from simulation.house.mechanisms.perspective import session_lift
from simulation.house.model import HouseModel
from simulation.house.record import PANEL_SIZE
from simulation.house.rules import MeetingRules, stack
from simulation.house.runner import run_house
from simulation.house.scenario import (
    VERTICAL_LEVELS,
    Scenario,
    ScenarioError,
    iter_parameters,
    load_scenario,
    with_overrides,
)
from simulation.house.state import OFFICIAL, PROFESSIONAL, RESIDENT
from simulation.house.week import interventions_before, session
from simulation.interventions.config import Interventions, channels
from simulation.interventions.registry import REGISTRY

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
EXEC_ADMIN = VERTICAL_LEVELS.index("execution_administration")
# Role reversal's rules of every week, in its window or not (perspective keeps fading and acting
# once gained). Each is a no-op while nobody has perspective: the fade multiplies zero, bridging
# and listening act in proportion to perspective, and only those with perspective re-form
# their felt power.
PERSPECTIVE = {"perspective_fade", "bridging", "listening", "perceive"}
SESSION = {"session", "session_gain", "session_emphasis"}    # a session after this week's meeting
# The rules an intervention changes where it must have no effect, each a no-op there: role
# reversal's perspective rules (above), and horizontal agreements' sharing_lift = 0 (staff share
# as they did before the agreements: their own sharing, which nothing else changes).
IDLE = {"role_reversal": PERSPECTIVE, "horizontal_agreements": {"sharing_lift"}}
# At zero intensity role reversal still holds its sessions, with no gain (session_gain stays 0).
AT_ZERO = {**IDLE, "role_reversal": PERSPECTIVE | {"session", "session_emphasis"}}


@pytest.fixture(scope="module")
def base() -> Scenario:
    return load_scenario(BASELINE)


def house(base: Scenario, name: str, **settings: object) -> HouseModel:
    """The baseline house with one intervention switched on."""
    table = {f"interventions.{name}.{k}": v for k, v in {"enabled": True, **settings}.items()}
    return HouseModel(with_overrides(base, table), seed=3)


def a_meeting(model: HouseModel) -> np.ndarray:
    """Those present at a meeting the room holds: every staff member and ten residents."""
    s = model.state
    residents = np.flatnonzero(s.role == RESIDENT)[:10]
    return np.union1d(np.flatnonzero(s.role != RESIDENT), residents)


def rules_changed(before: MeetingRules, after: MeetingRules) -> set[str]:
    """Names of the rules that differ."""
    changed = set()
    for f in fields(MeetingRules):
        a, b = getattr(before, f.name), getattr(after, f.name)
        same = (a is None and b is None) if a is None or b is None else (
            np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b)
        if not same:
            changed.add(f.name)
    return changed


def state_changed(before: NamedTuple, after: NamedTuple) -> dict[str, np.ndarray]:
    """For each state array that differs: the participants (rows) whose values differ."""
    changed = {}
    for name in before._fields:
        a, b = getattr(before, name), getattr(after, name)
        differs = a != b
        if differs.any():
            changed[name] = np.flatnonzero(differs.reshape(a.shape[0], -1).any(axis=1))
    return changed


def run_hook(model: HouseModel, step: int, present: np.ndarray | None = None
             ) -> tuple[set[str], dict[str, np.ndarray], MeetingRules]:
    """Week `step`'s rules and the state mechanisms they switch: those before the meeting and,
    for a room of those `present`, the session after it; what changed in rules and state."""
    before_rules, before_state = meeting_rules(model.config), copy.deepcopy(model.state)
    rules = week_rules(model.config, model.interventions, step)
    sc = stack([rules])
    h, c = model.house, model.settings
    interventions_before(h.state, h.panel, h.counts, h.own_sharing, sc.perspective_fade[0],
                         sc.perceive[0], sc.panel_size[0], sc.panel_redraw[0],
                         sc.panel_strata[0], sc.staff_pull[0], sc.sharing_lift[0],
                         c.amplification, model.rng)
    if present is not None and sc.session[0] and present.size >= 2:
        session(h.state, present, sc.session_emphasis[0], sc.session_gain[0], sc.perceive[0],
                c.amplification)
    return rules_changed(before_rules, rules), state_changed(before_state, model.state), rules


def leave(model: HouseModel) -> None:
    """A resident leaves, as in a run's turnover: the groups' mean power is no longer the one
    everyone's felt power was formed from."""
    model.state.active[np.flatnonzero(model.state.role == RESIDENT)[-1]] = False


def panel(model: HouseModel) -> np.ndarray:
    """The citizen panel drawn for the house (empty without one)."""
    return model.house.panel[:model.house.counts[PANEL_SIZE]].copy()


def same_as_baseline(base: Scenario, name: str, **settings: object) -> bool:
    """Whether 30 weeks with the intervention switched on run exactly as 30 without it."""
    table = {f"interventions.{name}.{k}": v for k, v in {"enabled": True, **settings}.items()}
    return run_house(with_overrides(base, table), seed=2, steps=30).series.equals(
        run_house(base, seed=2, steps=30).series)


def test_registry_serves_every_table() -> None:
    assert set(REGISTRY) == set(Interventions.model_fields)
    assert all(cls.name == name for name, cls in REGISTRY.items())


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_outside_its_window_an_intervention_changes_nothing(base: Scenario, name: str) -> None:
    model = house(base, name, start=10, end=20)
    leave(model)
    for step in (9, 25):
        rules, state, _ = run_hook(model, step, a_meeting(model))
        assert rules <= IDLE.get(name, set()) and state == {}
    assert same_as_baseline(base, name, start=40, end=50)    # the run is over before it starts


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_at_zero_intensity_an_intervention_changes_nothing(base: Scenario, name: str) -> None:
    model = house(base, name, intensity=0.0)
    leave(model)
    rules, state, _ = run_hook(model, 1, a_meeting(model))
    assert rules <= AT_ZERO.get(name, set()) and state == {}
    assert same_as_baseline(base, name, intensity=0.0)


def test_role_reversal_session_acts_on_those_present_only(base: Scenario) -> None:
    model = house(base, "role_reversal")
    s = model.state
    present = a_meeting(model)
    gap_before = np.abs(s.perceived - s.power[:, None]).sum(axis=1)
    rules, state, after = run_hook(model, 1, present)
    assert rules == PERSPECTIVE | SESSION | {"meeting_time"} and after.meeting_time < 1.0
    assert after.session and after.session_gain > 0
    assert set(state) == {"perspective", "perceived"}     # never trust: that follows from feedback
    for rows in state.values():
        assert np.isin(rows, present).all()
    assert (s.perspective[present] > 0).all()
    gap_after = np.abs(s.perceived - s.power[:, None]).sum(axis=1)
    assert (gap_after[present] <= gap_before[present] + 1e-12).all()


def test_role_reversal_makes_those_present_listen_the_powerful_most(base: Scenario) -> None:
    """The week after a session its participants listen: the more powerful, the more (the
    share of filters the week sets aside is listening x perspective)."""
    model = house(base, "role_reversal")
    s = model.state
    present = a_meeting(model)
    run_hook(model, 1, present)
    rules, state, after = run_hook(model, 2)
    assert rules == PERSPECTIVE and set(state) == {"perspective", "perceived"}
    assert after.bridging and after.listening > 0
    listens = after.listening * s.perspective
    absent = np.setdiff1d(np.arange(s.size), present)
    assert (listens[absent] == 0).all() and (s.perspective[absent] == 0).all()
    order = present[np.argsort(s.power[present])]
    assert (np.diff(listens[order]) >= 0).all()
    assert listens[order[-1]] > listens[order[0]]
    alike = house(base, "role_reversal", power_emphasis=0.0)
    run_hook(alike, 1, present)
    rules = run_hook(alike, 2)[2]
    same = rules.listening * alike.state.perspective[present]
    assert np.allclose(same, same[0])


def test_role_reversal_lifts_the_powerful_most() -> None:
    lift = session_lift(np.array([0.0, 0.5, 1.0]), power_emphasis=1.0)
    assert lift[0] < lift[1] < lift[2] == pytest.approx(1.0)
    assert np.allclose(session_lift(np.array([0.0, 1.0]), 0.0), 1.0)


def test_role_reversal_perspective_fades_by_its_half_life(base: Scenario) -> None:
    """Between sessions no meeting time is taken, and listening fades with perspective."""
    model = house(base, "role_reversal", every=100, half_life=4.0)
    present = a_meeting(model)
    run_hook(model, 1, present)
    gained = model.state.perspective.copy()
    for step in range(2, 6):    # no session in these weeks: only fading
        rules, _, after = run_hook(model, step, present)
        assert rules == PERSPECTIVE
    assert np.allclose(model.state.perspective, gained / 2)
    assert np.allclose(after.listening * model.state.perspective,
                       model.config.interventions.role_reversal.listening * gained / 2)


def test_process_director_changes_the_meeting_rules_only(base: Scenario) -> None:
    model = house(base, "process_director")
    rules, state, after = run_hook(model, 1)
    assert state == {}
    assert rules == {"turn_equalisation", "friction", "narrowing", "max_meetings_per_item",
                     "pass_boost", "facilitated"}
    plain = meeting_rules(model.config)
    assert after.turn_equalisation > plain.turn_equalisation
    assert (after.friction < plain.friction).all() and after.narrowing < plain.narrowing
    assert after.max_meetings_per_item > plain.max_meetings_per_item
    assert after.pass_boost[0] > 0 and (after.pass_boost[1:] == 0).all()
    assert after.external_voices == []


def test_biased_director_is_a_voice_at_its_position(base: Scenario) -> None:
    weak = run_hook(house(base, "process_director", bias=0.2, position=0.9), 1)[2]
    strong = run_hook(house(base, "process_director", bias=0.6, position=0.9), 1)[2]
    assert weak.external_voices[0][0] == strong.external_voices[0][0] == 0.9
    assert 0 < weak.external_voices[0][1] < strong.external_voices[0][1]
    absent = house(base, "process_director", bias=0.6, position=0.9, intensity=0.0)
    assert run_hook(absent, 1)[0] == set()


def test_citizen_panel_invites_residents_and_rotates(base: Scenario) -> None:
    model = house(base, "citizen_panel", every=5, size=12)
    seats = {"panel_size", "panel_strata", "invited_attendance"}
    rules, state, after = run_hook(model, 1)
    assert state == {} and rules == seats | {"panel_redraw"}
    assert after.panel_size == 12 and after.invited_attendance == pytest.approx(0.8)
    first = panel(model)
    assert first.size == 12 and (model.state.role[first] == RESIDENT).all()
    rules, state, _ = run_hook(model, 3)
    assert rules == seats and state == {}
    assert np.array_equal(panel(model), first)       # the panel sits
    assert run_hook(model, 6)[0] == seats | {"panel_redraw"}
    assert not np.array_equal(panel(model), first)   # and is redrawn


def test_stratified_lot_gives_each_band_its_seats() -> None:
    rng = np.random.default_rng(0)
    candidates = np.arange(100, 200)
    key = rng.random(100)
    drawn = stratified_lot(candidates, key, size=20, strata=4, rng=rng)
    assert drawn.size == np.unique(drawn).size == 20 and np.isin(drawn, candidates).all()
    band = np.searchsorted(np.sort(key), key[drawn - 100], side="right") - 1
    assert np.array_equal(np.bincount(band // 25, minlength=4), [5, 5, 5, 5])


def test_citizen_panel_larger_than_the_residents_is_refused(base: Scenario) -> None:
    with pytest.raises(ScenarioError, match=r"citizen_panel\.size"):
        with_overrides(base, {"interventions.citizen_panel.size": 41})


def test_mayor_escalates_backs_upward_and_steepens_hierarchy(base: Scenario) -> None:
    model = house(base, "mayor")
    rules, state, after = run_hook(model, 1)
    assert state == {} and rules == {"escalation", "pass_boost", "power_exponent"}
    assert after.escalation > 0 and after.pass_boost[0] == 0 and (after.pass_boost[1:] > 0).all()
    assert after.power_exponent > base.speaking.power_exponent


def test_social_contract_raises_stakes_and_staff_commitment(base: Scenario) -> None:
    model = house(base, "social_contract")
    model.state.engagement[:] = 0.5
    rules, state, after = run_hook(model, 1)
    assert rules == {"gain_factor", "loss_factor", "staff_pull"}
    assert after.gain_factor > 1 and after.loss_factor > 1 and after.staff_pull > 0
    assert set(state) == {"engagement"}
    staff = state["engagement"]
    assert (model.state.role[staff] != RESIDENT).all()
    assert (model.state.engagement[staff] > 0.5).all()      # towards full commitment


def test_steering_group_acts_between_administration_and_execution(base: Scenario) -> None:
    model = house(base, "steering_group")
    rules, state, after = run_hook(model, 1)
    assert state == {} and rules == {"pass_boost", "upward_reliance"}
    assert np.flatnonzero(after.pass_boost).tolist() == [EXEC_ADMIN]
    assert after.upward_reliance < 1


def test_horizontal_agreements_act_among_organisations_and_expire(base: Scenario) -> None:
    model = house(base, "horizontal_agreements", end=10)
    own = model.state.sharing.copy()
    rules, state, after = run_hook(model, 1)
    assert rules == {"friction", "sharing_lift"} and set(state) == {"sharing"}
    assert after.sharing_lift > 0
    staff = state["sharing"]
    assert (model.state.role[staff] != RESIDENT).all()
    assert (model.state.sharing[staff] > own[staff]).all()
    plain = meeting_rules(model.config)
    eased = after.friction < plain.friction
    assert eased[PROFESSIONAL, OFFICIAL] and eased[OFFICIAL, PROFESSIONAL]
    assert not eased[RESIDENT].any() and not eased[:, RESIDENT].any()
    assert not eased.diagonal().any()
    # the agreements expired: staff share as they did before
    assert run_hook(model, 10)[0] == {"sharing_lift"}
    assert np.array_equal(model.state.sharing, own)


def test_backings_combine_like_independent_chances(base: Scenario) -> None:
    rules = meeting_rules(base)
    rules.back("execution_administration", 0.5)
    rules.back("execution_administration", 0.5)
    assert rules.pass_boost[EXEC_ADMIN] == pytest.approx(0.75)
    rules.escalate(0.5)
    rules.escalate(0.5)
    assert rules.escalation == pytest.approx(0.75)


def test_all_interventions_together_run_and_repeat(base: Scenario) -> None:
    every = with_overrides(base, {f"interventions.{name}.enabled": True for name in REGISTRY})
    a, b = run_house(every, seed=1, steps=30), run_house(every, seed=1, steps=30)
    assert a.series.equals(b.series)
    assert not a.series.equals(run_house(base, seed=1, steps=30).series)


def test_docs_list_every_intervention_parameter_as_the_code_declares_it() -> None:
    """docs/interventions.md cannot drift from the code: default, range, unit, meaning, source."""
    docs = (BASELINE.parent.parent / "docs" / "interventions.md").read_text(encoding="utf-8")
    timing = {"enabled", "start", "end", "intensity", "channels_off"}
    documented = set()
    for p in iter_parameters():
        parts = p["name"].split(".")
        if parts[0] != "interventions" or parts[-1] in timing or "not used" in p["meaning"]:
            continue
        row = (f"| `{'.'.join(parts[1:])}` | {p['default']!r} | {p['min']} – {p['max']} "
               f"| {p['unit']} | {p['meaning']} | {p['source']} |")
        assert row in docs, row
        documented.add(parts[1])
    assert documented == set(REGISTRY)


# Each channel's footprint: the rules (and "state.X" arrays, the "house.panel") it alone changes.
FOOTPRINTS: dict[str, dict[str, set[str]]] = {
    "role_reversal": {"listening": {"bridging", "listening"},
                      "experienced_power": {"perceive", "state.perceived"},
                      "session_time": {"meeting_time"}},
    "process_director": {"turns": {"turn_equalisation"}, "bridging": {"friction", "narrowing"},
                         "persistence": {"max_meetings_per_item"}, "follow_up": {"pass_boost"},
                         "chairing": {"facilitated"}, "own_voice": {"external_voices"}},
    "citizen_panel": {"selection": {"panel_size", "panel_redraw", "panel_strata",
                                    "invited_attendance", "house.panel"}},
    "mayor": {"escalation": {"escalation"}, "backing": {"pass_boost"},
              "hierarchy": {"power_exponent"}},
    "social_contract": {"promises": {"gain_factor", "loss_factor"},
                        "commitment": {"staff_pull", "state.engagement"}},
    "steering_group": {"alignment": {"pass_boost"}, "direct_line": {"upward_reliance"}},
    "horizontal_agreements": {"friction": {"friction"}, "sharing": {"sharing_lift",
                                                                    "state.sharing"}},
}
# Settings under which every channel has something to do (a session every week, a biased director)
ACTIVE = {"role_reversal": {"every": 1}, "process_director": {"bias": 0.3}}
# The stock a session raises and its fading, whatever channels carry it on (role reversal's
# perspective)
STOCK = {"role_reversal": {"perspective_fade", *SESSION, "state.perspective"}}


def footprint(base: Scenario, name: str, off: list[str]) -> set[str]:
    """The rules the intervention changes in its first two weeks, and the states (and the
    panel) changed over them, with the channels `off` switched off."""
    model = house(base, name, channels_off=off, **ACTIVE.get(name, {}))
    model.state.engagement[:] = 0.5
    start = copy.deepcopy(model.state)
    present = a_meeting(model)
    rules = run_hook(model, 1, present)[0] | run_hook(model, 2, present)[0]
    drawn = {"house.panel"} if panel(model).size else set()
    return rules | drawn | {f"state.{k}" for k in state_changed(start, model.state)}


def test_every_intervention_names_its_channels() -> None:
    assert {name: channels(name) for name in REGISTRY} == {
        name: tuple(footprints) for name, footprints in FOOTPRINTS.items()}


@pytest.mark.parametrize(("name", "channel"),
                         [(n, c) for n, f in FOOTPRINTS.items() for c in f])
def test_a_channel_switched_off_removes_exactly_its_footprint(base: Scenario, name: str,
                                                              channel: str) -> None:
    stock = STOCK.get(name, set())
    assert footprint(base, name, []) == set().union(*FOOTPRINTS[name].values()) | stock
    others = [f for c, f in FOOTPRINTS[name].items() if c != channel]
    assert footprint(base, name, [channel]) == set().union(*others) | stock


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_with_every_channel_off_an_intervention_changes_no_outcome(base: Scenario,
                                                                   name: str) -> None:
    assert same_as_baseline(base, name, channels_off=list(channels(name)))


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_no_intervention_writes_trust_satisfaction_or_ownership(base: Scenario,
                                                                name: str) -> None:
    """What outcomes average over people must come out of the meeting cycle's feedback."""
    model = house(base, name, **ACTIVE.get(name, {}))
    present = a_meeting(model)
    for step in (1, 2, 3):
        _, state, _ = run_hook(model, step, present)
        assert not {"trust", "satisfaction", "ownership"} & set(state)


def test_an_unknown_channel_is_refused_naming_the_known_ones(base: Scenario) -> None:
    with pytest.raises(ScenarioError, match=r"interventions\.mayor\.channels_off: unknown "
                       r"channel listening; known channels: escalation, backing, hierarchy"):
        with_overrides(base, {"interventions.mayor.channels_off": ["listening"]})
    with pytest.raises(ScenarioError, match=r"channels_off: must be a list of channel names"):
        with_overrides(base, {"interventions.mayor.channels_off": "backing"})


def test_listening_sets_aside_filters_and_raises_attention_to_others() -> None:
    filters = np.array([[1.0, 0.2, 0.5], [0.4, 1.0, 0.0]])
    eased = set_aside(filters, np.array([0.5, 0.0]))
    assert np.allclose(eased[0], [1.0, 0.6, 0.75]) and np.array_equal(eased[1], filters[1])
    assert np.array_equal(set_aside(filters, np.ones(2)), np.ones_like(filters))
