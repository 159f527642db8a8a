"""The public API: what `import simulation` offers, its overrides, the tidy results, docs/api.md.

Only the names of `simulation.__all__` are used here, as an outside script would.
"""

from __future__ import annotations

import json
import pydoc
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from sweep_support import BASELINE, ROOT, small_experiment

import simulation as sim

ASYMMETRY = "power.asymmetry"
ROLE_REVERSAL = "interventions.role_reversal.enabled"
STEPS, EVERY, REPLICATIONS = 8, 4, 2


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    """Two arms × two asymmetry levels × two replications, swept once for the module."""
    folder = tmp_path_factory.mktemp("api")
    plan = sim.load_experiment(small_experiment(folder / "exp", replications=REPLICATIONS,
                                                steps=STEPS, series_every=EVERY))
    out = folder / "results"
    summary = sim.run_sweep(plan, out, executor="serial")
    assert summary.ok == len(plan.runs) == 8
    return plan, out


# --------------------------------------------------------------------------- the package


def test_import_loads_nothing_until_a_name_is_used() -> None:
    code = ("import sys, simulation\n"
            "before = sorted(m for m in sys.modules if m.startswith('simulation.'))\n"
            "for name in simulation.__all__: getattr(simulation, name)\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'solara', 'dask', 'distributed', 'matplotlib'})\n"
            "print(before, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "[] []"


def test_help_shows_every_name_of_the_api() -> None:
    text = pydoc.render_doc(sim, renderer=pydoc.plaintext)
    for name in sim.__all__:
        assert re.search(rf"^\s+(class )?{name}\b", text, re.MULTILINE), name
    assert "load_scenario(path" in text and "docs/api.md" in text


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'run_houses'"):
        sim.run_houses  # noqa: B018


# --------------------------------------------------------------------------- overrides


def test_overrides_as_dotted_keys_and_as_keywords_agree() -> None:
    default = sim.load_scenario(BASELINE)
    dotted = sim.load_scenario(BASELINE, **{ASYMMETRY: 0.8, "population.residents": 30})
    keywords = sim.load_scenario(str(BASELINE), power__asymmetry=0.8, population__residents=30)
    assert isinstance(dotted, sim.Scenario)
    assert dotted == keywords
    assert (dotted.power.asymmetry, dotted.population.residents) == (0.8, 30)
    assert default.power.asymmetry != 0.8
    assert default.house == dotted.house  # what is not overridden stays


def test_a_misspelt_override_names_the_field() -> None:
    with pytest.raises(sim.ScenarioError, match=r"power\.asymetry: unknown key"):
        sim.load_scenario(BASELINE, power__asymetry=0.8)
    with pytest.raises(sim.ScenarioError, match=r"power\.asymmetry"):
        sim.load_scenario(BASELINE, power__asymmetry=7)


def test_experiment_overrides(tmp_path: Path) -> None:
    path = small_experiment(tmp_path, replications=2)
    plan = sim.load_experiment(path, experiment__replications=3, **{"experiment.steps": 5})
    assert len(plan.runs) == 3 * len(plan.points)
    assert {p.resolved.run.steps for p in plan.points.values()} == {5}


def test_run_batch_gives_each_seed_its_run_house_series() -> None:
    scenario = sim.load_scenario(BASELINE, run__steps=6)
    batch = sim.run_batch(scenario, [3, 4])
    assert batch.values.shape[:2] == (2, 6)
    for k, seed in enumerate((3, 4)):
        assert batch.series(k).equals(sim.run_house(scenario, seed).series)


def test_run_house_is_a_pure_function_of_scenario_and_seed() -> None:
    scenario = sim.load_scenario(BASELINE, run__steps=6)
    first, again = sim.run_house(scenario, 3), sim.run_house(scenario, 3)
    pd.testing.assert_frame_equal(first.series, again.series)
    assert len(first.series) == 6 and len(sim.run_house(scenario, 3, steps=2).series) == 2
    model = sim.HouseModel(scenario, seed=3)
    model.step()
    assert len(model.agents) == scenario.population.total


# --------------------------------------------------------------------------- sweeps and results


def test_finals_have_one_row_per_run_with_every_varied_parameter(swept: tuple) -> None:
    plan, out = swept
    finals = sim.load_results(out).finals
    assert len(finals) == len(plan.runs) and finals["key"].is_unique
    assert set(finals["key"]) == {run.key for run in plan.runs}
    seeds = {run.key: run.seed for run in plan.runs}
    assert (finals["seed"] == finals["key"].map(seeds)).all()
    for column in ("scenario", "point", "reference", "replication", ASYMMETRY, ROLE_REVERSAL,
                   *plan.spec.kept_outcomes()):
        assert column in finals.columns, column
    assert finals[[ASYMMETRY, ROLE_REVERSAL]].notna().all().all()  # also where an arm is silent
    for row in finals.to_dict("records"):
        arm = "role_reversal" if row[ROLE_REVERSAL] else "baseline"
        assert row["point"] == f"{arm} power.asymmetry={row[ASYMMETRY]}"
    assert finals.groupby([ASYMMETRY, ROLE_REVERSAL]).size().tolist() == [REPLICATIONS] * 4


def test_series_have_one_row_per_run_and_kept_step(swept: tuple) -> None:
    plan, out = swept
    results = sim.load_results(out)
    series, finals = results.series, results.finals
    assert series.groupby("key")["step"].apply(list).tolist() == [[4, 8]] * len(plan.runs)
    settings = finals[["key", ASYMMETRY, ROLE_REVERSAL, "seed", "point"]]
    joined = series.merge(settings, on="key", suffixes=("", "_final"))
    for column in (ASYMMETRY, ROLE_REVERSAL, "seed", "point"):
        assert (joined[column] == joined[f"{column}_final"]).all(), column
    last = series[series["step"] == STEPS].set_index("key")["trust_between_groups"]
    assert last.sort_index().equals(
        finals.set_index("key")["trust_between_groups"].sort_index())


def test_no_series_kept_gives_an_empty_frame_with_the_columns(tmp_path: Path) -> None:
    path = small_experiment(tmp_path / "exp", replications=1, steps=3, series_every=0)
    sim.run_sweep(path, tmp_path / "out", executor="serial")
    results = sim.load_results(tmp_path / "out")
    assert results.series.empty and len(results.finals) == 4
    assert {"step", ASYMMETRY, "trust_between_groups"} <= set(results.series.columns)


def test_a_manifest_without_values_still_gives_the_settings(swept: tuple,
                                                             tmp_path: Path) -> None:
    """Folders written before the manifest recorded every point's values."""
    _, out = swept
    old = tmp_path / "old"
    old.mkdir()
    for part in out.glob("*.parquet"):
        (old / part.name).write_bytes(part.read_bytes())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for point in manifest["points"]:
        del point["values"]
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    finals = sim.load_results(old).finals
    assert finals[ASYMMETRY].notna().all()
    assert finals[ROLE_REVERSAL].isna().sum() == 4  # the baseline arm does not set it


def test_run_sweep_refuses_a_used_folder_and_resumes_it(swept: tuple) -> None:
    plan, out = swept
    with pytest.raises(sim.ResultsError, match="--resume"):
        sim.run_sweep(plan, out, executor="serial")
    summary = sim.run_sweep(plan, out, executor="serial", resume=True)
    assert (summary.skipped, summary.ok) == (len(plan.runs), 0)


def test_an_empty_folder_is_a_results_error(tmp_path: Path) -> None:
    with pytest.raises(sim.ResultsError, match="manifest"):
        sim.load_results(tmp_path)


# --------------------------------------------------------------------------- docs/api.md


def test_the_worked_example_in_docs_api_runs(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 4
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the example's temp folder
    namespace: dict[str, object] = {"__name__": "__main__"}
    exec(compile("\n".join(blocks), "docs/api.md", "exec"), namespace)
    results = namespace["results"]
    assert isinstance(results, tuple) and not results.finals.empty  # type: ignore[attr-defined]
    assert any(tmp_path.iterdir())
