"""Sweep engine speed and memory, measured in one process. Prints ratios; asserts nothing.

- speed-up: the same runs through the engine serially and on a local pool of two workers
  (target >= 1.7x for 200+ runs; the pool is warmed first, its start-up is printed separately);
- overhead: the engine run serially against bare `run_house` calls (target <= 10 %);
- memory: the parent's peak resident memory at each quarter of a long sweep (target: flat).

    uv run python benchmarks/bench_sweep.py [--runs 240] [--rounds 5] [--long 2000] [--dask]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from concurrent.futures import Executor
from pathlib import Path

from simulation.executors import ExecutorKind, SerialExecutor, open_executor
from simulation.experiment import Plan, load_experiment
from simulation.runner import run_house
from simulation.sweep import run_model, run_sweep

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
    """How many cores two processes got just now (2.0 = two free cores; less on a busy machine)."""
    start = time.perf_counter()
    pool.submit(spin).result()
    one = time.perf_counter() - start
    start = time.perf_counter()
    for future in [pool.submit(spin), pool.submit(spin)]:
        future.result()
    return 2 * one / (time.perf_counter() - start)


def subset(plan: Plan, part: int, parts: int) -> Plan:
    return Plan(plan.spec, plan.source, plan.points, plan.runs[part::parts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=240, help="runs for speed-up and overhead")
    parser.add_argument("--rounds", type=int, default=5, help="alternating bare/engine rounds")
    parser.add_argument("--long", type=int, default=2000, help="runs of the memory sweep")
    parser.add_argument("--dask", action="store_true", help="also time a dask LocalCluster")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = make_plan(folder, args.runs, 104)
        run_model(plan.scenario_of(plan.runs[0]), 0)  # warm imports and caches
        # overhead in CPU time of this process, which other load on the machine barely moves;
        # bare and engine alternate on the same runs
        cpu = time.process_time
        t_serial = 0.0
        ratios = []
        for part in range(args.rounds):
            runs = subset(plan, part, args.rounds)
            bare_cpu = seconds(bare, runs, clock=cpu)
            start = time.perf_counter()
            engine_cpu = seconds(run_sweep, runs, folder / f"serial{part}", SerialExecutor(),
                                 clock=cpu)
            t_serial += time.perf_counter() - start
            ratios.append(engine_cpu / bare_cpu)
        print(f"{len(plan.runs)} runs of {plan.spec.experiment.steps} steps "
              f"({1000 * t_serial / len(plan.runs):.0f} ms wall per run through the engine)")
        print(f"engine overhead, serial, CPU time: {statistics.median(ratios) - 1:+.1%} (median "
              f"of {args.rounds} rounds: {', '.join(f'{r - 1:+.1%}' for r in ratios)})")
        # the engine's own work, without the model's noise: a run function that replays one
        # finished run costs nothing, so what remains is bookkeeping, thinning and Parquet
        done = run_model(plan.scenario_of(plan.runs[0]), 0)
        bare_cpu = seconds(bare, subset(plan, 0, args.rounds), clock=cpu)
        replay_cpu = seconds(run_sweep, plan, folder / "replay", SerialExecutor(),
                             run_fn=lambda _scenario, _seed: done, clock=cpu)
        per_run, bare_run = replay_cpu / len(plan.runs), bare_cpu / len(plan.runs[::args.rounds])
        print(f"engine's own work: {1000 * per_run:.2f} ms CPU per run = {per_run / bare_run:.1%} "
              f"of a bare model run ({1000 * bare_run:.0f} ms CPU)")

        kinds = [ExecutorKind.local, *([ExecutorKind.dask] if args.dask else [])]
        for kind in kinds:
            start = time.perf_counter()
            with open_executor(kind, workers=2) as pool:
                pool.submit(run_model, plan.scenario_of(plan.runs[0]), 0).result()
                startup = time.perf_counter() - start
                cores = capacity(pool)
                t_par = seconds(run_sweep, plan, folder / kind.value, pool, max_in_flight=6)
            print(f"speed-up, {kind.value} x2: {t_serial / t_par:.2f}x ({t_serial:.1f} s serial, "
                  f"{t_par:.1f} s parallel; pool start-up {startup:.1f} s not included; "
                  f"the machine offered {cores:.2f} cores just before)")

        long_plan = make_plan(folder, args.long, 5)
        probe = MemoryProbe()
        with open_executor(ExecutorKind.local, workers=2) as pool:
            t_long = seconds(run_sweep, long_plan, folder / "long", pool, max_in_flight=6,
                             reporter=probe)
        peaks = ", ".join(f"{p:.0f}" for p in probe.peaks)
        growth = probe.peaks[-1] - probe.peaks[0]
        print(f"memory: {len(long_plan.runs)} runs of 5 steps in {t_long:.1f} s; parent peak "
              f"RSS at each quarter {peaks} MiB; growth {growth:+.0f} MiB")


if __name__ == "__main__":
    main()
