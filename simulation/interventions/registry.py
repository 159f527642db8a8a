"""Which intervention class serves which `[interventions.NAME]` table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.interventions.base import Intervention
from simulation.interventions.config import Interventions

if TYPE_CHECKING:
    from simulation.model import HouseModel

REGISTRY: dict[str, type[Intervention]] = {}


def build_interventions(config: Interventions, model: HouseModel) -> list[Intervention]:
    """Instances for every enabled intervention, in the fixed order of the registry."""
    enabled = config.enabled()
    return [cls(enabled[name], model) for name, cls in REGISTRY.items() if name in enabled]
