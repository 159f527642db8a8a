"""Attendance: engagement makes people come; self-selection favours the 'usual suspects'."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit


@jit
def usual_suspect_score(knowledge: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """How typical a resident is of those who self-select: knowledgeable and outspoken (0..1).

    Outspokenness is the mean distance of one's positions from the middle of the scale (Fung 2006:
    self-selected participants are better resourced and hold stronger views).
    """
    n, topics = positions.shape
    score = np.empty(n)
    for i in range(n):
        far = 0.0
        for t in range(topics):
            far += abs(positions[i, t] - 0.5)
        score[i] = 0.5 * (knowledge[i] + 2.0 * far / topics)
    return score


@jit
def will_to_come(engagement: np.ndarray, commitment: np.ndarray, weight: float) -> np.ndarray:
    """Engagement with part of its gap to 1 filled by commitment to the process: committed
    residents come even after a dull meeting (Ansell & Gash 2008; linear form: assumption)."""
    return engagement + weight * commitment * (1.0 - engagement)


@jit
def attendance_probability(engagement: np.ndarray, rate: float, suspect: np.ndarray,
                           self_selection: float) -> np.ndarray:
    """Chance to come: engagement x rate, tilted towards usual suspects by self_selection."""
    tilt = 1.0 + self_selection * (suspect - 0.5)
    return np.minimum(np.maximum(rate * engagement * tilt, 0.0), 1.0)


@jit
def sample(items: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """`k` of `items` drawn uniformly without replacement, in the items' order."""
    keep = np.argsort(rng.random(items.size), kind="mergesort")[:k]
    return items[np.sort(keep)]


@jit
def draw_attendance(candidates: np.ndarray, probability: np.ndarray, capacity: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Who comes: Bernoulli per candidate, then a cut to the room's capacity.

    When more want to come than fit, places go by weighted sampling without replacement in
    proportion to the wish to come (Efraimidis & Spirakis 2006: the largest u^(1/w) win).
    """
    wants = rng.random(candidates.size) < probability
    coming = candidates[wants]
    if coming.size <= capacity:
        return coming
    keys = np.log(rng.random(coming.size)) / probability[wants]
    keep = np.argsort(-keys, kind="mergesort")[:max(capacity, 0)]
    return np.sort(coming[keep])
