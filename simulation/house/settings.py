"""A scenario flattened into the numbers the compiled week reads.

numba cannot read a pydantic scenario, so every parameter the week uses is copied here once per
run, as a NamedTuple of floats, ints and small arrays; `settings(scenario)` is the only place
that knows both shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from simulation.house.mechanisms.decision import RULES

if TYPE_CHECKING:
    from simulation.house.scenario import Scenario


class Settings(NamedTuple):
    """Every scenario parameter the week uses (names: section_parameter)."""

    topics: int
    room_capacity: int
    attendance_rate: float
    self_selection: float
    institutional_attendance: float
    staff_engagement_weight: float
    newcomer_rate: float
    decision_rule: int
    agenda_power_exponent: float
    speaking_turns: int
    influence_rounds: int
    meeting_format: np.ndarray      # (logics,) shares, sum 1
    fit_exponent: float
    silencing: float
    self_weight: float
    confidence_bound: float
    contact_rate: float
    convergence: float
    tolerance: float
    objection_factor: float
    threshold: float
    resident_quorum: float
    amendments: bool
    logrolling: bool
    anchor_bridging: float
    anchor_learning: float
    anchor_max_shift: float
    loss_weight: float
    win_weight: float
    kept_weight: float
    breach_weight: float
    forgetting: float
    trust_between: float
    generosity_weight: float
    commitment_attendance: float
    commitment_gain: float
    commitment_fade: float
    engagement_rate: float
    participation_cost: float
    disappointment_fade: float
    dropout_hazard: float
    first_visit_dropout: float
    voice_weight: float
    satisfaction_rate: float
    ownership_rate: float
    amplification: float
    # the clearance points, per level (VERTICAL_LEVELS order)
    pass_base: np.ndarray
    delay: np.ndarray
    attempts: np.ndarray
    points: np.ndarray
    applies: np.ndarray
    dependence: np.ndarray
    line_weight: float
    # how newcomers are drawn (and the house at the start)
    logic_alpha: np.ndarray         # (roles, logics) Dirichlet parameters
    power_prototype: np.ndarray     # (roles, 3) mean formal, resource, knowledge power
    power_weights: np.ndarray       # (3,) sum 1
    power_sd: float
    position_mean: np.ndarray       # (roles,)
    position_sd: float
    susceptibility: float
    power_insusceptibility: float
    confidence_sd: float
    trust_prior_between: float
    trust_within: float
    trust_prior_weight: float
    staff_engagement: float
    resident_engagement_a: float
    resident_engagement_b: float
    sharing: float
    generosity: float
    self_interest: float
    shortcoming_sd: float
    satisfaction_initial: float
    ownership_initial: float


def power_prototypes(config: Scenario) -> np.ndarray:
    """(roles, 3) mean formal, resource and knowledge power per role.

    Residents' formal authority and resources are the officials' scaled by (1 - asymmetry); their
    local knowledge is reduced by half the asymmetry only (assumption: local knowledge is the one
    power residents keep).
    """
    p = config.power
    a = p.asymmetry
    res = [p.official.formal * (1 - a), p.official.resources * (1 - a),
           p.resident_knowledge * (1 - a / 2)]
    rows = [res] + [[r.formal, r.resources, r.knowledge]
                    for r in (p.professional, p.official, p.administrator, p.other)]
    return np.array(rows, dtype=float)


def settings(c: Scenario) -> Settings:
    """The scenario's parameters as the compiled week reads them."""
    fmt = np.array(c.house.meeting_format.as_list(), dtype=float)
    protos = np.array([m.as_list() for m in c.logics.by_role()], dtype=float)
    protos /= protos.sum(axis=1, keepdims=True)
    levels = [lvl for _, lvl in c.vertical.levels()]
    w = np.array([c.power.formal_weight, c.power.resources_weight, c.power.knowledge_weight])
    e, t, d = c.engagement, c.trust, c.decision
    return Settings(
        topics=c.house.topics, room_capacity=c.population.room_capacity,
        attendance_rate=c.population.attendance_rate, self_selection=c.population.self_selection,
        institutional_attendance=c.population.institutional_attendance,
        staff_engagement_weight=c.population.staff_engagement_weight,
        newcomer_rate=c.population.newcomer_rate,
        decision_rule=RULES.index(c.house.decision_rule),
        agenda_power_exponent=c.house.agenda_power_exponent,
        speaking_turns=c.house.speaking_turns, influence_rounds=c.house.influence_rounds,
        meeting_format=fmt / fmt.sum(), fit_exponent=c.speaking.fit_exponent,
        silencing=c.speaking.silencing, self_weight=c.influence.self_weight,
        confidence_bound=c.influence.confidence_bound, contact_rate=c.informal.contact_rate,
        convergence=c.informal.convergence, tolerance=d.tolerance,
        objection_factor=d.objection_factor, threshold=d.threshold,
        resident_quorum=d.resident_quorum, amendments=d.amendments, logrolling=d.logrolling,
        anchor_bridging=d.anchor_bridging, anchor_learning=d.anchor_learning,
        anchor_max_shift=d.anchor_max_shift, loss_weight=t.loss_weight, win_weight=t.win_weight,
        kept_weight=t.kept_weight, breach_weight=t.breach_weight, forgetting=t.forgetting,
        trust_between=t.between, generosity_weight=t.generosity_weight,
        commitment_attendance=e.commitment_attendance, commitment_gain=e.commitment_gain,
        commitment_fade=e.commitment_fade, engagement_rate=e.learning_rate,
        participation_cost=e.participation_cost, disappointment_fade=e.disappointment_fade,
        dropout_hazard=e.dropout_hazard, first_visit_dropout=e.first_visit_dropout,
        voice_weight=c.satisfaction.voice_weight, satisfaction_rate=c.satisfaction.learning_rate,
        ownership_rate=c.ownership.learning_rate,
        amplification=c.power.experienced_amplification,
        pass_base=np.array([lvl.pass_probability for lvl in levels], dtype=float),
        delay=np.array([lvl.delay for lvl in levels], dtype=np.int64),
        attempts=np.array([lvl.attempts for lvl in levels], dtype=np.int64),
        points=np.array([lvl.points for lvl in levels], dtype=np.int64),
        applies=np.array([lvl.applies_to for lvl in levels], dtype=float),
        dependence=np.array([0.0, c.vertical.sharing_dependence, 0.0]),
        line_weight=c.vertical.line_weight,
        logic_alpha=c.logics.concentration * protos + 0.05,
        power_prototype=power_prototypes(c), power_weights=w / w.sum(),
        power_sd=c.power.individual_sd,
        position_mean=np.array(c.influence.positions.by_role(), dtype=float),
        position_sd=c.influence.position_sd, susceptibility=c.influence.susceptibility,
        power_insusceptibility=c.influence.power_insusceptibility,
        confidence_sd=c.influence.confidence_sd,
        trust_prior_between=t.between * (1.0 - t.prior_conflict), trust_within=t.within,
        trust_prior_weight=t.prior_weight, staff_engagement=e.staff_initial,
        resident_engagement_a=e.resident_mean * e.resident_concentration,
        resident_engagement_b=(1 - e.resident_mean) * e.resident_concentration,
        sharing=c.shortcoming.sharing, generosity=c.shortcoming.generosity,
        self_interest=c.shortcoming.self_interest, shortcoming_sd=c.shortcoming.sd,
        satisfaction_initial=c.satisfaction.initial, ownership_initial=c.ownership.initial,
    )
