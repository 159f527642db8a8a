"""What happened in one meeting, as the app, the panel and tests read it (a copy of the room)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulation.house.record import DECIDED, N_PRESENT, TOPIC, Room


@dataclass
class Meeting:
    """What happened in one meeting (for the app's room view, the panel and tests)."""

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

    @classmethod
    def of(cls, room: Room) -> Meeting:
        """A copy of the room the compiled week left."""
        n = int(room.facts[N_PRESENT])
        held = n >= 2
        return cls(present=room.present[:n].copy(), turns=room.turns[:n].copy(),
                   weights=room.weights[:n, :n].copy() if held else np.zeros((0, 0)),
                   topic=int(room.facts[TOPIC]), decided=bool(room.facts[DECIDED]),
                   value=float(room.value[0]), shares=room.shares[:n].copy())
