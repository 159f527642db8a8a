"""The week of a house, compiled: one implementation of the whole meeting cycle.

Interventions' state effects (perspective, a panel by lot, staff commitment, information sharing)
-> informal talk -> attendance -> agenda -> speaking turns -> deliberation -> proposals and
decision -> feedback -> a role-reversal session -> vertical clearance -> turnover -> outcomes.
`HouseModel.step()` runs one week of it; `run_batch` runs every week of many houses in one call.
Row `w` of the schedule holds the rules of a week; `step` is the week's number (from 1).
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
from simulation.house.pipeline import Decisions, add, advance, pending_topics
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
    HouseState,
)


@jit
def weeks(h: HouseRecord, c: Settings, sc: Schedule, first: int, count: int, ch: Choices,
          rng: np.random.Generator, out: np.ndarray) -> None:
    """`count` weeks of the house from week number `first` (schedule rows 0..count-1), in
    place, with the players' choices `ch`; week k's outcomes go to `out[k]`.

    Only this function and `meet` take the whole house, settings and schedule, once; every part
    gets the arrays and values it uses, because numba counts a reference to each array a
    compiled function receives, on every call (docs/performance.md).
    """
    s, room = h.state, h.room
    for w in range(count):
        step = first + w
        h.arrived[:] = False
        interventions_before(s, h.panel, h.counts, h.own_sharing, sc.perspective_fade[w],
                             sc.perceive[w], sc.panel_size[w], sc.panel_redraw[w],
                             sc.panel_strata[w], sc.staff_pull[w], sc.sharing_lift[w],
                             c.amplification, rng)
        informal_talk(s.active, s.role, s.x, s.bound, c.contact_rate, c.convergence, rng)
        present = attend(s, h.panel[:h.counts[PANEL_SIZE]], ch.attend, sc.panel_size[w],
                         sc.invited_attendance[w], c.room_capacity,
                         c.institutional_attendance, c.staff_engagement_weight,
                         c.commitment_attendance, c.attendance_rate, c.self_selection, rng)
        meet(h, c, sc, w, step, present, ch, rng)
        n = room.facts[N_PRESENT]
        if sc.session[w] and n >= 2:
            session(s, room.present[:n], sc.session_emphasis[w], sc.session_gain[w],
                    sc.perceive[w], c.amplification)
        implementation(s, h.log, h.executors, h.policy, c, step, sc.pass_boost[w],
                       sc.escalation[w], sc.upward_reliance[w], sc.gain_factor[w],
                       sc.loss_factor[w], rng)
        turnover(s, room.present[:n], h.counts, h.panel, h.arrived, h.groups, ch.attend, c,
                 rng)
        measure(s, room, h.counts, h.log.status, h.log.size[0], c.confidence_bound, out[w])


# --------------------------------------------------------------------------- before the meeting


@jit
def interventions_before(s: HouseState, panel: np.ndarray, counts: np.ndarray,
                         own_sharing: np.ndarray, fade: float, perceive: bool, panel_size: int,
                         redraw: bool, strata: int, staff_pull: float, sharing_lift: float,
                         amplification: float, rng: np.random.Generator) -> None:
    """What interventions do to states before the meeting: perspective fades (and removes felt
    power gaps), a citizen panel is drawn, staff are held to turning up, staff share more."""
    s.perspective[:] *= fade
    if perceive:
        perspective.perceive(s, np.flatnonzero(s.perspective > 0), amplification)
    if panel_size == 0:
        counts[PANEL_DRAWN] = 0
    elif redraw or counts[PANEL_DRAWN] == 0:
        residents = np.flatnonzero(s.active & (s.role == RESIDENT))
        x = s.x
        key = np.zeros(residents.size)
        for k in range(residents.size):
            key[k] = x[residents[k]].mean()
        drawn = lot.stratified_lot(residents, key, panel_size, strata, rng)
        panel[:drawn.size] = drawn
        counts[PANEL_SIZE] = drawn.size
        counts[PANEL_DRAWN] = 1
    if staff_pull > 0:
        staff = np.flatnonzero(s.active & (s.role != RESIDENT))
        s.engagement[staff] = feedback.relax(s.engagement[staff], 1.0, staff_pull)
    if sharing_lift >= 0:
        role, sharing = s.role, s.sharing
        for i in range(role.size):
            if role[i] in ORGANISATIONS:
                sharing[i] = own_sharing[i] + sharing_lift * (1.0 - own_sharing[i])


@jit
def informal_talk(active: np.ndarray, role: np.ndarray, x: np.ndarray, bound: np.ndarray,
                  contact_rate: float, convergence: float, rng: np.random.Generator) -> None:
    """Residents talk in the neighbourhood between meetings (pairwise bounded confidence)."""
    if contact_rate <= 0:
        return
    residents = np.flatnonzero(active & (role == RESIDENT))
    left, right = influence.random_pairs(residents, contact_rate, rng)
    if left.size:
        influence.deffuant_exchange(x, bound, convergence, left, right)


@jit
def chosen(p: np.ndarray, who: np.ndarray, attend: np.ndarray) -> np.ndarray:
    """Chances to come with the players' choices `attend`: 1 for who chose to come, 0 for who
    did not."""
    for k in range(who.size):
        if attend[who[k]] != MODEL:
            p[k] = float(attend[who[k]])
    return p


@jit
def attend(s: HouseState, invited: np.ndarray, choice: np.ndarray, panel_size: int,
           invited_attendance: float, capacity: int, institutional_attendance: float,
           staff_engagement_weight: float, commitment_attendance: float, attendance_rate: float,
           self_selection: float, rng: np.random.Generator) -> np.ndarray:
    """Who comes: staff by their engagement, residents by self-selection or, with a panel, the
    `invited` (players as they chose); the room holds `capacity`, staff first."""
    staff = np.flatnonzero(s.active & (s.role != RESIDENT))
    staff_p = chosen(institutional_attendance * (
        1.0 - staff_engagement_weight * (1.0 - s.engagement[staff])), staff, choice)
    staff = staff[rng.random(staff.size) < staff_p]
    if staff.size > capacity:
        staff = attendance.sample(staff, capacity, rng)
    capacity -= staff.size
    if panel_size > 0:
        invited = invited[s.active[invited]]
        p = chosen(np.full(invited.size, invited_attendance), invited, choice)
        residents = attendance.draw_attendance(invited, p, capacity, rng)
    else:
        candidates = np.flatnonzero(s.active & (s.role == RESIDENT))
        suspect = attendance.usual_suspect_score(s.power3[candidates, 2], s.x[candidates])
        will = attendance.will_to_come(s.engagement[candidates], s.commitment[candidates],
                                       commitment_attendance)
        p = chosen(attendance.attendance_probability(will, attendance_rate, suspect,
                                                     self_selection), candidates, choice)
        residents = attendance.draw_attendance(candidates, p, capacity, rng)
    return np.concatenate((residents, staff))


# --------------------------------------------------------------------------- the meeting


@jit
def choose_topic(s: HouseState, policy: np.ndarray, counts: np.ndarray, pending: np.ndarray,
                 present: np.ndarray, raise_topic: np.ndarray, hierarchical: bool,
                 exponent: float, rng: np.random.Generator) -> int:
    """Continue the open item, or let a participant put one on the table; -1 if every topic
    already has a decision on its way up (`pending`; the meeting then only talks).

    Who proposes is drawn in proportion to power^exponent (formal authority under a
    hierarchical rule), among the players present who want to raise an open topic
    (`raise_topic`) if there are any; agents raise the open topic where their view is furthest
    from the status quo.
    """
    if counts[ITEM_TOPIC] >= 0:
        return counts[ITEM_TOPIC]
    basis = s.power3[present, 0] if hierarchical else s.power[present]
    claim = np.maximum(basis, 1e-6) ** exponent
    raising = np.zeros(present.size, dtype=np.bool_)
    for i in range(present.size):
        t = raise_topic[present[i]]
        raising[i] = 0 <= t < pending.size and not pending[t]
    if raising.any():
        claim = np.where(raising, claim, 0.0)
    proposer = present[lot.weighted_pick(claim, rng)]
    if raise_topic[proposer] != MODEL and raising.any():
        counts[ITEM_TOPIC] = raise_topic[proposer]
        counts[ITEM_PROPOSER] = proposer
        counts[ITEM_MEETINGS] = 0
        return counts[ITEM_TOPIC]
    want = np.abs(s.x[proposer] - policy)
    want[pending] = -1.0
    if want.max() < 0:
        return -1
    counts[ITEM_TOPIC] = np.argmax(want)
    counts[ITEM_PROPOSER] = proposer
    counts[ITEM_MEETINGS] = 0
    return counts[ITEM_TOPIC]


@jit
def meet(h: HouseRecord, c: Settings, sc: Schedule, w: int, step: int, present: np.ndarray,
         ch: Choices, rng: np.random.Generator) -> None:
    """The meeting: turns, deliberation, a decision or not, and the feedback of those present."""
    s, room, counts = h.state, h.room, h.counts
    n = present.size
    last_topic = room.facts[TOPIC]
    room.facts[N_PRESENT] = n
    room.present[:n] = present
    room.facts[TOPIC], room.facts[DECIDED], room.value[0] = -1, 0, np.nan
    if n < 2:
        room.turns[:n] = 0
        room.shares[:n] = 0.0
        return
    pending = pending_topics(h.log, h.policy.size)
    topic = choose_topic(s, h.policy, counts, pending, present, ch.topic,
                         c.decision_rule == HIERARCHICAL, c.agenda_power_exponent, rng)
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
    taken = s.perspective[present] if sc.bridging[w] else np.zeros(n)
    weights = deliberate(s, present, topic, spoken, distance, taken, ch.openness[present],
                         sc.friction[w], sc.narrowing[w], sc.listening[w],
                         sc.voices[w, :sc.n_voices[w]], c.self_weight, c.influence_rounds)
    if c.anchor_bridging > 0:
        understand(s, present, topic, weights, distance, taken, c.anchor_bridging,
                   c.anchor_max_shift)

    # decision under the house's rule, among the draft and its amendments
    quorate = (roles == RESIDENT).mean() >= c.resident_quorum
    count, first, first_value, second, second_value = 0, topic, np.nan, -1, np.nan
    if decidable and quorate:
        count, first_value, second, second_value = decide(
            s, h.policy, pending, present, topic, spoken, turns, ch.stance,
            counts[ITEM_PROPOSER], sc.facilitated[w], c)
    room.turns[:n] = turns
    room.shares[:n] = shares
    room.weights[:n, :n] = weights
    room.facts[TOPIC], room.facts[DECIDED] = topic, count > 0
    if count:
        room.value[0] = first_value
    counts[ITEM_MEETINGS] += decidable
    if count:
        record(h.log, h.views, counts, first, first_value, step, c, rng)
    if count == 2:
        record(h.log, h.views, counts, second, second_value, step, c, rng)
    if count:
        counts[ITEM_TOPIC] = -1
    elif decidable and counts[ITEM_MEETINGS] >= sc.max_meetings_per_item[w]:
        counts[ITEMS_DROPPED] += 1
        counts[ITEM_TOPIC] = -1
    meeting_feedback(s, h.groups, present, weights, topic, count > 0, first_value, c)


@jit
def deliberate(s: HouseState, present: np.ndarray, topic: int, spoken: np.ndarray,
               distance: np.ndarray, taken: np.ndarray, open_to: np.ndarray,
               friction: np.ndarray, narrow: float, listening: float, voices: np.ndarray,
               self_weight: float, rounds: int) -> np.ndarray:
    """Friedkin–Johnsen rounds with bounded confidence among those present; returns W.

    Perspective `taken` (with role reversal's listening channel) bridges logic distance in the
    confidence bound and sets aside part of the listener's filters on attention; `voices` are
    the external voices heard in the room (position, weight); players choose how far they move
    toward what they hear (`open_to` ≥ 0).
    """
    n = present.size
    k = voices.shape[0]
    roles = s.role[present]
    x = np.empty(n + k)
    anchor = np.empty(n + k)
    lam = np.zeros(n + k)
    bound = np.zeros(n + k)
    narrowing = np.zeros((n + k, n + k))
    filters = np.empty((n, n))
    trust = s.trust
    x[:n], anchor[:n] = s.x[present, topic], s.anchor[present, topic]
    lam[:n], bound[:n] = s.susceptibility[present], s.bound[present]
    lam[:n] = np.where(open_to >= 0, np.minimum(open_to, 1.0), lam[:n])
    sharing = 0.5 + 0.5 * s.sharing[present]
    for i in range(n):
        p = present[i]
        for j in range(n):
            narrowing[i, j] = narrow * (1.0 - taken[i]) * distance[i, j]
            filters[i, j] = trust[p, roles[j]] * (
                1.0 - friction[roles[i], roles[j]] * distance[i, j]) * sharing[j]
    filters = influence.set_aside(filters, listening * taken)
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
    weights = influence.influence_weights(attention, mask, self_weight)
    x_new = influence.friedkin_johnsen(x, anchor, lam, weights, rounds)
    s.x[present, topic] = x_new[:n]
    return weights[:n, :n].copy()


@jit
def understand(s: HouseState, present: np.ndarray, topic: int, weights: np.ndarray,
               distance: np.ndarray, taken: np.ndarray, bridging: float,
               max_shift: float) -> None:
    """Hearing other logics moves interests a little towards one's deliberated view; perspective
    `taken` deepens it only through role reversal's listening channel."""
    rate = bridging * interests.understanding(weights, distance, taken)
    s.anchor[present, topic] = interests.shift(s.anchor[present, topic], s.x[present, topic],
                                               rate, s.origin[present, topic], max_shift)


@jit
def tolerance(generosity: np.ndarray, base: float, idx: np.ndarray) -> np.ndarray:
    """Distance from a value each participant still supports (the generous grant more)."""
    return base * (0.5 + generosity[idx])


@jit
def decide(s: HouseState, policy: np.ndarray, pending: np.ndarray, present: np.ndarray,
           topic: int, spoken: np.ndarray, turns: np.ndarray, stance: np.ndarray, drafter: int,
           facilitated: bool, c: Settings) -> tuple[int, float, int, float]:
    """The draft (the `drafter`'s view), the chair's and the speakers' amendments and a package
    deal go to the room; the house's rule adopts one. Players' `stance` overrides their own
    judgement. Returns (topics decided: 0, 1 or 2 for a package, the value on `topic`, the
    package's other topic, its value there)."""
    x = s.x[present, topic]
    tol = tolerance(s.generosity, c.tolerance, present)
    room_view = decision.proposal(x, spoken)
    chair = np.argmax(s.power3[present, 0])
    values = [room_view]
    for i in range(present.size):
        if present[i] == drafter:
            values[0] = x[i]
            break
    if c.decision_rule == HIERARCHICAL:
        values.append(x[chair])   # who decides alone may put their own view
    if c.amendments:
        lo, hi = (0.0, 1.0) if facilitated else (x[chair] - tol[chair], x[chair] + tol[chair])
        values.append(proposals.widest_support(x, tol, room_view, lo, hi))
        for offer in proposals.amendments(x, spoken, tol, turns > 0):
            values.append(offer)
    for i in range(present.size):   # a player who amends puts their own view to the room
        if stance[present[i]] == AMEND:
            values.append(x[i])
    offered, deal_value, partner, partner_value = False, 0.0, -1, 0.0
    deal_distance = np.zeros(present.size)
    if c.logrolling:
        xs = s.x[present]
        stake = proposals.stakes(xs, policy, tol)
        partner = proposals.partner_topic(stake, topic, ~pending)
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
        if stance[present[i]] == SUPPORT:
            distance[:, i] = 0.0
        elif stance[present[i]] == OBJECT:
            distance[:, i] = np.inf
    k = decision.choose(c.decision_rule, distance, tol, c.objection_factor, s.power3[present, 0],
                        c.threshold)
    if k < 0:
        return 0, np.nan, -1, np.nan
    if offered and k == rows - 1:
        return 2, deal_value, partner, partner_value
    return 1, values[k], -1, np.nan


@jit
def record(log: Decisions, views: np.ndarray, counts: np.ndarray, topic: int, value: float,
           step: int, c: Settings, rng: np.random.Generator) -> None:
    """A decision of the house enters the pipeline towards its clearance points: the executors'
    line, then the municipality's (twice); `views` are the groups' initial views."""
    counts[DECISION_MEETINGS] += counts[ITEM_MEETINGS]
    line = views[:, topic]
    lines = np.array([line[PROFESSIONAL], line[OFFICIAL], line[OFFICIAL]])
    add(log, topic, value, step, np.abs(value - lines), counts[ITEM_MEETINGS],
        counts[ITEM_PROPOSER], line[RESIDENT], line[OFFICIAL], c, rng)


@jit
def meeting_feedback(s: HouseState, groups: np.ndarray, present: np.ndarray,
                     weights: np.ndarray, topic: int, decided: bool, value: float,
                     c: Settings) -> None:
    """Being heard and the meeting's result update trust, commitment, satisfaction,
    engagement, disappointment and ownership of those present (`groups`: the roles the house
    has)."""
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
        others = feedback.trust_in_others(s.trust[present], roles, groups)
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
def session(s: HouseState, present: np.ndarray, emphasis: float, gain: float, perceive: bool,
            amplification: float) -> None:
    """A role-reversal session after the meeting: those present take perspective, the
    powerful most."""
    lift = perspective.session_lift(s.power[present], emphasis)
    s.perspective[present] = feedback.relax(s.perspective[present], 1.0, lift * gain)
    if perceive:   # only perspective taken re-forms felt power
        perspective.perceive(s, present[s.perspective[present] > 0], amplification)


# --------------------------------------------------------------------------- after the meeting


@jit
def implementation(s: HouseState, log: Decisions, executors: np.ndarray, policy: np.ndarray,
                   c: Settings, step: int, pass_boost: np.ndarray, escalation: float,
                   upward_reliance: float, gain_factor: float, loss_factor: float,
                   rng: np.random.Generator) -> None:
    """Pending decisions try their clearance points; kept and broken promises are evidence
    about the institutions for every active resident."""
    sharing = s.sharing[executors].mean()
    done, blocked = advance(log, step, pass_boost, escalation, upward_reliance, sharing, c, rng)
    if done.size == 0 and blocked == 0:
        return
    residents = np.flatnonzero(s.active & (s.role == RESIDENT))
    trust, weight, commitment = s.trust, s.trust_weight, s.commitment
    for k in done:
        topic, value = log.topic[k], log.value[k]
        interest = s.anchor[residents, topic]
        gained = feedback.delivery(interest, policy[topic], value)
        policy[topic] = value
        amount = c.kept_weight * gain_factor
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
        learn_from(s, topic, value, c.tolerance, c.objection_factor, c.anchor_learning,
                   c.anchor_max_shift)
    amount = c.breach_weight * loss_factor
    for _ in range(blocked):
        for i in residents:
            for g in INSTITUTIONS:
                trust[i, g], weight[i, g] = feedback.learn_trust(
                    trust[i, g], weight[i, g], 0.0, amount, c.loss_weight)


@jit
def learn_from(s: HouseState, topic: int, value: float, base_tolerance: float,
               objection_factor: float, learning: float, max_shift: float) -> None:
    """Living with an implemented decision moves one's interest a little towards it, the more
    so the more one trusts the groups that made it."""
    who = np.flatnonzero(s.active)
    near = np.abs(s.anchor[who, topic] - value) <= objection_factor * tolerance(
        s.generosity, base_tolerance, who)
    who = who[near]
    rate = np.empty(who.size)
    trust = s.trust
    for k in range(who.size):
        rate[k] = learning * trust[who[k]].mean()
    s.anchor[who, topic] = interests.shift(s.anchor[who, topic], value, rate,
                                           s.origin[who, topic], max_shift)


@jit
def turnover(s: HouseState, present: np.ndarray, counts: np.ndarray, panel: np.ndarray,
             arrived: np.ndarray, groups: np.ndarray, choice: np.ndarray, c: Settings,
             rng: np.random.Generator) -> None:
    """Residents leave for good: right after their first meeting by first-visit attrition,
    later (any week, present or not) by a hazard of accumulated disappointment; newcomers may
    take their places; memories fade; willingness to grant follows trust. A seat whose player
    chooses whether to come (`choice`) stays in the house: leaving is theirs to decide."""
    here = np.zeros(s.role.size, dtype=np.bool_)
    here[present] = True
    active, role, meetings = s.active, s.role, s.meetings
    experience, disappointment, commitment = s.experience, s.disappointment, s.commitment
    leaving = first_visits = 0
    for i in range(role.size):
        if not (active[i] and role[i] == RESIDENT and meetings[i] > 0) or choice[i] != MODEL:
            continue
        if here[i] and meetings[i] == 1:
            chance = feedback.first_visit_chance(experience[i], c.first_visit_dropout)
        else:
            chance = feedback.leaving_chance(disappointment[i], commitment[i], c.dropout_hazard)
        if rng.random() < chance:
            active[i] = False
            leaving += 1
            first_visits += meetings[i] == 1
    counts[DROPOUTS] += leaving
    counts[FIRST_VISIT_DROPOUTS] += first_visits
    if c.newcomer_rate > 0:
        gone = np.flatnonzero(~s.active & (s.role == RESIDENT))
        if gone.size:
            arriving = gone[rng.random(gone.size) < c.newcomer_rate]
            if arriving.size:
                draw_traits(s, arriving, c, rng)
                counts[NEWCOMERS] += arriving.size
                arrived[arriving] = True
                # a panel invites people, not places: a newcomer was not drawn
                drawn = panel[:counts[PANEL_SIZE]]
                kept = drawn[~arrived[drawn]]
                panel[:kept.size] = kept
                counts[PANEL_SIZE] = kept.size
    s.trust_weight[:] *= 1.0 - c.forgetting
    s.commitment[:] *= 1.0 - c.commitment_fade
    s.disappointment[:] *= 1.0 - c.disappointment_fade
    s.generosity[:] = feedback.generosity(
        s.generosity_trait, feedback.trust_in_others(s.trust, s.role, groups),
        c.trust_between, c.generosity_weight)
