"""Feedback after a meeting: being heard, decisions and kept or broken promises update states."""

from __future__ import annotations

import numpy as np


def heard(w: np.ndarray) -> np.ndarray:
    """How much the others listened to each participant, 1 = at least an equal share."""
    n = w.shape[0]
    if n < 2:
        return np.ones(n)
    listened = np.minimum(1.0, n * w)
    np.fill_diagonal(listened, 0.0)
    return listened.sum(axis=0) / (n - 1)


def listened_by_group(w: np.ndarray, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each participant and group: mean attention received from that group's members.

    Returns (mean attention, has-members mask), both (present, groups). `onehot` is
    (present, groups) role membership.
    """
    n = w.shape[0]
    listened = np.minimum(1.0, n * w)
    np.fill_diagonal(listened, 0.0)
    total = listened.T @ onehot                     # [i, g] = sum_j in g of listened[j, i]
    members = onehot.sum(axis=0)[None, :] - onehot  # others of g present, excluding oneself
    has = members > 0
    return np.where(has, total / np.maximum(members, 1), 0.0), has


def relax(value: np.ndarray, target: np.ndarray | float,
          rate: float | np.ndarray) -> np.ndarray:
    """Move towards a target by a share (exponential smoothing), kept within [0, 1]."""
    return np.clip(value + rate * (target - value), 0.0, 1.0)


def learn_trust(trust: np.ndarray, weight: np.ndarray, experience: np.ndarray | float,
                amount: np.ndarray | float, loss_weight: float) -> tuple[np.ndarray, np.ndarray]:
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
    a = amount * np.where(experience < 0.5, loss_weight, 1.0)
    total = weight + a
    moved = (weight * trust + a * experience) / np.where(total > 0, total, 1.0)
    return np.clip(np.where(total > 0, moved, trust), 0.0, 1.0), total


def trust_in_others(trust: np.ndarray, role: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """(n,) each participant's mean trust in the groups of the house other than their own.

    `groups` marks the roles the house has; with no other group one's own trust is returned.
    """
    own = groups[role]
    others = groups.sum() - own
    total = trust[:, groups].sum(axis=1) - np.where(own, trust[np.arange(role.size), role], 0.0)
    return np.where(others > 0, total / np.maximum(others, 1), trust[np.arange(role.size), role])


def delivery(interest: np.ndarray, status_quo: float, value: float) -> np.ndarray:
    """What an implemented decision did for one's interest against the status quo it replaced.

    ½ = no closer and no further; above ½ the decision brought policy closer to one's interest,
    below ½ further away. Outcomes are judged against a reference point, the status quo
    (Kahneman & Tversky 1979), not on an absolute scale, so a decision that leans towards
    the powerful does not count as a gain merely for being carried out.
    """
    return np.clip(0.5 + np.abs(interest - status_quo) - np.abs(interest - value), 0.0, 1.0)


def commit(commitment: np.ndarray, trust: np.ndarray, gain: float) -> np.ndarray:
    """A small win builds commitment to the process, the more the more one trusts the others
    (Ansell & Gash 2008: trust building -> commitment; small wins feed both)."""
    return commitment + gain * trust * (1.0 - commitment)


def generosity(trait: np.ndarray, trust: np.ndarray, calm: float, weight: float) -> np.ndarray:
    """Willingness to grant others a decision: the trait one brings, raised by trust in the other
    groups above its calm starting level `calm` and lowered below it.

    Trusting is accepting vulnerability (Rousseau et al. 1998): granting a proposal one does not
    fully share is such a risk. Linear form: assumption.
    """
    return np.clip(trait + weight * (trust - calm), 0.0, 1.0)


def disappoint(stock: np.ndarray, experience: np.ndarray, cost: float) -> np.ndarray:
    """Add a meeting's disappointment: how far its experience fell short of what coming costs
    (an evening); a meeting worth the evening adds nothing (Klandermans 1997: participation
    ends when its benefits stay below its costs)."""
    return stock + np.maximum(0.0, cost - experience)


def leaving_chance(disappointment: np.ndarray, commitment: np.ndarray,
                   hazard: float) -> np.ndarray:
    """Chance to leave for good after a meeting: a hazard growing with accumulated disappointment,
    buffered by commitment to the process (Klandermans 1997: disengagement follows insufficient
    gratification and declining commitment)."""
    return 1.0 - np.exp(-hazard * disappointment * (1.0 - commitment))


def first_visit_chance(experience: np.ndarray, attrition: float) -> np.ndarray:
    """Chance that a first-timer does not come back: `attrition` for a first meeting that gave
    nothing, less the better it was (assumption)."""
    return attrition * (1.0 - experience)


def efficacy(satisfaction: np.ndarray, heard: np.ndarray) -> np.ndarray:
    """The will to come back: satisfied *and* heard (geometric mean; both are needed)."""
    return np.sqrt(satisfaction * heard)


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
