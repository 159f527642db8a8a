"""Social influence: Friedkin–Johnsen with bounded confidence, and pairwise (Deffuant) talk."""

from __future__ import annotations

import numpy as np


def logic_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Total-variation distance between logic mixes (rows sum to 1): 0 = same, 1 = disjoint."""
    return 0.5 * np.abs(a[:, None, :] - b[None, :, :]).sum(axis=-1)


def confidence_mask(x: np.ndarray, bound: np.ndarray, narrowing: np.ndarray) -> np.ndarray:
    """Who hears whom: |x_i - x_j| within i's bound, narrowed by the pair's logic distance.

    `narrowing[i, j]` in [0, 1] shrinks i's bound towards j (0 = full bound). Everyone hears
    themselves.
    """
    reach = bound[:, None] * (1.0 - narrowing)
    mask = np.abs(x[:, None] - x[None, :]) <= reach
    np.fill_diagonal(mask, True)
    return mask


def set_aside(filters: np.ndarray, listening: np.ndarray) -> np.ndarray:
    """Listening: listener i sets aside `listening[i]` of every filter on the attention they pay
    (filters in [0, 1] per listener and speaker; 1 = heard at face value)."""
    return filters + listening[:, None] * (1.0 - filters)


def influence_weights(attention: np.ndarray, mask: np.ndarray, self_weight: float) -> np.ndarray:
    """Row-stochastic W from the attention i pays j (speaking x trust x logic fit).

    Rows are listeners. Pairs outside the confidence bound get zero weight; the diagonal is the
    weight on one's own current view.
    """
    w = np.where(mask, attention, 0.0)
    np.fill_diagonal(w, self_weight)
    total = w.sum(axis=1, keepdims=True)
    alone = total[:, 0] <= 0
    if alone.any():
        w[alone] = 0.0
        w[alone, alone.nonzero()[0]] = 1.0
        total = w.sum(axis=1, keepdims=True)
    return w / total


def friedkin_johnsen(x: np.ndarray, anchor: np.ndarray, lam: np.ndarray, w: np.ndarray,
                     rounds: int) -> np.ndarray:
    """Iterate x <- ΛWx + (I - Λ)x0 (Friedkin & Johnsen 1999) for a number of rounds."""
    pull = (1.0 - lam) * anchor
    for _ in range(rounds):
        x = lam * (w @ x) + pull
    return x


def deffuant_exchange(x: np.ndarray, bound: np.ndarray, mu: float,
                      left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Pairwise bounded-confidence talk (Deffuant et al. 2000) for disjoint pairs.

    A pair moves towards each other by `mu` of their distance on every topic where they are
    within both bounds. Symmetric moves conserve the mean. `x` is (agents, topics).
    """
    a, b = x[left], x[right]
    reach = np.minimum(bound[left], bound[right])[:, None]
    diff = b - a
    step = np.where(np.abs(diff) <= reach, mu * diff, 0.0)
    out = x.copy()
    out[left] = a + step
    out[right] = b - step
    return out


def random_pairs(candidates: np.ndarray, share: float,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Disjoint random pairs covering about `share` of the candidates."""
    talking = candidates[rng.random(candidates.size) < share]
    talking = rng.permutation(talking)
    half = talking.size // 2
    return talking[:half], talking[half:2 * half]
