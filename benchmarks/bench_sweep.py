"""Sweep engine speed and memory, measured in one process. Prints ratios; asserts nothing.

- speed-up: the same runs through the engine serially and on a local pool of two workers
  (target >= 1.7x for 200+ runs; the pool is warmed first, its start-up is printed separately);
- overhead: the engine run serially against bare `run_house` calls (target <= 10 %);
- memory: the parent's peak resident memory at each quarter of a long sweep (target: flat).

    uv run python benchmarks/bench_sweep.py [--runs 240] [--rounds 4] [--long 2000] [--dask]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from concurrent.futures import Executor
from pathlib import Path

from simulation.house.batch import Batch
from simulation.house.runner import run_house
from simulation.sweeps.engine import run_model, run_sweep
from simulation.sweeps.executors import ExecutorKind, SerialExecutor, open_executor
from simulation.sweeps.experiment import Plan, load_experiment

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENT = """
[experiment]
name = "bench"
scenarios = ["{baseline}"]
replications = {replications}
steps = {steps}
root_seed = 1
series_every = 4

[design.factors]
"interventions.role_reversal.enabled" = [false, true]
"""


def make_plan(folder: Path, runs: int, steps: int) -> Plan:
    path = folder / f"bench-{runs}-{steps}.toml"
    path.write_text(EXPERIMENT.format(baseline=(ROOT / "scenarios" / "baseline.toml").as_posix(),
                                      replications=runs // 2, steps=steps), encoding="utf-8")
    return load_experiment(path)


def seconds(fn: object, *args: object, clock: object = time.perf_counter,
            **kwargs: object) -> float:
    start = clock()  # type: ignore[operator]
    fn(*args, **kwargs)  # type: ignore[operator]
    return clock() - start  # type: ignore[operator]


def bare(plan: Plan) -> None:
    for run in plan.runs:
        run_house(plan.scenario_of(run), run.seed)


class MemoryProbe:
    """A progress reporter that notes the peak resident memory at each quarter of the sweep."""

    def __init__(self) -> None:
        self.total = self.done = 0
        self.peaks: list[float] = []

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done

    def advance(self, failed: bool) -> None:
        self.done += 1
        if self.done % max(1, self.total // 4) == 0:
            self.peaks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    def stop(self) -> None:
        """Nothing to close."""


def spin(n: int = 5_000_000) -> int:
    """Pure CPU work, to see how much parallelism the machine offers right now."""
    total = 0
    for i in range(n):
        total += i
    return total


def capacity(pool: Executor) -> float:
    """How many cores two processes got just now (2.0 = two free cores; less on a busy machine).
    Distinct arguments, so dask cannot answer two identical tasks with one computation."""
    pool.submit(spin, 1000).result()
    start = time.perf_counter()
    pool.submit(spin, 5_000_001).result()
    one = time.perf_counter() - start
    start = time.perf_counter()
    for future in [pool.submit(spin, 5_000_002), pool.submit(spin, 5_000_003)]:
        future.result()
    return 2 * one / (time.perf_counter() - start)


def subset(plan: Plan, part: int, parts: int) -> Plan:
    return Plan(plan.spec, plan.source, plan.points, plan.runs[part::parts])


def rounds_summary(ratios: list[float], as_change: bool) -> str:
    shown = [f"{r - 1:+.1%}" if as_change else f"{r:.2f}x" for r in ratios]
    median = statistics.median(ratios)
    return (f"{median - 1:+.1%}" if as_change else f"{median:.2f}x") + \
        f" (median of {len(ratios)} rounds: {', '.join(shown)})"


def overhead(plan: Plan, folder: Path, rounds: int) -> None:
    """Engine against bare runs in CPU time of this process, which other load barely moves; then
    the engine's own work, with a run function that replays one finished run."""
    cpu = time.process_time
    ratios, bare_total = [], 0.0
    for part in range(rounds):  # bare and engine alternate on the same runs, first one then
        runs = subset(plan, part, rounds)  # the other going first, so order effects cancel
        timings = {}
        for which in (("bare", "engine") if part % 2 == 0 else ("engine", "bare")):
            timings[which] = seconds(bare, runs, clock=cpu) if which == "bare" else seconds(
                run_sweep, runs, folder / f"serial{part}", SerialExecutor(), clock=cpu)
        ratios.append(timings["engine"] / timings["bare"])
        bare_total += timings["bare"]
    print(f"engine overhead, serial, CPU time: {rounds_summary(ratios, as_change=True)}")
    one = run_model(plan.scenario_of(plan.runs[0]), [0])
    replay = seconds(run_sweep, plan, folder / "replay", SerialExecutor(),
                     run_fn=lambda scenario, seeds: Batch(
                         scenario, tuple(seeds), one.steps, one.values.repeat(len(seeds), 0)),
                     clock=cpu) / len(plan.runs)
    per_bare = bare_total / len(plan.runs)
    print(f"engine's own work: {1000 * replay:.2f} ms CPU per run = {replay / per_bare:.1%} of a "
          f"bare model run ({1000 * per_bare:.0f} ms CPU)")


def speed_up(plan: Plan, folder: Path, kind: ExecutorKind, rounds: int) -> None:
    """Serial and two-worker wall time alternate on the same runs, so a busy neighbour slows
    both alike; the pool is started and warmed first."""
    start = time.perf_counter()
    with open_executor(kind, workers=2) as pool:
        cores = capacity(pool)  # also starts both workers
        startup = time.perf_counter() - start
        ratios = []
        for part in range(rounds):
            runs = subset(plan, part, rounds)
            serial_s = seconds(run_sweep, runs, folder / f"{kind}-s{part}", SerialExecutor())
            parallel_s = seconds(run_sweep, runs, folder / f"{kind}-p{part}", pool,
                                 max_in_flight=6)
            ratios.append(serial_s / parallel_s)
    print(f"speed-up, {kind.value} x2: {rounds_summary(ratios, as_change=False)}; start-up "
          f"{startup:.1f} s not included; the machine offered {cores:.2f} cores at the start")


def memory(folder: Path, runs: int) -> None:
    """Peak resident memory of the sweep process at each quarter of a long sweep."""
    plan = make_plan(folder, runs, 5)
    probe = MemoryProbe()
    with open_executor(ExecutorKind.local, workers=2) as pool:
        took = seconds(run_sweep, plan, folder / "long", pool, max_in_flight=6, reporter=probe)
    peaks = ", ".join(f"{p:.0f}" for p in probe.peaks)
    print(f"memory: {len(plan.runs)} runs of 5 steps in {took:.1f} s; sweep process peak RSS "
          f"at each quarter {peaks} MiB; growth {probe.peaks[-1] - probe.peaks[0]:+.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=240, help="runs for speed-up and overhead")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds")
    parser.add_argument("--long", type=int, default=2000, help="runs of the memory sweep")
    parser.add_argument("--dask", action="store_true", help="also time a dask LocalCluster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = make_plan(folder, args.runs, 104)
        run_model(plan.scenario_of(plan.runs[0]), [0])  # warm imports and caches
        print(f"{len(plan.runs)} runs of {plan.spec.experiment.steps} steps, baseline house")
        overhead(plan, folder, args.rounds)
        for kind in [ExecutorKind.local, *([ExecutorKind.dask] if args.dask else [])]:
            speed_up(plan, folder, kind, args.rounds)
        memory(folder, args.long)


if __name__ == "__main__":
    main()
