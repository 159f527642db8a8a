"""The sweep engine: run a plan through any `concurrent.futures` executor, streaming to disk.

Why our own and not Mesa's `batch_run`: that keeps every result in memory, cannot resume, and
builds models from keyword arguments rather than a validated scenario. Here runs travel in
*tasks*: up to `batch_size` runs of one design point, run by one call of the batch function
(`run_batch`: every seed of one scenario in one call) and sent back as arrays, with no table per
run, so the engine's own cost per run stays small against a run of a few milliseconds. At most
`max_in_flight` tasks are submitted at once and finished runs are committed to Parquet parts in
small batches, so memory stays flat however long the sweep; a run counts as done only once its
final row is committed, so a sweep killed at any moment resumes with nothing lost or counted
twice.
"""

from __future__ import annotations

import itertools
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import Scenario
from simulation.sweeps.experiment import Plan, RunSpec
from simulation.sweeps.progress import Reporter
from simulation.sweeps.provenance import session
from simulation.sweeps.store import ResultsError, ResultStore, check_runs, latest, write_json

if TYPE_CHECKING:
    from simulation.house.batch import Batch

RunFn = Callable[[Scenario, Sequence[int]], "Batch"]
"""Runs one scenario for several seeds: `values[run, step, outcome]` over all of OUTCOMES."""

TASK_SECONDS = 0.5
"""About how long a task may run: long enough that its own cost (a submission, the scenario
pickled once) is small against it, short enough that an orderly stop, which waits for the
running tasks, waits little however slow a run is."""


def run_model(scenario: Scenario, seeds: Sequence[int]) -> Batch:
    """The real model (imported in the worker, so the engine can be tested without it)."""
    from simulation.house.batch import run_batch

    return run_batch(scenario, seeds)


# --------------------------------------------------------------------------- one task


@dataclass(frozen=True)
class Task:
    """Everything a worker needs for some runs of one design point; small and picklable."""

    runs: tuple[RunSpec, ...]
    scenario: Scenario
    outcomes: tuple[str, ...]
    series_every: int
    run_fn: RunFn = run_model


@dataclass
class Done:
    """Finished runs of a task as arrays: all ok, or one failed run (`error` set, NaN values).

    `finals[run, outcome]` are the last step's kept outcomes, `series[run, i, outcome]` their
    values at step `steps[i]` (None when no series is kept)."""

    runs: tuple[RunSpec, ...]
    seconds: float                       # wall time of the model call per run
    finals: np.ndarray                   # NaN for a failed run
    steps: np.ndarray | None = None
    series: np.ndarray | None = None
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


class Running(threading.local):
    """Whether this thread is inside a model run: a run in the signal handler's own thread (the
    serial executor) can only be ended at once by raising there, and only model code may be
    interrupted so, never the engine's or the executor's bookkeeping."""

    model = False


RUNNING = Running()


def _run(task: Task, runs: tuple[RunSpec, ...]) -> Done:
    """One call of the batch function for `runs`, its values selected and thinned."""
    start = time.perf_counter()
    try:
        RUNNING.model = True
        values = task.run_fn(task.scenario, [run.seed for run in runs]).values
    finally:
        RUNNING.model = False
    seconds = (time.perf_counter() - start) / len(runs)
    if values.shape[0] != len(runs) or values.shape[2] != len(OUTCOMES):
        raise ValueError(f"the run function gave values of shape {values.shape} for "
                         f"{len(runs)} runs of {len(OUTCOMES)} outcomes")
    columns = [OUTCOMES.index(name) for name in task.outcomes]
    done = Done(runs, seconds, finals=values[:, -1, columns])
    if task.series_every:   # the steps first: they leave the smaller copy
        steps = np.arange(1, values.shape[1] + 1)
        keep = (steps % task.series_every == 0) | (steps == steps[-1])
        done.steps, done.series = steps[keep], values[:, keep][:, :, columns]
    return done


def _error(exc: Exception) -> str:
    return "".join(traceback.format_exception_only(exc)).strip()


def failure(task: Task, run: RunSpec, exc: Exception) -> Done:
    return Done((run,), 0.0, np.full((1, len(task.outcomes)), np.nan), error=_error(exc))


def execute(task: Task) -> list[Done]:
    """Run a task's runs in one call; if that raises, each run alone, so that an error (which
    becomes a failed record instead of killing the sweep) costs only the run that has it."""
    try:
        return [_run(task, task.runs)]
    except Exception as exc:
        if len(task.runs) == 1:
            return [failure(task, task.runs[0], exc)]
    done = []
    for run in task.runs:
        try:
            done.append(_run(task, (run,)))
        except Exception as exc:
            done.append(failure(task, run, exc))
    return done


def tasks(plan: Plan, todo: Iterable[RunSpec], size: Callable[[], int],
          run_fn: RunFn) -> Iterator[Task]:
    """Consecutive runs of one design point, `size()` at a time (asked when a task is made)."""
    outcomes, every = plan.spec.kept_outcomes(), plan.spec.experiment.series_every
    for _, group in itertools.groupby(todo, key=lambda run: (run.scenario, run.point)):
        runs = tuple(group)
        while runs:
            n = size()
            yield Task(runs[:n], plan.scenario_of(runs[0]), outcomes, every, run_fn)
            runs = runs[n:]


@dataclass
class Sizer:
    """Runs per task: at most `most`, and about TASK_SECONDS of the runs timed so far (one run
    until the first task has ended: before that the cost of a run is unknown)."""

    most: int
    per_run: float | None = None

    def __call__(self) -> int:
        if self.per_run is None:
            return 1
        return max(1, min(self.most, int(TASK_SECONDS / max(self.per_run, 1e-9))))

    def timed(self, future: Future[list[Done]]) -> None:
        """Learn from a task as it ends (in the pool's own thread; the serial executor's tasks
        end before `submit` returns, so the next task is sized already)."""
        if not future.cancelled() and future.exception() is None:
            self.per_run = next((d.seconds for d in future.result() if not d.failed),
                                self.per_run)


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
class Buffer:
    """Finished runs not yet on disk; committed every `every` runs or `seconds` seconds, whole
    `Done`s at a time, so a part holds every run of a task it holds (or that task's one run)."""

    store: ResultStore
    outcomes: tuple[str, ...]
    digest: str
    every: int
    seconds: float
    done: list[Done] = field(default_factory=list)
    runs: int = 0
    since: float = field(default_factory=time.monotonic)

    def add(self, done: Done) -> None:
        self.done.append(done)
        self.runs += len(done.runs)
        if self.runs >= self.every or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Commit the buffer; if that fails (a full disk), its runs are left for the resume."""
        done, self.done, self.runs = self.done, [], 0
        self.since = time.monotonic()
        if done:
            finals, series = columns(done, self.outcomes)
            self.store.write_part(finals, series, self.outcomes, self.digest)


def columns(done: Sequence[Done], outcomes: Sequence[str]
            ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The final rows and the series rows of finished runs, column by column, as the store
    writes them: numpy arrays and lists, no table per run."""
    runs = [run for d in done for run in d.runs]
    ids = {name: np.array([getattr(run, name) for run in runs], dtype=object)
           for name in ("key", "scenario", "point")}
    ids["replication"] = np.array([run.replication for run in runs], dtype=np.int64)
    values = np.concatenate([d.finals for d in done])
    finals = {**ids, "seed": np.array([run.seed for run in runs], dtype=np.uint64),
              "status": ["failed" if d.failed else "ok" for d in done for _ in d.runs],
              "error": [d.error for d in done for _ in d.runs],
              **{name: values[:, j] for j, name in enumerate(outcomes)}}
    rows, steps, kept, first = [], [], [], 0
    for d in done:
        if d.series is not None and d.steps is not None:
            rows.append(np.repeat(np.arange(first, first + len(d.runs)), len(d.steps)))
            steps.append(np.tile(d.steps, len(d.runs)))
            kept.append(d.series.reshape(-1, len(outcomes)))
        first += len(d.runs)
    if not rows:
        return finals, None
    at, thinned = np.concatenate(rows), np.concatenate(kept)
    series = {**{name: ids[name][at] for name in ("key", "scenario", "point", "replication")},
              "step": np.concatenate(steps),
              **{name: thinned[:, j] for j, name in enumerate(outcomes)}}
    return finals, series


class Abandoned(BaseException):
    """A model run in the engine's own thread ended by a second stop signal."""


class StopSignal:
    """SIGTERM/SIGINT: the first asks for an orderly stop, a second for an immediate one.

    Orderly: no new tasks start, tasks not yet started are cancelled, the running ones finish
    (a task is sized to take about TASK_SECONDS) and are committed. Immediate: what has finished
    is committed, the rest is abandoned, running tasks included: their runs are rerun on resume.
    The handler only records what arrived and the engine acts on it between tasks: raising from
    the handler
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


def _identity(run: RunSpec) -> dict[str, Any]:
    return {"key": run.key, "scenario": run.scenario, "point": run.point,
            "replication": run.replication, "seed": run.seed}


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


def stream(executor: Executor, tasks: Iterator[Task], max_in_flight: int, stop: StopSignal,
           ended: Callable[[Future[list[Done]]], None], poll: float = 0.1) -> Iterator[Done]:
    """Finished runs as tasks finish, with at most `max_in_flight` tasks submitted.

    After a first stop signal nothing new is submitted and what has not started is cancelled;
    the running tasks are still awaited and recorded. After a second one it returns at once,
    with the runs of the tasks that have finished. A future that fails or is cancelled never ran
    to its end in `execute`: its runs are left for the resume, not recorded. `ended` is called
    with each future as it is done; `poll` bounds how long a signal waits to be noticed.
    """
    pending: dict[Future[list[Done]], Task] = {}
    try:
        while not stop.forced:
            while stop.received is None and len(pending) < max_in_flight:
                task = next(tasks, None)
                if task is None:
                    break
                try:
                    future = executor.submit(execute, task)
                    future.add_done_callback(ended)
                    pending[future] = task
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
                    yield from future.result()
                elif stop.received is None:
                    raise LostRuns(lost)
                # else: a worker hit by the same signal: not a failure, rerun on resume
        # stopped at once: what has finished is still recorded, the rest is left
        for future in list(pending):
            if future.done() and not future.cancelled() and future.exception() is None:
                del pending[future]
                yield from future.result()
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
              retry_failed: bool = False, max_in_flight: int = 8, batch_size: int = 64,
              flush_every: int = 100, flush_seconds: float = 10.0,
              reporter: Reporter | None = None, run_fn: RunFn = run_model,
              executor_name: str = "", stop: StopSignal | None = None) -> Summary:
    """Run every unfinished run of `plan` into `folder`; returns counts of what happened.

    A task holds up to `batch_size` runs of one design point (fewer while the runs are slow, see
    `TASK_SECONDS`); `max_in_flight` tasks are submitted at once. `stop` lets a caller keep the
    stop signals for longer than the sweep itself (over the executor's shutdown, say), so that a
    late second Ctrl-C cannot land there."""
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
        size = Sizer(batch_size)
        buffer = Buffer(store, outcomes, plan.digest, flush_every, flush_seconds)
        started = time.monotonic()
        reporter.start(summary.total, summary.skipped)
        with (stop or StopSignal()).installed() as stop:
            try:
                for done in stream(executor, tasks(plan, todo, size, run_fn), max_in_flight,
                                   stop, size.timed):
                    buffer.add(done)
                    summary.failed += len(done.runs) if done.failed else 0
                    summary.ok += 0 if done.failed else len(done.runs)
                    for _ in done.runs:
                        reporter.advance(done.failed)
            finally:
                try:
                    buffer.flush()
                finally:
                    reporter.stop()
                    if stop.forced:
                        abandon(executor)
        summary.interrupted, summary.forced = stop.received, stop.forced
        summary.seconds = time.monotonic() - started
    return summary
