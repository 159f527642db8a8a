"""Honest comparisons of a sweep's arms: bootstrap intervals, effect sizes, false-discovery control.

Every design point is compared with its reference point (the baseline arm, or the same point with
its interventions at their first, 'off' level). Where the two share seeds replication by
replication (common random numbers), the comparison is paired: the interval is for the mean of
the paired differences and the test is Wilcoxon's signed-rank test; otherwise both are for
independent samples (Mann–Whitney). Effect sizes are Vargha–Delaney A (the chance that a run of
the arm scores higher than a run of the reference; 0.5 = no difference) and Cohen's d (difference
in pooled standard deviations). Benjamini–Hochberg controls the false-discovery rate over all
comparisons of the sweep at once, because a sweep asks many questions.

Two readings go beyond one point against its reference. `pooled` takes the houses of a sampled
design (a Latin hypercube) as the units: each house's paired difference is one observation, so an
arm gets one test per outcome over all houses instead of one underpowered test per house.
`interactions` asks of two interventions crossed on/off whether together they do more or less
than their two effects added up (both − first − second + none, per shared seed).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from math import comb
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich import box
from rich.table import Table
from scipy import stats

from simulation.sweeps.experiment import is_intervention

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


def mean_interval(values: np.ndarray, n_resamples: int = 9999, seed: int = 0
                  ) -> tuple[float, float]:
    """Bootstrap interval of the mean of independent values (NaN for fewer than two)."""
    return _bootstrap((np.asarray(values, dtype=float),), _mean, False, n_resamples, seed)


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


def smallest_p(n: int, n_reference: int, paired: bool) -> float:
    """The smallest two-sided p-value the test of `_p_value` can give with these sizes, whatever
    the data: Wilcoxon's signed-rank test of n pairs 2 / 2^n (every difference of one sign),
    Mann–Whitney's 2 / C(n + m, n) (every run of one arm above every run of the other). These
    are the floors of the exact tests scipy uses for such sizes; with ties it uses a normal
    approximation, which can come a little lower. At or above ALPHA no comparison can come out
    clear, however large the effect."""
    if paired:
        return min(1.0, 2.0 ** (1 - n))
    return min(1.0, 2.0 / comb(n + n_reference, n))


def unreachable(table: pd.DataFrame) -> pd.DataFrame:
    """The compared rows of a comparison table whose test cannot reach p < ALPHA at their size
    (`smallest_p`), with that smallest p: too few replications for the test used."""
    tested = table[table["p_value"].notna()]
    floor = [smallest_p(int(r.n), int(r.n_reference), bool(r.paired))
             for r in tested.itertuples()]
    out = tested.assign(smallest_p=floor)
    return out[out["smallest_p"] >= ALPHA]


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
            low, high = mean_interval(values, n_resamples, seed + i)
            row: dict[str, Any] = {
                "scenario": point["scenario"], "point": point["label"], "outcome": outcome,
                "n": len(values), "mean": float(np.mean(values)), "ci_low": low, "ci_high": high,
                "reference": point["reference"] if compared else "",
            }
            if compared:
                row.update(_versus(runs, ref, outcome, n_resamples, seed + i))
            rows.append(row)
    return _corrected(pd.DataFrame(rows).reindex(columns=list(COLUMNS)))


def _corrected(table: pd.DataFrame) -> pd.DataFrame:
    """Benjamini–Hochberg q-values over the table's tested rows, and which are clear."""
    tested = table["p_value"].notna()
    table["q_value"] = np.nan
    if tested.any():
        table.loc[tested, "q_value"] = stats.false_discovery_control(
            table.loc[tested, "p_value"].to_numpy(), method="bh")
    table["significant"] = table["q_value"] < ALPHA
    return table


# --------------------------------------------------------------------------- pooled over houses


POOLED_COLUMNS = ("scenario", "arm", "reference", "outcome", "houses", "paired",
                  "mean_reference", "mean", "diff", "diff_low", "diff_high", "higher", "lower",
                  "p_value",
                  "q_value", "significant")


def house_effects(finals: pd.DataFrame, points: pd.DataFrame, outcomes: Sequence[str]
                  ) -> pd.DataFrame:
    """Per sampled house and compared arm: the mean of each outcome for arm and reference.

    `points` has one row per design point: scenario, point, reference, arm (the point without
    its house) and house. Where arm and reference share seeds (common random numbers) only the
    paired runs count, so a missing run on one side does not tilt the difference."""
    outcomes = list(outcomes)
    arm_of = points.set_index(["scenario", "point"])["arm"]
    runs = dict(tuple(finals.groupby(["scenario", "point"], sort=False)))
    rows = []
    for p in points[points["reference"] != points["point"]].itertuples():
        x, y = runs.get((p.scenario, p.point)), runs.get((p.scenario, p.reference))
        if x is None or y is None:
            continue
        pairs = x.merge(y, on="seed", suffixes=("", "_ref"))
        paired = len(pairs) > 0
        arm = pairs[outcomes] if paired else x[outcomes]
        ref = pairs[[f"{o}_ref" for o in outcomes]].set_axis(outcomes, axis=1) if paired \
            else y[outcomes]
        for outcome in outcomes:
            rows.append({"scenario": p.scenario, "arm": p.arm,
                         "reference": arm_of[p.scenario, p.reference], "house": p.house,
                         "outcome": outcome, "paired": paired,
                         "mean": float(arm[outcome].mean()),
                         "mean_reference": float(ref[outcome].mean())})
    return pd.DataFrame(rows, columns=["scenario", "arm", "reference", "house", "outcome",
                                       "paired", "mean", "mean_reference"])


def pooled(finals: pd.DataFrame, points: pd.DataFrame, outcomes: Sequence[str],
           n_resamples: int = 9999, seed: int = 0) -> pd.DataFrame:
    """Each arm's effect pooled over the sampled houses, one row per arm and outcome.

    The house is the unit: its difference from the reference (paired by seed where seeds are
    shared) is one observation, the interval is a bootstrap over houses and the test Wilcoxon's
    signed-rank test of the house differences; one test per arm and outcome instead of one per
    house, Benjamini–Hochberg over all of them. `higher` and `lower` are the shares of houses
    where the arm scores higher and lower."""
    effects = house_effects(finals, points, outcomes)
    rows = []
    for i, ((scenario, arm, reference, outcome), part) in enumerate(effects.groupby(
            ["scenario", "arm", "reference", "outcome"], sort=False)):
        x, y = part["mean"].to_numpy(), part["mean_reference"].to_numpy()
        low, high = mean_interval(x - y, n_resamples, seed + i)
        rows.append({"scenario": scenario, "arm": arm, "reference": reference,
                     "outcome": outcome, "houses": len(part), "paired": bool(part["paired"].all()),
                     "mean_reference": float(y.mean()), "mean": float(x.mean()),
                     "diff": float((x - y).mean()), "diff_low": low, "diff_high": high,
                     "higher": float((x > y).mean()), "lower": float((x < y).mean()),
                     "p_value": _p_value(x, y, True) if len(part) > 1 else np.nan})
    return _corrected(pd.DataFrame(rows).reindex(columns=list(POOLED_COLUMNS)))


# --------------------------------------------------------------------------- better together?


INTERACTION_COLUMNS = ("scenario", "first", "second", "outcome", "n", "mean_none",
                       "effect_first", "effect_second", "effect_both", "interaction",
                       "interaction_low", "interaction_high", "p_value", "q_value",
                       "significant")


CELLS = {"both": (True, True), "first": (True, False), "second": (False, True),
         "none": (False, False)}


def _contexts(points: pd.DataFrame, a: str, b: str) -> list[pd.DataFrame]:
    """The design points of one scenario grouped by everything but the switches a and b."""
    context = [c for c in points.columns if c not in ("scenario", "point", "reference", a, b)]
    if not context:
        return [points]
    return [group for _, group in points.groupby(context, dropna=False, sort=False)]


def _cells(group: pd.DataFrame, a: str, b: str) -> dict[str, str] | None:
    """The point of each of the four cells of a 2 × 2 context, or None if one is missing."""
    cells = {(bool(r[a]), bool(r[b])): str(r["point"]) for _, r in group.iterrows()}
    if len(group) != 4 or len(cells) != 4:
        return None
    return {name: cells[key] for name, key in CELLS.items()}


def switch_pairs(points: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of intervention switches (`interventions.X.enabled`, on or off) that the design
    points of one scenario cross in all four combinations, everything else equal."""
    switches = [c for c in points.columns if is_intervention(c) and c.endswith(".enabled")
                and set(points[c].dropna()) == {False, True}]
    return [(a, b) for i, a in enumerate(switches) for b in switches[i + 1:]
            if any(_cells(group, a, b) for group in _contexts(points, a, b))]


def interactions(finals: pd.DataFrame, points: pd.DataFrame, outcomes: Sequence[str],
                 n_resamples: int = 9999, seed: int = 0) -> pd.DataFrame:
    """For each pair of switches crossed 2 × 2: do the two together do more than their parts?

    `points` has one row per design point (scenario, point and the value of every varied key,
    as `simulation.sweeps.tables.point_table` gives). For every seed the four cells of one
    context (same other settings) share, the interaction is both − first − second + none; the
    row holds its mean over all such seeds with a bootstrap interval and Wilcoxon's test,
    Benjamini–Hochberg over all rows. Zero: together they do what their two effects add up to."""
    outcomes = list(outcomes)
    runs = {key: group.set_index("seed")[outcomes]
            for key, group in finals.groupby(["scenario", "point"], sort=False)}
    rows = []
    for scenario, own in points.groupby("scenario", sort=False):
        for a, b in switch_pairs(own):
            parts = []
            for group in _contexts(own, a, b):
                cells = _cells(group, a, b)
                if cells and all((scenario, p) in runs for p in cells.values()):
                    parts.append(pd.concat({name: runs[scenario, p] for name, p in cells.items()},
                                           axis=1, join="inner"))
            if not parts:
                continue
            joined = pd.concat(parts, ignore_index=True)
            for i, outcome in enumerate(outcomes):
                y = {name: joined[name, outcome].to_numpy() for name in CELLS}
                contrast = y["both"] - y["first"] - y["second"] + y["none"]
                low, high = mean_interval(contrast, n_resamples, seed + i)
                rows.append({
                    "scenario": scenario, "first": a, "second": b, "outcome": outcome,
                    "n": len(contrast), "mean_none": float(y["none"].mean()),
                    **{f"effect_{name}": float((y[name] - y["none"]).mean())
                       for name in ("first", "second", "both")},
                    "interaction": float(contrast.mean()), "interaction_low": low,
                    "interaction_high": high,
                    "p_value": _p_value(contrast, np.zeros_like(contrast), True)
                    if len(contrast) > 1 else np.nan})
    return _corrected(pd.DataFrame(rows).reindex(columns=list(INTERACTION_COLUMNS)))


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
