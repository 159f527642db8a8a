"""Compile the model once per machine before work that needs it, and say so the first time.

numba compiles the week on first use; done by the first worker of a sweep, every worker would
compile at once. A command prepares the model in its own process first, with a notice, so that
workers and later commands load it from the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from simulation.house.compiled import mark_ready, ready

NOTICE = "preparing the model: compiling it for this machine, once (about 1–2 minutes)…"


def prepare(say: Callable[[str], None]) -> float | None:
    """Compile everything a run needs unless this machine already has; the seconds it took,
    or None when the model was ready."""
    if ready():
        return None
    from simulation.house.batch import run_batch
    from simulation.house.model import HouseModel
    from simulation.house.scenario import Scenario

    say(NOTICE)
    started = time.monotonic()
    run_batch(Scenario(), [0], 2)
    HouseModel(Scenario()).step()
    mark_ready()
    return time.monotonic() - started
