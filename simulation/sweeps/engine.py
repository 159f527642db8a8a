"""The sweep engine: run a plan through any `concurrent.futures` executor, streaming to disk.

Why our own and not Mesa's `batch_run`: that keeps every result in memory, cannot resume, and
builds models from keyword arguments rather than a validated scenario. Here at most
`max_in_flight` runs are submitted at once and finished runs are committed to Parquet parts in
small batches, so memory stays flat however long the sweep; a run counts as done only once its
final row is committed, so a sweep killed at any moment resumes with nothing lost or counted twice.
"""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

import pandas as pd

from simulation.house.scenario import Scenario
from simulation.sweeps.experiment import Plan, RunSpec
from simulation.sweeps.progress import Reporter
from simulation.sweeps.provenance import session
from simulation.sweeps.store import ResultsError, ResultStore, check_runs, latest, write_json


class Outcome(Protocol):
    """What a run function returns: at least the outcome series, one row per step."""

    series: pd.DataFrame


RunFn = Callable[[Scenario, int], Outcome]


def run_model(scenario: Scenario, seed: int) -> Outcome:
    """The real model (imported in the worker, so the engine can be tested without it)."""
    from simulation.house.runner import run_house

    return run_house(scenario, seed)


# --------------------------------------------------------------------------- one run


@dataclass(frozen=True)
class Task:
    """Everything a worker needs for one run; small and picklable."""

    run: RunSpec
    scenario: Scenario
    outcomes: tuple[str, ...]
    series_every: int
    run_fn: RunFn = run_model


@dataclass
class Record:
    """A finished run: its final row and its thinned series (None if failed or not kept)."""

    final: dict[str, Any]
    series: pd.DataFrame | None = None

    @property
    def failed(self) -> bool:
        return self.final["status"] != "ok"


def _identity(run: RunSpec) -> dict[str, Any]:
    return {"key": run.key, "scenario": run.scenario, "point": run.point,
            "replication": run.replication, "seed": run.seed}


def failure(run: RunSpec, error: str) -> Record:
    return Record({**_identity(run), "status": "failed", "error": error})


class Running(threading.local):
    """Whether this thread is inside a model run: a run in the signal handler's own thread (the
    serial executor) can only be ended at once by raising there, and only model code may be
    interrupted so, never the engine's or the executor's bookkeeping."""

    model = False


RUNNING = Running()


def execute(task: Task) -> Record:
    """Run one house; any error becomes a failed record instead of killing the sweep."""
    run = task.run
    try:
        RUNNING.model = True
        try:
            outcome = task.run_fn(task.scenario, run.seed)
        finally:
            RUNNING.model = False
        series = outcome.series.loc[:, list(task.outcomes)]
    except Exception as exc:
        return failure(run, "".join(traceback.format_exception_only(exc)).strip())
    final = {**_identity(run), "status": "ok", "error": "",
             **{name: float(value) for name, value in series.iloc[-1].items()}}
    if not task.series_every:
        return Record(final)
    steps = series.index.to_numpy()
    kept = series[(steps % task.series_every == 0) | (steps == steps[-1])]
    thinned = kept.rename_axis("step").reset_index()
    for column in ("replication", "point", "scenario", "key"):
        thinned.insert(0, column, final[column])
    return Record(final, thinned)


# --------------------------------------------------------------------------- the engine


@dataclass
class Summary:
    """What one call of the engine did."""

    total: int
    skipped: int
    ok: int = 0
    failed: int = 0
    interrupted: signal.Signals | None = None
    forced: bool = False   # a second signal: stopped at once, running runs abandoned
    seconds: float = 0.0

    @property
    def remaining(self) -> int:
        return self.total - self.skipped - self.ok - self.failed


@dataclass
class Batch:
    """Finished runs not yet on disk; committed every `every` runs or `seconds` seconds."""

    store: ResultStore
    outcomes: tuple[str, ...]
    digest: str
    every: int
    seconds: float
    records: list[Record] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)

    def add(self, record: Record) -> None:
        self.records.append(record)
        if len(self.records) >= self.every or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Commit the batch; if that fails (a full disk), its runs are left for the resume."""
        records, self.records = self.records, []
        self.since = time.monotonic()
        if records:
            self.store.write_part([r.final for r in records],
                                  [r.series for r in records if r.series is not None],
                                  self.outcomes, self.digest)


class Abandoned(BaseException):
    """A model run in the engine's own thread ended by a second stop signal."""


class StopSignal:
    """SIGTERM/SIGINT: the first asks for an orderly stop, a second for an immediate one.

    Orderly: no new runs start, runs not yet started are cancelled, the running ones finish and
    are committed. Immediate: what has finished is committed, the rest is abandoned. The handler
    only records what arrived and the engine acts on it between runs: raising from the handler
    (as this once did) can land inside the executor's own bookkeeping, e.g. in `submit` while a
    worker is being started, and leave a pool that hangs the exit.
    """

    def __init__(self) -> None:
        self.received: signal.Signals | None = None
        self.forced = False

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signal.Signals(signum)
            return
        self.forced = True
        if RUNNING.model:   # a run in this very thread: end it now (`stream` expects this)
            raise Abandoned

    @contextmanager
    def installed(self) -> Iterator[StopSignal]:
        try:
            previous = {s: signal.signal(s, self._handle) for s in (signal.SIGTERM, signal.SIGINT)}
        except ValueError:  # not the main thread: signals stay with whoever owns them
            yield self
            return
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def manifest(plan: Plan, executor: str, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The plan and its provenance; every (re)start of the sweep appends a session."""
    exp = plan.spec.experiment
    return {
        "experiment": exp.name,
        "description": exp.description,
        "source": str(plan.source),
        "experiment_toml": plan.source.read_text(encoding="utf-8"),
        "plan_digest": plan.digest,
        "root_seed": exp.root_seed,
        "replications": exp.replications,
        "outcomes": list(plan.spec.kept_outcomes()),
        "series_every": exp.series_every,
        "sessions": [*(previous or {}).get("sessions", []), {**session(), "executor": executor}],
        "points": [{"scenario": p.scenario, "label": p.label, "reference": p.reference,
                    "settings": p.settings, "scenario_digest": p.resolved.digest(),
                    "values": {key: p.value_of(key) for key in plan.varied}}
                   for p in plan.points.values()],
        "runs": [_identity(run) for run in plan.runs],
    }


def check_folder(store: ResultStore, plan: Plan, resume: bool) -> dict[str, Any] | None:
    """The folder's manifest if this plan may (re)start there; a ResultsError otherwise.

    Checks every part's footer too, so a damaged part is named before any worker starts. A
    manifest moved aside (because it was damaged) is written anew from the plan, provided every
    part carries this plan's digest."""
    previous = store.read_manifest() if store.manifest_path.exists() else None
    if previous is None and store.has_results():
        if store.digests() != {plan.digest}:
            raise ResultsError(f"{store.folder} has results but no manifest, and its parts are "
                               "not all of this experiment; choose another --out")
        if not resume:
            raise ResultsError(f"{store.folder} has results of this experiment but no manifest; "
                               "add --resume to continue it (the manifest is written anew) or "
                               "choose another --out")
    if previous is not None and not resume:
        raise ResultsError(f"{store.folder} already holds a sweep; add --resume to continue it "
                           "or choose another --out")
    if previous is not None and previous["plan_digest"] != plan.digest:
        raise ResultsError(
            f"{store.folder} holds a sweep of a different plan ({previous['experiment']}, "
            f"digest {previous['plan_digest']}; now {plan.digest}): the experiment or a scenario "
            "changed since it started; choose another --out")
    store.check(plan.spec.kept_outcomes(), plan.digest)
    return previous


def unfinished(plan: Plan, finished: pd.DataFrame, retry_failed: bool) -> list[RunSpec]:
    """Runs of the plan without a committed record (or with a failed one, when retrying)."""
    keep = finished["status"] == "ok" if retry_failed else finished["status"].notna()
    done = set(finished.loc[keep, "key"])
    return [run for run in plan.runs if run.key not in done]


class LostRuns(Exception):
    """The executor itself failed (a worker died, the pool broke, the cluster went away).

    The runs it lost are not recorded, so a resumed sweep runs them again; a model error inside
    a run is different: `execute` records it as a failed run.
    """

    def __init__(self, exc: BaseException) -> None:
        super().__init__(f"the executor lost runs ({type(exc).__name__}: {exc}); the runs that "
                         "finished are saved: run the same command with --resume to continue")


def stream(executor: Executor, tasks: Iterator[Task], max_in_flight: int,
           stop: StopSignal, poll: float = 0.1) -> Iterator[Record]:
    """Records as runs finish, with at most `max_in_flight` submitted.

    After a first stop signal nothing new is submitted and what has not started is cancelled;
    the running runs are still awaited and recorded. After a second one it returns at once, with
    the records of the runs that have finished. A future that fails or is cancelled never ran to
    its end in `execute`: it is left for the resume, not recorded. `poll` bounds how long a
    signal waits to be noticed.
    """
    pending: dict[Future[Record], RunSpec] = {}
    try:
        while not stop.forced:
            while stop.received is None and len(pending) < max_in_flight:
                task = next(tasks, None)
                if task is None:
                    break
                try:
                    pending[executor.submit(execute, task)] = task.run
                except (BrokenExecutor, RuntimeError, EOFError) as exc:
                    raise LostRuns(exc) from None
                except Abandoned:   # the serial executor's run, ended by a second signal
                    break
            if stop.received is not None:
                for future in [f for f in pending if f.cancel()]:
                    del pending[future]
            if not pending:
                return
            finished, _ = wait(pending, timeout=poll, return_when=FIRST_COMPLETED)
            for future in finished:
                del pending[future]
                if future.cancelled():
                    continue
                lost = future.exception()
                if lost is None:
                    yield future.result()
                elif stop.received is None:
                    raise LostRuns(lost)
                # else: a worker hit by the same signal: not a failure, rerun on resume
        # stopped at once: what has finished is still recorded, the rest is left
        for future in list(pending):
            if future.done() and not future.cancelled() and future.exception() is None:
                del pending[future]
                yield future.result()
    finally:
        for future in pending:
            future.cancel()


def abandon(executor: Executor) -> None:
    """End the executor's work at once: cancel what is queued, stop the workers if it can.

    `terminate_workers` is the process pool's own method from Python 3.14 on (the local pool
    of :mod:`simulation.sweeps.executors` offers it before); without it, the runs already
    running end on their own and their results are dropped.
    """
    executor.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(executor, "terminate_workers", None)
    if callable(terminate):
        terminate()


class Silent:
    """A reporter that reports nothing (library use, tests)."""

    def start(self, total: int, done: int) -> None:
        """Nothing to show."""

    def advance(self, failed: bool) -> None:
        """Nothing to show."""

    def stop(self) -> None:
        """Nothing to close."""


def run_sweep(plan: Plan, folder: Path, executor: Executor, *, resume: bool = False,
              retry_failed: bool = False, max_in_flight: int = 8, flush_every: int = 100,
              flush_seconds: float = 10.0, reporter: Reporter | None = None,
              run_fn: RunFn = run_model, executor_name: str = "",
              stop: StopSignal | None = None) -> Summary:
    """Run every unfinished run of `plan` into `folder`; returns counts of what happened.

    `stop` lets a caller keep the stop signals for longer than the sweep itself (over the
    executor's shutdown, say), so that a late second Ctrl-C cannot land there."""
    store = ResultStore(folder)
    reporter = reporter or Silent()
    with store.lock():
        previous = check_folder(store, plan, resume)
        store.clean()
        write_json(store.manifest_path,
                   manifest(plan, executor_name or type(executor).__name__, previous))
        outcomes = plan.spec.kept_outcomes()
        parts = store.final_parts(outcomes)
        check_runs(parts, {r.key: (r.scenario, r.point) for r in plan.runs}, "the experiment")
        todo = unfinished(plan, latest([frame for _, frame in parts]), retry_failed)
        summary = Summary(total=len(plan.runs), skipped=len(plan.runs) - len(todo))
        tasks = (Task(run, plan.scenario_of(run), outcomes, plan.spec.experiment.series_every,
                      run_fn) for run in todo)
        batch = Batch(store, outcomes, plan.digest, flush_every, flush_seconds)
        started = time.monotonic()
        reporter.start(summary.total, summary.skipped)
        with (stop or StopSignal()).installed() as stop:
            try:
                for record in stream(executor, tasks, max_in_flight, stop):
                    batch.add(record)
                    summary.failed += record.failed
                    summary.ok += not record.failed
                    reporter.advance(record.failed)
            finally:
                try:
                    batch.flush()
                finally:
                    reporter.stop()
                    if stop.forced:
                        abandon(executor)
        summary.interrupted, summary.forced = stop.received, stop.forced
        summary.seconds = time.monotonic() - started
    return summary
