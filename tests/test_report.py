"""The HTML report: self-contained plots, both languages, and a summary that says what changed."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sweep_support import small_experiment

from simulation.analysis.compare import compare
from simulation.analysis.report import render, summary
from simulation.i18n import TEXTS
from simulation.sweeps.engine import run_sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import load_experiment
from simulation.sweeps.store import ResultStore, load_results


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
    finals, manifest = load_results(results)
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
    assert "Samenvatting" in dutch and "Summary" not in dutch
    assert "Summary" in english and "Samenvatting" not in english


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
    english = " ".join(summary(synthetic_table(diff, True), labels, "en"))
    dutch = " ".join(summary(synthetic_table(diff, True), labels, "nl"))
    assert f"{word_en} trust between groups" in english
    assert f"{word_nl} vertrouwen tussen groepen" in dutch
    assert "0,5" in dutch and "0.5" in english


def test_summary_says_when_nothing_changed_clearly() -> None:
    text = " ".join(summary(synthetic_table(0.1, False), {"arm": "Arm", "baseline": "B"}, "en"))
    assert "no clear difference" in text and "raised" not in text


def test_report_without_series_says_so(results: Path) -> None:
    finals, manifest = load_results(results)
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
