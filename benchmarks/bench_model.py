"""Model speed, measured in one process: ours against Mesa's Boltzmann-wealth example, the three
ways to run houses (a batch, one run at a time, Mesa's step), and how the cost grows with steps
and population. Prints ratios; asserts nothing.

    uv run --no-sync python benchmarks/bench_model.py [--rounds 5] [--steps 104] [--seeds 64]

Every figure is CPU time of this process (`time.process_time`, so a neighbour's load on the
shared machine costs it little) and a median of rounds in which the contenders take turns, the
order reversed every other round; each contender is warmed up once first (the compiled week
loaded from numba's cache, or compiled if the cache is empty). The figure against the model
before the compiled week is `bench_against.py`'s.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import warnings
from collections.abc import Callable

import numpy as np
from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

from simulation.house.batch import run_batch
from simulation.house.model import HouseModel
from simulation.house.runner import run_house
from simulation.house.scenario import Scenario, with_overrides

STAFF = 10                       # the baseline's professionals and officials
RESIDENTS = (40, 400, 4000, 50_000)


def interleaved(contenders: dict[str, Callable[[], object]], rounds: int,
                budget: float = 0.2) -> dict[str, float]:
    """Median CPU seconds per call of each contender over `rounds` alternating rounds.

    A round times as many calls of a contender as fill about `budget` seconds (at least one), so
    runs of a millisecond are not lost in the clock's and the load's jitter.
    """
    calls = {}
    for name, fn in contenders.items():
        start = time.process_time()
        fn()
        calls[name] = max(1, math.ceil(budget / max(time.process_time() - start, 1e-6)))
    per_call: dict[str, list[float]] = {name: [] for name in contenders}
    for r in range(rounds):
        for name in list(contenders)[::1 if r % 2 == 0 else -1]:
            start = time.process_time()
            for _ in range(calls[name]):
                contenders[name]()
            per_call[name].append((time.process_time() - start) / calls[name])
    return {name: statistics.median(times) for name, times in per_call.items()}


def house(residents: int) -> Scenario:
    return with_overrides(Scenario(), {"population.residents": residents})


def boltzmann(agents: int, steps: int) -> None:
    side = math.ceil(math.sqrt(agents))
    model = BoltzmannWealth(BoltzmannScenario(n=agents, width=side, height=side, rng=1))
    for _ in range(steps):
        model.step()


def stepwise(scenario: Scenario, seed: int, steps: int) -> HouseModel:
    model = HouseModel(scenario, seed)
    for _ in range(steps):
        model.step()
    return model


def present(scenario: Scenario, steps: int, seeds: int = 4) -> float:
    """Mean participants present at a week's meeting (untimed; Mesa's step shows the room)."""
    counts = []
    for seed in range(seeds):
        model = HouseModel(scenario, seed)
        for _ in range(steps):
            model.step()
            counts.append(model.last_meeting.present.size)
    return float(np.mean(counts))


def against_boltzmann(steps: int, rounds: int) -> None:
    print("\nagainst Mesa's Boltzmann wealth example, same participant count "
          "(ratio = ours / Boltzmann; target >= 15x at 100 agents):")
    for n in (100, 1000):
        scenario = house(n - STAFF)
        t = interleaved({"ours": lambda s=scenario: run_house(s, 1, steps),
                         "boltzmann": lambda n=n: boltzmann(n, steps)}, rounds)
        here = present(scenario, steps)
        ours, theirs = n * steps / t["ours"], n * steps / t["boltzmann"]
        ours_present = here * steps / t["ours"]
        print(f"  {n:>5} agents: ours {ours:>12,.0f} agent-steps/s, Boltzmann {theirs:>10,.0f}: "
              f"ratio {ours / theirs:6.1f}x")
        print(f"  {'':>5}         per participant present ({here:.1f} a week): "
              f"{ours_present:>12,.0f}/s, ratio {ours_present / theirs:6.1f}x; "
              f"{1 / t['ours']:,.0f} runs/s")


def paths(baseline: Scenario, steps: int, seeds: int, rounds: int) -> None:
    print(f"\nthree ways to run {seeds} baseline houses of {steps} steps "
          "(CPU per run; ratio against the batch):")
    t = interleaved({
        "run_batch": lambda: run_batch(baseline, range(seeds), steps),
        "run_house per seed": lambda: [run_house(baseline, s, steps) for s in range(seeds)],
        "HouseModel.step loop": lambda: [stepwise(baseline, s, steps) for s in range(seeds)],
    }, rounds)
    for name, total in t.items():
        per_run = total / seeds
        print(f"  {name:22s} {per_run * 1e3:8.3f} ms per run, {1 / per_run:>8,.0f} runs/s  "
              f"x{total / t['run_batch']:.2f}")


def growth(baseline: Scenario, steps: int, rounds: int) -> None:
    print("\ncost growth (CPU time against the baseline run; linear = the factor itself):")
    t = interleaved({f: lambda f=f: run_house(baseline, 1, steps * f) for f in (1, 10, 100)},
                    rounds)
    for f in (10, 100):
        print(f"  {f:>3}x steps ({steps * f:>6}): time x{t[f] / t[1]:.1f}")
    t = interleaved({r: lambda r=r: run_house(house(r), 1, steps) for r in RESIDENTS}, rounds)
    first = RESIDENTS[0]
    for r in RESIDENTS[1:]:
        print(f"  {r / first:>6,.0f}x residents ({r:>6,}): time x{t[r] / t[first]:.1f}"
              f"  ({t[r] * 1e3:.1f} ms per run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=104)
    parser.add_argument("--seeds", type=int, default=64)
    args = parser.parse_args()
    warnings.simplefilter("ignore", FutureWarning)
    baseline = Scenario()
    t = interleaved({"baseline": lambda: run_house(baseline, 1, args.steps)}, args.rounds)
    print(f"baseline house ({baseline.population.total} participants, {args.steps} steps, "
          f"{present(baseline, args.steps):.1f} present a week): {t['baseline'] * 1e3:.2f} ms "
          f"CPU per run = {1 / t['baseline']:,.0f} runs/s per core")
    against_boltzmann(args.steps, args.rounds)
    paths(baseline, args.steps, args.seeds, args.rounds)
    growth(baseline, args.steps, args.rounds)


if __name__ == "__main__":
    main()
