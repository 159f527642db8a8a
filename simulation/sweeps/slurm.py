"""SLURM for sweeps: dask-jobqueue's `SLURMCluster`, with a university's defaults in a file.

Why dask-jobqueue: it writes and submits the worker job scripts, replaces jobs that end, and
speaks the dask protocol the engine already uses through `Client.get_executor()`, so a SLURM sweep
is the same sweep as on a laptop (same seeds, same folder, `--resume` across both). Each job holds
`cores` single-threaded worker processes. Only the driver writes results, so a worker job that
SLURM kills (walltime, pre-emption, `scancel`) loses no finished run: dask gives the runs it held
to the other workers, and a run it cannot place is left for `--resume`.

Settings come from a TOML file's `[slurm]` table (a university's defaults) with command-line
options on top; every problem names its file (or option) and field.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from simulation.house.scenario import ScenarioError, read_toml
from simulation.sweeps.experiment import problem_message

if TYPE_CHECKING:
    from dask.distributed import Client

LOOPBACK = "127.0.0.1"
JOB_NAME = "samensturing"
_WALLTIME = re.compile(r"^(?:(\d+)-)?(\d+):([0-5]\d):([0-5]\d)$")


class SlurmError(Exception):
    """SLURM cannot take the worker jobs (no `sbatch` here, or it refuses the job script)."""


class ClusterConfigError(ScenarioError):
    """A bad cluster setting: names the config file (or the option) and the field."""


def listen_address(host: str, port: int = 0) -> str:
    """host:port as dask wants it (IPv6 hosts in brackets)."""
    from distributed.comm.addressing import unparse_host_port

    return unparse_host_port(host, port)


class SlurmSettings(BaseModel):
    """One worker job's resources and where the scheduler listens; the defaults suit a test."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    partition: str | None = Field(None, description="#SBATCH -p (default: the cluster's)")
    account: str | None = Field(None, description="#SBATCH -A, the project to charge")
    jobs: int = Field(2, ge=1, description="worker jobs kept running")
    cores: int = Field(1, ge=1, description="cores per job, one worker process each")
    memory: str = Field("2GB", description="memory per job, e.g. 4GB")
    walltime: str = Field("01:00:00", description="time limit per job, HH:MM:SS or D-HH:MM:SS")
    listen: str = Field(LOOPBACK, description="address the scheduler listens on")
    interface: str | None = Field(None, description="network interface for scheduler and "
                                  "workers, e.g. ib0 (instead of listen)")
    python: str | None = Field(None, description="the workers' python (default: this one)")
    job_directives: list[str] = Field([], description="more #SBATCH lines, e.g. --qos=short")
    prologue: list[str] = Field([], description="shell lines before the worker starts")
    local_directory: str | None = Field(None, description="workers' scratch, e.g. $TMPDIR")
    log_directory: str | None = Field(None, description="folder for the jobs' output")

    @field_validator("memory")
    @classmethod
    def _memory(cls, value: str) -> str:
        from dask.utils import parse_bytes

        try:
            parse_bytes(value)
        except ValueError:
            raise ValueError("must be an amount like 2GB or 500MB") from None
        return value

    @field_validator("walltime")
    @classmethod
    def _walltime(cls, value: str) -> str:
        if not _WALLTIME.match(value):
            raise ValueError("must be HH:MM:SS or D-HH:MM:SS, e.g. 04:00:00")
        return value

    @property
    def workers(self) -> int:
        """Worker processes when every job runs."""
        return self.jobs * self.cores

    def walltime_seconds(self) -> int:
        days, hours, minutes, seconds = _WALLTIME.match(self.walltime).groups()  # type: ignore[union-attr]
        return ((int(days or 0) * 24 + int(hours)) * 60 + int(minutes)) * 60 + int(seconds)

    def lifetime_args(self) -> list[str]:
        """Workers retire before the walltime so SLURM never kills one mid-run: with ten minutes
        or more, a worker leaves 5 % (at least a minute) early, staggered, and a new job starts."""
        total = self.walltime_seconds()
        if total < 600:
            return []
        margin = max(60, total // 20)
        return ["--lifetime", f"{total - margin}s", "--lifetime-stagger", f"{margin // 2}s"]

    def cluster_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of `dask_jobqueue.SLURMCluster`."""
        where: dict[str, Any] = (
            {"interface": self.interface, "scheduler_options": {"dashboard_address": ":0"}}
            if self.interface else
            {"scheduler_options": {"host": self.listen,
                                   "dashboard_address": listen_address(self.listen)}})
        return {
            "queue": self.partition, "account": self.account,
            "cores": self.cores, "processes": self.cores, "memory": self.memory,
            "walltime": self.walltime, "job_name": JOB_NAME,
            "python": self.python or sys.executable,
            "job_extra_directives": list(self.job_directives),
            "job_script_prologue": list(self.prologue),
            # import the model before taking runs, not while the first run's heartbeat waits
            "worker_extra_args": ["--preload", "simulation.house.runner",
                                  *self.lifetime_args()],
            "local_directory": self.local_directory, "log_directory": self.log_directory,
            **where,
        }


# --------------------------------------------------------------------------- settings


def _problems(exc: ValidationError, name: str) -> list[tuple[str, str]]:
    problems = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        problems.append((name.format(loc) if loc else "(top level)", problem_message(err)))
    return problems


def read_config(path: Path) -> dict[str, Any]:
    """The `[slurm]` table of a cluster config file, checked field by field."""
    data = read_toml(path)
    unknown = sorted(set(data) - {"slurm"})
    if unknown:
        raise ClusterConfigError(path, [(unknown[0], "unknown table: put settings in [slurm]")])
    table = data.get("slurm", {})
    if not isinstance(table, dict):
        raise ClusterConfigError(path, [("slurm", "must be a table: [slurm]")])
    try:
        SlurmSettings.model_validate(table)
    except ValidationError as exc:
        raise ClusterConfigError(path, _problems(exc, "slurm.{}")) from None
    return table


def slurm_settings(config: Path | None = None, **options: Any) -> SlurmSettings:
    """The config file's settings with the options that were given (not None) on top."""
    table = read_config(config) if config is not None else {}
    given = {key: value for key, value in options.items() if value is not None}
    try:
        return SlurmSettings.model_validate({**table, **given})
    except ValidationError as exc:
        raise ClusterConfigError("command line", _problems(exc, "--{}")) from None


# --------------------------------------------------------------------------- the cluster


def _refusal(job_script: str) -> str | None:
    """What sbatch says against the worker job (bad partition, account, time), or None."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", prefix="samensturing-") as script:
        script.write(job_script)
        script.flush()
        try:
            done = subprocess.run(["sbatch", "--test-only", script.name], capture_output=True,
                                  text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return "sbatch did not answer within 60 s: is slurmctld up (sinfo)?"
    if done.returncode == 0:
        return None
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else f"sbatch exited with {done.returncode}"


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _other_nodes(partition: str | None) -> list[str]:
    """Nodes the jobs may land on that are not this machine (empty if sinfo cannot say)."""
    where = ["-p", partition] if partition else []
    try:
        done = subprocess.run(["sinfo", "-h", "-N", "-o", "%N", *where], capture_output=True,
                              text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return []
    here = {socket.gethostname(), socket.gethostname().split(".")[0]}
    return sorted(set(done.stdout.split()) - here)


def _unreachable(settings: SlurmSettings) -> str | None:
    """Why workers on other nodes could not reach a scheduler on loopback, or None."""
    if settings.interface or not _loopback(settings.listen):
        return None
    others = _other_nodes(settings.partition)
    if not others:
        return None
    return (f"the scheduler would listen on {settings.listen}, which worker jobs on other nodes "
            f"({', '.join(others[:3])}{', ...' if len(others) > 3 else ''}) cannot reach: give "
            "--listen this machine's address on the cluster network, or interface (e.g. "
            '"ib0") in the config file')


@contextmanager
def slurm_client(settings: SlurmSettings) -> Iterator[Client]:
    """A dask client on a SLURMCluster that keeps `settings.jobs` worker jobs running; the jobs
    are cancelled when the block ends, however it ends."""
    if shutil.which("sbatch") is None:
        raise SlurmError("--executor slurm needs SLURM's sbatch, which is not on the PATH here: "
                         "run the sweep on the cluster's login node or inside a job")
    unreachable = _unreachable(settings)
    if unreachable:
        raise SlurmError(unreachable)
    from dask.distributed import Client
    from dask_jobqueue import SLURMCluster

    if settings.log_directory:
        Path(settings.log_directory).mkdir(parents=True, exist_ok=True)
    with SLURMCluster(**settings.cluster_kwargs()) as cluster:
        refused = _refusal(cluster.job_script())
        if refused:
            raise SlurmError(f"SLURM refuses the worker job: {refused} (check --partition, "
                             "--memory, --walltime, --cores and the config file)")
        # adapt, not scale: a job that ends (walltime, pre-emption) is replaced by a new one
        cluster.adapt(minimum_jobs=settings.jobs, maximum_jobs=settings.jobs)
        with Client(cluster) as client:
            yield client

