"""The common interface of interventions: a timed scenario table and how it shapes a week."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules
    from simulation.house.view import ScenarioView


class Timing(BaseModel):
    """When an intervention is in force: from `start` until `end` (exclusive).

    Each intervention's table subclasses this (standing arrangements directly, episodic ones
    through `Episodic`) and adds its own documented parameters, and names its `channels`: the
    separate routes by which it acts on the house's mechanisms. A scenario can switch channels
    off (`channels_off`) to see how much of an effect each one carries (`samensturing decompose`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    channels: ClassVar[tuple[str, ...]] = ()

    enabled: bool = Field(True, strict=True, description="switch the intervention on or off")
    start: int = Field(1, ge=1, le=5200, strict=True,
                       description="first week it acts (weeks count from 1)",
                       json_schema_extra={"unit": "week", "source": "assumption"})
    end: int | None = Field(None, ge=1, le=5200, strict=True,
                            description="step it stops acting (exclusive); empty = never",
                            json_schema_extra={"unit": "week", "source": "assumption"})
    intensity: float = Field(1.0, ge=0, le=1, strict=True, allow_inf_nan=False,
                             description="strength of the intervention",
                             json_schema_extra={"unit": "share", "source": "assumption"})

    channels_off: tuple[str, ...] = Field(
        (), description="channels of the intervention switched off (each intervention's "
        "channels: docs/interventions.md)")

    @field_validator("channels_off", mode="before")
    @classmethod
    def _known_channels(cls, value: object) -> tuple[str, ...]:
        known = ", ".join(cls.channels)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise PydanticCustomError("channel_list",
                                      "must be a list of channel names; known channels: {known}",
                                      {"known": known})
        unknown = [name for name in value if name not in cls.channels]
        if unknown:
            raise PydanticCustomError("unknown_channel",
                                      "unknown channel {unknown}; known channels: {known}",
                                      {"unknown": ", ".join(unknown), "known": known})
        return tuple(value)

    def on(self, channel: str) -> bool:
        """Whether one of this intervention's channels acts (it is not switched off)."""
        if channel not in self.channels:
            raise KeyError(f"{type(self).__name__} has no channel {channel!r}")
        return channel not in self.channels_off

    @model_validator(mode="after")
    def _ordered(self) -> Timing:
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self

    def in_force(self, step: int) -> bool:
        """True for every step between start and end (the intervention's standing effects)."""
        return self.enabled and step >= self.start and (self.end is None or step < self.end)

    def contradictions(self, scenario: ScenarioView) -> list[tuple[str, str]]:
        """(field, message) for settings impossible in this scenario; none by default."""
        return []


class Episodic(Timing):
    """Timing of an intervention that holds sessions: one every `every` weeks while in force."""

    every: int = Field(1, ge=1, le=520, strict=True,
                       description="one episode every N steps (1 = each meeting)",
                       json_schema_extra={"unit": "weeks", "source": "assumption"})

    def episode(self, step: int) -> bool:
        """True on the steps where the intervention holds a session."""
        return self.in_force(step) and (step - self.start) % self.every == 0


class Intervention:
    """Shapes the rules of each week from its table; never touches a state or an outcome.

    Every week's rules are built before the run (`house/calendar.py`): the scenario's own, then
    `shape` of each intervention in the registry's order, for every week, also outside the
    intervention's time window, so that effects can fade. What the rules switch on is a mechanism
    of the compiled week, documented in docs/model.md.
    """

    name: ClassVar[str] = ""

    def __init__(self, config: Timing) -> None:
        self.config = config

    def shape(self, rules: MeetingRules, step: int) -> None:
        """Change week `step`'s rules."""
