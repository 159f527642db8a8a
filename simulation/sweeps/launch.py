"""Run an experiment on an executor named by kind: the one way in shared by the CLI and scripts.

The engine (:func:`simulation.sweeps.engine.run_sweep`) takes a ready executor object; this opens
the executor asked for (serial, local process pool, dask), checks the results folder before any
worker starts, and sizes the number of tasks in flight to the workers.
"""

from __future__ import annotations

import os
from pathlib import Path

from simulation.sweeps.engine import StopSignal, Summary, check_folder
from simulation.sweeps.engine import run_sweep as run_plan
from simulation.sweeps.executors import ExecutorKind, default_workers, open_executor
from simulation.sweeps.experiment import Plan, load_experiment
from simulation.sweeps.progress import Reporter
from simulation.sweeps.slurm import LOOPBACK, SlurmSettings
from simulation.sweeps.store import ResultStore


def run_sweep(experiment: str | os.PathLike[str] | Plan, out: str | os.PathLike[str], *,
              executor: ExecutorKind | str = ExecutorKind.local, workers: int | None = None,
              scheduler: str | None = None, resume: bool = False, retry_failed: bool = False,
              batch_size: int = 64, flush_every: int = 100, reporter: Reporter | None = None,
              listen: str = LOOPBACK, slurm: SlurmSettings | None = None,
              stop: StopSignal | None = None) -> Summary:
    """Run every unfinished run of an experiment (a file or a loaded plan) into folder `out`.

    `executor` is "serial" (in this process), "local" (a process pool of `workers`, default
    all cores the process may use) or "dask" (a LocalCluster, or the scheduler at address
    `scheduler`; its own processes listen on `listen`, loopback unless asked) or "slurm" (worker
    jobs on a SLURM cluster as `slurm` says). `resume=True` continues a stopped sweep in `out`;
    `retry_failed=True` also reruns the runs that failed. `batch_size` is how many runs of one
    design point a worker gets at once (one model call; fewer while runs are slow). Returns the
    counts of what happened (a `Summary`). A caller that passes `stop` keeps its signal
    handling over the executor's shutdown as well (see `StopSignal`).
    """
    plan = experiment if isinstance(experiment, Plan) else load_experiment(experiment)
    kind = ExecutorKind(executor)
    workers = workers or default_workers()
    out = Path(out)
    check_folder(ResultStore(out), plan, resume)  # before starting workers: fail fast
    with open_executor(kind, workers, scheduler, listen=listen, slurm=slurm) as pool:
        return run_plan(plan, out, pool, resume=resume, retry_failed=retry_failed,
                        max_in_flight=2 * workers + 2, batch_size=batch_size,
                        flush_every=flush_every,
                        reporter=reporter, executor_name=f"{kind.value} x{workers}",
                        stop=stop)
