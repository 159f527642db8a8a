"""Playful, art-based role reversal (rollenwissel; Huss & Bos 2019).

In a session participants play another group's role. Taking another's perspective is what the
powerful do least (Galinsky et al. 2006), so they gain most from being made to. In the model the
session raises each present participant's `perspective`, which (in the meeting) widens their
confidence bound across logics and lowers the friction they feel towards other logics; it shrinks
the amplification of their experienced power gap; and, as structured contact (Pettigrew & Tropp
2006), it moves their trust in the other groups present towards full trust. The session takes
meeting time. Perspective fades by a half-life, so the effects fade unless the session is repeated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.house.mechanisms.feedback import relax
from simulation.house.params import param
from simulation.house.state import experienced_power
from simulation.interventions.base import Episodic, Intervention

if TYPE_CHECKING:
    from simulation.house.meeting import Meeting
    from simulation.house.rules import MeetingRules
    from simulation.house.view import HouseView


class RoleReversalConfig(Episodic):
    """`[interventions.role_reversal]`: one session every `every` weeks."""

    every: int = param(4, 1, 520, "weeks", "one role-reversal session every N weeks", "assumption")
    perspective_gain: float = param(
        0.5, 0, 1, "share", "share of the way to full perspective taking one session brings the "
        "most powerful participant", "Galinsky et al. 2006; assumption for the size")
    power_emphasis: float = param(
        1.0, 0, 10, "factor", "how much more the powerful gain than the powerless "
        "(0 = all alike; 1 = the least powerful gain half)", "Galinsky et al. 2006")
    trust_gain: float = param(
        0.15, 0, 1, "share", "share of the way to full trust in the other groups present that "
        "one session brings the most powerful participant",
        "Pettigrew & Tropp 2006; assumption for the size")
    half_life: float = param(
        8.0, 0.5, 520, "weeks", "weeks after which half of the gained perspective is gone",
        "assumption")
    time_cost: float = param(
        0.3, 0, 0.9, "share", "share of the session's meeting time the play takes", "assumption")


class RoleReversal(Intervention):
    """Sessions raise perspective, cross-group trust and a realistic view of power; all fade."""

    name = "role_reversal"
    config: RoleReversalConfig

    def before_meeting(self, model: HouseView, rules: MeetingRules, step: int) -> None:
        """Perspective fades every week; on a session day the play takes meeting time."""
        s = model.state
        s.perspective *= 0.5 ** (1.0 / self.config.half_life)
        self._perceive(model, np.flatnonzero(s.perspective > 0))
        if self.config.episode(step):
            rules.meeting_time *= 1.0 - self.config.intensity * self.config.time_cost

    def after_meeting(self, model: HouseView, meeting: Meeting, step: int) -> None:
        """The session: those present take perspective, most the powerful, and trust each other."""
        if not (self.config.episode(step) and meeting.held):
            return
        c, s = self.config, model.state
        present = meeting.present
        lift = session_lift(s.power[present], c.power_emphasis) * c.intensity
        s.perspective[present] = relax(s.perspective[present], 1.0, lift * c.perspective_gain)
        roles = s.role[present]
        met = np.isin(np.arange(s.trust.shape[1]), roles)
        others = met[None, :] & (np.arange(met.size)[None, :] != roles[:, None])
        trust = s.trust[present]
        s.trust[present] = np.where(others, relax(trust, 1.0, (lift * c.trust_gain)[:, None]),
                                    trust)
        self._perceive(model, present)

    @staticmethod
    def _perceive(model: HouseView, idx: np.ndarray) -> None:
        """Perspective taking removes that share of the amplification of felt power gaps."""
        if idx.size == 0:
            return
        s = model.state
        amplification = model.config.power.experienced_amplification
        felt = experienced_power(s.power, s.role, s.active,
                                 amplification * (1.0 - s.perspective)[:, None])
        s.perceived[idx] = felt[idx]


def session_lift(power: np.ndarray, power_emphasis: float) -> np.ndarray:
    """Relative strength of a session per participant: 1 for full power, 1/(1+e) for none."""
    return (1.0 + power_emphasis * np.clip(power, 0.0, 1.0)) / (1.0 + power_emphasis)
