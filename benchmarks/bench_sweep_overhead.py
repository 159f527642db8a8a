"""The sweep engine's own cost per run, against the time of a run. Prints figures; asserts nothing.

Serially, in CPU time of this process (which other load barely moves):

- engine only: a sweep whose batch function returns zeros of the right shape at once, so all
  that is timed is the engine (tasks, thinning, the columns of a part, Parquet, the reporter);
  the cost per run is the slope between a sweep of N and of 2N runs, so the sweep's fixed start
  (lock, manifest with versions and git commit) is printed apart;
- with the model: the same sweep with the real `run_batch`, against bare `run_batch` calls on
  the same seeds in the same tasks; the share of the engine is printed against this run time
  and against the ~3 ms a compiled run is expected to take (target: <= 10 %).

    uv run --no-sync python benchmarks/bench_sweep_overhead.py [--runs 4096] [--model-runs 64]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from simulation.house.batch import Batch, run_batch
from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import Scenario
from simulation.sweeps.engine import RunFn, run_model, run_sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import Plan, load_experiment

ROOT = Path(__file__).resolve().parents[1]
KERNEL_RUN = 3e-3   # seconds: a baseline run once the weekly cycle is compiled (issue 10)
EXPERIMENT = """
[experiment]
name = "overhead"
scenarios = ["{baseline}"]
replications = {replications}
steps = 104
root_seed = 1
series_every = 4

[design.factors]
"interventions.role_reversal.enabled" = [false, true]
"""


def make_plan(folder: Path, runs: int) -> Plan:
    path = folder / f"overhead-{runs}.toml"
    path.write_text(EXPERIMENT.format(baseline=(ROOT / "scenarios" / "baseline.toml").as_posix(),
                                      replications=runs // 2), encoding="utf-8")
    return load_experiment(path)


def instant(scenario: Scenario, seeds: Sequence[int]) -> Batch:
    """A batch function that takes no time: zeros of the shape `run_batch` gives."""
    steps = scenario.run.steps
    return Batch(scenario, tuple(seeds), steps, np.zeros((len(seeds), steps, len(OUTCOMES))))


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def sweep(plan: Plan, folder: Path, run_fn: RunFn, batch_size: int) -> float:
    """CPU seconds of one sweep of `plan` into a fresh folder."""
    out = folder / f"out-{time.monotonic_ns()}"
    return cpu(lambda: run_sweep(plan, out, SerialExecutor(), run_fn=run_fn,
                                 batch_size=batch_size))


def bare(plan: Plan, batch_size: int) -> None:
    """The model calls a sweep makes, without the engine: every design point in full tasks."""
    for (scenario, label), point in plan.points.items():
        seeds = [run.seed for run in plan.runs if (run.scenario, run.point) == (scenario, label)]
        for first in range(0, len(seeds), batch_size):
            run_batch(point.resolved, seeds[first:first + batch_size])


def engine_only(folder: Path, runs: int, batch_size: int, rounds: int) -> float:
    """Per-run CPU seconds of the engine alone (the median slope over the rounds)."""
    small, large = make_plan(folder, runs), make_plan(folder, 2 * runs)
    slopes, starts = [], []
    for _ in range(rounds):
        t_small = sweep(small, folder, instant, batch_size)
        t_large = sweep(large, folder, instant, batch_size)
        slope = (t_large - t_small) / (len(large.runs) - len(small.runs))
        slopes.append(slope)
        starts.append(t_small - slope * len(small.runs))
    per_run = statistics.median(slopes)
    print(f"engine only, batch size {batch_size}: {1e6 * per_run:.0f} µs CPU per run "
          f"(rounds: {', '.join(f'{1e6 * s:.0f}' for s in slopes)}); fixed start of a sweep "
          f"{1e3 * statistics.median(starts):.0f} ms")
    return per_run


def with_model(folder: Path, runs: int, batch_size: int, engine: float) -> None:
    """The real sweep against bare `run_batch` calls on the same runs, alternating the order."""
    plan = make_plan(folder, runs)
    timings: dict[str, list[float]] = {"bare": [], "sweep": []}
    for order in (("bare", "sweep"), ("sweep", "bare")):
        for which in order:
            timings[which].append(cpu(lambda: bare(plan, batch_size)) if which == "bare"
                                  else sweep(plan, folder, run_model, batch_size))
    run = statistics.median(timings["bare"]) / len(plan.runs)
    gap = (statistics.median(timings["sweep"]) - statistics.median(timings["bare"])) / len(
        plan.runs)
    print(f"with the model ({len(plan.runs)} runs of 104 steps, twice each): a run takes "
          f"{1e3 * run:.1f} ms CPU; sweep minus bare {1e3 * gap:+.2f} ms per run ({gap / run:+.1%}"
          f", includes the fixed start and noise)")
    print(f"engine share: {engine / run:.2%} of this run; {engine / KERNEL_RUN:.1%} of a "
          f"{1e3 * KERNEL_RUN:.0f} ms compiled run (target <= 10 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4096, help="runs of the instant sweep (N)")
    parser.add_argument("--model-runs", type=int, default=64, help="runs with the real model")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = make_plan(folder, 2)
        run_model(plan.scenario_of(plan.runs[0]), [0])   # warm imports and caches
        sweep(plan, folder, instant, args.batch_size)
        engine = engine_only(folder, args.runs, args.batch_size, args.rounds)
        with_model(folder, args.model_runs, args.batch_size, engine)


if __name__ == "__main__":
    main()
