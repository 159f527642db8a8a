"""Comparisons: pairing where seeds are shared, intervals, effect sizes and FDR control."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulation.analysis.compare import (
    cohen_d,
    compare,
    comparisons,
    coverage,
    partial,
    rich_tables,
    smallest_p,
    unreachable,
    vargha_delaney,
)

N = 40


def finals(arms: dict[str, np.ndarray], seeds: dict[str, np.ndarray]) -> pd.DataFrame:
    rows = [{"key": f"{arm}{i}", "scenario": "base", "point": arm, "replication": i,
             "seed": int(seeds[arm][i]), "y": float(value)}
            for arm, values in arms.items() for i, value in enumerate(values)]
    return pd.DataFrame(rows)


def manifest(arms: list[str], reference: str = "baseline") -> dict[str, Any]:
    return {"outcomes": ["y"],
            "points": [{"scenario": "base", "label": a, "reference": reference, "settings": {}}
                       for a in arms]}


@pytest.fixture
def neighbourhoods() -> np.ndarray:
    """Large differences between neighbourhoods, shared by the arms (common random numbers)."""
    return np.random.default_rng(1).normal(0, 5, N)


def test_shared_seeds_give_a_paired_and_sharper_comparison(neighbourhoods: np.ndarray) -> None:
    rng = np.random.default_rng(2)
    base = neighbourhoods + rng.normal(0, 0.1, N)
    arms = {"baseline": base, "treated": neighbourhoods + 0.3 + rng.normal(0, 0.1, N)}
    shared = np.arange(N)
    paired = compare(finals(arms, {"baseline": shared, "treated": shared}),
                     manifest(list(arms)), n_resamples=999)
    unpaired = compare(finals(arms, {"baseline": shared, "treated": shared + N}),
                       manifest(list(arms)), n_resamples=999)
    p, u = (comparisons(t).iloc[0] for t in (paired, unpaired))
    assert p["paired"] and not u["paired"]
    assert p["diff_low"] > 0, "the paired interval finds the effect"
    assert p["significant"] and not u["significant"]
    assert (p["diff_high"] - p["diff_low"]) < (u["diff_high"] - u["diff_low"]) / 5
    assert p["diff"] == pytest.approx(np.mean(arms["treated"] - base))


def test_means_and_intervals_per_arm(neighbourhoods: np.ndarray) -> None:
    arms = {"baseline": neighbourhoods, "same": neighbourhoods.copy()}
    table = compare(finals(arms, dict.fromkeys(arms, np.arange(N))), manifest(list(arms)),
                    n_resamples=999)
    base = table[table["point"] == "baseline"].iloc[0]
    assert base["mean"] == pytest.approx(neighbourhoods.mean())
    t_low, t_high = stats.t.interval(0.95, N - 1, neighbourhoods.mean(), stats.sem(neighbourhoods))
    assert base["ci_low"] == pytest.approx(t_low, rel=0.15)
    assert base["ci_high"] == pytest.approx(t_high, rel=0.15)
    same = comparisons(table).iloc[0]
    assert same["diff"] == 0 and same["diff_low"] == same["diff_high"] == 0
    assert same["vd_a"] == 0.5 and same["cohen_d"] == 0 and not same["significant"]
    assert base["reference"] == "" and pd.isna(base["q_value"])


def test_vargha_delaney_counts_wins_and_ties() -> None:
    x, y = np.array([1.0, 2.0, 3.0, 3.0]), np.array([0.0, 3.0, 2.5])
    wins = sum(a > b for a, b in itertools.product(x, y))
    ties = sum(a == b for a, b in itertools.product(x, y))
    assert vargha_delaney(x, y) == pytest.approx((wins + ties / 2) / (len(x) * len(y)))
    assert vargha_delaney(x + 10, y) == 1.0 and vargha_delaney(y, x + 10) == 0.0


def test_cohen_d_is_the_difference_in_pooled_standard_deviations() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(1.0, 2.0, 5000), rng.normal(0.0, 2.0, 5000)
    assert cohen_d(x, y) == pytest.approx(0.5, abs=0.05)
    assert cohen_d(np.ones(3), np.ones(3)) == 0.0
    assert np.isnan(cohen_d(np.ones(3), np.zeros(3)))


def test_false_discovery_control_over_all_comparisons(neighbourhoods: np.ndarray) -> None:
    rng = np.random.default_rng(4)
    arms = {"baseline": neighbourhoods}
    arms |= {f"null{i}": neighbourhoods + rng.normal(0, 1, N) for i in range(20)}
    arms["real"] = neighbourhoods + 2 + rng.normal(0, 1, N)
    table = comparisons(compare(finals(arms, dict.fromkeys(arms, np.arange(N))),
                                manifest(list(arms)), n_resamples=199))
    assert (table["q_value"] >= table["p_value"]).all()
    assert table.set_index("point").loc["real", "significant"]
    expected = stats.false_discovery_control(table["p_value"].to_numpy())
    np.testing.assert_allclose(table["q_value"].to_numpy(), expected)


def test_a_point_without_a_distinct_reference_is_not_compared() -> None:
    arms = {"a": np.arange(5.0), "b": np.arange(5.0) + 1}
    data = finals(arms, dict.fromkeys(arms, np.arange(5)))
    meta = {"outcomes": ["y"], "points": [
        {"scenario": "base", "label": "a", "reference": "a", "settings": {}},
        {"scenario": "base", "label": "b", "reference": "b", "settings": {}}]}
    table = compare(data, meta, n_resamples=99)
    assert comparisons(table).empty and len(table) == 2


def test_screen_tables_show_clear_differences_unless_asked(neighbourhoods: np.ndarray) -> None:
    arms = {"baseline": neighbourhoods, "big": neighbourhoods + 5, "none": neighbourhoods}
    table = compare(finals(arms, dict.fromkeys(arms, np.arange(N))), manifest(list(arms)),
                    n_resamples=99)
    views, hidden = rich_tables(table)
    assert [v.title for v in views] == ["[bold]big[/] vs baseline"] and hidden == 1
    views, hidden = rich_tables(table, show_all=True)
    assert len(views) == 2 and hidden == 0


def test_coverage_counts_every_point_of_the_manifest_even_without_runs() -> None:
    arms = {"baseline": np.arange(3.0), "treated": np.arange(2.0)}
    data = finals(arms, dict.fromkeys(arms, np.arange(3)))
    data["status"] = ["ok", "ok", "failed", "ok", "ok"]
    meta = manifest(["baseline", "treated", "missing"])
    meta["runs"] = [{"scenario": "base", "point": arm, "key": f"{arm}{i}"}
                    for arm in ("baseline", "treated", "missing") for i in range(3)]
    counts = coverage(data, meta).set_index("point")
    assert counts.index.tolist() == ["baseline", "treated", "missing"]
    assert counts["planned"].tolist() == [3, 3, 3]
    assert counts["done"].tolist() == [2, 2, 0] and counts["failed"].tolist() == [1, 0, 0]
    assert partial(counts)
    assert not partial(counts.assign(done=counts["planned"]))


@pytest.mark.parametrize("n", [3, 4, 5, 6, 8])
def test_the_smallest_p_is_that_of_the_most_extreme_runs(n: int) -> None:
    """Analytic floors against scipy's exact tests on the most one-sided data there is."""
    assert smallest_p(n, n, paired=True) == pytest.approx(
        stats.wilcoxon(np.arange(1.0, n + 1)).pvalue)
    above, below = np.arange(10.0, 10 + n), np.arange(0.0, n + 1)
    assert smallest_p(n, n + 1, paired=False) == pytest.approx(
        stats.mannwhitneyu(above, below, method="exact").pvalue)


def test_a_design_too_small_for_its_test_is_named_and_a_large_one_is_not() -> None:
    from rich.console import Console

    from simulation.analysis.workflow import say_unreachable

    for n, warned in ((4, True), (8, False)):
        effect = np.arange(n) + 10.0            # every pair of one sign: the clearest data
        data = finals({"baseline": np.zeros(n), "arm": effect},
                      {"baseline": np.arange(n), "arm": np.arange(n)})
        table = compare(data, manifest(["baseline", "arm"]), n_resamples=199)
        assert (len(unreachable(table)) == 1) == warned
        console = Console(record=True, width=200)
        say_unreachable(table, console)
        said = console.export_text()
        assert ("cannot come out clear" in said) == warned
        if warned:
            assert "4 paired runs" in said and "0.125" in said   # 2 / 2**4
