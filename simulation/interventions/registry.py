"""Which intervention class serves which `[interventions.NAME]` table."""

from __future__ import annotations

from simulation.interventions.base import Intervention
from simulation.interventions.citizen_panel import CitizenPanel
from simulation.interventions.config import Interventions
from simulation.interventions.horizontal_agreements import HorizontalAgreements
from simulation.interventions.mayor import Mayor
from simulation.interventions.process_director import ProcessDirector
from simulation.interventions.role_reversal import RoleReversal
from simulation.interventions.social_contract import SocialContract
from simulation.interventions.steering_group import SteeringGroup

# The order is fixed so that runs are reproducible; interventions shape each week's rules in it.
REGISTRY: dict[str, type[Intervention]] = {cls.name: cls for cls in (
    RoleReversal, ProcessDirector, CitizenPanel, Mayor, SocialContract, SteeringGroup,
    HorizontalAgreements)}


def build_interventions(config: Interventions) -> list[Intervention]:
    """Instances for every enabled intervention, in the fixed order of the registry."""
    enabled = config.enabled()
    return [cls(enabled[name]) for name, cls in REGISTRY.items() if name in enabled]
