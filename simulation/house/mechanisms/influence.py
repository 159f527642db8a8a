"""Social influence: Friedkin–Johnsen with bounded confidence, and pairwise (Deffuant) talk."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit


@jit
def logic_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Total-variation distance between logic mixes (rows sum to 1): 0 = same, 1 = disjoint."""
    out = np.empty((a.shape[0], b.shape[0]))
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            d = 0.0
            for k in range(a.shape[1]):
                d += abs(a[i, k] - b[j, k])
            out[i, j] = 0.5 * d
    return out


@jit
def confidence_mask(x: np.ndarray, bound: np.ndarray, narrowing: np.ndarray) -> np.ndarray:
    """Who hears whom: |x_i - x_j| within i's bound, narrowed by the pair's logic distance.

    `narrowing[i, j]` in [0, 1] shrinks i's bound towards j (0 = full bound). Everyone hears
    themselves.
    """
    n = x.size
    mask = np.empty((n, n), dtype=np.bool_)
    for i in range(n):
        for j in range(n):
            mask[i, j] = i == j or abs(x[i] - x[j]) <= bound[i] * (1.0 - narrowing[i, j])
    return mask


@jit
def set_aside(filters: np.ndarray, listening: np.ndarray) -> np.ndarray:
    """Listening: listener i sets aside `listening[i]` of every filter on the attention they pay
    (filters in [0, 1] per listener and speaker; 1 = heard at face value)."""
    return filters + np.expand_dims(listening, 1) * (1.0 - filters)


@jit
def influence_weights(attention: np.ndarray, mask: np.ndarray, self_weight: float) -> np.ndarray:
    """Row-stochastic W from the attention i pays j (speaking x trust x logic fit).

    Rows are listeners. Pairs outside the confidence bound get zero weight; the diagonal is the
    weight on one's own current view; one who gives no weight at all keeps their own view.
    """
    n = attention.shape[0]
    w = np.zeros((n, n))
    for i in range(n):
        total = 0.0
        for j in range(n):
            w[i, j] = self_weight if i == j else (attention[i, j] if mask[i, j] else 0.0)
            total += w[i, j]
        if total <= 0:
            w[i, :] = 0.0
            w[i, i] = 1.0
        else:
            w[i, :] /= total
    return w


@jit
def friedkin_johnsen(x: np.ndarray, anchor: np.ndarray, lam: np.ndarray, w: np.ndarray,
                     rounds: int) -> np.ndarray:
    """Iterate x <- ΛWx + (I - Λ)x0 (Friedkin & Johnsen 1999) for a number of rounds."""
    n = x.size
    pull = (1.0 - lam) * anchor
    now = x.copy()
    nxt = np.empty(n)
    for _ in range(rounds):
        for i in range(n):
            heard = 0.0
            for j in range(n):
                heard += w[i, j] * now[j]
            nxt[i] = lam[i] * heard + pull[i]
        now, nxt = nxt, now
    return now


@jit
def deffuant_exchange(x: np.ndarray, bound: np.ndarray, mu: float,
                      left: np.ndarray, right: np.ndarray) -> None:
    """Pairwise bounded-confidence talk (Deffuant et al. 2000) for disjoint pairs, in place.

    A pair moves towards each other by `mu` of their distance on every topic where they are
    within both bounds. Symmetric moves conserve the mean. `x` is (agents, topics).
    """
    for p in range(left.size):
        a, b = left[p], right[p]
        reach = min(bound[a], bound[b])
        for t in range(x.shape[1]):
            diff = x[b, t] - x[a, t]
            if abs(diff) <= reach:
                x[a, t] += mu * diff
                x[b, t] -= mu * diff


@jit
def random_pairs(candidates: np.ndarray, share: float,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Disjoint random pairs covering about `share` of the candidates."""
    talking = rng.permutation(candidates[rng.random(candidates.size) < share])
    half = talking.size // 2
    return talking[:half], talking[half:2 * half]
