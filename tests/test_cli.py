"""`samensturing run` as a user runs it: summary, files, and an exact repeat."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def samensturing(*args: str, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("samensturing")
    cmd = [exe] if exe else [sys.executable, "-m", "simulation"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env=env)


def test_run_prints_a_summary_and_writes_a_repeatable_run(tmp_path: Path) -> None:
    first = samensturing("run", "scenarios/baseline.toml", "--seed", "7", "--steps", "30",
                         "--out", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    assert "resident_voice_share" in first.stdout and "baseline (seed 7)" in first.stdout
    files = {p.name for p in (tmp_path / "a").iterdir()}
    assert files == {"series.csv", "series.parquet", "decisions.csv", "scenario.toml"}
    series = pd.read_parquet(tmp_path / "a" / "series.parquet")
    assert len(series) == 30
    pd.testing.assert_frame_equal(series, pd.read_csv(tmp_path / "a" / "series.csv",
                                                      index_col="step"), check_dtype=False)

    again = samensturing("run", str(tmp_path / "a" / "scenario.toml"), "--seed", "7",
                         "--steps", "30", "--out", str(tmp_path / "b"))
    assert again.returncode == 0, again.stderr
    first_csv, second_csv = (tmp_path / d / "series.csv" for d in ("a", "b"))
    assert first_csv.read_text() == second_csv.read_text()


def test_help_lists_the_commands() -> None:
    proc = samensturing("--help")
    assert proc.returncode == 0
    for command in ("run", "validate"):
        assert command in proc.stdout


def test_missing_scenario_file_is_exit_2() -> None:
    proc = samensturing("run", "scenarios/does-not-exist.toml")
    assert proc.returncode == 2
    assert "file not found" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("command", "label"), [("run", "error"), ("validate", "invalid")])
def test_an_error_naming_a_long_path_stays_one_line(tmp_path: Path, command: str,
                                                    label: str) -> None:
    """Scripts and CI read stderr through a pipe: a wrapped message splits "file not\nfound"."""
    folder = tmp_path.joinpath(*["d" * 60] * 5)
    folder.mkdir(parents=True)
    missing = folder / "[bold]:smile: missing.toml"   # neither rich markup nor an emoji code
    assert len(str(missing)) >= 300
    proc = samensturing(command, str(missing), env={**os.environ, "COLUMNS": "80"})
    assert proc.returncode == 2
    assert proc.stderr == f"{label}: {missing}: (file): file not found\n"


@pytest.mark.parametrize(("args", "says"), [
    (("run", "scenarios/baseline.toml", "--seed", "-1"), "Invalid value for '--seed'"),
    (("run", "--no-such-option"), "No such option: --no-such-option"),
    (("run",), "Missing argument"),
    (("frobnicate",), "No such command 'frobnicate'"),
])
def test_a_usage_error_is_one_line_with_exit_2(args: tuple[str, ...], says: str) -> None:
    """Typer's framed panel wraps at 80 columns: a usage error is one plain line like the rest."""
    proc = samensturing(*args, env={**os.environ, "COLUMNS": "80"})
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: samensturing") and says in lines[0]
    assert "--help" in lines[0]


def test_no_command_prints_the_help() -> None:
    proc = samensturing()
    assert proc.returncode == 0 and "Usage: samensturing" in proc.stdout


def test_params_lists_documented_parameters() -> None:
    proc = subprocess.run([sys.executable, "-c",
                           "from simulation.cli import main; main(['params', 'trust'])"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"COLUMNS": "250", "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    assert "trust.prior_conflict" in proc.stdout and "Ansell & Gash 2008" in proc.stdout
    assert "power.asymmetry" not in proc.stdout
