"""Many houses of one scenario at once: the path sweeps and explorations take.

Each house runs every week in one call of the compiled week, from the settings and schedule built
once for the batch; the outcome series of all seeds come back as one array, so a sweep hands out
and stores runs in batches without building a table per run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.house.calendar import schedule
from simulation.house.choices import model_choices
from simulation.house.outcomes import OUTCOMES
from simulation.house.record import HouseRecord, start
from simulation.house.rules import Schedule
from simulation.house.scenario import Scenario
from simulation.house.settings import Settings, settings
from simulation.house.week import weeks


@dataclass(frozen=True)
class Batch:
    """The outcome series of several runs of one scenario: `values[run, step, outcome]`."""

    scenario: Scenario
    seeds: tuple[int, ...]
    steps: int
    values: np.ndarray          # (runs, steps, len(OUTCOMES)) float64

    def series(self, run: int) -> pd.DataFrame:
        """One run's series as `run_house` gives it (index `step` from 1)."""
        return pd.DataFrame(self.values[run], columns=list(OUTCOMES),
                            index=pd.RangeIndex(1, self.steps + 1, name="step"))

    def finals(self) -> np.ndarray:
        """(runs, outcomes): every run's last row."""
        return self.values[:, -1, :]


def simulate(scenario: Scenario, c: Settings, rules: Schedule, seed: int,
             out: np.ndarray) -> HouseRecord:
    """One house from week 1 for as many weeks as `out` has rows; returns it as it ends.

    The random stream is the one `HouseModel(scenario, seed)` draws from, so a house run here
    and one stepped in Mesa are the same house.
    """
    rng = np.random.default_rng(seed)
    steps = out.shape[0]
    house = start(scenario.population.counts(), c, rng, rows=2 * steps + 2)
    weeks(house, c, rules, 1, steps, model_choices(house.state.size), rng, out)
    return house


def run_batch(scenario: Scenario, seeds: Sequence[int], steps: int | None = None) -> Batch:
    """Run one house per seed for `steps` weeks (default: the scenario's `run.steps`).

    Each run is the same pure function of scenario and seed as `run_house`: a seed gives the
    same series alone or in any batch.
    """
    n = scenario.run.steps if steps is None else steps
    c = settings(scenario)
    rules = schedule(scenario, 1, n)
    values = np.zeros((len(seeds), n, len(OUTCOMES)))
    for k, seed in enumerate(seeds):
        simulate(scenario, c, rules, int(seed), values[k])
    return Batch(scenario, tuple(int(s) for s in seeds), n, values)
