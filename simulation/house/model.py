"""The house of the neighbourhood as a Mesa model: one step is one weekly meeting cycle.

Agenda setting -> attendance -> speaking turns -> social influence -> decision -> vertical
clearance -> feedback into trust, satisfaction, engagement and ownership -> dropout/newcomers.
The maths runs on the shared arrays in `HouseState`; interventions change the meeting's rules
and participants' states through their hooks.
"""

from __future__ import annotations

import mesa
import numpy as np

from simulation.house.agents import Participant
from simulation.house.mechanisms import (
    attendance,
    decision,
    feedback,
    influence,
    interests,
    proposals,
    speaking,
)
from simulation.house.meeting import Meeting
from simulation.house.outcomes import OUTCOMES, Metrics
from simulation.house.pipeline import Pipeline
from simulation.house.population import draw_house, renew
from simulation.house.rules import MeetingRules
from simulation.house.scenario import Scenario
from simulation.house.state import (
    INSTITUTIONS,
    N_ROLES,
    OFFICIAL,
    PROFESSIONAL,
    RESIDENT,
)
from simulation.interventions.registry import build_interventions


def meeting_rules(config: Scenario) -> MeetingRules:
    """The scenario's own rules for a meeting, before any intervention changes them."""
    return MeetingRules(
        meeting_time=1.0,
        turn_equalisation=0.0,
        power_exponent=config.speaking.power_exponent,
        friction=np.full((N_ROLES, N_ROLES), config.influence.logic_friction),
        narrowing=config.influence.logic_narrowing,
        max_meetings_per_item=config.house.max_meetings_per_item,
        pass_boost=np.zeros(3),
        escalation=0.0,
    )


class HouseModel(mesa.Model):
    """A neighbourhood house whose participants negotiate decisions week by week."""

    def __init__(self, config: Scenario, seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.config = config
        self.seed = seed
        self.state = draw_house(config, self.rng)
        self.agent_list = [Participant(self, i) for i in range(self.state.size)]
        self.policy = self._initial_policy()
        self.pipeline = Pipeline(config.vertical)
        self.initial_views = self._group_views()
        self.item_topic = -1
        self.item_proposer = -1
        self.item_meetings = 0
        self.items_dropped = 0
        self.decision_meetings = 0   # meetings spent on items that were decided
        self.resident_dropouts = 0
        self.first_visit_dropouts = 0   # of which after their first meeting
        self.newcomers = 0
        self.last_meeting = Meeting()
        fmt = np.array(config.house.meeting_format.as_list())
        self.meeting_format = fmt / fmt.sum()
        self.executors = np.isin(self.state.role, INSTITUTIONS[:2])  # roles never change
        self._groups = np.bincount(self.state.role, minlength=N_ROLES) > 0
        self.rules = meeting_rules(config)
        self.interventions = build_interventions(config.interventions, self)
        self.metrics = Metrics(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: self.metrics.reporter(name) for name in OUTCOMES})

    def _group_views(self) -> np.ndarray:
        """(roles, topics): each group's mean initial position (residents' and officials' read
        decisions; the executors' and the municipality's are the lines clearance judges by)."""
        s = self.state
        return np.array([s.anchor[s.role == g].mean(axis=0) if (s.role == g).any()
                         else np.full(s.anchor.shape[1], np.nan) for g in range(N_ROLES)])

    def _initial_policy(self) -> np.ndarray:
        """Status quo per topic: the officials' mean view (the municipality's current line)."""
        s = self.state
        officials = s.role == OFFICIAL
        return s.anchor[officials].mean(axis=0)

    # ------------------------------------------------------------------ the meeting cycle

    def step(self) -> None:
        step = self.steps
        self.rules = meeting_rules(self.config)
        for intervention in self.interventions:
            intervention.before_meeting(self, self.rules, step)
        self._informal_talk()
        present = self._attendance()
        meeting = self._meeting(present)
        self.last_meeting = meeting
        for intervention in self.interventions:
            intervention.after_meeting(self, meeting, step)
        self._implementation(step)
        self._turnover()
        self.metrics.update(meeting)
        self.datacollector.collect(self)

    def _informal_talk(self) -> None:
        """Residents talk in the neighbourhood between meetings (pairwise bounded confidence)."""
        s, c = self.state, self.config.informal
        if c.contact_rate <= 0:
            return
        residents = np.flatnonzero(s.active & (s.role == RESIDENT))
        left, right = influence.random_pairs(residents, c.contact_rate, self.rng)
        if left.size:
            s.x = influence.deffuant_exchange(s.x, s.bound, c.convergence, left, right)

    def _attendance(self) -> np.ndarray:
        s, pop = self.state, self.config.population
        active = s.active
        staff = np.flatnonzero(active & (s.role != RESIDENT))
        staff_p = pop.institutional_attendance * (
            1.0 - pop.staff_engagement_weight * (1.0 - s.engagement[staff]))
        staff = staff[self.rng.random(staff.size) < staff_p]
        if staff.size > pop.room_capacity:
            staff = np.sort(self.rng.choice(staff, pop.room_capacity, replace=False))
        capacity = pop.room_capacity - staff.size
        if self.rules.invited is not None:
            invited = self.rules.invited[active[self.rules.invited]]
            p = np.full(invited.size, self.rules.invited_attendance)
            residents = attendance.draw_attendance(invited, p, capacity, self.rng)
        else:
            candidates = np.flatnonzero(active & (s.role == RESIDENT))
            suspect = attendance.usual_suspect_score(s.power3[candidates, 2], s.x[candidates])
            will = attendance.will_to_come(s.engagement[candidates], s.commitment[candidates],
                                           self.config.engagement.commitment_attendance)
            p = attendance.attendance_probability(will, pop.attendance_rate, suspect,
                                                  pop.self_selection)
            residents = attendance.draw_attendance(candidates, p, capacity, self.rng)
        return np.concatenate([residents, staff])

    def _choose_topic(self, present: np.ndarray) -> int:
        """Continue the open item, or let a participant put one on the table; -1 if every topic
        already has a decision on its way up (the meeting then only talks).

        Who proposes is drawn in proportion to power^exponent (formal authority under a
        hierarchical rule); they raise the open topic where their view is furthest from the
        status quo.
        """
        if self.item_topic >= 0:
            return self.item_topic
        s = self.state
        basis = s.power3[present, 0] if self.config.house.decision_rule == "hierarchical" \
            else s.power[present]
        claim = np.maximum(basis, 1e-6) ** self.config.house.agenda_power_exponent
        proposer = int(self.rng.choice(present, p=claim / claim.sum()))
        want = np.abs(s.x[proposer] - self.policy)
        want[self.pipeline.pending_topics()] = -1.0
        if want.max() < 0:
            return -1
        self.item_topic = int(np.argmax(want))
        self.item_proposer = proposer
        self.item_meetings = 0
        return self.item_topic

    def _meeting(self, present: np.ndarray) -> Meeting:
        if present.size < 2:
            return Meeting(present=present, turns=np.zeros(present.size, dtype=int))
        s, c, rules = self.state, self.config, self.rules
        topic = self._choose_topic(present)
        decidable = topic >= 0
        if not decidable:   # talk about the last topic while its decision awaits clearance
            topic = max(self.last_meeting.topic, 0)
        roles = s.role[present]

        # speaking turns
        fit = speaking.format_fit(s.logic[present], self.meeting_format)
        gap = speaking.felt_gap(s.perceived[present], roles, s.power[present])
        claim = speaking.voice(s.power[present], fit, gap, rules.power_exponent,
                               c.speaking.fit_exponent, c.speaking.silencing)
        shares = speaking.equalise(claim / claim.sum(), rules.turn_equalisation)
        n_turns = max(1, round(c.house.speaking_turns * rules.meeting_time))
        turns = speaking.allocate_turns(shares, n_turns, self.rng)
        spoken = np.maximum(turns / n_turns, 1e-3)

        # social influence among those present (plus external voices heard in the room)
        w, x_new = self._deliberate(present, topic, spoken)
        s.x[present, topic] = x_new
        self._understand(present, topic, w)

        # decision under the house's rule, among the draft and its amendments
        quorate = (roles == RESIDENT).mean() >= c.decision.resident_quorum
        decided = self._decide(present, topic, spoken, turns) if decidable and quorate else {}
        meeting = Meeting(present=present, turns=turns, weights=w, topic=topic,
                          decided=bool(decided), value=decided.get(topic, float("nan")))
        meeting.shares = shares
        self.item_meetings += decidable
        for decided_topic, value in decided.items():
            self._record(decided_topic, value)
        if decided:
            self.item_topic = -1
        elif decidable and self.item_meetings >= rules.max_meetings_per_item:
            self.items_dropped += 1
            self.item_topic = -1
        self._feedback(meeting)
        return meeting

    def _tolerance(self, idx: np.ndarray) -> np.ndarray:
        """Distance from a value each participant still supports (the generous grant more)."""
        return self.config.decision.tolerance * (0.5 + self.state.generosity[idx])

    def _decide(self, present: np.ndarray, topic: int, spoken: np.ndarray,
                turns: np.ndarray) -> dict[int, float]:
        """The draft, the chair's and the speakers' amendments and a package deal go to the
        room; the house's rule adopts one. Returns {topic: value} decided (empty: none)."""
        s, c = self.state, self.config
        x = s.x[present, topic]
        tolerance = self._tolerance(present)
        room = decision.proposal(x, spoken)
        drafter = np.flatnonzero(present == self.item_proposer)
        values = [float(x[drafter[0]]) if drafter.size else room]
        chair = int(np.argmax(s.power3[present, 0]))
        if c.house.decision_rule == "hierarchical":
            values.append(float(x[chair]))   # who decides alone may put their own view
        if c.decision.amendments:
            reach = (0.0, 1.0) if self.rules.facilitated \
                else (x[chair] - tolerance[chair], x[chair] + tolerance[chair])
            values.append(proposals.widest_support(x, tolerance, room, *reach))
            values.extend(proposals.amendments(x, spoken, tolerance, turns > 0))
        distance = np.abs(np.array(values)[:, None] - x[None, :])
        deal = self._package(present, topic, spoken, tolerance) if c.decision.logrolling \
            else None
        if deal is not None:
            distance = np.vstack([distance, deal.distance])
        k = decision.choose(c.house.decision_rule, distance, tolerance,
                            c.decision.objection_factor, s.power3[present, 0],
                            c.decision.threshold)
        if k < 0:
            return {}
        if deal is not None and k == len(values):
            return dict(zip(deal.topics, deal.values, strict=True))
        return {topic: values[k]}

    def _package(self, present: np.ndarray, topic: int, spoken: np.ndarray,
                 tolerance: np.ndarray) -> proposals.Package | None:
        """Logrolling with the open topic most of those present care about more than this one."""
        x = self.state.x[present]
        stake = proposals.stakes(x, self.policy, tolerance)
        open_topics = np.setdiff1d(np.arange(self.policy.size), self.pipeline.pending_topics())
        partner = proposals.partner_topic(stake, topic, open_topics)
        return None if partner is None else proposals.package(x, spoken, stake, topic, partner)

    def _record(self, topic: int, value: float) -> None:
        """A decision of the house enters the pipeline towards its clearance points."""
        self.decision_meetings += self.item_meetings
        views = self.initial_views[:, topic]
        lines = views[[PROFESSIONAL, OFFICIAL, OFFICIAL]]
        self.pipeline.add(topic, value, self.steps, self.rng, np.abs(value - lines),
                          meetings=self.item_meetings, resident_view=views[RESIDENT],
                          official_view=views[OFFICIAL])

    def _understand(self, present: np.ndarray, topic: int, w: np.ndarray) -> None:
        """Hearing other logics moves interests a little towards one's deliberated view."""
        s, c = self.state, self.config.decision
        if c.anchor_bridging <= 0:
            return
        distance = influence.logic_distance(s.logic[present], s.logic[present])
        # Perspective taking deepens understanding only through role reversal's listening channel.
        taken = np.zeros(present.size) if self.rules.perspective is None \
            else self.rules.perspective[present]
        rate = c.anchor_bridging * interests.understanding(w, distance, taken)
        s.anchor[present, topic] = interests.shift(s.anchor[present, topic], s.x[present, topic],
                                                   rate, s.origin[present, topic],
                                                   c.anchor_max_shift)

    def _learn_from(self, topic: int, value: float) -> None:
        """Living with an implemented decision moves one's interest a little towards it, the more
        so the more one trusts the groups that made it."""
        s, c = self.state, self.config.decision
        who = np.flatnonzero(s.active)
        who = who[np.abs(s.anchor[who, topic] - value) <= c.objection_factor * self._tolerance(who)]
        rate = c.anchor_learning * s.trust[who].mean(axis=1)
        s.anchor[who, topic] = interests.shift(s.anchor[who, topic], value, rate,
                                               s.origin[who, topic], c.anchor_max_shift)

    def _deliberate(self, present: np.ndarray, topic: int,
                    spoken: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Friedkin–Johnsen rounds with bounded confidence among those present.

        Perspective taking (`rules.perspective`) bridges logic distance in the confidence bound;
        listening (`rules.listening`) sets aside part of the listener's filters on attention.
        """
        s, rules = self.state, self.rules
        n = present.size
        roles = s.role[present]
        x = s.x[present, topic]
        distance = influence.logic_distance(s.logic[present], s.logic[present])
        closed = distance if rules.perspective is None \
            else (1.0 - rules.perspective[present])[:, None] * distance
        mask = influence.confidence_mask(x, s.bound[present], rules.narrowing * closed)
        filters = (s.trust[present][:, roles] * (1.0 - rules.friction[roles][:, roles] * distance)
                   * (0.5 + 0.5 * s.sharing[present])[None, :])
        if rules.listening is not None:
            filters = influence.set_aside(filters, rules.listening[present])
        attention = n * spoken[None, :] * filters
        lam = s.susceptibility[present]
        anchor = s.anchor[present, topic]
        if rules.external_voices:
            voices = np.array(rules.external_voices)
            k = voices.shape[0]
            attention = np.hstack([attention, np.tile(n * voices[:, 1], (n, 1))])
            attention = np.vstack([attention, np.zeros((k, n + k))])
            mask = np.pad(mask, ((0, k), (0, k)), constant_values=False)
            mask[:n, n:] = True
            np.fill_diagonal(mask, True)
            x = np.concatenate([x, voices[:, 0]])
            anchor = np.concatenate([anchor, voices[:, 0]])
            lam = np.concatenate([lam, np.zeros(k)])
        w = influence.influence_weights(attention, mask, self.config.influence.self_weight)
        x_new = influence.friedkin_johnsen(x, anchor, lam, w, self.config.house.influence_rounds)
        return w[:n, :n], x_new[:n]

    def _feedback(self, meeting: Meeting) -> None:
        """Being heard and the meeting's result update trust, commitment, satisfaction,
        engagement, disappointment and ownership of those present."""
        s, c = self.state, self.config
        present, w = meeting.present, meeting.weights
        s.meetings[present] += 1
        roles = s.role[present]
        onehot = np.eye(N_ROLES)[roles]
        listened, has = feedback.listened_by_group(w, onehot)
        trust, weight = feedback.learn_trust(s.trust[present], s.trust_weight[present], listened,
                                             has.astype(float), c.trust.loss_weight)
        if meeting.decided:   # a small win: evidence for every group in the room, and commitment
            groups = onehot.any(axis=0)[None, :]
            trust, weight = feedback.learn_trust(trust, weight, 1.0, groups * c.trust.win_weight,
                                                 c.trust.loss_weight)
            others = feedback.trust_in_others(trust, roles, self._groups)
            s.commitment[present] = feedback.commit(s.commitment[present], others,
                                                    c.engagement.commitment_gain)
        s.trust[present], s.trust_weight[present] = trust, weight
        heard = feedback.heard(w)
        result = feedback.outcome_value(s.anchor[present, meeting.topic], meeting.decided,
                                        meeting.value, s.self_interest[present])
        vw = c.satisfaction.voice_weight
        s.satisfaction[present] = feedback.relax(s.satisfaction[present],
                                                 vw * heard + (1 - vw) * result,
                                                 c.satisfaction.learning_rate)
        experience = feedback.efficacy(s.satisfaction[present], heard)
        s.disappointment[present] = feedback.disappoint(s.disappointment[present], experience,
                                                        c.engagement.participation_cost)
        s.experience[present] = experience
        s.engagement[present] = feedback.relax(s.engagement[present], experience,
                                               c.engagement.learning_rate)
        residents = present[roles == RESIDENT]
        s.ownership[residents] = feedback.relax(s.ownership[residents], heard[roles == RESIDENT],
                                                c.ownership.learning_rate)

    # ------------------------------------------------------------------ after the meeting

    def _implementation(self, step: int) -> None:
        """Pending decisions try their clearance points; kept and broken promises are evidence
        about the institutions for every active resident."""
        s, c = self.state, self.config
        if not self.pipeline.due(step):
            return
        sharing = float(s.sharing[self.executors].mean())
        implemented, blocked = self.pipeline.advance(step, self.rules, sharing, self.rng)
        residents = np.flatnonzero(s.active & (s.role == RESIDENT))
        cells = np.ix_(residents, INSTITUTIONS)
        for topic, value in implemented:
            interest = s.anchor[residents, topic]
            gained = feedback.delivery(interest, self.policy[topic], value)
            self.policy[topic] = value
            s.trust[cells], s.trust_weight[cells] = feedback.learn_trust(
                s.trust[cells], s.trust_weight[cells], gained[:, None],
                c.trust.kept_weight * self.rules.gain_factor, c.trust.loss_weight)
            served = gained > 0.5   # a small win for those it brought closer to their interest
            trust = s.trust[cells].mean(axis=1)
            s.commitment[residents] = np.where(served, feedback.commit(
                s.commitment[residents], trust, c.engagement.commitment_gain),
                s.commitment[residents])
            close = 1.0 - np.abs(interest - value)   # judged by interest
            s.ownership[residents] = feedback.relax(s.ownership[residents], close,
                                                    c.ownership.learning_rate)
            self._learn_from(topic, value)
        for _ in range(blocked):
            s.trust[cells], s.trust_weight[cells] = feedback.learn_trust(
                s.trust[cells], s.trust_weight[cells], 0.0,
                c.trust.breach_weight * self.rules.loss_factor, c.trust.loss_weight)

    def _turnover(self) -> None:
        """Residents leave for good: right after their first meeting by first-visit attrition,
        later (any week, present or not) by a hazard of accumulated disappointment; newcomers may
        take their places; memories fade; willingness to grant follows trust."""
        s, c = self.state, self.config
        e = c.engagement
        here = np.zeros(s.size, dtype=bool)
        here[self.last_meeting.present] = True
        residents = np.flatnonzero(s.active & (s.role == RESIDENT) & (s.meetings > 0))
        first = here[residents] & (s.meetings[residents] == 1)
        chance = np.where(first, feedback.first_visit_chance(s.experience[residents],
                                                             e.first_visit_dropout),
                          feedback.leaving_chance(s.disappointment[residents],
                                                  s.commitment[residents], e.dropout_hazard))
        leaving = residents[self.rng.random(residents.size) < chance]
        if leaving.size:
            s.active[leaving] = False
            self.resident_dropouts += leaving.size
            self.first_visit_dropouts += int((s.meetings[leaving] == 1).sum())
        gone = np.flatnonzero(~s.active & (s.role == RESIDENT))
        if gone.size and c.population.newcomer_rate > 0:
            arriving = gone[self.rng.random(gone.size) < c.population.newcomer_rate]
            if arriving.size:
                renew(s, arriving, c, self.rng)
                self.newcomers += arriving.size
                for i in arriving:
                    self.agent_list[i].remove()
                    self.agent_list[i] = Participant(self, int(i))
        s.trust_weight *= 1.0 - c.trust.forgetting
        s.commitment *= 1.0 - e.commitment_fade
        s.disappointment *= 1.0 - e.disappointment_fade
        s.generosity = feedback.generosity(
            s.generosity_trait, feedback.trust_in_others(s.trust, s.role, self._groups),
            c.trust.between, c.trust.generosity_weight)
