"""The report of sampled and factorial designs: pooled over houses, "better together?", and a
length that does not grow with the number of houses."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console
from sweep_support import write_experiment

from simulation.analysis.compare import compare, coverage, interactions, pooled
from simulation.analysis.explore import CAVEAT
from simulation.analysis.report import design_table, render, together
from simulation.analysis.workflow import report_results
from simulation.i18n import TEXTS as APP_TEXTS
from simulation.sweeps.engine import run_sweep
from simulation.sweeps.executors import SerialExecutor
from simulation.sweeps.experiment import load_experiment
from simulation.sweeps.store import ResultStore, read_results, successful

OUTCOME = "resident_voice_share"   # a goal: higher is better
SEEDS = 12


def houses_frames(effect: np.ndarray, noise: float, rng: np.random.Generator
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Finals and points of houses run off and on with shared seeds: on = off + effect[house]."""
    finals, points = [], []
    for h, gain in enumerate(effect):
        house = f"lh{h:02d}"
        points += [{"scenario": "s", "point": f"off {house}", "reference": f"off {house}",
                    "arm": "off", "house": house},
                   {"scenario": "s", "point": f"on {house}", "reference": f"off {house}",
                    "arm": "on", "house": house}]
        neighbourhood = rng.normal(0.5, 0.2, 3)   # what a seed does to both arms alike
        for k, base in enumerate(neighbourhood):
            seed = 100 * h + k
            finals += [{"scenario": "s", "point": f"off {house}", "seed": seed,
                        OUTCOME: base + rng.normal(0, noise)},
                       {"scenario": "s", "point": f"on {house}", "seed": seed,
                        OUTCOME: base + gain + rng.normal(0, noise)}]
    return pd.DataFrame(finals), pd.DataFrame(points)


def test_pooling_over_houses_recovers_a_known_effect() -> None:
    rng = np.random.default_rng(1)
    effect = rng.uniform(0.0, 0.2, 24)            # helps in every house, by 0.1 on average
    finals, points = houses_frames(effect, 0.01, rng)
    row = pooled(finals, points, [OUTCOME], n_resamples=999).iloc[0]
    assert (row["arm"], row["reference"], row["houses"]) == ("on", "off", 24)
    assert row["diff_low"] < effect.mean() < row["diff_high"]
    assert row["diff_low"] > 0 and row["significant"], "24 houses are plenty for this effect"
    assert row["higher"] == 1.0 and row["lower"] == 0.0
    assert row["paired"]


def test_pooling_finds_nothing_where_nothing_is() -> None:
    rng = np.random.default_rng(2)
    finals, points = houses_frames(np.zeros(24), 0.05, rng)
    row = pooled(finals, points, [OUTCOME], n_resamples=999).iloc[0]
    assert row["diff_low"] < 0 < row["diff_high"] and not row["significant"]


def test_pooling_pairs_by_seed_and_skips_an_unpaired_run() -> None:
    finals, points = houses_frames(np.full(4, 0.1), 0.0, np.random.default_rng(3))
    unpaired = finals.iloc[[1]].assign(seed=-1, **{OUTCOME: 99.0})   # an 'on' run without twin
    row = pooled(pd.concat([finals, unpaired]), points, [OUTCOME], n_resamples=99).iloc[0]
    assert row["diff"] == pytest.approx(0.1)


def two_by_two(interaction: float, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four cells × two contexts with shared seeds: y = seed + 0.1 a + 0.2 b + interaction ab."""
    a, b = "interventions.process_director.enabled", "interventions.role_reversal.enabled"
    points, finals = [], []
    for asymmetry in (0.3, 0.7):
        for on_a in (False, True):
            for on_b in (False, True):
                label = f"a={on_a} b={on_b} power={asymmetry}"
                points.append({"scenario": "s", "point": label, "reference": label, a: on_a,
                               b: on_b, "power.asymmetry": asymmetry})
        for k in range(SEEDS):
            base = rng.normal(0.4, 0.1)
            for on_a in (False, True):
                for on_b in (False, True):
                    y = base + 0.1 * on_a + 0.2 * on_b + interaction * (on_a and on_b)
                    finals.append({"scenario": "s", "point": f"a={on_a} b={on_b} power={asymmetry}",
                                   "seed": 1000 * asymmetry + k,
                                   OUTCOME: y + rng.normal(0, 0.01)})
    return pd.DataFrame(finals), pd.DataFrame(points)


def test_interaction_recovers_a_known_synergy_and_says_better_together() -> None:
    finals, points = two_by_two(0.3, np.random.default_rng(4))
    row = interactions(finals, points, [OUTCOME], n_resamples=999).iloc[0]
    assert row["n"] == 2 * SEEDS, "both contexts pooled, one contrast per shared seed"
    assert row["interaction"] == pytest.approx(0.3, abs=0.02)
    assert 0 < row["interaction_low"] < row["interaction_high"] and row["significant"]
    assert row["effect_first"] == pytest.approx(0.1, abs=0.02)
    assert row["effect_both"] == pytest.approx(0.6, abs=0.02)
    table = interactions(finals, points, [OUTCOME], n_resamples=999)
    dutch = " ".join(p.head for p in together(table, "nl"))
    english = " ".join(p.head for p in together(table, "en"))
    director, reversal = (APP_TEXTS[f"iv_{n}"] for n in ("process_director", "role_reversal"))
    assert f"Samen verhoogden {director['nl']} en {reversal['nl']} spreektijd van bewoners" \
        in dutch
    assert "meer dan de twee effecten opgeteld" in dutch and "beter samen dan los" in dutch
    assert re.search(r"interactie 0,[23]\d*, 95%-interval 0,\d+ tot 0,\d+", dutch), dutch
    assert f"Together, {director['en']} and {reversal['en']} raised" in english
    assert "better together than apart" in english and "0." in english


def test_interaction_that_undoes_the_parts_is_worse_together() -> None:
    finals, points = two_by_two(-0.3, np.random.default_rng(5))
    dutch = " ".join(p.head for p in together(
        interactions(finals, points, [OUTCOME], n_resamples=999), "nl"))
    assert "minder dan de twee effecten opgeteld" in dutch and "samen slechter dan los" in dutch


def test_no_interaction_is_said_in_plain_words() -> None:
    finals, points = two_by_two(0.0, np.random.default_rng(6))
    table = interactions(finals, points, [OUTCOME], n_resamples=999)
    assert not table["significant"].any()
    said = together(table, "nl")[0].head
    assert "samen doen ze in geen uitkomst duidelijk meer of minder" in said


# --------------------------------------------------------------------------- a sampled sweep


FACTORS = """
[design.factors]
"interventions.process_director.enabled" = [false, true]
"interventions.role_reversal.enabled" = [false, true]
"""


def sampled_sweep(folder: Path, samples: int, factors: str = FACTORS) -> Path:
    """Houses from a Latin hypercube × two interventions on/off, two outcomes, a few weeks."""
    path = write_experiment(folder, f"""
[experiment]
name = "houses"
scenarios = ["{{baseline}}"]
replications = 2
steps = 4
root_seed = 3
series_every = 2
outcomes = ["resident_voice_share", "trust_between_groups"]

[design]
samples = {samples}

[design.ranges]
"power.asymmetry" = [0.1, 0.9]
"trust.prior_conflict" = [0.0, 0.8]
{factors}""")
    run_sweep(load_experiment(path), folder / "out", SerialExecutor())
    return folder / "out"


@pytest.fixture(scope="module")
def sampled(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Results folders of 3 and of 12 sampled houses."""
    return {samples: sampled_sweep(tmp_path_factory.mktemp(f"lhs{samples}"), samples)
            for samples in (3, 12)}


@pytest.fixture(scope="module")
def sampled_pages(sampled: dict[int, Path]) -> dict[int, str]:
    pages = {}
    for samples, out in sampled.items():
        finals, manifest = read_results(out)
        ok = successful(finals, out)
        table = compare(ok, manifest, n_resamples=49)
        pages[samples] = render(table, ResultStore(out).series(), manifest, "nl",
                                coverage(finals, manifest), ok, n_resamples=49)
    return pages


def test_the_report_of_a_sampled_sweep_does_not_grow_with_its_houses(
        sampled_pages: dict[int, str]) -> None:
    few, many = sampled_pages[3], sampled_pages[12]
    for page in (few, many):
        assert page.count("<img") == 3, "effect per arm, against the parameters, over time"
    assert few.count("<tr") == many.count("<tr"), "one row per arm and outcome, not per house"
    assert "lh03" not in many and "lh11" not in many, "no house is listed on its own"
    assert "over 12 huizen" in many and "over 3 huizen" in few
    assert "Beter samen?" in many and "comparison.csv" in many
    assert CAVEAT["nl"] in many


def test_design_table_names_each_point_s_house_and_arm(sampled: dict[int, Path]) -> None:
    points = design_table(read_results(sampled[3])[1])
    assert set(points["house"]) == {"lh0", "lh1", "lh2"}
    assert points.groupby("house")["arm"].nunique().eq(4).all()
    assert (points.loc[points["point"] == points["reference"], "arm"]
            == "process_director=off role_reversal=off").all()


def test_the_report_command_pools_a_sampled_sweep(sampled: dict[int, Path],
                                                  tmp_path: Path) -> None:
    path = report_results(sampled[3], "en", Console(quiet=True), out=tmp_path / "report.html",
                          n_resamples=49)
    page = path.read_text(encoding="utf-8")
    assert "over 3 houses" in page
    assert "Latin hypercube" in page and "Better together?" in page


def test_a_sampled_sweep_without_arms_shows_its_outcomes_only(tmp_path: Path) -> None:
    out = sampled_sweep(tmp_path, 4, factors="")
    finals, manifest = read_results(out)
    page = render(compare(finals, manifest, n_resamples=19), ResultStore(out).series(),
                  manifest, "en", finals=finals, n_resamples=19)
    assert "no reference to compare with" in page and "Better together?" not in page
    assert page.count("<img") == 2, "against the parameters, over time"
