"""Shared statistics for the pattern tests: confidence intervals of paired differences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


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
