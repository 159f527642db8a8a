"""The sweep engine: every run once, identical across executors, resumable, bounded, locked."""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console
from sweep_support import ROOT, small_experiment

from simulation.house.batch import Batch
from simulation.house.outcomes import OUTCOMES
from simulation.house.runner import run_house
from simulation.house.scenario import Scenario
from simulation.sweeps.engine import LostRuns, run_model, run_sweep
from simulation.sweeps.executors import ExecutorKind, SerialExecutor, open_executor
from simulation.sweeps.experiment import Plan, load_experiment
from simulation.sweeps.progress import LineReporter
from simulation.sweeps.store import ResultsError, ResultStore


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return load_experiment(small_experiment(tmp_path / "exp", replications=2, steps=8))


def serial(plan: Plan, out: Path, **kwargs: object) -> ResultStore:
    run_sweep(plan, out, SerialExecutor(), **kwargs)  # type: ignore[arg-type]
    return ResultStore(out)


def test_every_run_is_written_once_with_its_thinned_series(plan: Plan, tmp_path: Path) -> None:
    store = serial(plan, tmp_path / "out")
    finals = store.finals()
    assert sorted(finals["key"]) == sorted(run.key for run in plan.runs)
    assert (finals["status"] == "ok").all()
    series = store.series()
    assert series.groupby("key")["step"].apply(list).tolist() == [[4, 8]] * len(plan.runs)
    assert set(OUTCOMES) <= set(series.columns)


def test_final_values_are_the_models_own(plan: Plan, tmp_path: Path) -> None:
    finals = serial(plan, tmp_path / "out").finals().set_index("key")
    for run in plan.runs[:3]:
        direct = run_house(plan.scenario_of(run), run.seed).series.iloc[-1]
        stored = finals.loc[run.key, list(OUTCOMES)].astype(float)
        pd.testing.assert_series_equal(stored, direct, check_names=False)


def test_batch_size_does_not_change_the_results(tmp_path: Path) -> None:
    """Seven replications a point: in tasks of one run, of up to 64 (all seven), and of up to 5
    (a size that does not divide them)."""
    plan = load_experiment(small_experiment(tmp_path / "exp", replications=7, steps=8))
    tables, sizes = {}, {}
    for batch_size in (1, 64, 5):
        calls: list[int] = []

        def counted(scenario: Scenario, seeds: Sequence[int]) -> Batch:
            calls.append(len(seeds))  # noqa: B023 (called before the loop moves on)
            return run_model(scenario, seeds)

        store = serial(plan, tmp_path / f"out{batch_size}", batch_size=batch_size,
                       run_fn=counted)
        tables[batch_size], sizes[batch_size] = (store.finals(), store.series()), calls
        assert sum(calls) == len(plan.runs) and max(calls) <= batch_size
    assert max(sizes[64]) == 7 and max(sizes[5]) == 5, "runs were batched"
    finals, series = tables[1]
    assert sorted(finals["key"]) == sorted(run.key for run in plan.runs)
    assert not finals["key"].duplicated().any() and not series.duplicated(["key", "step"]).any()
    for batch_size in (64, 5):
        pd.testing.assert_frame_equal(tables[batch_size][0], finals)
        pd.testing.assert_frame_equal(tables[batch_size][1], series)


def test_a_failing_seed_in_a_batch_fails_alone(tmp_path: Path) -> None:
    plan = load_experiment(small_experiment(tmp_path / "exp", replications=5, steps=8))
    broken = plan.runs[2]

    def one_bad(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        if broken.seed in seeds and scenario == plan.scenario_of(broken):
            raise ValueError(f"no house for seed {broken.seed}")
        return run_model(scenario, seeds)

    summary = run_sweep(plan, tmp_path / "out", SerialExecutor(), run_fn=one_bad)
    assert (summary.ok, summary.failed) == (len(plan.runs) - 1, 1)
    store = ResultStore(tmp_path / "out")
    finals = store.finals().set_index("key")
    assert finals.loc[broken.key, "status"] == "failed"
    assert finals.loc[broken.key, "error"] == f"ValueError: no house for seed {broken.seed}"
    assert broken.key not in set(store.series()["key"])
    clean = serial(plan, tmp_path / "clean").finals().set_index("key")
    pd.testing.assert_frame_equal(finals.drop(index=broken.key), clean.drop(index=broken.key))


def test_manifest_records_provenance(plan: Plan, tmp_path: Path) -> None:
    manifest = serial(plan, tmp_path / "out").read_manifest()
    assert manifest["root_seed"] == plan.spec.experiment.root_seed
    assert manifest["plan_digest"] == plan.digest
    digests = {(p["scenario"], p["label"]): p["scenario_digest"] for p in manifest["points"]}
    assert digests == {pid: point.resolved.digest() for pid, point in plan.points.items()}
    session = manifest["sessions"][-1]
    assert session["versions"]["mesa"] and session["versions"]["numpy"]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    assert session["git"]["commit"] == (head.stdout.strip() or None)
    assert [r["seed"] for r in manifest["runs"]] == [run.seed for run in plan.runs]


def test_identical_results_in_every_executor(plan: Plan, tmp_path: Path) -> None:
    tables = {}
    for kind in (ExecutorKind.serial, ExecutorKind.local, ExecutorKind.dask):  # slurm: test_slurm
        with open_executor(kind, workers=2) as executor:
            run_sweep(plan, tmp_path / kind.value, executor, max_in_flight=3, flush_every=3)
        store = ResultStore(tmp_path / kind.value)
        tables[kind] = (store.finals(), store.series())
    reference = tables[ExecutorKind.serial]
    for kind in (ExecutorKind.local, ExecutorKind.dask):
        pd.testing.assert_frame_equal(tables[kind][0], reference[0])
        pd.testing.assert_frame_equal(tables[kind][1], reference[1])


def test_sigterm_commits_finished_runs_and_resume_completes(plan: Plan, tmp_path: Path) -> None:
    calls: list[Sequence[int]] = []

    def terminate_on_third(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        calls.append(seeds)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return run_model(scenario, seeds)

    out = tmp_path / "out"
    summary = run_sweep(plan, out, SerialExecutor(), run_fn=terminate_on_third,
                        flush_every=1000, flush_seconds=1000)
    done = sum(map(len, calls))   # the task running at the signal is finished and committed
    assert len(calls) == 3 and summary.interrupted == signal.SIGTERM
    assert summary.ok == done and summary.remaining == len(plan.runs) - done > 0
    assert len(ResultStore(out).finals()) == done, "finished runs flushed on SIGTERM"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, "handler restored"

    resumed = run_sweep(plan, out, SerialExecutor(), resume=True)
    assert (resumed.skipped, resumed.ok) == (done, len(plan.runs) - done)
    uninterrupted = serial(plan, tmp_path / "whole")
    pd.testing.assert_frame_equal(ResultStore(out).finals(), uninterrupted.finals())
    pd.testing.assert_frame_equal(ResultStore(out).series(), uninterrupted.series())


def test_a_second_signal_ends_a_run_in_this_thread_at_once(plan: Plan, tmp_path: Path) -> None:
    calls: list[Sequence[int]] = []

    def interrupted_twice_on_third(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        calls.append(seeds)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)   # ended by the second signal, not waited for
        return run_model(scenario, seeds)

    out = tmp_path / "out"
    before = signal.getsignal(signal.SIGINT)   # other tests' libraries may have set their own
    started = time.monotonic()
    summary = run_sweep(plan, out, SerialExecutor(), run_fn=interrupted_twice_on_third)
    assert time.monotonic() - started < 30
    assert summary.interrupted == signal.SIGINT and summary.forced
    done = len(calls[0]) + len(calls[1])   # the third task's runs are abandoned, not committed
    assert summary.ok == done and len(ResultStore(out).finals()) == done, "finished committed"
    assert signal.getsignal(signal.SIGINT) is before, "handler restored"
    resumed = run_sweep(plan, out, SerialExecutor(), resume=True)
    assert (resumed.skipped, resumed.ok) == (done, len(plan.runs) - done)
    pd.testing.assert_frame_equal(ResultStore(out).finals(),
                                  serial(plan, tmp_path / "whole").finals())


def test_failed_runs_are_recorded_and_can_be_retried(plan: Plan, tmp_path: Path) -> None:
    failing = {run.seed for run in plan.runs if run.replication == 1}

    def flaky(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        bad = failing.intersection(seeds)
        if bad:
            raise ValueError(f"no house for seed {min(bad)}")
        return run_model(scenario, seeds)

    out = tmp_path / "out"
    summary = run_sweep(plan, out, SerialExecutor(), run_fn=flaky)
    finals = ResultStore(out).finals()
    failed = finals[finals["status"] == "failed"]
    assert summary.failed == len(failed) == len(plan.runs) // 2
    assert failed["error"].str.contains("ValueError: no house for seed").all()
    assert failed[list(OUTCOMES)].isna().all().all()

    again = run_sweep(plan, out, SerialExecutor(), resume=True)
    assert again.skipped == len(plan.runs) and again.ok == again.failed == 0

    retried = run_sweep(plan, out, SerialExecutor(), resume=True, retry_failed=True)
    assert retried.ok == len(failed) and retried.skipped == len(plan.runs) - len(failed)
    pd.testing.assert_frame_equal(ResultStore(out).finals(),
                                  serial(plan, tmp_path / "clean").finals())


def test_runs_in_flight_are_bounded(plan: Plan, tmp_path: Path) -> None:
    running = peak = 0
    lock = threading.Lock()

    def slow(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return run_model(scenario, seeds)

    with ThreadPoolExecutor(max_workers=6) as pool:
        run_sweep(plan, tmp_path / "out", pool, run_fn=slow, max_in_flight=2)
    assert peak == 2


@pytest.mark.parametrize("batch_size", [1, 2])
def test_parts_hold_flush_every_runs_and_whole_tasks(plan: Plan, tmp_path: Path,
                                                    batch_size: int) -> None:
    """A part is written once `flush_every` runs are in, with every run of the tasks it has."""
    calls: list[set[str]] = []

    def noted(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        calls.append({run.key for run in plan.runs
                      if run.seed in seeds and plan.scenario_of(run) == scenario})
        return run_model(scenario, seeds)

    store = serial(plan, tmp_path / "out", flush_every=3, batch_size=batch_size, run_fn=noted)
    parts = [set(pd.read_parquet(path)["key"]) for path in store.parts("final").values()]
    sizes = [len(part) for part in parts]
    assert sum(sizes) == len(plan.runs) and 3 <= max(sizes) <= 3 + batch_size - 1
    assert all(any(call <= part for part in parts) for call in calls), "a task in one part"
    assert max(map(len, calls)) == batch_size
    assert store.parts("series").keys() == store.parts("final").keys()


def test_resume_removes_leftovers_of_an_interrupted_write(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = serial(plan, out, flush_every=3)
    before = store.finals()
    last = max(store.parts("final"))
    store.parts("final")[last].unlink()  # killed between the series and the final write
    (out / "final-000099.parquet.tmp").write_bytes(b"half a file")
    lost = len(before) - len(store.finals())
    summary = run_sweep(plan, out, SerialExecutor(), resume=True)
    assert summary.ok == lost > 0
    assert not list(out.glob("*.tmp"))
    assert store.parts("series").keys() == store.parts("final").keys()
    pd.testing.assert_frame_equal(store.finals(), before)
    assert len(store.series()) == 2 * len(plan.runs)


def test_a_folder_is_written_by_one_sweep_at_a_time(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultStore(out).lock(), pytest.raises(ResultsError, match="another sweep"):
        run_sweep(plan, out, SerialExecutor())
    serial(plan, out)  # the lock is free again
    assert len(ResultStore(out).finals()) == len(plan.runs)


def test_an_existing_sweep_needs_resume_and_the_same_plan(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    serial(plan, out)
    with pytest.raises(ResultsError, match="--resume"):
        run_sweep(plan, out, SerialExecutor())
    other = load_experiment(plan.source, {"experiment.steps": 9})
    with pytest.raises(ResultsError, match="different plan"):
        run_sweep(other, out, SerialExecutor(), resume=True)


def test_cluster_doc_example_uses_the_real_api() -> None:
    """docs/cluster.md's driver script cannot drift from the code it calls."""
    text = (ROOT / "docs" / "cluster.md").read_text(encoding="utf-8")
    script = text.split("```python\n")[1].split("```")[0]
    tree = ast.parse(script)
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module.startswith("simulation"):
            module = importlib.import_module(node.module)
            imported |= {alias.name: getattr(module, alias.name) for alias in node.names}
    assert set(imported) >= {"sweep", "load_experiment", "ExecutorKind"}
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "sweep")
    inspect.signature(imported["sweep"]).bind(
        *range(len(call.args)), **{k.arg: None for k in call.keywords})


def test_status_lines_count_resumed_and_failed_runs() -> None:
    buffer = io.StringIO()
    reporter = LineReporter(Console(file=buffer, width=200), "exp", interval=0)
    reporter.start(total=10, done=2)
    reporter.advance(failed=False)
    reporter.advance(failed=True)
    reporter.stop()
    lines = buffer.getvalue().splitlines()
    assert lines[0].startswith("exp: 2/10 runs, 0.0 runs/s")
    assert lines[-1].startswith("exp: 4/10 runs, 1 failed,")


class BreaksAfter(SerialExecutor):
    """A pool that breaks after `ok` runs: every later submission fails like a dead worker."""

    def __init__(self, ok: int, how: str) -> None:
        self.left, self.how = ok, how

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.left == 0:
            if self.how == "submit":
                raise BrokenProcessPool("a worker died")
            future: Future[object] = Future()
            future.set_exception(BrokenProcessPool("a worker died"))
            return future
        self.left -= 1
        return super().submit(fn, *args, **kwargs)


@pytest.mark.parametrize("how", ["submit", "future"])
def test_a_broken_executor_stops_the_sweep_and_resume_finishes_it(
        plan: Plan, tmp_path: Path, how: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(LostRuns, match="--resume"):
        run_sweep(plan, out, BreaksAfter(3, how), max_in_flight=1, batch_size=1)
    saved = ResultStore(out).finals()
    assert len(saved) == 3 and (saved["status"] == "ok").all()   # lost runs are not "failed"
    run_sweep(plan, out, SerialExecutor(), resume=True)
    resumed = ResultStore(out).finals().sort_values("key").reset_index(drop=True)
    whole = serial(plan, tmp_path / "whole").finals().sort_values("key").reset_index(drop=True)
    pd.testing.assert_frame_equal(resumed, whole)


class CancelsAll(SerialExecutor):
    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future[object] = Future()
        future.cancel()                          # as a pool does with a run it drops:
        future.set_running_or_notify_cancel()    # cancelled and waiters notified
        return future


def test_cancelled_runs_are_left_for_the_resume(plan: Plan, tmp_path: Path) -> None:
    run_sweep(plan, tmp_path / "out", CancelsAll())
    assert ResultStore(tmp_path / "out").finals().empty
