"""Structural types for what interventions, agents and outcomes read of a house.

They let those modules name the house they work on without importing `HouseModel` or `Scenario`
(which import them), so that the import graph has no circle: the model builds its interventions,
and the interventions only know this protocol.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from simulation.house.meeting import Meeting
from simulation.house.state import HouseState


class RunView(Protocol):
    @property
    def steps(self) -> int: ...


class PopulationView(Protocol):
    @property
    def residents(self) -> int: ...


class PowerView(Protocol):
    @property
    def experienced_amplification(self) -> float: ...


class ScenarioView(Protocol):
    """The parts of a scenario that interventions read (validation and perceived power)."""

    @property
    def run(self) -> RunView: ...

    @property
    def population(self) -> PopulationView: ...

    @property
    def power(self) -> PowerView: ...


class HouseView(Protocol):
    """The house as an intervention or an agent sees it: state arrays, scenario, random stream."""

    state: HouseState
    rng: np.random.Generator
    last_meeting: Meeting

    @property
    def config(self) -> ScenarioView: ...
