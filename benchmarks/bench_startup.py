"""Start-up cost: CPU time of a fresh Python process importing the stack. Prints medians.

A sweep's workers each import Mesa, pandas, pyarrow and SciPy before their first run; without
compiled bytecode (``__pycache__/*.pyc``) every import compiles the sources first. Run it once
with and once without bytecode in the environment (see docs/performance.md, "Start-up"):

    uv run python benchmarks/bench_startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

IMPORTS = {
    "the stack": "import simulation.sweeps.engine, simulation.house.model, pandas, pyarrow",
    "a worker": "import simulation.house.runner, simulation.sweeps.engine",
    "the CLI": "import simulation.cli",
    "the API": "import simulation",
}


def cpu_seconds(code: str) -> float:
    """User + system CPU time of one fresh interpreter running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
    args = parser.parse_args()
    done, total = compiled_share()
    print(f"bytecode: {done} of {total} modules in site-packages compiled; "
          f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    for name, code in IMPORTS.items():
        times = [cpu_seconds(code) for _ in range(args.rounds)]
        print(f"{name:10s} median {statistics.median(times):5.2f} s CPU "
              f"(min {min(times):.2f}, max {max(times):.2f}; {args.rounds} rounds): {code}")


if __name__ == "__main__":
    main()
