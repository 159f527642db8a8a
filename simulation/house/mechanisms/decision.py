"""Decisions under the house's rule: the rule chooses among the candidate values on the table.

`majority` with a threshold makes simple majority (0.5), supermajorities and unanimity (1) one
family; `consent` and `consensus` stand beside it; `hierarchical` leaves it to the chair.
"""

from __future__ import annotations

import numpy as np

RULES = ("hierarchical", "majority", "consent", "consensus")


def proposal(x: np.ndarray, shares: np.ndarray) -> float:
    """The room's view: positions weighted by speaking share (who talks, frames)."""
    return float(np.dot(x, shares) / shares.sum())


def choose(rule: str, distance: np.ndarray, tolerance: np.ndarray, objection_factor: float,
           formal: np.ndarray, threshold: float = 0.5) -> int:
    """The candidate the rule adopts (row of `distance`, shape (candidates, present)); -1: none.

    A participant supports a candidate within their tolerance and objects beyond
    objection_factor x tolerance.
    hierarchical: the chair (highest formal authority present) takes the candidate nearest them.
    majority: supported by at least `threshold` of those present and by more than half.
    consent: nobody objects.  consensus: everybody supports.
    Among the admissible, the most supported wins, then the one nearest to all on average, then
    the earliest (the draft comes first).
    """
    if rule not in RULES:
        raise ValueError(f"unknown decision rule {rule!r}; allowed: {', '.join(RULES)}")
    if rule == "hierarchical":
        return int(np.argmin(distance[:, int(np.argmax(formal))]))
    support = (distance <= tolerance[None, :]).mean(axis=1)
    if rule == "majority":
        admissible = (support >= threshold - 1e-12) & (support > 0.5)
    elif rule == "consent":
        admissible = (distance <= objection_factor * tolerance[None, :]).all(axis=1)
    else:
        admissible = support >= 1.0
    order = np.lexsort((np.arange(support.size), distance.mean(axis=1), -support))
    chosen = order[admissible[order]]
    return int(chosen[0]) if chosen.size else -1

