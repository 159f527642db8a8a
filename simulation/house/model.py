"""The house of the neighbourhood as a Mesa model: one step is one weekly meeting cycle.

The cycle itself is the compiled week (`house/week.py`), the same code `run_batch` runs; this
model gives it Mesa's step, agents and DataCollector for the app and for notebooks.
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
import numpy as np

from simulation.house.agents import Participant
from simulation.house.calendar import week_rules
from simulation.house.choices import Choices, model_choices
from simulation.house.meeting import Meeting
from simulation.house.outcomes import OUTCOMES
from simulation.house.pipeline import Pipeline, grown
from simulation.house.record import (
    DROPOUTS,
    FIRST_VISIT_DROPOUTS,
    ITEMS_DROPPED,
    NEWCOMERS,
    start,
)
from simulation.house.rules import stack
from simulation.house.scenario import Scenario
from simulation.house.settings import settings
from simulation.house.week import weeks
from simulation.interventions.registry import build_interventions


class HouseModel(mesa.Model):
    """A neighbourhood house whose participants negotiate decisions week by week."""

    def __init__(self, config: Scenario, seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.config = config
        self.seed = seed
        self.settings = settings(config)
        self.house = start(config.population.counts(), self.settings, self.rng,
                           rows=2 * config.run.steps + 2)
        self.state = self.house.state
        self.pipeline = Pipeline(self.house.log)
        self.agent_list = [Participant(self, i) for i in range(self.state.size)]
        self.interventions = build_interventions(config.interventions)
        self.rules = week_rules(config, self.interventions, 1)
        self.values = np.zeros(len(OUTCOMES))
        self.agents_only = model_choices(self.state.size)
        self.choices: Choices | None = None
        self.datacollector = mesa.DataCollector(model_reporters={
            name: self._reporter(k) for k, name in enumerate(OUTCOMES)})

    def _reporter(self, k: int) -> Callable[[mesa.Model], float]:
        return lambda _model: float(self.values[k])

    def play(self, choices: Choices) -> None:
        """One week in which human players make `choices` for their seats (Mesa's `step`
        takes no arguments)."""
        self.choices = choices
        try:
            self.step()
        finally:
            self.choices = None

    def step(self) -> None:
        """One week, with the players' choices if `play` set them, else all agents."""
        step = self.steps
        self.rules = week_rules(self.config, self.interventions, step)
        log = self.house.log
        if log.size[0] + 2 > log.topic.size:   # run past its planned weeks: more room
            self.house = self.house._replace(log=grown(log, 2 * log.topic.size))
            self.pipeline = Pipeline(self.house.log)
        weeks(self.house, self.settings, stack([self.rules]), step, 1,
              self.agents_only if self.choices is None else self.choices, self.rng,
              self.values[np.newaxis])
        for i in np.flatnonzero(self.house.arrived):
            self.agent_list[i].remove()
            self.agent_list[i] = Participant(self, int(i))
        self.datacollector.collect(self)

    @property
    def last_meeting(self) -> Meeting:
        """The meeting of the last step (empty before the first)."""
        return Meeting.of(self.house.room)

    @property
    def items_dropped(self) -> int:
        return int(self.house.counts[ITEMS_DROPPED])

    @property
    def resident_dropouts(self) -> int:
        return int(self.house.counts[DROPOUTS])

    @property
    def first_visit_dropouts(self) -> int:
        return int(self.house.counts[FIRST_VISIT_DROPOUTS])

    @property
    def newcomers(self) -> int:
        return int(self.house.counts[NEWCOMERS])
