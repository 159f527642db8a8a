"""The model against an earlier commit of itself (by default c867317, the last one before the
compiled week), each in its own checkout and environment, in alternating processes. Prints the
ratios; asserts nothing.

    git worktree add --detach ../old c867317 && (cd ../old && uv sync --locked -q)
    uv run --no-sync python benchmarks/bench_against.py --old ../old [--rounds 5]

A round starts one process per checkout and population size (the order of the two checkouts
reversed every other round); each process imports its model, runs one warm-up house (loading the
compiled week from numba's cache), then runs houses of consecutive seeds until `--budget` seconds
of CPU time (`time.process_time`) have passed, and reports CPU time per run. The figures are
medians over the rounds, so the load the busy machine puts on a round falls on both checkouts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

# Runs in either checkout: `run_house(scenario, seed, steps)` has kept its signature.
CHILD = """
import json, sys, time, warnings
warnings.simplefilter("ignore", FutureWarning)
from simulation.house.runner import run_house
from simulation.house.scenario import Scenario, with_overrides
residents, steps, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
scenario = with_overrides(Scenario(), {"population.residents": residents})
run_house(scenario, 0, steps)
runs, start = 0, time.process_time()
while runs == 0 or time.process_time() - start < budget:
    runs += 1
    run_house(scenario, runs, steps)
print(json.dumps([(time.process_time() - start) / runs, runs]))
"""


def per_run(tree: Path, residents: int, steps: int, budget: float) -> tuple[float, int]:
    """(CPU seconds per run, runs timed) in a fresh process of the checkout at `tree`."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    out = subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", CHILD, str(residents),
                          str(steps), str(budget)], cwd=tree, env=env, check=True,
                         capture_output=True, text=True).stdout
    seconds, runs = json.loads(out.splitlines()[-1])
    return seconds, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="checkout of the earlier commit")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=104)
    parser.add_argument("--budget", type=float, default=2.0, help="CPU seconds per process")
    parser.add_argument("--residents", type=int, nargs="+", default=[40, 50_000])
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": HERE}
    times: dict[tuple[str, int], list[float]] = {(k, r): [] for k in trees for r in args.residents}
    for r in range(args.rounds):
        for residents in args.residents:
            line = []
            for name in list(trees)[::1 if r % 2 == 0 else -1]:
                seconds, runs = per_run(trees[name], residents, args.steps, args.budget)
                times[name, residents].append(seconds)
                line.append(f"{name} {seconds * 1e3:.2f} ms ({runs} runs)")
            print(f"round {r + 1}, {residents:>6,} residents: " + ", ".join(line), flush=True)
    print(f"\nmedians of {args.rounds} rounds, {args.steps} steps, CPU per run "
          f"(old = {trees['old']}):")
    median = {key: statistics.median(v) for key, v in times.items()}
    for residents in args.residents:
        old, new = median["old", residents], median["new", residents]
        ratios = [o / n for o, n in zip(times["old", residents], times["new", residents],
                                        strict=True)]
        print(f"  {residents:>6,} residents: old {old * 1e3:9.2f} ms, new {new * 1e3:8.3f} ms "
              f"({1 / new:,.1f} runs/s per core): new is {old / new:.1f}x faster "
              f"(single rounds {min(ratios):.1f}-{max(ratios):.1f}x)")
    first, *others = args.residents
    for residents in others:
        old, new = (median[k, residents] / median[k, first] for k in ("old", "new"))
        print(f"  {residents:,} residents cost {old:.1f}x the {first} residents' run in old, "
              f"{new:.1f}x in new")


if __name__ == "__main__":
    main()
