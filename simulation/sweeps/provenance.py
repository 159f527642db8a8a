"""Where results came from: package versions and the git commit, recorded beside the results."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGES = ("samensturing", "mesa", "numpy", "pandas", "scipy", "pyarrow", "pydantic", "dask",
            "distributed")


def versions() -> dict[str, str]:
    """Python and the versions of the packages that decide or carry the results."""
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def git_commit(where: Path | None = None) -> dict[str, Any]:
    """The commit of the source tree and whether it had uncommitted changes."""
    cwd = where or Path(__file__).resolve().parent

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                  timeout=10, check=True)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def session() -> dict[str, Any]:
    """One start of a sweep: when, on which machine, with which code."""
    return {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "versions": versions(),
        "git": git_commit(),
    }
