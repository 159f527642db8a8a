"""Playful, art-based role reversal (rollenwissel; Huss & Bos 2019).

In a session participants play another group's role. Taking another's perspective is what the
powerful do least (Galinsky et al. 2006), so they gain most from being made to. In the model the
session raises each present participant's `perspective`, most for the powerful, and perspective
fades by a half-life unless the session is repeated. Perspective acts through two channels, each a
rule or state of the meeting cycle:

- `listening`: one hears others across logics — their views fall within one's confidence bound
  sooner, and one sets aside part of one's filters on attention (distrust of the speaker's group,
  friction between logics, the speaker's reticence);
- `experienced_power`: the felt power gap loses its amplification, so the powerless are silenced
  less (Gaventa 1980).

The session takes meeting time (`session_time`, a third channel). Trust is never written here:
those who are listened to come to trust the listeners' group through the meeting's own feedback.
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

    channels = ("listening", "experienced_power", "session_time")

    every: int = param(4, 1, 520, "weeks", "one role-reversal session every N weeks", "assumption")
    perspective_gain: float = param(
        0.5, 0, 1, "share", "share of the way to full perspective taking one session brings the "
        "most powerful participant", "Galinsky et al. 2006; assumption for the size")
    power_emphasis: float = param(
        1.0, 0, 10, "factor", "how much more the powerful gain than the powerless "
        "(0 = all alike; 1 = the least powerful gain half)", "Galinsky et al. 2006")
    listening: float = param(
        0.5, 0, 1, "share", "share of a listener's filters (distrust, logic friction, the "
        "speaker's reticence) that full perspective taking sets aside",
        "Galinsky et al. 2006; assumption for the size")
    half_life: float = param(
        8.0, 0.5, 520, "weeks", "weeks after which half of the gained perspective is gone",
        "assumption")
    time_cost: float = param(
        0.3, 0, 0.9, "share", "share of the session's meeting time the play takes", "assumption")


class RoleReversal(Intervention):
    """Sessions raise perspective, most for the powerful; it acts through its channels, fades."""

    name = "role_reversal"
    config: RoleReversalConfig

    def before_meeting(self, model: HouseView, rules: MeetingRules, step: int) -> None:
        """Perspective fades every week and, while any is left, acts through the channels."""
        c, s = self.config, model.state
        s.perspective *= 0.5 ** (1.0 / c.half_life)
        if (s.perspective > 0).any():
            if c.on("listening"):
                self._listen(s.perspective, rules)
            if c.on("experienced_power"):
                self._perceive(model, np.flatnonzero(s.perspective > 0))
        if c.episode(step) and c.on("session_time"):
            rules.meeting_time *= 1.0 - c.intensity * c.time_cost

    def after_meeting(self, model: HouseView, meeting: Meeting, step: int) -> None:
        """The session: those present take perspective, the powerful most."""
        if not (self.config.episode(step) and meeting.held):
            return
        c, s = self.config, model.state
        present = meeting.present
        lift = session_lift(s.power[present], c.power_emphasis) * c.intensity
        s.perspective[present] = relax(s.perspective[present], 1.0, lift * c.perspective_gain)
        if c.on("experienced_power"):
            self._perceive(model, present)

    def _listen(self, perspective: np.ndarray, rules: MeetingRules) -> None:
        """Listeners bridge their perspective's share of logic distance in their confidence
        bound and set aside `listening` times it of their filters on attention."""
        rules.perspective = perspective.copy()
        rules.listening = self.config.listening * perspective

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
