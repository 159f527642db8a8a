"""Scenario tables for interventions: `[interventions.NAME]` with timing, intensity and own
parameters. An absent table means the intervention is switched off."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ConfigDict, Field

from simulation.interventions.base import Timing
from simulation.interventions.citizen_panel import CitizenPanelConfig
from simulation.interventions.horizontal_agreements import HorizontalAgreementsConfig
from simulation.interventions.mayor import MayorConfig
from simulation.interventions.process_director import ProcessDirectorConfig
from simulation.interventions.role_reversal import RoleReversalConfig
from simulation.interventions.social_contract import SocialContractConfig
from simulation.interventions.steering_group import SteeringGroupConfig

if TYPE_CHECKING:
    from simulation.house.view import ScenarioView

__all__ = ["TABLES", "Interventions", "Timing", "channels"]


class Interventions(BaseModel):
    """All intervention tables of a scenario; absent tables mean switched off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role_reversal: RoleReversalConfig | None = Field(
        None, description="playful, art-based role reversal (Huss & Bos 2019)")
    process_director: ProcessDirectorConfig | None = Field(
        None, description="an independent process director (Ansell & Gash 2008)")
    citizen_panel: CitizenPanelConfig | None = Field(
        None, description="residents drawn by stratified lot (Fung 2006)")
    mayor: MayorConfig | None = Field(
        None, description="a central role for the mayor (second seed)")
    social_contract: SocialContractConfig | None = Field(
        None, description="a local social contract (second seed)")
    steering_group: SteeringGroupConfig | None = Field(
        None, description="a joint steering group of administration and execution (second seed)")
    horizontal_agreements: HorizontalAgreementsConfig | None = Field(
        None, description="agreements between organisations across silos (second seed)")

    def contradictions(self, scenario: ScenarioView) -> list[tuple[str, str]]:
        """(field, message) for intervention settings impossible in this scenario."""
        steps = scenario.run.steps
        problems = [(f"interventions.{name}.start",
                     f"{cfg.start} is after the last week, run.steps ({steps})")
                    for name, cfg in self if cfg is not None and cfg.start > steps]
        for _, cfg in self:
            if cfg is not None:
                problems.extend(cfg.contradictions(scenario))
        return problems

    def enabled(self) -> dict[str, Any]:
        return {name: cfg for name, cfg in self if cfg is not None and cfg.enabled}


# Each intervention's table class by its name (the `X` of the optional `X | None` fields).
TABLES: dict[str, type[Timing]] = {
    name: next(kind for kind in get_args(field.annotation) if kind is not type(None))
    for name, field in Interventions.model_fields.items()}


def channels(name: str) -> tuple[str, ...]:
    """The channels an intervention acts through, in the order its module declares them."""
    if name not in TABLES:
        raise KeyError(f"unknown intervention {name!r}; known: {', '.join(TABLES)}")
    return TABLES[name].channels
