"""Vertical clearance points (Pressman & Wildavsky 1973): each sign-off passes with a chance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# The clearance points a decision may pass, in order: house -> administration -> national frame.
VERTICAL_LEVELS = ("residents_execution", "execution_administration", "national_local")


def effective_pass(base: np.ndarray, boost: np.ndarray, sharing: float,
                   sharing_dependence: np.ndarray) -> np.ndarray:
    """Per-level chance that one attempt passes.

    `boost` closes part of the gap to certainty (backing from a mayor, steering group or director
    following up); the executors' mean information sharing gates the levels that depend on it.
    """
    p = base + boost * (1.0 - base)
    return np.clip(p * (1.0 - sharing_dependence * (1.0 - sharing)), 0.0, 1.0)


def against_line(p: np.ndarray, distance: np.ndarray, weight: float) -> np.ndarray:
    """A clearance point is a party with its own view: the further a decision lies from that
    line, the less likely it is signed off (Pressman & Wildavsky 1973)."""
    return p * np.clip(1.0 - weight * distance, 0.0, 1.0)


def attempt(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One attempt per pending decision at its current point."""
    return rng.random(p.size) < p


def implementation_probability(levels: Sequence[tuple[int, float, int]]) -> float:
    """Closed form: a decision passes (points, p, attempts) levels in series with probability
    prod (1 - (1 - p)^attempts)^points — each extra point multiplies it down."""
    total = 1.0
    for points, p, attempts in levels:
        total *= (1.0 - (1.0 - p) ** attempts) ** points
    return total
