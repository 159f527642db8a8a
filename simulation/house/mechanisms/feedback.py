"""Feedback after a meeting: being heard, decisions and kept or broken promises update states."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit


@jit
def clip01(a: np.ndarray) -> np.ndarray:
    """Values kept within [0, 1]."""
    return np.minimum(np.maximum(a, 0.0), 1.0)


@jit
def heard(w: np.ndarray) -> np.ndarray:
    """How much the others listened to each participant, 1 = at least an equal share."""
    n = w.shape[0]
    if n < 2:
        return np.ones(n)
    out = np.zeros(n)
    for j in range(n):
        for i in range(n):
            if i != j:
                out[j] += min(1.0, n * w[i, j])
    return out / (n - 1)


@jit
def listened_by_group(w: np.ndarray, roles: np.ndarray,
                      groups: int) -> tuple[np.ndarray, np.ndarray]:
    """For each participant and group: mean attention received from that group's other members.

    Returns (mean attention, has-members mask), both (present, groups).
    """
    n = w.shape[0]
    total = np.zeros((n, groups))
    members = np.zeros(groups)
    for j in range(n):
        members[roles[j]] += 1.0
    for i in range(n):
        for j in range(n):
            if i != j:
                total[i, roles[j]] += min(1.0, n * w[j, i])
    mean = np.zeros((n, groups))
    has = np.zeros((n, groups), dtype=np.bool_)
    for i in range(n):
        for g in range(groups):
            others = members[g] - (roles[i] == g)
            if others > 0:
                has[i, g] = True
                mean[i, g] = total[i, g] / others
    return mean, has


@jit
def relax(value: np.ndarray, target: np.ndarray | float,
          rate: float | np.ndarray) -> np.ndarray:
    """Move towards a target by a share (exponential smoothing), kept within [0, 1]."""
    return clip01(value + rate * (target - value))


@jit
def learn_trust(trust: float, weight: float, experience: float, amount: float,
                loss_weight: float) -> tuple[float, float]:
    """Trust as a stock of weighted experience; returns the new trust and its weight.

    The new trust is the weighted mean of the old trust, which carries the weight of all
    experience so far, and the new experience (0..1) with its weight `amount` (in meetings'
    worth): t' = (w·t + a·e) / (w + a), w' = w + a (the beta-reputation form of Jøsang & Ismail
    2002). A negative experience (below ½) counts `loss_weight` times: trust-destroying events
    weigh more than trust-building ones, so trust is destroyed faster than it is built (Slovic
    1993). The more experience trust rests on, the less one new experience moves it, so early
    wins and early conflict leave lasting traces; without forgetting, trust is the weighted mean
    of the prior and every experience, whatever their order.
    """
    a = amount * (loss_weight if experience < 0.5 else 1.0)
    total = weight + a
    if total <= 0:
        return min(max(trust, 0.0), 1.0), total
    return min(max((weight * trust + a * experience) / total, 0.0), 1.0), total


@jit
def trust_in_others(trust: np.ndarray, role: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """(n,) each participant's mean trust in the groups of the house other than their own.

    `groups` marks the roles the house has; with no other group one's own trust is returned.
    """
    n = role.size
    out = np.empty(n)
    for i in range(n):
        total, others = 0.0, 0
        for g in range(groups.size):
            if groups[g] and g != role[i]:
                total += trust[i, g]
                others += 1
        out[i] = total / others if others else trust[i, role[i]]
    return out


@jit
def delivery(interest: np.ndarray, status_quo: float, value: float) -> np.ndarray:
    """What an implemented decision did for one's interest against the status quo it replaced.

    ½ = no closer and no further; above ½ the decision brought policy closer to one's interest,
    below ½ further away. Outcomes are judged against a reference point, the status quo
    (Kahneman & Tversky 1979), not on an absolute scale, so a decision that leans towards
    the powerful does not count as a gain merely for being carried out.
    """
    return clip01(0.5 + np.abs(interest - status_quo) - np.abs(interest - value))


@jit
def commit(commitment: np.ndarray, trust: np.ndarray, gain: float) -> np.ndarray:
    """A small win builds commitment to the process, the more the more one trusts the others
    (Ansell & Gash 2008: trust building -> commitment; small wins feed both)."""
    return commitment + gain * trust * (1.0 - commitment)


@jit
def generosity(trait: np.ndarray, trust: np.ndarray, calm: float, weight: float) -> np.ndarray:
    """Willingness to grant others a decision: the trait one brings, raised by trust in the other
    groups above its calm starting level `calm` and lowered below it.

    Trusting is accepting vulnerability (Rousseau et al. 1998): granting a proposal one does not
    fully share is such a risk. Linear form: assumption.
    """
    return clip01(trait + weight * (trust - calm))


@jit
def disappoint(stock: np.ndarray, experience: np.ndarray, cost: float) -> np.ndarray:
    """Add a meeting's disappointment: how far its experience fell short of what coming costs
    (an evening); a meeting worth the evening adds nothing (Klandermans 1997: participation
    ends when its benefits stay below its costs)."""
    return stock + np.maximum(0.0, cost - experience)


@jit
def leaving_chance(disappointment: float, commitment: float, hazard: float) -> float:
    """Chance to leave for good after a meeting: a hazard growing with accumulated disappointment,
    buffered by commitment to the process (Klandermans 1997: disengagement follows insufficient
    gratification and declining commitment)."""
    return 1.0 - np.exp(-hazard * disappointment * (1.0 - commitment))


@jit
def first_visit_chance(experience: float, attrition: float) -> float:
    """Chance that a first-timer does not come back: `attrition` for a first meeting that gave
    nothing, less the better it was (assumption)."""
    return attrition * (1.0 - experience)


@jit
def efficacy(satisfaction: np.ndarray, heard: np.ndarray) -> np.ndarray:
    """The will to come back: satisfied *and* heard (geometric mean; both are needed)."""
    return np.sqrt(satisfaction * heard)


@jit
def outcome_value(interest: np.ndarray, decided: bool, value: float,
                  self_interest: np.ndarray) -> np.ndarray:
    """How good the meeting's result is to each participant (0..1).

    Judged against one's interest (the anchor), not the view one was talked into. A decision is
    worth its closeness to that interest (weighted by self-interest) plus the
    joint gain of having decided at all; no decision leaves one's interest half served and the
    joint interest a quarter (talking is not nothing) — both assumption.
    """
    if decided:
        return self_interest * (1.0 - np.abs(interest - value)) + (1.0 - self_interest)
    return self_interest * 0.5 + (1.0 - self_interest) * 0.25
