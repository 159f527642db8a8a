"""Vertical clearance points (Pressman & Wildavsky 1973): each sign-off passes with a chance."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulation.house.compiled import jit

# The clearance points a decision may pass, in order: house -> administration -> national frame.
VERTICAL_LEVELS = ("residents_execution", "execution_administration", "national_local")


@jit
def effective_pass(base: np.ndarray, boost: np.ndarray, sharing: float,
                   sharing_dependence: np.ndarray) -> np.ndarray:
    """Per-level chance that one attempt passes.

    `boost` closes part of the gap to certainty (backing from a mayor, steering group or director
    following up); the executors' mean information sharing gates the levels that depend on it.
    """
    p = base + boost * (1.0 - base)
    return np.minimum(np.maximum(p * (1.0 - sharing_dependence * (1.0 - sharing)), 0.0), 1.0)


@jit
def against_line(p: float, distance: float, weight: float) -> float:
    """A clearance point is a party with its own view: the further a decision lies from that
    line, the less likely it is signed off (Pressman & Wildavsky 1973)."""
    return p * min(max(1.0 - weight * distance, 0.0), 1.0)


def implementation_probability(levels: Sequence[tuple[int, float, int]]) -> float:
    """Closed form (the oracle the pipeline is tested against): a decision passes (points, p,
    attempts) levels in series with probability prod (1 - (1 - p)^attempts)^points — each extra
    point multiplies it down."""
    total = 1.0
    for points, p, attempts in levels:
        total *= (1.0 - (1.0 - p) ** attempts) ** points
    return total
