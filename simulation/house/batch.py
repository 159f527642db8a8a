"""Many houses of one scenario at once: the path sweeps and explorations take.

`run_batch` gives every seed's outcome series as one array, so a sweep hands out and stores runs
in batches without building a table per run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import Scenario


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


def run_batch(scenario: Scenario, seeds: Sequence[int], steps: int | None = None) -> Batch:
    """Run one house per seed for `steps` weeks (default: the scenario's `run.steps`).

    Each run is the same pure function of scenario and seed as `run_house`: a seed gives the
    same series alone or in any batch.
    """
    from simulation.house.runner import run_house

    n = scenario.run.steps if steps is None else steps
    values = np.stack([run_house(scenario, int(seed), n).series.loc[:, list(OUTCOMES)]
                       .to_numpy(dtype=float) for seed in seeds]) if len(seeds) else \
        np.zeros((0, n, len(OUTCOMES)))
    return Batch(scenario, tuple(int(s) for s in seeds), n, values)
