"""Decisions under the house's rule: the rule chooses among the candidate values on the table.

`majority` with a threshold makes simple majority (0.5), supermajorities and unanimity (1) one
family; `consent` and `consensus` stand beside it; `hierarchical` leaves it to the chair. The
compiled week reads a rule by its code, its index in RULES.
"""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit

RULES = ("hierarchical", "majority", "consent", "consensus")
HIERARCHICAL, MAJORITY, CONSENT, CONSENSUS = range(len(RULES))


@jit
def proposal(x: np.ndarray, shares: np.ndarray) -> float:
    """The room's view: positions weighted by speaking share (who talks, frames)."""
    return float((x * shares).sum() / shares.sum())


@jit
def choose(rule: int, distance: np.ndarray, tolerance: np.ndarray, objection_factor: float,
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
    candidates, n = distance.shape
    if rule == HIERARCHICAL:
        return int(np.argmin(distance[:, int(np.argmax(formal))]))
    best, best_support, best_far = -1, -1.0, np.inf
    for k in range(candidates):
        supporters, objectors, far = 0, 0, 0.0
        for i in range(n):
            supporters += distance[k, i] <= tolerance[i]
            objectors += distance[k, i] > objection_factor * tolerance[i]
            far += distance[k, i]
        support, far = supporters / n, far / n
        if rule == MAJORITY:
            admissible = support >= threshold - 1e-12 and support > 0.5
        elif rule == CONSENT:
            admissible = objectors == 0
        else:
            admissible = supporters == n
        if admissible and (support > best_support or (support == best_support
                                                      and far < best_far)):
            best, best_support, best_far = k, support, far
    return best
