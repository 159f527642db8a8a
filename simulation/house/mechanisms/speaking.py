"""Speaking turns: power, fit of one's logic with the meeting format, and felt power gaps."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit


@jit
def format_fit(logic: np.ndarray, meeting_format: np.ndarray) -> np.ndarray:
    """1 - total-variation distance between one's logic mix and the meeting's format."""
    return 1.0 - 0.5 * np.abs(logic - meeting_format).sum(axis=1)


@jit
def felt_gap(perceived: np.ndarray, roles: np.ndarray, power: np.ndarray) -> np.ndarray:
    """How much more powerful the others present feel than oneself (>= 0).

    `perceived[i, g]` is how powerful i experiences group g; the gap is the mean over the others
    in the room minus one's own power.
    """
    n = roles.size
    gap = np.zeros(n)
    if n < 2:
        return gap
    for i in range(n):
        felt = 0.0
        for j in range(n):
            if j != i:
                felt += perceived[i, roles[j]]
        gap[i] = max(felt / (n - 1) - power[i], 0.0)
    return gap


@jit
def voice(power: np.ndarray, fit: np.ndarray, gap: np.ndarray, power_exponent: float,
          fit_exponent: float, silencing: float) -> np.ndarray:
    """Claim on speaking time: power^a * fit^b * (1 - silencing * gap), never exactly zero."""
    claim = power ** power_exponent * fit ** fit_exponent * (
        1.0 - silencing * np.minimum(np.maximum(gap, 0.0), 1.0))
    return np.maximum(claim, 1e-3)


@jit
def equalise(shares: np.ndarray, gamma: float) -> np.ndarray:
    """Move speaking shares towards equal turns by gamma (a chair or director allocating turns)."""
    return (1.0 - gamma) * shares + gamma / shares.size


@jit
def allocate_turns(shares: np.ndarray, turns: int, rng: np.random.Generator) -> np.ndarray:
    """Draw who gets each of the meeting's turns: multinomial on the shares, drawn as numpy
    draws it (a binomial per participant on what is left)."""
    n = shares.size
    out = np.zeros(n, dtype=np.int64)
    left, rest = turns, shares.sum()
    for i in range(n - 1):
        if left <= 0 or rest <= 0:
            break
        k = rng.binomial(left, min(max(shares[i] / rest, 0.0), 1.0))
        out[i] = k
        left -= k
        rest -= shares[i]
    out[n - 1] += left
    return out
