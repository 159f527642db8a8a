"""Shared statistics for the pattern tests: confidence intervals of paired differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import stats

from simulation.house.runner import RunResult, run_house
from simulation.house.scenario import Scenario


@dataclass(frozen=True)
class Interval:
    """A mean with its t-based confidence interval."""

    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:+.4f} [{self.low:+.4f}, {self.high:+.4f}]"


def mean_ci(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """t-based CI of a mean (the values are independent replications)."""
    d = np.asarray(values, dtype=float)
    mean = float(d.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size))
    return Interval(mean, mean - half, mean + half)


def paired_ci(treated: Sequence[float], control: Sequence[float],
              confidence: float = 0.95) -> Interval:
    """CI of the mean paired difference; pairs share a seed, so seed noise cancels."""
    return mean_ci(np.asarray(treated, dtype=float) - np.asarray(control, dtype=float),
                   confidence)


@cache
def runs(scenario: Scenario, steps: int, seeds: range) -> tuple[RunResult, ...]:
    """The runs of a scenario over `seeds`, shared between tests that compare against them."""
    return tuple(run_house(scenario, seed, steps) for seed in seeds)


def effect(treated: Scenario, control: Scenario, steps: int,
           read: Callable[[RunResult], float], seeds: range) -> Interval:
    """Paired effect of `treated` against `control` on one number read from each run; both
    arms run on the same seeds (common random numbers)."""
    return paired_ci([read(r) for r in runs(treated, steps, seeds)],
                     [read(r) for r in runs(control, steps, seeds)])


def mean_of(column: str) -> Callable[[RunResult], float]:
    return lambda r: float(r.series[column].mean())


def final(column: str) -> Callable[[RunResult], float]:
    return lambda r: float(r.series[column].iloc[-1])
