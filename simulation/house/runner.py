"""Run one house to the end and keep what is needed to repeat and read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.house.batch import simulate
from simulation.house.calendar import schedule
from simulation.house.model import HouseModel
from simulation.house.outcomes import OUTCOMES
from simulation.house.panel import Panel
from simulation.house.pipeline import Pipeline
from simulation.house.scenario import Scenario, to_toml
from simulation.house.settings import settings


@dataclass(frozen=True)
class RunResult:
    """The outcome series (one row per step), the decision log, and what produced them."""

    scenario: Scenario
    seed: int
    steps: int
    series: pd.DataFrame
    decisions: pd.DataFrame
    panel: pd.DataFrame | None = None   # per participant and step, when asked for


def run_house(scenario: Scenario, seed: int, steps: int | None = None,
              panel: bool = False) -> RunResult:
    """Run one house for `steps` weeks (default: the scenario's `run.steps`).

    A pure function of scenario and seed: same inputs, identical outputs, whether the weeks run
    in one compiled call or stepped in Mesa. With `panel`, every participant's state after every
    step is kept too (see `panel.py`), which steps the Mesa model.
    """
    n = scenario.run.steps if steps is None else steps
    index = pd.RangeIndex(1, n + 1, name="step")
    if panel:
        model = HouseModel(scenario, seed=seed)
        snapshots = Panel()
        for _ in range(n):
            model.step()
            snapshots.record(model)
        series = model.datacollector.get_model_vars_dataframe().set_index(index)
        return RunResult(scenario=scenario, seed=seed, steps=n, series=series.astype(float),
                         decisions=model.pipeline.frame(), panel=snapshots.frame())
    values = np.zeros((n, len(OUTCOMES)))
    house = simulate(scenario, settings(scenario), schedule(scenario, 1, n), seed, values)
    return RunResult(scenario=scenario, seed=seed, steps=n,
                     series=pd.DataFrame(values, columns=list(OUTCOMES), index=index),
                     decisions=Pipeline(house.log).frame())


def write_panel(result: RunResult, path: Path) -> Path:
    """The per-person panel as Parquet (`.parquet`) or CSV (`.csv`), chosen by the suffix."""
    if result.panel is None:
        raise ValueError("the run kept no panel; run it with panel=True")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        result.panel.to_csv(path, index=False)
    else:
        result.panel.to_parquet(path, index=False)
    return path


def write_run(result: RunResult, out: Path) -> list[Path]:
    """Series as CSV and Parquet, the decision log, and the resolved scenario with its seed."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "series.csv", out / "series.parquet", out / "decisions.csv",
             out / "scenario.toml"]
    result.series.to_csv(paths[0])
    result.series.to_parquet(paths[1])
    result.decisions.to_csv(paths[2], index=False)
    header = (f"# resolved scenario of a samensturing run; repeat it with:\n"
              f"#   samensturing run {paths[3]} --seed {result.seed} --steps {result.steps}\n"
              f"# seed = {result.seed}\n# steps = {result.steps}\n"
              f"# digest = {result.scenario.digest()}\n\n")
    paths[3].write_text(header + to_toml(result.scenario), encoding="utf-8")
    return paths
