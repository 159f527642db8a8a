"""What happened in one meeting: read by feedback, interventions, outcomes and the app's room."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Meeting:
    """What happened in one meeting (for feedback, the app's room view and the outcomes)."""

    present: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    turns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    topic: int = -1
    decided: bool = False
    value: float = float("nan")
    shares: np.ndarray = field(default_factory=lambda: np.zeros(0))   # expected speaking shares

    @property
    def held(self) -> bool:
        return self.present.size >= 2
