"""A joint steering group of administrators and executors (gezamenlijke stuurgroep).

Boutellier (second seed) locates much lost capacity to act between administration and execution.
When administrators and executing organisations steer together, their shared motivation and
capacity for joint action (Emerson, Nabatchi & Balogh 2012) act at that clearance point: a share of
the gap to certainty is closed, and because the administrators hear the house's decisions first
hand, passing depends less on the executors passing information upward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.house.params import param
from simulation.interventions.base import Intervention, Timing

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules


class SteeringGroupConfig(Timing):
    """`[interventions.steering_group]`: a standing arrangement while in force."""

    channels = ("alignment", "direct_line")

    alignment: float = param(
        0.5, 0, 1, "share", "share of the gap to certainty closed at the execution-administration "
        "clearance point", "Emerson, Nabatchi & Balogh 2012; assumption for the size")
    direct_line: float = param(
        0.5, 0, 1, "share", "how much less passing at that point depends on executors sharing "
        "information upward", "Boutellier (second seed); assumption for the size")


class SteeringGroup(Intervention):
    """Aligns administration and execution: fewer failures at the point between them."""

    name = "steering_group"
    config: SteeringGroupConfig

    def shape(self, rules: MeetingRules, step: int) -> None:
        c = self.config
        if not c.in_force(step):
            return
        if c.on("alignment"):
            rules.back("execution_administration", c.intensity * c.alignment)
        if c.on("direct_line"):
            rules.upward_reliance *= 1.0 - c.intensity * c.direct_line
