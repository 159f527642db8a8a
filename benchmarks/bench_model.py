"""Model speed, measured in one process: ours against Mesa's Boltzmann-wealth example, and how
the cost grows with steps and population. Prints ratios; asserts nothing.

    uv run python benchmarks/bench_model.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import warnings
from collections.abc import Callable

from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth

from simulation.house.runner import run_house
from simulation.house.scenario import Scenario, with_overrides


def timed(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of `repeats` calls, after one warm-up."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def house(participants: int, staff: int = 10) -> Scenario:
    return with_overrides(Scenario(), {"population.residents": participants - staff})


def boltzmann(agents: int, steps: int) -> None:
    side = math.ceil(math.sqrt(agents))
    model = BoltzmannWealth(BoltzmannScenario(n=agents, width=side, height=side, rng=1))
    for _ in range(steps):
        model.step()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=104)
    args = parser.parse_args()
    warnings.simplefilter("ignore", FutureWarning)
    r, steps = args.repeats, args.steps

    baseline = Scenario()
    t = timed(lambda: run_house(baseline, 1, steps), r)
    print(f"baseline house ({baseline.population.total} participants, {steps} steps): "
          f"{t * 1e3:.1f} ms per run")

    print("\nagent-steps per second, same process (ratio = ours / Boltzmann):")
    for n in (100, 1000):
        ours = n * steps / timed(lambda n=n: run_house(house(n), 1, steps), r)
        theirs = n * steps / timed(lambda n=n: boltzmann(n, steps), r)
        print(f"  {n:>5} agents: ours {ours:>10,.0f}  Boltzmann {theirs:>10,.0f}  "
              f"ratio {ours / theirs:.2f}")

    print("\ncost growth (time ratio against the baseline run; linear = the factor itself):")
    for factor in (10, 100):
        t_steps = timed(lambda f=factor: run_house(baseline, 1, steps * f), max(1, r // 2))
        print(f"  {factor:>3}x steps:      time x{t_steps / t:.1f}")
    for factor in (10, 100):
        big = house(baseline.population.total * factor)
        t_pop = timed(lambda b=big: run_house(b, 1, steps), max(1, r // 2))
        print(f"  {factor:>3}x population: time x{t_pop / t:.1f}  "
              f"({big.population.residents} residents, room of "
              f"{big.population.room_capacity})")


if __name__ == "__main__":
    main()
