"""Perspective taking (raised by role reversal; Galinsky et al. 2006): gained in sessions, most
by the powerful, and it removes part of the amplification of felt power gaps (Gaventa 1980)."""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit
from simulation.house.state import HouseState, experienced_power


@jit
def session_lift(power: np.ndarray, power_emphasis: float) -> np.ndarray:
    """Relative strength of a session per participant: 1 for full power, 1/(1+e) for none."""
    return (1.0 + power_emphasis * np.minimum(np.maximum(power, 0.0), 1.0)) / (
        1.0 + power_emphasis)


@jit
def perceive(s: HouseState, idx: np.ndarray, amplification: float) -> None:
    """Those at `idx` feel power gaps with their perspective's share of the amplification
    removed."""
    if idx.size:
        felt = experienced_power(s.power, s.role, s.active, amplification * (1.0 - s.perspective))
        s.perceived[idx] = felt[idx]
