"""Attendance: engagement makes people come; self-selection favours the 'usual suspects'."""

from __future__ import annotations

import numpy as np


def usual_suspect_score(knowledge: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """How typical a resident is of those who self-select: knowledgeable and outspoken (0..1).

    Outspokenness is the mean distance of one's positions from the middle of the scale (Fung 2006:
    self-selected participants are better resourced and hold stronger views).
    """
    outspoken = 2.0 * np.abs(positions - 0.5).mean(axis=1)
    return 0.5 * (knowledge + outspoken)


def will_to_come(engagement: np.ndarray, commitment: np.ndarray, weight: float) -> np.ndarray:
    """Engagement with part of its gap to 1 filled by commitment to the process: committed
    residents come even after a dull meeting (Ansell & Gash 2008; linear form: assumption)."""
    return engagement + weight * commitment * (1.0 - engagement)


def attendance_probability(engagement: np.ndarray, rate: float, suspect: np.ndarray,
                           self_selection: float) -> np.ndarray:
    """Chance to come: engagement x rate, tilted towards usual suspects by self_selection."""
    tilt = 1.0 + self_selection * (suspect - 0.5)
    return np.clip(rate * engagement * tilt, 0.0, 1.0)


def draw_attendance(candidates: np.ndarray, probability: np.ndarray, capacity: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Who comes: Bernoulli per candidate, then a cut to the room's capacity.

    When more want to come than fit, places go by weighted sampling without replacement in
    proportion to the wish to come (Efraimidis & Spirakis 2006: the largest u^(1/w) win).
    """
    wants = rng.random(candidates.size) < probability
    if wants.sum() <= capacity:
        return candidates[wants]
    weight = probability[wants]
    keys = np.log(rng.random(weight.size)) / weight
    keep = np.argpartition(-keys, capacity - 1)[:capacity]
    return np.sort(candidates[wants][keep])
