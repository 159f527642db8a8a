"""The week of a house, compiled: one implementation of the whole meeting cycle.

Interventions' state effects (perspective, a panel by lot, staff commitment, information sharing)
-> informal talk -> attendance -> agenda -> speaking turns -> deliberation -> proposals and
decision -> feedback -> a role-reversal session -> vertical clearance -> turnover -> outcomes.
`HouseModel.step()` runs one week of it; `run_batch` runs every week of many houses. Week `w` of
the schedule holds the rules of this week; `step` is the week's number (from 1).
"""

from __future__ import annotations

import numpy as np

from simulation.house.choices import AMEND, MODEL, OBJECT, SUPPORT, Choices
from simulation.house.compiled import jit
from simulation.house.mechanisms import (
    attendance,
    decision,
    feedback,
    influence,
    interests,
    lot,
    perspective,
    proposals,
    speaking,
)
from simulation.house.mechanisms.decision import HIERARCHICAL
from simulation.house.outcomes import measure
from simulation.house.pipeline import add, advance, pending_topics
from simulation.house.population import draw_traits
from simulation.house.record import (
    DECIDED,
    DECISION_MEETINGS,
    DROPOUTS,
    FIRST_VISIT_DROPOUTS,
    ITEM_MEETINGS,
    ITEM_PROPOSER,
    ITEM_TOPIC,
    ITEMS_DROPPED,
    N_PRESENT,
    NEWCOMERS,
    PANEL_DRAWN,
    PANEL_SIZE,
    TOPIC,
    HouseRecord,
)
from simulation.house.rules import Schedule
from simulation.house.settings import Settings
from simulation.house.state import (
    INSTITUTIONS,
    N_ROLES,
    OFFICIAL,
    ORGANISATIONS,
    PROFESSIONAL,
    RESIDENT,
)


@jit
def week(h: HouseRecord, c: Settings, sc: Schedule, w: int, step: int, ch: Choices,
         rng: np.random.Generator, out: np.ndarray) -> None:
    """One week of the house, in place, with the players' choices `ch`; its outcomes go to
    `out`."""
    h.arrived[:] = False
    interventions_before(h, c, sc, w, rng)
    informal_talk(h, c, rng)
    present = attend(h, c, sc, w, ch, rng)
    meet(h, c, sc, w, step, present, ch, rng)
    session(h, c, sc, w)
    implementation(h, c, sc, w, step, rng)
    turnover(h, c, ch, rng)
    measure(h, c.confidence_bound, out)


@jit
def weeks(h: HouseRecord, c: Settings, sc: Schedule, first: int, count: int, ch: Choices,
          rng: np.random.Generator, out: np.ndarray) -> None:
    """`count` weeks from week number `first` with the same choices, outcomes in
    `out[0:count]`."""
    for k in range(count):
        week(h, c, sc, k, first + k, ch, rng, out[k])


# --------------------------------------------------------------------------- before the meeting


@jit
def interventions_before(h: HouseRecord, c: Settings, sc: Schedule, w: int,
                         rng: np.random.Generator) -> None:
    """What interventions do to states before the meeting: perspective fades (and removes felt
    power gaps), a citizen panel is drawn, staff are held to turning up, staff share more."""
    s = h.state
    s.perspective[:] *= sc.perspective_fade[w]
    if sc.perceive[w]:
        perspective.perceive(s, np.flatnonzero(s.perspective > 0), c.amplification)
    if sc.panel_size[w] == 0:
        h.counts[PANEL_DRAWN] = 0
    elif sc.panel_redraw[w] or h.counts[PANEL_DRAWN] == 0:
        residents = np.flatnonzero(s.active & (s.role == RESIDENT))
        x = s.x
        key = np.zeros(residents.size)
        for k in range(residents.size):
            key[k] = x[residents[k]].mean()
        drawn = lot.stratified_lot(residents, key, sc.panel_size[w], sc.panel_strata[w], rng)
        h.panel[:drawn.size] = drawn
        h.counts[PANEL_SIZE] = drawn.size
        h.counts[PANEL_DRAWN] = 1
    if sc.staff_pull[w] > 0:
        staff = np.flatnonzero(s.active & (s.role != RESIDENT))
        s.engagement[staff] = feedback.relax(s.engagement[staff], 1.0, sc.staff_pull[w])
    lift = sc.sharing_lift[w]
    if lift >= 0:
        role, own, sharing = s.role, h.own_sharing, s.sharing
        for i in range(role.size):
            if role[i] in ORGANISATIONS:
                sharing[i] = own[i] + lift * (1.0 - own[i])


@jit
def informal_talk(h: HouseRecord, c: Settings, rng: np.random.Generator) -> None:
    """Residents talk in the neighbourhood between meetings (pairwise bounded confidence)."""
    if c.contact_rate <= 0:
        return
    s = h.state
    residents = np.flatnonzero(s.active & (s.role == RESIDENT))
    left, right = influence.random_pairs(residents, c.contact_rate, rng)
    if left.size:
        influence.deffuant_exchange(s.x, s.bound, c.convergence, left, right)


@jit
def chosen(p: np.ndarray, who: np.ndarray, ch: Choices) -> np.ndarray:
    """Chances to come with the players' choices: 1 for who chose to come, 0 for who did not."""
    for k in range(who.size):
        if ch.attend[who[k]] != MODEL:
            p[k] = float(ch.attend[who[k]])
    return p


@jit
def attend(h: HouseRecord, c: Settings, sc: Schedule, w: int, ch: Choices,
           rng: np.random.Generator) -> np.ndarray:
    """Who comes: staff by their engagement, residents by self-selection or, with a panel, the
    invited (players as they chose); the room holds `room_capacity`, staff first."""
    s = h.state
    staff = np.flatnonzero(s.active & (s.role != RESIDENT))
    staff_p = chosen(c.institutional_attendance * (
        1.0 - c.staff_engagement_weight * (1.0 - s.engagement[staff])), staff, ch)
    staff = staff[rng.random(staff.size) < staff_p]
    if staff.size > c.room_capacity:
        staff = attendance.sample(staff, c.room_capacity, rng)
    capacity = c.room_capacity - staff.size
    if sc.panel_size[w] > 0:
        invited = h.panel[:h.counts[PANEL_SIZE]]
        invited = invited[s.active[invited]]
        p = chosen(np.full(invited.size, sc.invited_attendance[w]), invited, ch)
        residents = attendance.draw_attendance(invited, p, capacity, rng)
    else:
        candidates = np.flatnonzero(s.active & (s.role == RESIDENT))
        suspect = attendance.usual_suspect_score(s.power3[candidates, 2], s.x[candidates])
        will = attendance.will_to_come(s.engagement[candidates], s.commitment[candidates],
                                       c.commitment_attendance)
        p = chosen(attendance.attendance_probability(will, c.attendance_rate, suspect,
                                                     c.self_selection), candidates, ch)
        residents = attendance.draw_attendance(candidates, p, capacity, rng)
    return np.concatenate((residents, staff))


# --------------------------------------------------------------------------- the meeting


@jit
def choose_topic(h: HouseRecord, c: Settings, present: np.ndarray, ch: Choices,
                 rng: np.random.Generator) -> int:
    """Continue the open item, or let a participant put one on the table; -1 if every topic
    already has a decision on its way up (the meeting then only talks).

    Who proposes is drawn in proportion to power^exponent (formal authority under a
    hierarchical rule), among the players present who want to raise an open topic if there are
    any; agents raise the open topic where their view is furthest from the status quo.
    """
    if h.counts[ITEM_TOPIC] >= 0:
        return h.counts[ITEM_TOPIC]
    s = h.state
    pending = pending_topics(h.log, h.policy.size)
    basis = s.power3[present, 0] if c.decision_rule == HIERARCHICAL else s.power[present]
    claim = np.maximum(basis, 1e-6) ** c.agenda_power_exponent
    raising = np.zeros(present.size, dtype=np.bool_)
    for i in range(present.size):
        t = ch.topic[present[i]]
        raising[i] = 0 <= t < pending.size and not pending[t]
    if raising.any():
        claim = np.where(raising, claim, 0.0)
    proposer = present[lot.weighted_pick(claim, rng)]
    if ch.topic[proposer] != MODEL and raising.any():
        h.counts[ITEM_TOPIC] = ch.topic[proposer]
        h.counts[ITEM_PROPOSER] = proposer
        h.counts[ITEM_MEETINGS] = 0
        return h.counts[ITEM_TOPIC]
    want = np.abs(s.x[proposer] - h.policy)
    want[pending] = -1.0
    if want.max() < 0:
        return -1
    h.counts[ITEM_TOPIC] = np.argmax(want)
    h.counts[ITEM_PROPOSER] = proposer
    h.counts[ITEM_MEETINGS] = 0
    return h.counts[ITEM_TOPIC]


@jit
def meet(h: HouseRecord, c: Settings, sc: Schedule, w: int, step: int, present: np.ndarray,
         ch: Choices, rng: np.random.Generator) -> None:
    """The meeting: turns, deliberation, a decision or not, and the feedback of those present."""
    s, room = h.state, h.room
    n = present.size
    last_topic = room.facts[TOPIC]
    room.facts[N_PRESENT] = n
    room.present[:n] = present
    room.facts[TOPIC], room.facts[DECIDED], room.value[0] = -1, 0, np.nan
    if n < 2:
        room.turns[:n] = 0
        room.shares[:n] = 0.0
        return
    topic = choose_topic(h, c, present, ch, rng)
    decidable = topic >= 0
    if not decidable:   # talk about the last topic while its decision awaits clearance
        topic = max(last_topic, 0)
    roles = s.role[present]

    # speaking turns
    logic = s.logic[present]
    fit = speaking.format_fit(logic, c.meeting_format)
    gap = speaking.felt_gap(s.perceived[present], roles, s.power[present])
    claim = speaking.voice(s.power[present], fit, gap, sc.power_exponent[w], c.fit_exponent,
                           c.silencing) * ch.voice[present]
    shares = speaking.equalise(claim / claim.sum(), sc.turn_equalisation[w])
    n_turns = max(1, int(np.round(c.speaking_turns * sc.meeting_time[w])))
    turns = speaking.allocate_turns(shares, n_turns, rng)
    spoken = np.maximum(turns / n_turns, 1e-3)

    # social influence among those present (plus external voices heard in the room)
    distance = influence.logic_distance(logic, logic)
    weights = deliberate(h, c, sc, w, present, topic, spoken, distance, ch)
    understand(h, c, sc, w, present, topic, weights, distance)

    # decision under the house's rule, among the draft and its amendments
    quorate = (roles == RESIDENT).mean() >= c.resident_quorum
    count, first, first_value, second, second_value = 0, topic, np.nan, -1, np.nan
    if decidable and quorate:
        count, first_value, second, second_value = decide(h, c, sc, w, present, topic, spoken,
                                                           turns, ch)
    room.turns[:n] = turns
    room.shares[:n] = shares
    room.weights[:n, :n] = weights
    room.facts[TOPIC], room.facts[DECIDED] = topic, count > 0
    if count:
        room.value[0] = first_value
    h.counts[ITEM_MEETINGS] += decidable
    if count:
        record(h, c, first, first_value, step, rng)
    if count == 2:
        record(h, c, second, second_value, step, rng)
    if count:
        h.counts[ITEM_TOPIC] = -1
    elif decidable and h.counts[ITEM_MEETINGS] >= sc.max_meetings_per_item[w]:
        h.counts[ITEMS_DROPPED] += 1
        h.counts[ITEM_TOPIC] = -1
    meeting_feedback(h, c, present, weights, topic, count > 0, first_value)


@jit
def deliberate(h: HouseRecord, c: Settings, sc: Schedule, w: int, present: np.ndarray,
               topic: int, spoken: np.ndarray, distance: np.ndarray, ch: Choices) -> np.ndarray:
    """Friedkin–Johnsen rounds with bounded confidence among those present; returns W.

    Perspective taking (with role reversal's listening channel) bridges logic distance in the
    confidence bound and sets aside part of the listener's filters on attention.
    """
    s = h.state
    n = present.size
    k = sc.n_voices[w]
    roles = s.role[present]
    x = np.empty(n + k)
    anchor = np.empty(n + k)
    lam = np.zeros(n + k)
    bound = np.zeros(n + k)
    narrowing = np.zeros((n + k, n + k))
    filters = np.empty((n, n))
    taken = s.perspective[present] if sc.bridging[w] else np.zeros(n)
    trust, friction, voices = s.trust, sc.friction[w], sc.voices[w]
    narrow = sc.narrowing[w]
    x[:n], anchor[:n] = s.x[present, topic], s.anchor[present, topic]
    lam[:n], bound[:n] = s.susceptibility[present], s.bound[present]
    open_to = ch.openness[present]   # players choose how far they move toward what they hear
    lam[:n] = np.where(open_to >= 0, np.minimum(open_to, 1.0), lam[:n])
    sharing = 0.5 + 0.5 * s.sharing[present]
    for i in range(n):
        p = present[i]
        for j in range(n):
            narrowing[i, j] = narrow * (1.0 - taken[i]) * distance[i, j]
            filters[i, j] = trust[p, roles[j]] * (
                1.0 - friction[roles[i], roles[j]] * distance[i, j]) * sharing[j]
    filters = influence.set_aside(filters, sc.listening[w] * taken)
    attention = np.zeros((n + k, n + k))
    for i in range(n):
        for j in range(n):
            attention[i, j] = n * spoken[j] * filters[i, j]
        for v in range(k):
            attention[i, n + v] = n * voices[v, 1]
    for v in range(k):
        x[n + v] = anchor[n + v] = voices[v, 0]
    mask = influence.confidence_mask(x, bound, narrowing)
    mask[:n, n:] = True
    mask[n:, :] = False
    for v in range(k):
        mask[n + v, n + v] = True
    weights = influence.influence_weights(attention, mask, c.self_weight)
    x_new = influence.friedkin_johnsen(x, anchor, lam, weights, c.influence_rounds)
    s.x[present, topic] = x_new[:n]
    return weights[:n, :n].copy()


@jit
def understand(h: HouseRecord, c: Settings, sc: Schedule, w: int, present: np.ndarray,
               topic: int, weights: np.ndarray, distance: np.ndarray) -> None:
    """Hearing other logics moves interests a little towards one's deliberated view."""
    if c.anchor_bridging <= 0:
        return
    s = h.state
    # Perspective taking deepens understanding only through role reversal's listening channel.
    taken = s.perspective[present] if sc.bridging[w] else np.zeros(present.size)
    rate = c.anchor_bridging * interests.understanding(weights, distance, taken)
    s.anchor[present, topic] = interests.shift(s.anchor[present, topic], s.x[present, topic],
                                               rate, s.origin[present, topic],
                                               c.anchor_max_shift)


@jit
def tolerance(h: HouseRecord, c: Settings, idx: np.ndarray) -> np.ndarray:
    """Distance from a value each participant still supports (the generous grant more)."""
    return c.tolerance * (0.5 + h.state.generosity[idx])


@jit
def decide(h: HouseRecord, c: Settings, sc: Schedule, w: int, present: np.ndarray, topic: int,
           spoken: np.ndarray, turns: np.ndarray, ch: Choices) -> tuple[int, float, int, float]:
    """The draft, the chair's and the speakers' amendments and a package deal go to the room;
    the house's rule adopts one. Returns (topics decided: 0, 1 or 2 for a package, the value on
    `topic`, the package's other topic, its value there)."""
    s = h.state
    x = s.x[present, topic]
    tol = tolerance(h, c, present)
    room_view = decision.proposal(x, spoken)
    chair = np.argmax(s.power3[present, 0])
    values = [room_view]
    drafter = h.counts[ITEM_PROPOSER]
    for i in range(present.size):
        if present[i] == drafter:
            values[0] = x[i]
            break
    if c.decision_rule == HIERARCHICAL:
        values.append(x[chair])   # who decides alone may put their own view
    if c.amendments:
        lo, hi = (0.0, 1.0) if sc.facilitated[w] else (x[chair] - tol[chair],
                                                       x[chair] + tol[chair])
        values.append(proposals.widest_support(x, tol, room_view, lo, hi))
        for offer in proposals.amendments(x, spoken, tol, turns > 0):
            values.append(offer)
    for i in range(present.size):   # a player who amends puts their own view to the room
        if ch.stance[present[i]] == AMEND:
            values.append(x[i])
    offered, deal_value, partner, partner_value = False, 0.0, -1, 0.0
    deal_distance = np.zeros(present.size)
    if c.logrolling:
        xs = s.x[present]
        stake = proposals.stakes(xs, h.policy, tol)
        partner = proposals.partner_topic(stake, topic, ~pending_topics(h.log, h.policy.size))
        if partner >= 0:
            offered, deal_value, partner_value, deal_distance = proposals.package(
                xs, spoken, stake, topic, partner)
    rows = len(values) + (1 if offered else 0)
    distance = np.empty((rows, present.size))
    for k in range(len(values)):
        distance[k] = np.abs(values[k] - x)
    if offered:
        distance[rows - 1] = deal_distance
    for i in range(present.size):   # players who support or object to whatever is put
        if ch.stance[present[i]] == SUPPORT:
            distance[:, i] = 0.0
        elif ch.stance[present[i]] == OBJECT:
            distance[:, i] = np.inf
    k = decision.choose(c.decision_rule, distance, tol, c.objection_factor, s.power3[present, 0],
                        c.threshold)
    if k < 0:
        return 0, np.nan, -1, np.nan
    if offered and k == rows - 1:
        return 2, deal_value, partner, partner_value
    return 1, values[k], -1, np.nan


@jit
def record(h: HouseRecord, c: Settings, topic: int, value: float, step: int,
           rng: np.random.Generator) -> None:
    """A decision of the house enters the pipeline towards its clearance points: the executors'
    line, then the municipality's (twice)."""
    h.counts[DECISION_MEETINGS] += h.counts[ITEM_MEETINGS]
    views = h.views[:, topic]
    lines = np.array([views[PROFESSIONAL], views[OFFICIAL], views[OFFICIAL]])
    add(h.log, topic, value, step, np.abs(value - lines), h.counts[ITEM_MEETINGS],
        h.counts[ITEM_PROPOSER], views[RESIDENT], views[OFFICIAL], c, rng)


@jit
def meeting_feedback(h: HouseRecord, c: Settings, present: np.ndarray, weights: np.ndarray,
                     topic: int, decided: bool, value: float) -> None:
    """Being heard and the meeting's result update trust, commitment, satisfaction,
    engagement, disappointment and ownership of those present."""
    s = h.state
    n = present.size
    s.meetings[present] += 1
    roles = s.role[present]
    listened, has = feedback.listened_by_group(weights, roles, N_ROLES)
    here = np.zeros(N_ROLES, dtype=np.bool_)
    here[roles] = True
    trust, weight = s.trust, s.trust_weight
    for i in range(n):
        p = present[i]
        for g in range(N_ROLES):
            t, tw = feedback.learn_trust(trust[p, g], weight[p, g], listened[i, g],
                                         1.0 if has[i, g] else 0.0, c.loss_weight)
            if decided:   # a small win: evidence for every group in the room
                t, tw = feedback.learn_trust(t, tw, 1.0, c.win_weight if here[g] else 0.0,
                                             c.loss_weight)
            trust[p, g], weight[p, g] = t, tw
    if decided:   # ... and commitment
        others = feedback.trust_in_others(s.trust[present], roles, h.groups)
        s.commitment[present] = feedback.commit(s.commitment[present], others,
                                                c.commitment_gain)
    heard = feedback.heard(weights)
    anchor, self_interest, satisfaction = s.anchor, s.self_interest, s.satisfaction
    disappointment, experience, engagement = s.disappointment, s.experience, s.engagement
    ownership = s.ownership
    for i in range(n):   # one participant at a time: the mechanisms are elementwise
        p = present[i]
        result = feedback.outcome_value(anchor[p, topic], decided, value, self_interest[p])
        satisfaction[p] = feedback.relax(
            satisfaction[p], c.voice_weight * heard[i] + (1 - c.voice_weight) * result,
            c.satisfaction_rate)
        experience[p] = feedback.efficacy(satisfaction[p], heard[i])
        disappointment[p] = feedback.disappoint(disappointment[p], experience[p],
                                                c.participation_cost)
        engagement[p] = feedback.relax(engagement[p], experience[p], c.engagement_rate)
        if roles[i] == RESIDENT:
            ownership[p] = feedback.relax(ownership[p], heard[i], c.ownership_rate)


@jit
def session(h: HouseRecord, c: Settings, sc: Schedule, w: int) -> None:
    """A role-reversal session after the meeting: those present take perspective, the
    powerful most."""
    n = h.room.facts[N_PRESENT]
    if not sc.session[w] or n < 2:
        return
    s = h.state
    present = h.room.present[:n]
    lift = perspective.session_lift(s.power[present], sc.session_emphasis[w])
    s.perspective[present] = feedback.relax(s.perspective[present], 1.0,
                                            lift * sc.session_gain[w])
    if sc.perceive[w]:   # only perspective taken re-forms felt power
        perspective.perceive(s, present[s.perspective[present] > 0], c.amplification)


# --------------------------------------------------------------------------- after the meeting


@jit
def implementation(h: HouseRecord, c: Settings, sc: Schedule, w: int, step: int,
                   rng: np.random.Generator) -> None:
    """Pending decisions try their clearance points; kept and broken promises are evidence
    about the institutions for every active resident."""
    s, log = h.state, h.log
    sharing = s.sharing[h.executors].mean()
    done, blocked = advance(log, step, sc.pass_boost[w], sc.escalation[w],
                            sc.upward_reliance[w], sharing, c, rng)
    if done.size == 0 and blocked == 0:
        return
    residents = np.flatnonzero(s.active & (s.role == RESIDENT))
    trust, weight, commitment = s.trust, s.trust_weight, s.commitment
    for k in done:
        topic, value = log.topic[k], log.value[k]
        interest = s.anchor[residents, topic]
        gained = feedback.delivery(interest, h.policy[topic], value)
        h.policy[topic] = value
        amount = c.kept_weight * sc.gain_factor[w]
        for r in range(residents.size):
            i = residents[r]
            total = 0.0
            for g in INSTITUTIONS:
                trust[i, g], weight[i, g] = feedback.learn_trust(
                    trust[i, g], weight[i, g], gained[r], amount, c.loss_weight)
                total += trust[i, g]
            if gained[r] > 0.5:   # a small win for those it brought closer to their interest
                commitment[i] = feedback.commit(commitment[i], total / len(INSTITUTIONS),
                                                c.commitment_gain)
        close = 1.0 - np.abs(interest - value)   # judged by interest
        s.ownership[residents] = feedback.relax(s.ownership[residents], close, c.ownership_rate)
        learn_from(h, c, topic, value)
    amount = c.breach_weight * sc.loss_factor[w]
    for _ in range(blocked):
        for i in residents:
            for g in INSTITUTIONS:
                trust[i, g], weight[i, g] = feedback.learn_trust(
                    trust[i, g], weight[i, g], 0.0, amount, c.loss_weight)


@jit
def learn_from(h: HouseRecord, c: Settings, topic: int, value: float) -> None:
    """Living with an implemented decision moves one's interest a little towards it, the more
    so the more one trusts the groups that made it."""
    s = h.state
    who = np.flatnonzero(s.active)
    near = np.abs(s.anchor[who, topic] - value) <= c.objection_factor * tolerance(h, c, who)
    who = who[near]
    rate = np.empty(who.size)
    trust = s.trust
    for k in range(who.size):
        rate[k] = c.anchor_learning * trust[who[k]].mean()
    s.anchor[who, topic] = interests.shift(s.anchor[who, topic], value, rate,
                                           s.origin[who, topic], c.anchor_max_shift)


@jit
def turnover(h: HouseRecord, c: Settings, ch: Choices, rng: np.random.Generator) -> None:
    """Residents leave for good: right after their first meeting by first-visit attrition,
    later (any week, present or not) by a hazard of accumulated disappointment; newcomers may
    take their places; memories fade; willingness to grant follows trust. A seat whose player
    chooses whether to come stays in the house: leaving is theirs to decide."""
    s = h.state
    n = h.room.facts[N_PRESENT]
    here = np.zeros(s.role.size, dtype=np.bool_)
    here[h.room.present[:n]] = True
    active, role, meetings = s.active, s.role, s.meetings
    experience, disappointment, commitment = s.experience, s.disappointment, s.commitment
    leaving = first_visits = 0
    for i in range(role.size):
        if not (active[i] and role[i] == RESIDENT and meetings[i] > 0) or ch.attend[i] != MODEL:
            continue
        if here[i] and meetings[i] == 1:
            chance = feedback.first_visit_chance(experience[i], c.first_visit_dropout)
        else:
            chance = feedback.leaving_chance(disappointment[i], commitment[i], c.dropout_hazard)
        if rng.random() < chance:
            active[i] = False
            leaving += 1
            first_visits += meetings[i] == 1
    h.counts[DROPOUTS] += leaving
    h.counts[FIRST_VISIT_DROPOUTS] += first_visits
    if c.newcomer_rate > 0:
        gone = np.flatnonzero(~s.active & (s.role == RESIDENT))
        if gone.size:
            arriving = gone[rng.random(gone.size) < c.newcomer_rate]
            if arriving.size:
                draw_traits(s, arriving, c, rng)
                h.counts[NEWCOMERS] += arriving.size
                h.arrived[arriving] = True
                # a panel invites people, not places: a newcomer was not drawn
                panel = h.panel[:h.counts[PANEL_SIZE]]
                kept = panel[~h.arrived[panel]]
                h.panel[:kept.size] = kept
                h.counts[PANEL_SIZE] = kept.size
    s.trust_weight[:] *= 1.0 - c.forgetting
    s.commitment[:] *= 1.0 - c.commitment_fade
    s.disappointment[:] *= 1.0 - c.disappointment_fade
    s.generosity[:] = feedback.generosity(
        s.generosity_trait, feedback.trust_in_others(s.trust, s.role, h.groups),
        c.trust_between, c.generosity_weight)
