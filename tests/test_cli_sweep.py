"""`samensturing sweep/compare/report/demo` as a user runs them, killed and resumed included."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from sweep_support import (
    ROOT,
    WIDE,
    run_cli,
    samensturing_exe,
    small_experiment,
    write_experiment,
)
from typer.testing import CliRunner

from simulation.cli import app
from simulation.sweeps.engine import run_sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import load_experiment
from simulation.sweeps.store import ResultStore

runner = CliRunner()


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def start_sweep(*args: str, session: bool = False) -> subprocess.Popen[str]:
    """The sweep in a subprocess; `session`: in its own process group, as a terminal runs it."""
    return subprocess.Popen([*samensturing_exe(), "sweep", *args], cwd=ROOT, text=True, env=WIDE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=session)


def wait_for_first_part(proc: subprocess.Popen[str], out: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not list(out.glob("final-*.parquet")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no results appeared"
        time.sleep(0.02)


def uninterrupted(experiment: Path, out: Path) -> ResultStore:
    run_sweep(load_experiment(experiment), out, SerialExecutor())
    return ResultStore(out)


def test_sweep_killed_part_way_resumes_to_the_same_table(tmp_path: Path) -> None:
    experiment = small_experiment(tmp_path, replications=10, steps=30, series_every=10)
    out = tmp_path / "out"
    args = (str(experiment), "--out", str(out), "--workers", "2", "--flush-every", "2",
            "--batch-size", "3")
    proc = start_sweep(*args)
    wait_for_first_part(proc, out)
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.kill()
    proc.wait(timeout=60)
    total = len(load_experiment(experiment).runs)
    assert 0 < len(ResultStore(out).finals()) < total, "killed part-way"
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, "worker processes outlived the killed sweep"

    resumed = run_cli("sweep", *args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "already done and skipped" in resumed.stdout
    whole = uninterrupted(experiment, tmp_path / "whole")
    store = ResultStore(out)
    pd.testing.assert_frame_equal(store.finals(), whole.finals())
    pd.testing.assert_frame_equal(store.series(), whole.series())
    assert len(store.read_manifest()["sessions"]) == 2


def test_sigterm_saves_finished_runs_and_exits_143(tmp_path: Path) -> None:
    experiment = small_experiment(tmp_path, replications=10, steps=30)
    out = tmp_path / "out"
    proc = start_sweep(str(experiment), "--out", str(out), "--executor", "serial",
                       "--flush-every", "1", "--batch-size", "3")
    wait_for_first_part(proc, out)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "stopped by SIGTERM" in stdout and "--resume" in stdout
    assert "Traceback" not in stderr
    finals = ResultStore(out).finals()
    assert 0 < len(finals) < len(load_experiment(experiment).runs)
    assert (finals["status"] == "ok").all() and not list(out.glob("*.tmp"))


@pytest.mark.parametrize(("presses", "executor"), [(1, "local"), (2, "local"), (2, "serial")])
def test_ctrl_c_stops_the_sweep_and_resume_completes_the_table(
        tmp_path: Path, presses: int, executor: str) -> None:
    """Ctrl-C reaches the whole process group. Once: an orderly stop; twice, 0.05 s apart: at
    once. Either way the finished runs are on disk and the resume adds exactly the rest (two
    quick presses hung the local pool's shutdown in about a third of the tries before)."""
    experiment = small_experiment(tmp_path, replications=10, steps=30, series_every=10)
    out = tmp_path / "out"
    args = (str(experiment), "--out", str(out), "--workers", "2", "--flush-every", "2",
            "--batch-size", "3", "--executor", executor)
    proc = start_sweep(*args, session=True)
    wait_for_first_part(proc, out)
    for press in range(presses):
        if press:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)
    try:
        stdout, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the sweep hung after {presses} Ctrl-C")
    # a press that lands while Python is already shutting down (the sweep stopped in order,
    # quickly) ends it by the signal itself: -2 here, 130 in a shell, as with any program
    assert proc.returncode in (128 + signal.SIGINT, -signal.SIGINT), stderr
    assert "stopped by SIGINT" in stdout and "--resume" in stdout
    assert "Traceback" not in stderr
    saved = ResultStore(out).finals()
    assert 0 < len(saved) < len(load_experiment(experiment).runs)
    resumed = run_cli("sweep", *args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(saved)} runs were already done and skipped" in resumed.stdout
    whole = uninterrupted(experiment, tmp_path / "whole")
    pd.testing.assert_frame_equal(ResultStore(out).finals(), whole.finals())
    pd.testing.assert_frame_equal(ResultStore(out).series(), whole.series())


def test_bad_experiment_is_a_clear_error_with_exit_2(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, "[experiment]\nname = 'x'\nreplications = 'many'\n")
    proc = run_cli("sweep", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert f"{path}: experiment.replications" in proc.stderr
    assert "experiment.scenarios" in proc.stderr and "experiment.root_seed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [
    ["sweep", "does-not-exist.toml"],
    ["compare", "{tmp}"],
    ["report", "{tmp}"],
    ["sweep", "{experiment}", "--out", "{done}"],
    ["sweep", "{experiment}", "--out", "{done}", "--resume", "--executor", "serial",
     "--workers", "1", "--flush-every", "1", "--batch-size", "1", "--retry-failed",
     "--scheduler", "x:1"],
])
def test_unusable_input_is_exit_2(tmp_path: Path, finished: tuple[Path, Path],
                                  args: list[str]) -> None:
    experiment, done = finished
    changed = write_experiment(tmp_path, experiment.read_text().replace("steps = 8", "steps = 9"))
    values = {"tmp": str(tmp_path), "experiment": str(changed), "done": str(done)}
    result = runner.invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("finished")
    experiment = small_experiment(folder, replications=3, steps=8,
                                  outcomes=("trust_between_groups", "decisions_made"))
    return experiment, uninterrupted(experiment, folder / "out").folder


def test_compare_and_report_write_their_files(finished: tuple[Path, Path]) -> None:
    _, out = finished
    compared = runner.invoke(app, ["compare", str(out), "--all"])
    assert compared.exit_code == 0, compared.output
    assert "role_reversal" in compared.output and "trust_between_groups" in compared.output
    table = pd.read_csv(out / "comparison.csv")
    assert set(table["outcome"]) == {"trust_between_groups", "decisions_made"}
    reported = runner.invoke(app, ["report", str(out), "--lang", "en"])
    assert reported.exit_code == 0, reported.output
    assert "<h2>Summary</h2>" in (out / "report-en.html").read_text(encoding="utf-8")


def test_a_locked_folder_is_exit_2(finished: tuple[Path, Path]) -> None:
    experiment, out = finished
    with ResultStore(out).lock():
        result = runner.invoke(app, ["sweep", str(experiment), "--out", str(out), "--resume",
                                     "--executor", "serial"])
    assert result.exit_code == 2 and "another sweep" in flat(result.output)


def test_demo_sweeps_compares_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--replications", "2",
                                 "--workers", "2", "--lang", "en"])
    assert result.exit_code == 0, result.output
    plan = load_experiment(ROOT / "experiments" / "interventions.toml")
    assert f"{len(plan.points) * 2}/{len(plan.points) * 2} runs" in result.output
    assert (out / "comparison.csv").exists()
    page = (out / "report-en.html").read_text(encoding="utf-8")
    assert "<h2>Summary</h2>" in page and page.count("data:image/png") == 2


def never(scenario: object, seeds: object) -> object:
    raise RuntimeError("model broken")


def test_compare_without_finished_runs_is_exit_2(tmp_path: Path) -> None:
    plan = load_experiment(small_experiment(tmp_path, replications=1, steps=2))
    summary = run_sweep(plan, tmp_path / "out", SerialExecutor(), run_fn=never)  # type: ignore[arg-type]
    assert summary.failed == len(plan.runs)
    result = runner.invoke(app, ["compare", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no finished runs" in flat(result.output)


@pytest.mark.parametrize("damage", ["{not json", '{"experiment": "x"}'])
def test_a_damaged_manifest_is_exit_2(tmp_path: Path, finished: tuple[Path, Path],
                                      damage: str) -> None:
    _, done = finished
    copy = tmp_path / "copy"
    shutil.copytree(done, copy)
    (copy / "manifest.json").write_text(damage, encoding="utf-8")
    for command in (["compare", str(copy)], ["report", str(copy)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "manifest.json is damaged" in flat(result.output)


def test_an_unwritable_output_path_is_exit_2(tmp_path: Path,
                                             finished: tuple[Path, Path]) -> None:
    _, done = finished
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for command in (["compare", str(done), "--csv", str(blocker / "table.csv")],
                    ["run", str(Path(__file__).parents[1] / "scenarios" / "baseline.toml"),
                     "--steps", "2", "--out", str(blocker)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "a-file" in flat(result.output)
