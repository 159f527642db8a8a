"""Speaking turns: power, fit of one's logic with the meeting format, and felt power gaps."""

from __future__ import annotations

import numpy as np


def format_fit(logic: np.ndarray, meeting_format: np.ndarray) -> np.ndarray:
    """1 - total-variation distance between one's logic mix and the meeting's format."""
    return 1.0 - 0.5 * np.abs(logic - meeting_format[None, :]).sum(axis=1)


def felt_gap(perceived: np.ndarray, roles: np.ndarray, power: np.ndarray) -> np.ndarray:
    """How much more powerful the others present feel than oneself (>= 0).

    `perceived[i, g]` is how powerful i experiences group g; the gap is the mean over the others
    in the room minus one's own power.
    """
    n = roles.size
    if n < 2:
        return np.zeros(n)
    felt = perceived[:, roles]                       # (present, present)
    others = (felt.sum(axis=1) - felt[np.arange(n), np.arange(n)]) / (n - 1)
    return np.clip(others - power, 0.0, None)


def voice(power: np.ndarray, fit: np.ndarray, gap: np.ndarray, power_exponent: float,
          fit_exponent: float, silencing: float) -> np.ndarray:
    """Claim on speaking time: power^a * fit^b * (1 - silencing * gap), never exactly zero."""
    claim = power ** power_exponent * fit ** fit_exponent * (1.0 - silencing * np.clip(gap, 0, 1))
    return np.maximum(claim, 1e-3)


def equalise(shares: np.ndarray, gamma: float) -> np.ndarray:
    """Move speaking shares towards equal turns by gamma (a chair or director allocating turns)."""
    return (1.0 - gamma) * shares + gamma / shares.size


def allocate_turns(shares: np.ndarray, turns: int, rng: np.random.Generator) -> np.ndarray:
    """Draw who gets each of the meeting's turns (multinomial on the shares)."""
    return rng.multinomial(turns, shares / shares.sum())
