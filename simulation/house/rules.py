"""The rules of one meeting: what interventions change, rebuilt from the scenario every step
(by `model.meeting_rules`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulation.house.mechanisms.clearance import VERTICAL_LEVELS


@dataclass
class MeetingRules:
    """Everything about how this step's meeting runs that an intervention may change."""

    meeting_time: float          # share of the speaking turns left for deliberation
    turn_equalisation: float     # 0 = turns follow claims, 1 = strictly equal turns
    power_exponent: float        # how strongly power claims speaking time
    friction: np.ndarray         # (roles, roles) discount on weight per unit of logic distance
    narrowing: float             # how much logic distance narrows the confidence bound
    max_meetings_per_item: int   # meetings an item stays on the table
    pass_boost: np.ndarray       # (3,) share of the gap to certainty closed per vertical level
    escalation: float            # chance a blocked decision is escalated and retried
    upward_reliance: float = 1.0  # multiplies how much passing depends on executors' sharing
    gain_factor: float = 1.0     # multiplies trust gained from kept promises
    loss_factor: float = 1.0     # multiplies trust lost on broken promises
    facilitated: bool = False    # a process director chairs: proposes the widest support
    invited: np.ndarray | None = None  # residents invited by lot (replaces self-selection)
    invited_attendance: float = 0.0    # chance an invited resident comes
    external_voices: list[tuple[float, float]] = field(default_factory=list)
    # (position, weight): non-participants heard in the room (e.g. a director's own view)
    perspective: np.ndarray | None = None  # (participants,) share of logic distance each one
    # bridges in their confidence bound (perspective taking); none = 0 for all
    listening: np.ndarray | None = None    # (participants,) share of their filters (distrust,
    # friction, the speaker's reticence) each listener sets aside; none = 0 for all

    def back(self, level: str, share: float) -> None:
        """Close another `share` of the remaining gap to certainty at one vertical level.

        Backings from several interventions combine like independent chances, so none can push a
        level past certainty and their order does not matter.
        """
        i = VERTICAL_LEVELS.index(level)
        self.pass_boost[i] = 1.0 - (1.0 - self.pass_boost[i]) * (1.0 - share)

    def escalate(self, chance: float) -> None:
        """Add an independent route for escalating blocked decisions (combined like `back`)."""
        self.escalation = 1.0 - (1.0 - self.escalation) * (1.0 - chance)
