"""`samensturing explore` end to end, as a practitioner runs it: a house file with uncertain
ranges in, advice and tables out; bad choices are one clear line with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from simulation.analysis.card import text

ROOT = Path(__file__).resolve().parent.parent

HOUSE = """
[meta]
name = "mijn huis"
[uncertain]
"power.asymmetry" = [0.2, 0.8]
"trust.prior_conflict" = [0.0, 0.6]
"""


def explore(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    house = tmp_path / "huis.toml"
    house.write_text(HOUSE, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "simulation", "explore", str(house), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_a_tiny_exploration_gives_advice_in_dutch_and_its_tables(tmp_path: Path) -> None:
    out = tmp_path / "verkenning"
    proc = explore(tmp_path, "--interventions", "process_director,mayor", "--houses", "3",
                   "--replications", "2", "--steps", "12", "--out", str(out), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    robustness = pd.read_csv(out / "robustness.csv")
    assert {"process_director", "mayor"} <= set(robustness.iloc[:, 0]) | set(
        robustness.get("arm", []))
    assert len(pd.read_csv(out / "houses.csv")) == 3
    assert "huizen" in proc.stdout.lower()   # the advice is Dutch by default
    card = (out / "advice.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in card and text("h_first", "nl") in card
    assert text("h_first", "nl") in proc.stdout   # the same card in the terminal
    assert text("h_warnings", "nl") in card       # three houses are too few to tell


def test_the_card_in_english_on_request(tmp_path: Path) -> None:
    out = tmp_path / "exploration"
    proc = explore(tmp_path, "--interventions", "mayor", "--houses", "2", "--replications", "2",
                   "--steps", "6", "--out", str(out), "--workers", "1", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    card = (out / "advice.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in card and text("h_first", "en") in proc.stdout


def test_an_unknown_intervention_or_goal_is_one_line_with_exit_2(tmp_path: Path) -> None:
    for args, words in ((["--interventions", "wizard"], "unknown wizard"),
                        (["--goals", "happiness"], "unknown happiness"),
                        (["--partition", "gpu"], "--partition: only for --executor slurm")):
        proc = explore(tmp_path, *args)
        assert proc.returncode == 2 and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_dask_cluster_gives_the_same_answer_as_one_process(tmp_path: Path) -> None:
    """The runs go through the sweep engine on any executor; a run is a pure function of
    scenario and seed, so the tables do not depend on where it ran."""
    tables = {}
    for executor in ("serial", "dask"):
        out = tmp_path / executor
        proc = explore(tmp_path, "--interventions", "mayor", "--houses", "2", "--replications",
                       "2", "--steps", "6", "--out", str(out), "--executor", executor,
                       "--workers", "2")
        assert proc.returncode == 0, proc.stderr
        tables[executor] = pd.read_csv(out / "effects.csv")
    pd.testing.assert_frame_equal(tables["serial"], tables["dask"])
