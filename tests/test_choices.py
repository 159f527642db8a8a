"""Players' choices for their seats act through the week's mechanisms (docs/model.md 3.4.15):
whether one comes, one's claim to speak, how far one moves, the topic one raises, one's stance."""

from __future__ import annotations

import numpy as np

from simulation.house.choices import AMEND, OBJECT, SUPPORT, Choices, model_choices
from simulation.house.model import HouseModel
from simulation.house.record import ITEM_PROPOSER
from simulation.house.scenario import Scenario, with_overrides
from simulation.house.state import RESIDENT
from simulation.house.week import decide
from tests.stats import paired_ci

SEAT = 3   # a resident


def roomy(**overrides: object) -> Scenario:
    """A house whose room holds everyone, so a player who comes always finds a chair."""
    return with_overrides(Scenario(), {"population.room_capacity": 50, **overrides})


def played(scenario: Scenario, seed: int, weeks: int, **choice: object) -> HouseModel:
    """A house in which the seat SEAT makes the same choices every week."""
    model = HouseModel(scenario, seed=seed)
    ch = model_choices(model.state.size)
    for field, value in choice.items():
        getattr(ch, field)[SEAT] = value
    for _ in range(weeks):
        model.play(ch)
    return model


def test_choices_left_to_the_model_are_the_all_agent_run() -> None:
    alone, played_ = HouseModel(Scenario(), seed=4), HouseModel(Scenario(), seed=4)
    for _ in range(30):
        alone.step()
        played_.play(model_choices(played_.state.size))
    assert alone.datacollector.get_model_vars_dataframe().equals(
        played_.datacollector.get_model_vars_dataframe())


def test_a_player_comes_or_stays_away_as_chosen() -> None:
    assert HouseModel(roomy(), 0).state.role[SEAT] == RESIDENT
    for attend in (0, 1):
        model = HouseModel(roomy(), seed=2)
        ch = model_choices(model.state.size)
        ch.attend[SEAT] = attend
        for _ in range(20):
            model.play(ch)
            if model.state.active[SEAT]:
                assert (SEAT in model.last_meeting.present) is bool(attend)


def test_a_player_who_chooses_to_come_stays_in_the_house() -> None:
    """Leaving is the player's to decide: the disappointment hazard does not take their seat."""
    for seed in range(6):
        model = played(Scenario(), seed, 104, attend=1)
        assert model.state.active[SEAT]


def turn_share(model: HouseModel, ch: Choices, weeks: int) -> float:
    shares = []
    for _ in range(weeks):
        model.play(ch)
        m = model.last_meeting
        if SEAT in m.present and m.turns.sum():
            shares.append(m.turns[list(m.present).index(SEAT)] / m.turns.sum())
    return float(np.mean(shares)) if shares else 0.0


def test_speaking_up_gets_more_turns_than_holding_back() -> None:
    loud, quiet = [], []
    for seed in range(12):
        for voice, into in ((3.0, loud), (0.3, quiet)):
            model = HouseModel(roomy(), seed=seed)
            ch = model_choices(model.state.size)
            ch.attend[SEAT], ch.voice[SEAT] = 1, voice
            into.append(turn_share(model, ch, 10))
    assert paired_ci(loud, quiet).low > 0


def test_a_player_closed_to_what_they_hear_keeps_their_interest() -> None:
    quiet_street = roomy(**{"decision.anchor_learning": 0.0, "informal.contact_rate": 0.0})
    model = played(quiet_street, 1, 12, attend=1, openness=0.0)
    s = model.state
    np.testing.assert_allclose(s.x[SEAT], s.anchor[SEAT])
    assert (s.anchor[SEAT] == s.origin[SEAT]).all()


def test_the_topic_a_player_raises_is_put_on_the_table_by_them() -> None:
    model = played(roomy(), 5, 40, attend=1, topic=2)
    log = model.pipeline.frame()
    theirs = log[log["proposer"] == SEAT]
    assert len(theirs) > 0 and (theirs["topic"] == 2).all()


def test_under_consent_one_player_who_objects_to_everything_blocks_every_decision() -> None:
    consent = roomy(**{"house.decision_rule": "consent"})
    blocked = played(consent, 3, 30, attend=1, stance=OBJECT)
    free = played(consent, 3, 30, attend=1)
    assert blocked.pipeline.count() == 0 < free.pipeline.count()


def a_table(**stances: int) -> tuple[int, float]:
    """A consensus decision among five residents at 0.4, 0.4, 0.5, 0.6, 0.6 (tolerance 0.11, no
    amendments from the model): the draft is resident 0's view, 0.4. Seats by index → stance."""
    scenario = with_overrides(Scenario(), {
        "house.decision_rule": "consensus", "decision.amendments": False,
        "decision.logrolling": False, "decision.tolerance": 0.11})
    model = HouseModel(scenario, seed=0)
    h, present = model.house, np.arange(5)
    h.state.generosity[:] = 0.5            # tolerance = decision.tolerance
    h.state.x[present, 0] = [0.4, 0.4, 0.5, 0.6, 0.6]
    h.counts[ITEM_PROPOSER] = 0
    ch = model_choices(h.state.size)
    for seat, stance in stances.items():
        ch.stance[int(seat[1:])] = stance
    count, value, _, _ = decide(h.state, h.policy, np.zeros(h.policy.size, dtype=np.bool_),
                                present, 0, np.full(5, 0.2), np.ones(5, dtype=np.int64),
                                ch.stance, h.counts[ITEM_PROPOSER], model.rules.facilitated,
                                model.settings)
    return count, value


def test_supporting_lets_a_consensus_pass_that_one_would_block() -> None:
    assert a_table()[0] == 0                              # the 0.6s cannot live with 0.4
    assert a_table(s3=SUPPORT, s4=SUPPORT) == (1, 0.4)
    assert a_table(s3=SUPPORT, s4=SUPPORT, s1=OBJECT)[0] == 0


def test_an_amending_player_puts_their_own_view_to_the_room() -> None:
    assert a_table(s2=AMEND) == (1, 0.5)                  # 0.5 is within everyone's 0.11
    assert a_table(s3=AMEND)[0] == 0                      # 0.6 is too far for the 0.4s
