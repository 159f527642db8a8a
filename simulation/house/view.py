"""Structural types for what interventions, agents and outcomes read of a house.

They let those modules name what they read without importing `HouseModel` or `Scenario` (which
import them), so that the import graph has no circle.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from simulation.house.state import HouseState


class RunView(Protocol):
    @property
    def steps(self) -> int: ...


class PopulationView(Protocol):
    @property
    def residents(self) -> int: ...


class ScenarioView(Protocol):
    """The parts of a scenario that interventions read to validate their tables."""

    @property
    def run(self) -> RunView: ...

    @property
    def population(self) -> PopulationView: ...


class MeetingView(Protocol):
    """What an agent reads of the last meeting."""

    present: np.ndarray
    topic: int


class HouseView(Protocol):
    """The house as an agent sees it: state arrays, scenario, the last meeting."""

    state: HouseState

    @property
    def last_meeting(self) -> MeetingView: ...

    @property
    def config(self) -> ScenarioView: ...
