"""Start-up cost: CPU time of a fresh Python process importing the stack, and of its first house
with numba's cache empty (the compile) and filled (loaded from disk). Prints medians and ratios.

A sweep's workers each import Mesa, pandas, pyarrow and SciPy before their first run; without
compiled bytecode (``__pycache__/*.pyc``) every import compiles the sources first. Run it once
with and once without bytecode in the environment (see docs/performance.md, "Start-up"). The
compiled week is compiled on first use into `SAMENSTURING_CACHE`; the benchmark points that at a
fresh temporary folder, so it measures the compile a new machine pays, then the start of every
later process on it (`--compile-rounds 0` skips both: the compile takes a minute or more).

    uv run --no-sync python benchmarks/bench_startup.py [--rounds 7] [--compile-rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

IMPORTS = {
    "the stack": "import simulation.sweeps.engine, simulation.house.model, pandas, pyarrow",
    "a worker": "import simulation.house.runner, simulation.sweeps.engine",
    "the CLI": "import simulation.cli",
    "the API": "import simulation",
}

# CPU seconds of importing the model, its first `run_house` (one step) and its first Mesa step.
FIRST_USE = """
import json, time
start = time.process_time()
from simulation.house.model import HouseModel
from simulation.house.runner import run_house
from simulation.house.scenario import Scenario
imported = time.process_time()
run_house(Scenario(), 1, 1)
ran = time.process_time()
HouseModel(Scenario(), 1).step()
print(json.dumps([imported - start, ran - imported, time.process_time() - ran]))
"""


def cpu_seconds(code: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """User + system CPU time of one fresh interpreter running `code`, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env,
                         capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def first_use(cache: Path) -> tuple[float, list[float]]:
    """CPU seconds of a process running FIRST_USE with its compiled week cached in `cache`:
    in all, and split into (import, first run_house, first HouseModel.step)."""
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    total, out = cpu_seconds(FIRST_USE, env | {"SAMENSTURING_CACHE": str(cache)})
    return total, json.loads(out.splitlines()[-1])


def compile_rounds(rounds: int, cached_rounds: int) -> None:
    """For each round: a fresh cache folder, one process that compiles, then `cached_rounds`
    processes that load the compiled week from that folder."""
    print("\nfirst house in a fresh process, CPU seconds: all (import + first run_house of "
          "one step + first HouseModel.step)")
    for r in range(rounds):
        with tempfile.TemporaryDirectory(prefix="samensturing-cache-") as folder:
            empty, parts = first_use(Path(folder))
            print(f"  round {r + 1}, empty cache:  {empty:6.2f} s ("
                  + " + ".join(f"{p:.2f}" for p in parts) + ")", flush=True)
            cached = [first_use(Path(folder)) for _ in range(cached_rounds)]
            total = statistics.median(c[0] for c in cached)
            parts = [statistics.median(c[1][k] for c in cached) for k in range(3)]
            print(f"  round {r + 1}, cached (median of {cached_rounds}): {total:6.2f} s ("
                  + " + ".join(f"{p:.2f}" for p in parts) + f"): the compile costs "
                  f"{empty / total:.0f}x a cached start", flush=True)


def compiled_share() -> tuple[int, int]:
    """(.py files with a compiled .pyc, all .py files) in this environment's site-packages."""
    site = Path(sysconfig.get_paths()["purelib"])
    sources = list(site.rglob("*.py"))
    tag = sys.implementation.cache_tag
    done = sum((p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc").exists() for p in sources)
    return done, len(sources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compile-rounds", type=int, default=1)
    args = parser.parse_args()
    done, total = compiled_share()
    print(f"bytecode: {done} of {total} modules in site-packages compiled; "
          f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    for name, code in IMPORTS.items():
        times = [cpu_seconds(code)[0] for _ in range(args.rounds)]
        print(f"{name:10s} median {statistics.median(times):5.2f} s CPU "
              f"(min {min(times):.2f}, max {max(times):.2f}; {args.rounds} rounds): {code}")
    if args.compile_rounds:
        compile_rounds(args.compile_rounds, args.rounds)


if __name__ == "__main__":
    main()
