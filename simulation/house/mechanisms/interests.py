"""Interests that can move: anchors shift slowly, and never further than a bound from where they
started, so a house whose interests do not overlap can still fail honestly."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit


@jit
def understanding(weights: np.ndarray, logic_distance: np.ndarray,
                  perspective: np.ndarray) -> np.ndarray:
    """How much each participant came to understand other logics in this meeting.

    The attention one gave across logics, Σⱼ wᵢⱼ·dᵢⱼ (hearing those who think differently;
    Ansell & Gash 2008: shared understanding), doubled at full perspective taking (role reversal
    raises it; the form is an assumption). In [0, 2].
    """
    return (weights * logic_distance).sum(axis=1) * (1.0 + perspective)


@jit
def shift(anchor: np.ndarray, target: np.ndarray | float, rate: np.ndarray | float,
          origin: np.ndarray, max_shift: float) -> np.ndarray:
    """Anchors moved `rate` of the way to `target`, kept within `max_shift` of their origin."""
    moved = anchor + np.minimum(np.maximum(rate, 0.0), 1.0) * (target - anchor)
    return np.minimum(np.maximum(moved, np.maximum(origin - max_shift, 0.0)),
                      np.minimum(origin + max_shift, 1.0))
