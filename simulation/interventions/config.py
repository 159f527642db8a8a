"""Scenario tables for interventions: `[interventions.NAME]` with timing and intensity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from simulation.scenario import Scenario


class Timing(BaseModel):
    """When an intervention acts: from `start` until `end` (exclusive), every `every` steps."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="switch the intervention on or off")
    start: int = Field(0, ge=0, le=5200, description="first step (week) it acts",
                       json_schema_extra={"unit": "week", "source": "assumption"})
    end: int | None = Field(None, ge=1, le=5200,
                            description="step it stops acting (exclusive); empty = never",
                            json_schema_extra={"unit": "week", "source": "assumption"})
    every: int = Field(1, ge=1, le=520, description="one episode every N steps (1 = each meeting)",
                       json_schema_extra={"unit": "weeks", "source": "assumption"})
    intensity: float = Field(1.0, ge=0, le=1, description="strength of the intervention",
                             json_schema_extra={"unit": "share", "source": "assumption"})

    @model_validator(mode="after")
    def _ordered(self) -> Timing:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self

    def in_force(self, step: int) -> bool:
        """True for every step between start and end (the intervention's standing effects)."""
        return self.enabled and step >= self.start and (self.end is None or step < self.end)

    def episode(self, step: int) -> bool:
        """True on the steps where an episodic intervention holds a session."""
        return self.in_force(step) and (step - self.start) % self.every == 0


class Interventions(BaseModel):
    """All intervention tables of a scenario; absent tables mean switched off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def contradictions(self, scenario: Scenario) -> list[tuple[str, str]]:
        """(field, message) for intervention settings impossible in this scenario."""
        steps = scenario.run.steps
        return [(f"interventions.{name}.start", f"{cfg.start} is not before run.steps ({steps})")
                for name, cfg in self if cfg is not None and cfg.start >= steps]

    def enabled(self) -> dict[str, Any]:
        return {name: cfg for name, cfg in self if cfg is not None and cfg.enabled}
