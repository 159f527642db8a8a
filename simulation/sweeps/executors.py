"""Executors for sweeps: any `concurrent.futures.Executor` will do; these are the four we ship.

The local pool uses its own multiprocessing context (forkserver, or spawn where there is none), so
worker processes never inherit the parent's threads or locks and the global start method is left
alone. Dask is imported only when asked for; a dask scheduler we start listens on 127.0.0.1 (its
dashboard too) unless the user gives a network address, because anyone who can reach a dask
scheduler can run code as its user.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from typing import Any

from simulation.sweeps.slurm import (
    LOOPBACK,
    SlurmError,
    SlurmSettings,
    listen_address,
    slurm_client,
)


class ExecutorError(Exception):
    """The executor asked for cannot be had (e.g. no dask scheduler at that address)."""


class ExecutorKind(StrEnum):
    """Where runs execute: in this process, a local process pool, dask, or SLURM jobs via dask."""

    serial = "serial"
    local = "local"
    dask = "dask"
    slurm = "slurm"


class SerialExecutor(Executor):
    """Runs each task at submission, in this process: for debugging and as the reference."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


class LocalPool(ProcessPoolExecutor):
    """The local process pool, with Python 3.14's `terminate_workers` on older Pythons too,
    so that a second Ctrl-C ends a sweep at once instead of waiting for the running runs."""

    def terminate_workers(self) -> None:
        for process in list((self._processes or {}).values()):
            process.terminate()


def _local_context() -> multiprocessing.context.BaseContext:
    """forkserver where it exists, spawn elsewhere; never the global start method.

    The fork server imports the model once, so every later worker starts as a cheap fork
    instead of importing Mesa, pandas and SciPy again.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["simulation.house.runner"])
    return context


def _init_worker(parent: int) -> None:
    """Ctrl-C reaches the whole process group: the parent stops the sweep, workers ignore it.
    A parent killed outright (SIGKILL) cannot shut the pool down, so workers watch it and go."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)


@contextmanager
def open_executor(kind: ExecutorKind, workers: int | None = None, scheduler: str | None = None,
                  *, listen: str = LOOPBACK, slurm: SlurmSettings | None = None
                  ) -> Iterator[Executor]:
    """A ready executor of the given kind. Dask without a scheduler address starts a LocalCluster
    listening on `listen`; slurm starts worker jobs as `slurm` says (its own `listen`)."""
    if kind == ExecutorKind.serial:
        yield SerialExecutor()
    elif kind == ExecutorKind.local:
        with LocalPool(max_workers=workers, mp_context=_local_context(),
                       initializer=_init_worker, initargs=(os.getpid(),)) as pool:
            yield pool
    elif kind == ExecutorKind.slurm:
        with _slurm_executor(slurm or SlurmSettings()) as pool:
            yield pool
    elif scheduler:
        from dask.distributed import Client

        try:
            client = Client(scheduler, timeout=10)
        except (OSError, ValueError) as exc:
            raise ExecutorError(f"cannot reach the dask scheduler at {scheduler}: {exc}"
                                ) from None
        with client:
            yield client.get_executor()
    else:  # dashboard on any free port: sweeps side by side must not collide on 8787
        from dask.distributed import Client, LocalCluster

        with (LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                           processes=True, host=listen,
                           dashboard_address=listen_address(listen)) as cluster,
              Client(cluster) as client):
            yield client.get_executor()


@contextmanager
def _slurm_executor(settings: SlurmSettings) -> Iterator[Executor]:
    with ExitStack() as stack:
        try:
            client = stack.enter_context(slurm_client(settings))
        except SlurmError as exc:  # before any run: the user's setting or machine
            raise ExecutorError(str(exc)) from None
        yield client.get_executor()


def default_workers() -> int:
    """The cores this process may use (respects CPU affinity, e.g. in a SLURM allocation)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
