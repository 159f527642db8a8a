"""Shared helpers for the sweep tests: small experiment files on the real baseline house."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def write_experiment(folder: Path, body: str, name: str = "exp.toml") -> Path:
    """An experiment file in `folder`; `{baseline}` in the body is the baseline scenario."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body.replace("{baseline}", BASELINE.as_posix()), encoding="utf-8")
    return path


def small_experiment(folder: Path, replications: int = 2, steps: int = 8,
                     series_every: int = 4, outcomes: tuple[str, ...] = (),
                     name: str = "exp.toml") -> Path:
    """Two intervention arms × two asymmetry levels on the baseline: CRN pairs and unpaired."""
    return write_experiment(folder, f"""
[experiment]
name = "small"
scenarios = ["{{baseline}}"]
replications = {replications}
steps = {steps}
root_seed = 7
series_every = {series_every}
outcomes = {json.dumps(list(outcomes))}

[[design.arms]]
name = "baseline"

[[design.arms]]
name = "role_reversal"
set = {{ "interventions.role_reversal.enabled" = true }}

[design.factors]
"power.asymmetry" = [0.3, 0.7]
""", name)


def samensturing_exe() -> list[str]:
    """The installed console script, so signals reach the sweep process itself."""
    exe = shutil.which("samensturing") or str(Path(sys.executable).parent / "samensturing")
    return [exe]


# wide enough that rich does not wrap a message in the middle of a file name
WIDE = {**os.environ, "COLUMNS": "250"}


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*samensturing_exe(), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env=WIDE)
