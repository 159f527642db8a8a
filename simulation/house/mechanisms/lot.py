"""Selection by lot within strata (sortition; Flanigan et al. 2021), as a citizen panel draws."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit
from simulation.house.mechanisms.attendance import sample


@jit
def weighted_pick(weights: np.ndarray, rng: np.random.Generator) -> int:
    """One index drawn in proportion to non-negative weights."""
    u = rng.random() * weights.sum()
    total = 0.0
    for i in range(weights.size):
        total += weights[i]
        if u < total:
            return i
    return int(np.flatnonzero(weights > 0)[-1])


@jit
def stratified_lot(candidates: np.ndarray, key: np.ndarray, size: int, strata: int,
                   rng: np.random.Generator) -> np.ndarray:
    """Draw `size` of the candidates: proportional seats per quantile band of `key`.

    Bands are equal-sized runs of the candidates ordered by `key` (the first ones one larger
    when they do not divide). Each band gets its proportional share of the seats rounded down;
    the few seats left over go to distinct bands drawn in proportion to their remaining room.
    """
    n = candidates.size
    size = min(size, n)
    if size == 0:
        return candidates[:0]
    ordered = candidates[np.argsort(key, kind="mergesort")]
    bounds = np.zeros(strata + 1, dtype=np.int64)
    for b in range(strata):
        bounds[b + 1] = bounds[b] + n // strata + (1 if b < n % strata else 0)
    seats = np.zeros(strata, dtype=np.int64)
    room = np.zeros(strata)
    for b in range(strata):
        band = bounds[b + 1] - bounds[b]
        seats[b] = size * band // n
        room[b] = band - seats[b]
    for _ in range(size - seats.sum()):
        b = weighted_pick(room, rng)
        seats[b] += 1
        room[b] = 0.0
    drawn = np.empty(size, dtype=candidates.dtype)
    k = 0
    for b in range(strata):
        chosen = sample(ordered[bounds[b]:bounds[b + 1]], seats[b], rng)
        drawn[k:k + chosen.size] = chosen
        k += chosen.size
    return np.sort(drawn)
