"""The HTML report: self-contained plots, both languages, and a summary that says what changed."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sweep_support import small_experiment
from typer.testing import CliRunner

from simulation.analysis.compare import compare, coverage
from simulation.analysis.explore import CAVEAT
from simulation.analysis.report import (
    SUMMARY_ITEMS,
    Paragraph,
    point_label,
    render,
    summary,
)
from simulation.cli import app
from simulation.house.batch import Batch
from simulation.house.scenario import Scenario
from simulation.i18n import TEXTS, Lang, t
from simulation.sweeps.engine import run_model, run_sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import RunSpec, load_experiment
from simulation.sweeps.store import ResultStore, load_finals, read_results

runner = CliRunner()


def squash(text: str) -> str:
    """Text without white space: rich may wrap a long line anywhere."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    outcomes = ("trust_between_groups", "resident_voice_share", "decisions_made")
    plan = load_experiment(small_experiment(folder / "exp", replications=3, steps=8,
                                            outcomes=outcomes))
    run_sweep(plan, folder / "out", SerialExecutor())
    return folder / "out"


@pytest.fixture(scope="module")
def pages(results: Path) -> dict[str, str]:
    finals, manifest = load_finals(results)
    table = compare(finals, manifest, n_resamples=199)
    series = ResultStore(results).series()
    return {lang: render(table, series, manifest, lang) for lang in ("nl", "en")}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_is_one_file_with_embedded_plots(pages: dict[str, str], lang: str) -> None:
    page = pages[lang]
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 2, "outcomes per arm and outcomes over time"
    assert all(base64.b64decode(image).startswith(b"\x89PNG") for image in images)
    assert f'<html lang="{lang}">' in page
    assert TEXTS["iv_role_reversal"][lang] in page, "arms named as the app names them"
    assert "plan digest" in page and "git commit" in page


def test_languages_differ_in_every_heading(pages: dict[str, str]) -> None:
    dutch, english = pages["nl"], pages["en"]
    assert html.escape(CAVEAT["nl"]) in dutch and html.escape(CAVEAT["en"]) in english
    assert "Samenvatting" in dutch and "Summary" not in dutch
    assert "Summary" in english and "Samenvatting" not in english


def words(paragraphs: Sequence[Paragraph]) -> str:
    return " ".join(" ".join((p.head, *p.items)) for p in paragraphs)


def synthetic_table(diff: float, significant: bool) -> pd.DataFrame:
    return pd.DataFrame([{
        "scenario": "base", "point": "arm", "outcome": "trust_between_groups", "n": 30,
        "mean": 0.5 + diff, "ci_low": 0.4, "ci_high": 0.7, "reference": "baseline",
        "paired": True, "n_reference": 30, "mean_reference": 0.5, "diff": diff,
        "diff_low": diff - 0.01, "diff_high": diff + 0.01, "vd_a": 0.8, "cohen_d": 1.0,
        "p_value": 0.001, "q_value": 0.001 if significant else 0.5, "significant": significant,
    }])


@pytest.mark.parametrize(("diff", "word_en", "word_nl"),
                         [(0.1, "raised", "verhoogde"), (-0.1, "lowered", "verlaagde")])
def test_summary_names_the_direction_and_the_outcome(diff: float, word_en: str,
                                                     word_nl: str) -> None:
    labels = {"arm": "Arm", "baseline": "Baseline"}
    english = words(summary(synthetic_table(diff, True), labels, "en"))
    dutch = words(summary(synthetic_table(diff, True), labels, "nl"))
    assert f"{word_en} trust between groups" in english
    assert f"{word_nl} vertrouwen tussen groepen" in dutch
    assert "0,5" in dutch and "0.5" in english


def test_summary_of_many_changes_stays_short_and_counts_the_rest() -> None:
    from simulation.house.outcomes import OUTCOMES

    names = list(OUTCOMES)[:SUMMARY_ITEMS + 4]
    table = pd.concat([synthetic_table(0.1, True).assign(outcome=name) for name in names])
    (paragraph,) = summary(table, {"arm": "Arm", "baseline": "B"}, "nl")
    assert len(paragraph.items) == SUMMARY_ITEMS
    assert paragraph.items[-1] == "en nog 5 andere uitkomsten (zie de tabel hieronder)"


def test_summary_says_when_nothing_changed_clearly() -> None:
    text = words(summary(synthetic_table(0.1, False), {"arm": "Arm", "baseline": "B"}, "en"))
    assert "no clear difference" in text and "raised" not in text


def test_report_without_series_says_so(results: Path) -> None:
    finals, manifest = load_finals(results)
    table = compare(finals, manifest, n_resamples=99)
    page = render(table, ResultStore(results).series().iloc[0:0], manifest, "en")
    assert "No time series kept" in page
    assert len(re.findall(r"data:image/png", page)) == 1
    assert not np.isnan(table["mean"]).any()


def test_every_outcome_has_a_label_in_both_languages() -> None:
    from simulation.analysis.report import OUTCOME_LABELS
    from simulation.house.outcomes import OUTCOMES

    for name in OUTCOMES:
        assert set(OUTCOME_LABELS[name]) == {"nl", "en"}, name


class LeavesUndone(SerialExecutor):
    """Leaves the runs `skip` picks undone, as a sweep stopped part-way does."""

    def __init__(self, skip: Callable[[RunSpec], bool]) -> None:
        self.skip = skip

    def submit(self, fn, /, task, **kwargs):  # type: ignore[no-untyped-def]
        runs = tuple(run for run in task.runs if not self.skip(run))
        if not runs:
            future: Future[object] = Future()
            future.cancel()
            future.set_running_or_notify_cancel()
            return future
        return super().submit(fn, replace(task, runs=runs), **kwargs)


MISSING = "role_reversal power.asymmetry=0.7"


@pytest.fixture(scope="module")
def unfinished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 planned runs, 7 done: one arm has none, another lacks a replication; one failed."""
    folder = tmp_path_factory.mktemp("unfinished")
    plan = load_experiment(small_experiment(folder / "exp", replications=3, steps=4,
                                            outcomes=("trust_between_groups",)))
    broken = next(r.seed for r in plan.runs  # its role-reversal twin shares the seed but is undone
                  if r.point == "baseline power.asymmetry=0.7" and r.replication == 0)

    def fails_once(scenario: Scenario, seeds: Sequence[int]) -> Batch:
        if broken in seeds:
            raise RuntimeError("broken")
        return run_model(scenario, seeds)

    skip = lambda run: run.point == MISSING or (  # noqa: E731
        run.point == "baseline power.asymmetry=0.7" and run.replication == 2)
    run_sweep(plan, folder / "out", LeavesUndone(skip), run_fn=fails_once)
    return folder / "out"


def test_an_unfinished_sweep_is_counted_per_arm(unfinished: Path) -> None:
    counts = coverage(*read_results(unfinished)).set_index("point")
    assert counts["planned"].tolist() == [3, 3, 3, 3]
    assert counts.loc[MISSING, "done"] == 0, "an arm without runs is listed, not dropped"
    assert counts["done"].sum() == 7 and counts["failed"].sum() == 1
    assert counts.loc["baseline power.asymmetry=0.7", ["done", "failed"]].tolist() == [1, 1]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_of_an_unfinished_sweep_says_so(unfinished: Path, lang: Lang,
                                                   tmp_path: Path) -> None:
    finals, manifest = read_results(unfinished)
    counts = coverage(finals, manifest)
    table = compare(finals[finals["status"] == "ok"], manifest, n_resamples=99)
    page = render(table, ResultStore(unfinished).series(), manifest, lang, counts)
    assert 'class="partial"' in page
    assert t("report_partial", lang, done=7, planned=12) in page
    missing = point_label(MISSING, {"interventions.role_reversal.enabled": True}, lang)
    assert t("report_missing", lang, arms=html.escape(missing)) in page
    assert t("report_runs_of", lang, done=7, planned=12) in page, "the method counts what is done"
    derived = render(table, ResultStore(unfinished).series(), manifest, lang)
    assert t("report_partial", lang, done=7, planned=12) in derived, "even without counts"


def test_a_finished_sweep_has_no_warning(pages: dict[str, str]) -> None:
    assert all('class="partial"' not in page for page in pages.values())
    assert "12 simulated runs" in pages["en"] and "12 simulaties" in pages["nl"]


def test_compare_and_report_warn_about_an_unfinished_sweep(unfinished: Path) -> None:
    compared = runner.invoke(app, ["compare", str(unfinished)])
    assert compared.exit_code == 0, compared.output
    output = squash(compared.output)
    assert squash("warning: unfinished sweep: only 7 of 12 runs are done") in output
    assert squash(f"1 of 4 design points have no runs yet and are missing below: {MISSING}") \
        in output, compared.output
    assert squash("1 failed") in output and "--retry-failed" in output
    reported = runner.invoke(app, ["report", str(unfinished), "--lang", "en"])
    assert reported.exit_code == 0, reported.output
    assert squash("the report covers only 7 of 12 runs") in squash(reported.output)
