"""Sweep engine speed and memory, measured in one process. Prints ratios; asserts nothing.

- speed-up: the same runs through the engine serially and on a local pool of two workers
  (target >= 1.7x for 200+ runs; the pool is warmed first, its start-up is printed separately);
- overhead: the engine run serially against bare `run_house` calls (target <= 10 %);
- memory: the parent's peak resident memory at each quarter of a long sweep (target: flat).

    uv run python benchmarks/bench_sweep.py [--runs 240] [--rounds 3] [--long 2000] [--dask]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
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


def seconds(fn: object, *args: object, **kwargs: object) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - start


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


def subset(plan: Plan, part: int, parts: int) -> Plan:
    return Plan(plan.spec, plan.source, plan.points, plan.runs[part::parts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=240, help="runs for speed-up and overhead")
    parser.add_argument("--rounds", type=int, default=3, help="alternating bare/engine rounds")
    parser.add_argument("--long", type=int, default=2000, help="runs of the memory sweep")
    parser.add_argument("--dask", action="store_true", help="also time a dask LocalCluster")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = make_plan(folder, args.runs, 104)
        run_model(plan.scenario_of(plan.runs[0]), 0)  # warm imports and caches
        # bare and engine alternate on the same runs, so a busy neighbour slows both alike
        t_bare = t_serial = 0.0
        ratios = []
        for part in range(args.rounds):
            runs = subset(plan, part, args.rounds)
            bare_part = seconds(bare, runs)
            engine_part = seconds(run_sweep, runs, folder / f"serial{part}", SerialExecutor())
            t_bare, t_serial = t_bare + bare_part, t_serial + engine_part
            ratios.append(engine_part / bare_part)
        print(f"{len(plan.runs)} runs of {plan.spec.experiment.steps} steps "
              f"({1000 * t_bare / len(plan.runs):.0f} ms per bare run)")
        print(f"engine overhead, serial: {statistics.median(ratios) - 1:+.1%} (median of "
              f"{args.rounds} rounds: {', '.join(f'{r - 1:+.1%}' for r in ratios)})")

        kinds = [ExecutorKind.local, *([ExecutorKind.dask] if args.dask else [])]
        for kind in kinds:
            start = time.perf_counter()
            with open_executor(kind, workers=2) as pool:
                pool.submit(run_model, plan.scenario_of(plan.runs[0]), 0).result()
                startup = time.perf_counter() - start
                t_par = seconds(run_sweep, plan, folder / kind.value, pool, max_in_flight=6)
            print(f"speed-up, {kind.value} x2: {t_serial / t_par:.2f}x ({t_serial:.1f} s serial, "
                  f"{t_par:.1f} s parallel; pool start-up {startup:.1f} s not included)")

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
