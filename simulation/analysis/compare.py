"""Honest comparisons of a sweep's arms: bootstrap intervals, effect sizes, false-discovery control.

Every design point is compared with its reference point (the baseline arm, or the same point with
its interventions at their first, 'off' level). Where the two share seeds replication by
replication (common random numbers), the comparison is paired: the interval is for the mean of
the paired differences and the test is Wilcoxon's signed-rank test; otherwise both are for
independent samples (Mann–Whitney). Effect sizes are Vargha–Delaney A (the chance that a run of
the arm scores higher than a run of the reference; 0.5 = no difference) and Cohen's d (difference
in pooled standard deviations). Benjamini–Hochberg controls the false-discovery rate over all
comparisons of the sweep at once, because a sweep asks many questions.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich import box
from rich.table import Table
from scipy import stats

CONFIDENCE = 0.95
ALPHA = 0.05
COLUMNS = ("scenario", "point", "outcome", "n", "mean", "ci_low", "ci_high", "reference",
           "paired", "n_reference", "mean_reference", "diff", "diff_low", "diff_high", "vd_a",
           "cohen_d", "p_value", "q_value", "significant")


def _bootstrap(data: tuple[np.ndarray, ...], statistic: Callable[..., Any], paired: bool,
               n_resamples: int, seed: int) -> tuple[float, float]:
    """Bootstrap interval: BCa, percentile where BCa is undefined, zero width for constants."""
    if min(len(d) for d in data) < 2:
        return float("nan"), float("nan")
    point = float(statistic(*data, axis=-1))
    constant = np.ptp(data[0] - data[1]) == 0 if paired else all(np.ptp(d) == 0 for d in data)
    if constant:
        return point, point
    for method in ("BCa", "percentile"):  # BCa is undefined for near-constant data
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", stats.DegenerateDataWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            result = stats.bootstrap(data, statistic, paired=paired, vectorized=True,
                                     n_resamples=n_resamples, confidence_level=CONFIDENCE,
                                     method=method, rng=np.random.default_rng(seed))
        if not np.isnan(result.confidence_interval).any():
            break
    low, high = result.confidence_interval
    return float(low), float(high)


def _mean(x: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(x, axis=axis)


def _paired_diff(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(x - y, axis=axis)


def paired_interval(data: tuple[np.ndarray, ...],
                    statistic: Callable[..., Any] = _paired_diff, n_resamples: int = 9999,
                    seed: int = 0) -> tuple[float, float]:
    """Bootstrap interval of a statistic of paired samples (element k of each shares seed k);
    by default the mean paired difference. `statistic(*data, axis=-1)` must be vectorised."""
    return _bootstrap(data, statistic, True, n_resamples, seed)


def _independent_diff(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


def vargha_delaney(x: np.ndarray, y: np.ndarray) -> float:
    """A = P(X > Y) + P(X = Y) / 2, from the Mann–Whitney U of x."""
    u = stats.mannwhitneyu(x, y, alternative="two-sided").statistic
    return float(u / (len(x) * len(y)))


def cohen_d(x: np.ndarray, y: np.ndarray) -> float:
    """Difference of means in pooled standard deviations (NaN if both samples are constant)."""
    nx, ny = len(x), len(y)
    pooled = np.sqrt(((nx - 1) * np.var(x, ddof=1) + (ny - 1) * np.var(y, ddof=1)) / (nx + ny - 2))
    diff = float(np.mean(x) - np.mean(y))
    if pooled == 0:
        return 0.0 if diff == 0 else float("nan")
    return diff / float(pooled)


def _p_value(x: np.ndarray, y: np.ndarray, paired: bool) -> float:
    if paired:
        diff = x - y
        if np.all(diff == 0):
            return 1.0
        return float(stats.wilcoxon(diff).pvalue)
    if np.ptp(np.concatenate([x, y])) == 0:
        return 1.0
    return float(stats.mannwhitneyu(x, y, alternative="two-sided").pvalue)


def _versus(arm: pd.DataFrame, ref: pd.DataFrame, outcome: str, n_resamples: int,
            seed: int) -> dict[str, Any]:
    """Difference of one outcome between an arm and its reference, paired where seeds match."""
    pairs = arm.merge(ref, on="seed", suffixes=("", "_ref"))
    paired = len(pairs) >= 2
    if paired:
        x, y = pairs[outcome].to_numpy(), pairs[f"{outcome}_ref"].to_numpy()
    else:
        x, y = arm[outcome].to_numpy(), ref[outcome].to_numpy()
    if min(len(x), len(y)) < 2:
        return {"paired": paired}
    low, high = _bootstrap((x, y), _paired_diff if paired else _independent_diff, paired,
                           n_resamples, seed)
    return {
        "paired": paired, "n_reference": len(y), "mean_reference": float(np.mean(y)),
        "diff": float(np.mean(x) - np.mean(y)), "diff_low": low, "diff_high": high,
        "vd_a": vargha_delaney(x, y), "cohen_d": cohen_d(x, y), "p_value": _p_value(x, y, paired),
    }


def compare(finals: pd.DataFrame, manifest: dict[str, Any], outcomes: Sequence[str] | None = None,
            n_resamples: int = 9999, seed: int = 0) -> pd.DataFrame:
    """One row per scenario × design point × outcome: mean with interval, and versus reference."""
    outcomes = list(outcomes or manifest["outcomes"])
    rows = []
    by_point = dict(tuple(finals.groupby(["scenario", "point"], sort=False)))
    for point in manifest["points"]:
        runs = by_point.get((point["scenario"], point["label"]))
        if runs is None:
            continue
        ref = by_point.get((point["scenario"], point["reference"]))
        compared = ref is not None and point["reference"] != point["label"]
        for i, outcome in enumerate(outcomes):
            values = runs[outcome].to_numpy()
            low, high = _bootstrap((values,), _mean, False, n_resamples, seed + i)
            row: dict[str, Any] = {
                "scenario": point["scenario"], "point": point["label"], "outcome": outcome,
                "n": len(values), "mean": float(np.mean(values)), "ci_low": low, "ci_high": high,
                "reference": point["reference"] if compared else "",
            }
            if compared:
                row.update(_versus(runs, ref, outcome, n_resamples, seed + i))
            rows.append(row)
    table = pd.DataFrame(rows).reindex(columns=list(COLUMNS))
    tested = table["p_value"].notna()
    table["q_value"] = np.nan
    if tested.any():
        table.loc[tested, "q_value"] = stats.false_discovery_control(
            table.loc[tested, "p_value"].to_numpy(), method="bh")
    table["significant"] = table["q_value"] < ALPHA
    return table


def coverage(finals: pd.DataFrame, manifest: dict[str, Any]) -> pd.DataFrame:
    """Per design point, in the manifest's order: runs planned, done (ok) and failed.

    An unfinished sweep compares only what is done; this says how much that is, so that no
    report passes a part of a sweep off as the whole, nor drops an arm without a word."""
    status = finals["status"] if "status" in finals else pd.Series("ok", index=finals.index)
    done = finals[status == "ok"].groupby(["scenario", "point"]).size()
    failed = finals[status == "failed"].groupby(["scenario", "point"]).size()
    return tally(manifest, done, failed)


def tally(manifest: dict[str, Any], done: pd.Series, failed: pd.Series | None = None
          ) -> pd.DataFrame:
    """Runs planned, done and failed per design point (counts by scenario and point)."""
    planned = pd.DataFrame(manifest["runs"]).groupby(["scenario", "point"]).size()
    index = pd.MultiIndex.from_tuples([(p["scenario"], p["label"]) for p in manifest["points"]],
                                      names=["scenario", "point"])
    table = pd.DataFrame({"planned": planned, "done": done,
                          "failed": failed if failed is not None else 0})
    return table.reindex(index).fillna(0).astype(int).reset_index()


def partial(counts: pd.DataFrame) -> bool:
    """True if some planned run has no successful record yet."""
    return bool((counts["done"] < counts["planned"]).any())


def comparisons(table: pd.DataFrame) -> pd.DataFrame:
    """Only the rows that compare an arm with its reference."""
    return table[table["reference"].fillna("") != ""]


def _num(value: float, digits: int = 3) -> str:
    return "–" if pd.isna(value) else f"{value:.{digits}g}"


def rich_tables(table: pd.DataFrame, show_all: bool = False) -> tuple[list[Table], int]:
    """One screen table per compared arm (clear differences only unless `show_all`), and how
    many comparisons were left out."""
    rows = comparisons(table)
    shown = rows if show_all else rows[rows["significant"]]
    multi = table["scenario"].nunique() > 1
    views = []
    for (scenario, point, reference), part in shown.groupby(
            ["scenario", "point", "reference"], sort=False):
        title = f"{scenario}: {point}" if multi else point
        view = Table(title=f"[bold]{title}[/] vs {reference}", box=box.SIMPLE_HEAD,
                     title_justify="left")
        view.add_column("outcome")
        for name in ("reference", "arm", f"Δ [{CONFIDENCE:.0%} CI]", "A", "q"):
            view.add_column(name, justify="right")
        for row in part.itertuples():
            style = ("green" if row.diff > 0 else "red") if row.significant else "dim"
            view.add_row(row.outcome, _num(row.mean_reference), _num(row.mean),
                         f"[{style}]{_num(row.diff)} [{_num(row.diff_low)}, "
                         f"{_num(row.diff_high)}][/]", _num(row.vd_a, 2), _num(row.q_value, 2))
        views.append(view)
    return views, len(rows) - len(shown)


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False)
    return path
