"""Sweeps on SLURM: settings, loopback-only schedulers, and a real one-node cluster.

The tests marked `slurm` need a running cluster (`bash .ci/slurm.sh start`, then
`eval "$(bash .ci/slurm.sh env)"`; `.ci/run` does both) and are skipped with that hint elsewhere.
Worker jobs start the project's own .venv python on this machine.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import dask
import distributed  # noqa: F401  (its defaults must be in dask.config before a test sets one)
import pandas as pd
import psutil
import pytest
from sweep_support import WIDE, samensturing_exe, small_experiment, write_experiment
from typer.testing import CliRunner

from simulation.cli import app
from simulation.sweeps.engine import LostRuns, run_sweep
from simulation.sweeps.executors import (
    ExecutorError,
    ExecutorKind,
    SerialExecutor,
    open_executor,
)
from simulation.sweeps.experiment import load_experiment
from simulation.sweeps.slurm import JOB_NAME, ClusterConfigError, SlurmSettings, slurm_settings
from simulation.sweeps.store import ResultStore

STEPS, REPLICATIONS = 1500, 4       # 16 runs of about a tenth of a second each (compiled week)
START_TIMEOUT = 240                 # worker jobs import the stack: 10-30 s each on a busy machine


def listening() -> set[tuple[str, int]]:
    """The (address, port) pairs this process and its children listen on."""
    process = psutil.Process()
    return {conn.laddr for proc in [process, *process.children(recursive=True)]
            for conn in proc.net_connections(kind="tcp") if conn.status == psutil.CONN_LISTEN}


# --------------------------------------------------------------------------- no cluster needed


@pytest.mark.parametrize("listen", [None, "127.0.0.2"])
def test_local_dask_cluster_listens_where_told_and_on_loopback_by_default(
        listen: str | None) -> None:
    where = {} if listen is None else {"listen": listen}
    before = listening()
    with open_executor(ExecutorKind.dask, workers=1, **where) as executor:
        assert executor.submit(sum, [1, 2]).result() == 3
        opened = listening() - before
    assert len(opened) >= 4                  # scheduler, dashboard, nanny, worker
    assert {host for host, _ in opened} == {listen or "127.0.0.1"}


def test_slurm_scheduler_listens_on_loopback_by_default() -> None:
    from dask_jobqueue import SLURMCluster

    before = listening()
    with SLURMCluster(**SlurmSettings().cluster_kwargs()) as cluster:   # no jobs asked for
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        opened = listening() - before
    assert len(opened) >= 2                  # scheduler and dashboard
    assert {host for host, _ in opened} == {"127.0.0.1"}


def test_options_override_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "uni.toml"
    config.write_text('[slurm]\npartition = "normal"\naccount = "proj"\njobs = 8\n'
                      'walltime = "1-00:00:00"\nprologue = ["module load Python"]\n')
    settings = slurm_settings(config, jobs=3, cores=2, memory=None)
    assert (settings.partition, settings.account, settings.jobs, settings.cores) == \
        ("normal", "proj", 3, 2)
    assert settings.workers == 6
    kwargs = settings.cluster_kwargs()
    assert kwargs["queue"] == "normal" and kwargs["processes"] == 2
    assert kwargs["job_script_prologue"] == ["module load Python"]
    lifetime = kwargs["worker_extra_args"][kwargs["worker_extra_args"].index("--lifetime") + 1]
    assert 0 < int(lifetime.removesuffix("s")) < 24 * 3600   # workers retire before walltime


@pytest.mark.parametrize(("body", "options", "field"), [
    ('[slurm]\nmemory = "lots"\n', {}, "uni.toml: slurm.memory: must be an amount"),
    ('[slurm]\npartitoin = "normal"\n', {}, "uni.toml: slurm.partitoin: unknown key"),
    ('[slurm]\njobs = "4"\n', {}, "uni.toml: slurm.jobs: "),
    ("[cluster]\njobs = 4\n", {}, "uni.toml: cluster: unknown table"),
    ("[slurm]\n", {"walltime": "4h"}, "command line: --walltime: must be HH:MM:SS"),
])
def test_bad_cluster_settings_name_the_file_and_field(
        tmp_path: Path, body: str, options: dict[str, str], field: str) -> None:
    config = tmp_path / "uni.toml"
    config.write_text(body)
    with pytest.raises(ClusterConfigError) as caught:
        slurm_settings(config, **options)
    assert field in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(("args", "expected"), [
    (["--executor", "slurm", "--cluster-config", "{config}"], "{config}: slurm.memory: "),
    (["--executor", "local", "--jobs", "4", "--partition", "normal"],
     "--partition, --jobs: only for --executor slurm"),
])
def test_bad_cluster_options_are_one_line_and_exit_2_before_anything_runs(
        tmp_path: Path, args: list[str], expected: str) -> None:
    experiment = small_experiment(tmp_path / "exp")
    config = tmp_path / "uni.toml"
    config.write_text('[slurm]\nmemory = "lots"\n')
    args = [arg.replace("{config}", str(config)) for arg in args]
    done = CliRunner().invoke(app, ["sweep", str(experiment), "--out", str(tmp_path / "out"),
                                    *args], env={"COLUMNS": "250"})
    assert done.exit_code == 2, done.output
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected.replace("{config}", str(config)) in lines[0]
    assert not (tmp_path / "out").exists()


def test_without_sbatch_the_sweep_says_where_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ExecutorError, match=r"sbatch.*login node"), \
            open_executor(ExecutorKind.slurm):
        pytest.fail("no executor without sbatch")


def test_a_loopback_scheduler_with_workers_on_other_nodes_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a real cluster the worker jobs run elsewhere: they would wait for 127.0.0.1 forever."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, output in (("sinfo", "node01\nnode02\n"), ("sbatch", "")):
        (bin_dir / name).write_text(f"#!/bin/sh\nprintf '{output}'\n")
        (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ExecutorError, match=r"127\.0\.0\.1.*\(node01, node02\).*--listen"), \
            open_executor(ExecutorKind.slurm):
        pytest.fail("no executor that workers cannot reach")


# --------------------------------------------------------------------------- a real cluster


def squeue(*args: str) -> list[str]:
    done = subprocess.run(["squeue", "-h", "-n", JOB_NAME, "-o", "%A", *args],
                          capture_output=True, text=True, timeout=30)
    return done.stdout.split()


@pytest.fixture(scope="module")
def cluster() -> None:
    """A running SLURM whose node takes jobs, or a skip saying how to start one."""
    if not os.environ.get("SLURM_CONF"):
        pytest.skip('no SLURM here: `bash .ci/slurm.sh start && eval "$(bash .ci/slurm.sh env)"`'
                    " (.ci/run does this)")
    try:
        state = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True,
                               timeout=30).stdout.split()
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"SLURM_CONF is set but sinfo fails ({exc}): is the cluster up?")
    if not {"idle", "mix", "alloc"} & set(state):
        pytest.skip(f"SLURM's node is not taking jobs (sinfo: {state or 'nothing'})")
    yield
    for job in squeue():                     # never leave a worker job behind
        subprocess.run(["scancel", job], timeout=30, check=False)


@pytest.fixture(scope="module")
def experiment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_experiment(tmp_path_factory.mktemp("slurm"), replications=REPLICATIONS,
                            steps=STEPS)


@pytest.fixture(scope="module")
def reference(experiment: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The serial executor's finals: what every SLURM sweep must reproduce."""
    out = tmp_path_factory.mktemp("serial") / "out"
    run_sweep(load_experiment(experiment), out, SerialExecutor())
    return by_key(ResultStore(out).finals())


def by_key(finals: pd.DataFrame) -> pd.DataFrame:
    return finals.sort_values("key").reset_index(drop=True)


def committed_rows(out: Path) -> pd.DataFrame:
    """Every final row on disk, duplicates included (the store's reader would hide them)."""
    parts = sorted(out.glob("final-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts]) if parts else pd.DataFrame()


class CancelOneJob(threading.Thread):
    """Once the first run is committed, `scancel` a worker job whose worker has registered with
    the scheduler (so it holds runs): a job killed mid-sweep, as walltime or pre-emption would."""

    def __init__(self, out: Path, logs: Path):
        super().__init__(daemon=True)
        self.out, self.logs, self.done_at_cancel, self.cancelled = out, logs, -1, ""
        self.finish = threading.Event()

    def working(self) -> list[str]:
        return [job for job in squeue("-t", "R")
                if "Registered to" in read(self.logs / f"{JOB_NAME}-{job}.err")]

    def run(self) -> None:
        while not self.finish.is_set():
            working = self.working() if list(self.out.glob("final-*.parquet")) else []
            if working:
                self.done_at_cancel = len(committed_rows(self.out))
                self.cancelled = working[0]
                subprocess.run(["scancel", self.cancelled], timeout=30, check=True)
                return
            time.sleep(0.1)


def read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        return ""


def sweep_cancelling_a_job(experiment: Path, out: Path, *args: str,
                           env: dict[str, str] | None = None
                           ) -> tuple[subprocess.CompletedProcess[str], CancelOneJob]:
    canceller = CancelOneJob(out, out / "slurm-logs")
    canceller.start()
    try:
        done = subprocess.run([*samensturing_exe(), "sweep", str(experiment), "--out", str(out),
                               "--executor", "slurm", "--flush-every", "1", *args],
                              capture_output=True, text=True, timeout=START_TIMEOUT,
                              env={**WIDE, **(env or {})})
    finally:
        canceller.finish.set()
        canceller.join()
    return done, canceller


def no_jobs_left() -> bool:
    deadline = time.monotonic() + 30
    while squeue() and time.monotonic() < deadline:
        time.sleep(0.5)
    return not squeue()


@pytest.mark.slurm
def test_a_sweep_survives_a_cancelled_worker_job(
        cluster: None, experiment: Path, reference: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done, canceller = sweep_cancelling_a_job(experiment, out, "--jobs", "2", "--walltime",
                                             "00:10:00", "--memory", "1GB")
    assert done.returncode == 0, done.stdout + done.stderr
    assert 0 < canceller.done_at_cancel < len(reference)     # cancelled mid-sweep
    rows = committed_rows(out)
    assert rows["key"].is_unique                              # 0 duplicated runs
    pd.testing.assert_frame_equal(by_key(rows), reference)   # 0 lost, identical to serial
    assert no_jobs_left()
    logs = {p.name for p in (out / "slurm-logs").iterdir()}
    assert f"{JOB_NAME}-{canceller.cancelled}.err" in logs


@pytest.mark.slurm
def test_runs_lost_with_a_job_are_completed_by_resume(
        cluster: None, experiment: Path, reference: pd.DataFrame, tmp_path: Path) -> None:
    config = write_experiment(tmp_path, f"""[slurm]
partition = "debug"
jobs = 2
memory = "1GB"
walltime = "00:10:00"
log_directory = "{(tmp_path / "logs").as_posix()}"
""", "uni.toml")
    settings, plan, out = slurm_settings(config), load_experiment(experiment), tmp_path / "out"
    canceller = CancelOneJob(out, tmp_path / "logs")
    canceller.start()
    # a scheduler that never retries a run whose worker died: the cancelled job loses its run
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            pytest.raises(LostRuns, match="--resume"), \
            open_executor(ExecutorKind.slurm, slurm=settings) as executor:
        run_sweep(plan, out, executor, max_in_flight=6, flush_every=1, batch_size=1)
    canceller.finish.set()
    canceller.join()
    assert canceller.cancelled
    partial = committed_rows(out)
    assert partial["key"].is_unique and 0 < len(partial) < len(reference)
    assert no_jobs_left()

    with open_executor(ExecutorKind.slurm,
                       slurm=settings.model_copy(update={"jobs": 1})) as executor:
        summary = run_sweep(plan, out, executor, resume=True, max_in_flight=4)
    assert (summary.skipped, summary.ok) == (len(partial), len(reference) - len(partial))
    rows = committed_rows(out)
    assert rows["key"].is_unique
    pd.testing.assert_frame_equal(by_key(rows), reference)
    assert no_jobs_left()


@pytest.mark.slurm
def test_a_job_slurm_refuses_is_bad_input(cluster: None) -> None:
    with pytest.raises(ExecutorError, match=r"refuses the worker job.*partition"), \
            open_executor(ExecutorKind.slurm, slurm=SlurmSettings(partition="no-such")):
        pytest.fail("no executor for a partition that does not exist")
    assert not squeue()
