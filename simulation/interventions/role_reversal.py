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

from simulation.house.params import param
from simulation.interventions.base import Episodic, Intervention

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules


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

    def shape(self, rules: MeetingRules, step: int) -> None:
        """Perspective fades every week and acts through the channels left on; in a session
        week those present take perspective after the meeting, and the play takes time."""
        c = self.config
        rules.perspective_fade = 0.5 ** (1.0 / c.half_life)
        rules.bridging = c.on("listening")
        rules.listening = c.listening if rules.bridging else 0.0
        rules.perceive = c.on("experienced_power")
        if c.episode(step):
            rules.session = True
            rules.session_gain = c.intensity * c.perspective_gain
            rules.session_emphasis = c.power_emphasis
            if c.on("session_time"):
                rules.meeting_time *= 1.0 - c.intensity * c.time_cost
