"""The damaged-results corpus: every way a results folder can be broken gets one clear error.

Each damage is tried on `compare`, `report` and `sweep --resume` (in-process, under a deadline, so
a hang fails the test instead of stalling the suite): exit 2, the damaged file named, no
traceback. Moving the named files aside and resuming must then rerun exactly the runs they held.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sweep_support import small_experiment
from typer.testing import CliRunner

from simulation.cli import app
from simulation.sweeps.engine import run_sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import load_experiment
from simulation.sweeps.store import ResultStore

runner = CliRunner()
OUTCOMES = ("trust_between_groups", "decisions_made")


def squash(text: str) -> str:
    """Text without any white space: rich may wrap a long message anywhere, even in a path."""
    return "".join(text.split())


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging (the damaged inputs once ran past 60 s)."""
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An undamaged sweep: 4 design points × 2 replications in 4 parts of 2 runs."""
    folder = tmp_path_factory.mktemp("damaged")
    experiment = small_experiment(folder, replications=2, steps=4, series_every=2,
                                  outcomes=OUTCOMES)
    run_sweep(load_experiment(experiment), folder / "out", SerialExecutor(), flush_every=2,
              batch_size=1)
    return experiment, folder / "out"


def _edit_manifest(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def damage(out: Path) -> None:
        manifest = json.loads((out / "manifest.json").read_text())
        change(manifest)
        (out / "manifest.json").write_text(json.dumps(manifest))
    return damage


def _cut(name: str, keep: float) -> Callable[[Path], None]:
    def damage(out: Path) -> None:
        data = (out / name).read_bytes()
        (out / name).write_bytes(data[:int(len(data) * keep)])
    return damage


def _rewrite(name: str, change: Callable[[pa.Table], pa.Table]) -> Callable[[Path], None]:
    def damage(out: Path) -> None:
        pq.write_table(change(pq.read_table(out / name)), out / name)
    return damage


def _set(table: pa.Table, column: str, value: object) -> pa.Table:
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(index),
                            pa.array([value] * len(table), table.schema.field(index).type))


def _write(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda out: (out / name).write_bytes(content)


# name: (damage, the file the message must name, what the message must say)
DAMAGE: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "truncated final part": (_cut("final-000002.parquet", 0.5), "final-000002.parquet",
                             "not a whole Parquet file"),
    "empty final part": (_cut("final-000002.parquet", 0), "final-000002.parquet", "empty"),
    "truncated series part": (_cut("series-000003.parquet", 0.9), "series-000003.parquet",
                              "move it and final-000003.parquet out of the folder"),
    "foreign file named like a part": (_write("final-000009.parquet", b"key,point\n1,2\n"),
                                       "final-000009.parquet", "not a whole Parquet file"),
    "folder named like a part": (lambda out: (out / "final-000009.parquet").mkdir(),
                                 "final-000009.parquet", "not a regular file"),
    "fifo named like a part": (lambda out: os.mkfifo(out / "final-000009.parquet"),
                               "final-000009.parquet", "not a regular file"),
    "dangling link named like a part": (
        lambda out: (out / "final-000009.parquet").symlink_to(out / "nowhere"),
        "final-000009.parquet", "No such file"),
    "part without an outcome column": (
        _rewrite("final-000001.parquet", lambda t: t.drop_columns(["decisions_made"])),
        "final-000001.parquet", "lacks decisions_made"),
    "part with a wrong column type": (
        _rewrite("series-000001.parquet", lambda t: t.set_column(
            t.schema.get_field_index("step"), "step", t["step"].cast(pa.float64()))),
        "series-000001.parquet", "wrong type in step"),
    "part of another sweep": (
        _rewrite("final-000004.parquet", lambda t: t.replace_schema_metadata(
            {b"samensturing.plan_digest": b"0123456789abcdef"})),
        "final-000004.parquet", "belongs to another sweep"),
    "final row of an unlisted design point": (
        _rewrite("final-000002.parquet", lambda t: _set(t, "point", "nowhere")),
        "final-000002.parquet", "design point 'nowhere'"),
    "manifest not JSON": (_write("manifest.json", b"{not json"), "manifest.json",
                          "not valid JSON at line 1"),
    "manifest not an object": (_write("manifest.json", b"[1, 2]"), "manifest.json",
                               "damaged"),
    "manifest not text": (_write("manifest.json", b"\xff\xfe\x00"), "manifest.json",
                          "not valid JSON"),
    "manifest lacks runs": (_edit_manifest(lambda m: m.pop("runs")), "manifest.json",
                            "runs: Field required"),
    "manifest digest of wrong type": (_edit_manifest(lambda m: m.update(plan_digest=5)),
                                      "manifest.json", "plan_digest"),
    "manifest outcomes a string": (
        _edit_manifest(lambda m: m.update(outcomes="decisions_made")), "manifest.json",
        "outcomes"),
    "manifest replications a string": (_edit_manifest(lambda m: m.update(replications="2")),
                                       "manifest.json", "replications"),
    "manifest points a table": (_edit_manifest(lambda m: m.update(points={"a": 1})),
                                "manifest.json", "points"),
    "manifest seed a boolean": (
        _edit_manifest(lambda m: m["runs"][0].update(seed=True)), "manifest.json",
        "runs.0.seed"),
    "manifest unknown outcome": (
        _edit_manifest(lambda m: m["outcomes"].append("happiness")), "manifest.json",
        "unknown outcome 'happiness'"),
    "manifest run of an unlisted point": (
        _edit_manifest(lambda m: m["runs"][0].update(point="nowhere")), "manifest.json",
        "design point 'nowhere'"),
    "manifest reference not a point": (
        _edit_manifest(lambda m: m["points"][1].update(reference="nowhere")), "manifest.json",
        "reference 'nowhere'"),
}


def damaged_copy(finished: tuple[Path, Path], tmp_path: Path, case: str) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(finished[1], copy)
    DAMAGE[case][0](copy)
    return copy


@pytest.mark.parametrize("command", ["compare", "report", "resume"])
@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damage_is_one_clear_error_with_exit_2(finished: tuple[Path, Path], tmp_path: Path,
                                               case: str, command: str) -> None:
    copy = damaged_copy(finished, tmp_path, case)
    _, file, words = DAMAGE[case]
    if command == "resume":
        if case == "final row of an unlisted design point":
            words = "which the experiment does not list"
        args = ["sweep", str(finished[0]), "--out", str(copy), "--resume", "--executor", "serial"]
    else:
        args = [command, str(copy)]
    with deadline(20):
        result = runner.invoke(app, args)
    output = squash(result.output)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert squash(f"error: {copy / file} is damaged") in output, result.output
    assert squash(words) in output and "--resume" in output, result.output


# part damage: (files the message says to move aside, runs they held)
MOVE_ASIDE = {
    "truncated final part": ["final-000002.parquet"],
    "truncated series part": ["series-000003.parquet", "final-000003.parquet"],
    "part without an outcome column": ["final-000001.parquet"],
    "part of another sweep": ["final-000004.parquet"],
    "foreign file named like a part": ["final-000009.parquet"],
}


@pytest.mark.parametrize("case", sorted(MOVE_ASIDE))
def test_moving_a_damaged_part_aside_and_resuming_reruns_exactly_its_runs(
        finished: tuple[Path, Path], tmp_path: Path, case: str) -> None:
    experiment, whole = finished
    copy = damaged_copy(finished, tmp_path, case)
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in MOVE_ASIDE[case]:
        (copy / name).rename(aside / name)
    held = sum(len(pd.read_parquet(finished[1] / name)) for name in MOVE_ASIDE[case]
               if name.startswith("final") and (finished[1] / name).exists())
    plan = load_experiment(experiment)
    summary = run_sweep(plan, copy, SerialExecutor(), resume=True)
    assert summary.ok == held and summary.skipped == len(plan.runs) - held
    store, reference = ResultStore(copy), ResultStore(whole)
    pd.testing.assert_frame_equal(store.finals(), reference.finals())
    pd.testing.assert_frame_equal(store.series(), reference.series())
    on_disk = sum(len(pd.read_parquet(p)) for p in store.parts("final").values())
    assert on_disk == len(plan.runs), "no run lost, none twice"


def test_a_damaged_manifest_moved_aside_is_written_anew_keeping_every_run(
        finished: tuple[Path, Path], tmp_path: Path) -> None:
    experiment, _ = finished
    copy = damaged_copy(finished, tmp_path, "manifest not JSON")
    (copy / "manifest.json").rename(tmp_path / "manifest.json")
    plan = load_experiment(experiment)
    summary = run_sweep(plan, copy, SerialExecutor(), resume=True)
    assert summary.skipped == len(plan.runs) and summary.ok == 0
    assert ResultStore(copy).read_manifest()["plan_digest"] == plan.digest
    result = runner.invoke(app, ["compare", str(copy)])
    assert result.exit_code == 0, result.output


def test_without_a_manifest_parts_of_another_plan_are_not_adopted(
        finished: tuple[Path, Path], tmp_path: Path) -> None:
    experiment, _ = finished
    copy = damaged_copy(finished, tmp_path, "manifest not JSON")
    (copy / "manifest.json").unlink()
    other = load_experiment(experiment, {"experiment.steps": 5})
    args = ["sweep", str(experiment), "--out", str(copy), "--executor", "serial"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "add --resume" in result.output, result.output
    result = runner.invoke(app, [*args, "--resume"])
    assert result.exit_code == 0, result.output  # the same plan: adopted
    (copy / "manifest.json").unlink()
    with pytest.raises(Exception, match="not all of this experiment"):
        run_sweep(other, copy, SerialExecutor(), resume=True)


def test_a_full_disk_names_the_file_and_resume_completes(
        finished: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    experiment, whole = finished
    out = tmp_path / "out"
    real = pq.write_table
    written = 0

    def fills_up(table: pa.Table, where: Path, **kwargs: object) -> None:
        nonlocal written
        if written == 2:   # series-000001, final-000001, then the disk is full
            Path(where).write_bytes(b"half")   # what a full disk leaves behind
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written += 1
        real(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", fills_up)
    args = ["sweep", str(experiment), "--out", str(out), "--executor", "serial",
            "--flush-every", "2"]
    result = runner.invoke(app, args)
    output = squash(result.output)
    assert result.exit_code == 2, result.output
    assert squash(f"cannot write {out / 'series-000002.parquet'}: No space left on device") \
        in output, result.output
    assert squash("free some space") in output and "--resume" in output
    assert not list(out.glob("*.tmp")), "no half-written file left"
    monkeypatch.setattr(pq, "write_table", real)
    resumed = runner.invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    pd.testing.assert_frame_equal(ResultStore(out).finals(), ResultStore(whole).finals())
    pd.testing.assert_frame_equal(ResultStore(out).series(), ResultStore(whole).series())
