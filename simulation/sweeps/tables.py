"""A sweep's results as tidy tables: every run with the settings that made it, ready for pandas.

The part files hold each run's identity and outcomes, the manifest holds what each design point
set; here the two are joined, so every varied parameter is a column of its own (named by its
dotted key, e.g. ``power.asymmetry``) next to scenario, design point, reference, replication and
seed, and a groupby needs nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from simulation.sweeps.store import ResultStore, load_finals

IDENTITY = ("key", "scenario", "point", "reference", "replication", "seed")


class Results(NamedTuple):
    """A sweep's successful runs: one row per run, and one row per run and kept step."""

    finals: pd.DataFrame
    series: pd.DataFrame
    manifest: dict[str, Any]


def point_table(manifest: dict[str, Any]) -> pd.DataFrame:
    """One row per design point: scenario, label, reference and the value of every varied key.

    A point's `values` hold the resolved value of every key any point varies; manifests written
    before they were recorded have only the point's own `settings` (other keys are then NA).
    """
    points = [(p, {**p["settings"], **p.get("values", {})}) for p in manifest["points"]]
    varied = list(dict.fromkeys(key for _, values in points for key in values))
    rows = [{"scenario": p["scenario"], "point": p["label"], "reference": p["reference"],
             **{key: values.get(key) for key in varied}} for p, values in points]
    return pd.DataFrame(rows, columns=["scenario", "point", "reference", *varied])


def load_results(folder: str | os.PathLike[str]) -> Results:
    """The successful runs of a results folder, with every varied parameter as a column.

    `finals`: one row per run (identity, varied parameters, final value of each outcome);
    `series`: one row per run and kept step (every `series_every` steps and the last; empty
    if the experiment kept no series); `manifest`: the sweep's plan and provenance. Failed runs
    are left out. Raises `ResultsError` if the folder holds no finished run.
    """
    folder = Path(folder)
    finals, manifest = load_finals(folder)
    points = point_table(manifest)
    varied = [c for c in points.columns if c not in IDENTITY]
    outcomes = list(manifest["outcomes"])
    points["_order"] = range(len(points))  # rows in the plan's order, not by hashed key
    tidy = finals.merge(points, on=["scenario", "point"], how="left", validate="many_to_one")
    tidy = tidy.sort_values(["_order", "replication"], ignore_index=True)
    tidy = tidy[[*IDENTITY, *varied, *outcomes]]
    series = ResultStore(folder).series(keys=tidy["key"].tolist())
    series = tidy[[*IDENTITY, *varied]].merge(
        series.drop(columns=["scenario", "point", "replication"]), on="key", how="inner",
        validate="one_to_many")
    series = series.reindex(columns=[*IDENTITY, *varied, "step", *outcomes])  # also if empty
    return Results(tidy, series, manifest)
