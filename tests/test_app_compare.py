"""Side by side with any shipped scenario: the second house, its steps, its legend and its CSV."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import ipyvuetify as v
import pandas as pd
import solara
import solara.widgets

from simulation.app.app import Page
from simulation.app.download import DownloadWidget
from simulation.app.session import Choice, Houses, first_choice
from simulation.app.views import stage_html
from simulation.house.library import shipped_scenarios
from simulation.house.model import HouseModel
from simulation.house.scenario import load_scenario
from simulation.i18n import t

UNEQUAL = "archetype_unequal_house"


def beside_unequal(seed: int = 3) -> Choice:
    base = load_scenario(shipped_scenarios()[UNEQUAL])
    return replace(first_choice(), seed=seed, compare=True).with_second(UNEQUAL, base)


def gini(model: HouseModel) -> list[float]:
    return list(model.datacollector.model_vars["speaking_gini"])


def test_the_second_house_is_the_chosen_scenario_with_the_same_seed() -> None:
    choice = beside_unequal()
    houses = Houses(choice)
    assert list(houses.models) == ["first", "second"]
    second = houses.models["second"]
    assert second.config == load_scenario(shipped_scenarios()[UNEQUAL])
    assert second.config.power.asymmetry != houses.first.config.power.asymmetry
    for _ in range(3):
        houses.step()
    alone = HouseModel(load_scenario(shipped_scenarios()[UNEQUAL]), seed=3)
    for _ in range(3):
        alone.step()
    assert houses.week == 3 and gini(second) == gini(alone)   # same seed, same week
    assert all(len(gini(model)) == 3 for model in houses.models.values())


def test_overrides_change_the_first_house_only() -> None:
    houses = Houses(beside_unequal())
    houses.apply(houses.choice.changed({"power.asymmetry": 0.1}))
    assert houses.first.config.power.asymmetry == 0.1
    assert houses.models["second"].config == load_scenario(shipped_scenarios()[UNEQUAL])


def test_reset_and_a_new_first_scenario_keep_both_houses() -> None:
    houses = Houses(beside_unequal())
    houses.step()
    houses.reset()
    assert houses.week == 0 and list(houses.models) == ["first", "second"]
    assert all(gini(model) == [] for model in houses.models.values())
    other = houses.choice.with_base("mayor", load_scenario(shipped_scenarios()["mayor"]))
    houses.apply(other)
    assert houses.choice.beside == UNEQUAL and list(houses.models) == ["first", "second"]


def test_back_to_the_same_house_without_interventions() -> None:
    choice = beside_unequal().with_second(None)
    assert choice.beside is None and choice.labels() == ("with", "without")
    assert list(Houses(choice).models) == ["with", "without"]
    assert replace(beside_unequal(), compare=False).labels() == ("with",)


def test_the_csv_names_both_scenarios() -> None:
    houses = Houses(beside_unequal(seed=4))
    houses.step()
    houses.step()
    text = houses.csv()
    notes = [row.removeprefix("# ") for row in text.splitlines() if row.startswith("#")]
    assert notes[:4] == ["scenario: baseline", "seed: 4",
                         "side by side without interventions: false",
                         f"side by side with scenario: {UNEQUAL}"]
    data = pd.read_csv(io.StringIO(text), comment="#")
    assert list(zip(data["scenario"], data["house"], data["week"], strict=True)) == [
        ("baseline", "first", 1), ("baseline", "first", 2),
        (UNEQUAL, "second", 1), (UNEQUAL, "second", 2)]
    assert set(data["seed"]) == {4}


def test_the_page_compares_baseline_with_the_unequal_house() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Switch, label=t("compare", "nl")).widget.v_model = True
    picker = rc.find(v.Select, label=t("second_house", "nl")).widget
    assert picker.v_model == t("second_same", "nl")
    picker.v_model = UNEQUAL
    rc.find(v.Html, children=[t("second_note", "nl")]).assert_single()
    for _ in range(2):
        rc.find(v.Btn, children=["Stap"]).widget.click()
    stage, = [w for w in rc.find(solara.widgets.HTML).widgets
              if w.attributes.get("class") == "sam-stage"]
    legend = re.search(r'<p class="sam-note sam-house-legend">(.*?)</p>',
                       stage.unsafe_innerHTML).group(1)
    assert "baseline" in legend and UNEQUAL in legend and "stroke-dasharray" in legend
    rooms = re.findall(r'<div class="sam-room-card"><h4>([^<]+)</h4>', stage.unsafe_innerHTML)
    assert rooms == ["baseline", UNEQUAL]
    assert f"; Gini spreektijd ({UNEQUAL}): " in stage.unsafe_innerHTML   # the dashed line
    download = rc.find(DownloadWidget).widget
    download.request_download = True
    assert f"# side by side with scenario: {UNEQUAL}" in download.bytes.decode("utf-8")


def test_the_twin_without_interventions_is_named_in_the_legend_too() -> None:
    houses = Houses(replace(first_choice(), compare=True))
    houses.step()
    legend = re.search(r'sam-house-legend">(.*?)</p>', stage_html(houses.view(), "nl")).group(1)
    assert "baseline: met interventies" in legend and "baseline: zonder interventies" in legend
    assert "sam-house-legend" not in stage_html(Houses(first_choice()).view(), "nl")
