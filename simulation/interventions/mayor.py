"""A central role for the mayor (centrale rol burgemeester; Boutellier, second seed).

The mayor gives the house a strong vertical line: a decision blocked at a clearance point can be
escalated to the mayor and tried again, and the administration and the national level are backed
(a share of the gap to certainty closed). Externally backed collaboration outperforms voluntary
collaboration in Bitterman & Koliba's (2020) simulation. The price is hierarchy in the room: with
the mayor's line behind them, power claims speaking time more steeply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.house.params import param
from simulation.interventions.base import Intervention, Timing

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules


class MayorConfig(Timing):
    """`[interventions.mayor]`: a standing arrangement while in force."""

    channels = ("escalation", "backing", "hierarchy")

    escalation: float = param(
        0.6, 0, 1, "probability", "chance a blocked decision is escalated to the mayor and "
        "tried again", "Boutellier (second seed); assumption for the size")
    backing: float = param(
        0.4, 0, 1, "share", "share of the gap to certainty closed at the execution-administration "
        "and national-local clearance points", "Bitterman & Koliba 2020; assumption for the size")
    hierarchy: float = param(
        0.5, 0, 3, "exponent", "added to the power exponent of speaking time (more hierarchy in "
        "the room)", "assumption")


class Mayor(Intervention):
    """Escalation and backing upward; a steeper power gradient in who speaks."""

    name = "mayor"
    config: MayorConfig

    def shape(self, rules: MeetingRules, step: int) -> None:
        c = self.config
        if not c.in_force(step):
            return
        if c.on("escalation"):
            rules.escalate(c.intensity * c.escalation)
        if c.on("backing"):
            for level in ("execution_administration", "national_local"):
                rules.back(level, c.intensity * c.backing)
        if c.on("hierarchy"):
            rules.power_exponent += c.intensity * c.hierarchy
