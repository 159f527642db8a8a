"""Every intervention parameter in the app's controls, and the charts' axes, hover and colours."""

from __future__ import annotations

import re

import ipyvuetify as v
import numpy as np
import pytest
import solara

from simulation.app.app import Page
from simulation.app.controls import (
    TIMING_FIELDS,
    InterventionSettings,
    intervention_timing,
    own_parameters,
)
from simulation.app.numbers import number
from simulation.app.session import INTERVENTIONS, Choice, first_choice
from simulation.app.svg import PALETTE, ROLE_COLOURS, Line, line_chart_svg, round_up, week_ticks
from simulation.app.views import CHARTS, chart_svg
from simulation.house.library import shipped_scenarios
from simulation.house.scenario import Scenario, iter_parameters, load_scenario
from simulation.i18n import TEXTS, t

# ------------------------------------------------------------------ every parameter reachable


def test_every_intervention_parameter_is_a_control_or_in_more_settings() -> None:
    every = {row["name"] for row in iter_parameters() if row["name"].startswith("interventions.")}
    shown = set()
    for name in INTERVENTIONS:
        timing = intervention_timing(Scenario(), name)
        shown |= {f"interventions.{name}.{field}" for field in type(timing).model_fields
                  if field in TIMING_FIELDS}
        shown |= {row["name"] for row in own_parameters(timing, name)}
    assert every == shown


def test_every_parameter_and_channel_has_its_own_dutch_label() -> None:
    keys = [f"par_{name}_{str(row['name']).rsplit('.', 1)[1]}" for name in INTERVENTIONS
            for row in own_parameters(intervention_timing(Scenario(), name), name)]
    keys += [f"ch_{name}_{channel}" for name in INTERVENTIONS
             for channel in intervention_timing(Scenario(), name).channels]
    assert len(keys) > 2 * len(INTERVENTIONS)
    assert [key for key in keys if key not in TEXTS] == []
    assert [key for key in keys if TEXTS[key]["nl"] == TEXTS[key]["en"]] == []


def biased() -> Choice:
    shipped = shipped_scenarios()
    return Choice("biased_director", load_scenario(shipped["biased_director"]))


def settings(choice: Choice, name: str = "process_director"):
    """The card of one intervention, rendered alone, and the list the new choices arrive in."""
    choices: list[Choice] = []
    _, rc = solara.render(InterventionSettings(name, choice, choice.scenario(), "nl",
                                               choices.append), handle_error=False)
    return rc, choices


def test_biased_director_shows_its_bias_and_position_in_the_page() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Select, v_model="baseline").widget.v_model = "biased_director"
    labels = [w.label for w in rc.find(v.Slider).widgets]
    assert "Eigen agenda (gewicht in de zaal): 0,30" in labels
    assert "Eigen standpunt van de regisseur: 0,80" in labels


@pytest.mark.parametrize(("field", "value"), [("bias", 0.55), ("position", 0.2)])
def test_changing_the_directors_bias_or_position_changes_the_scenario(field: str,
                                                                     value: float) -> None:
    rc, choices = settings(biased())
    label = t(f"par_process_director_{field}", "nl")
    slider, = [w for w in rc.find(v.Slider).widgets if w.label.startswith(label)]
    slider.v_model = value
    director = choices[-1].scenario().interventions.process_director
    assert getattr(director, field) == value and director.enabled
    assert (director.bias, director.position) == ({"bias": value}.get(field, 0.3),
                                                 {"position": value}.get(field, 0.8))


def panel() -> Choice:
    return first_choice().changed({"interventions.citizen_panel.enabled": True})


def test_a_whole_number_parameter_gets_whole_steps_within_its_range() -> None:
    rc, choices = settings(panel(), "citizen_panel")
    strata, = [w for w in rc.find(v.Slider).widgets
               if w.label.startswith(t("par_citizen_panel_strata", "nl"))]
    assert (strata.min, strata.max, strata.step) == (1, 20, 1)
    strata.v_model = 7
    assert choices[-1].scenario().interventions.citizen_panel.strata == 7


def test_a_wide_range_gets_a_number_field_that_refuses_what_is_not_allowed() -> None:
    rc, choices = settings(panel(), "citizen_panel")
    label = f"{t('par_citizen_panel_size', 'nl')}: 20"
    size = rc.find(v.TextField, label=label).widget
    size.v_model = "5000"
    size.fire_event("keyup.enter", None)
    assert choices == []
    rc.find(v.Html, children=["Toegestaan: 2 tot 1.000"]).assert_single()
    size = rc.find(v.TextField, label=label).widget
    size.v_model = "30"
    size.fire_event("keyup.enter", None)
    assert choices[-1].scenario().interventions.citizen_panel.size == 30
    assert rc.find(v.Html, children=["Toegestaan: 2 tot 1.000"]).widgets == []


def test_unticking_a_channel_switches_it_off_and_ticking_it_back_on() -> None:
    rc, choices = settings(biased())
    own_voice = rc.find(v.Checkbox, label=t("ch_process_director_own_voice", "nl")).widget
    assert own_voice.v_model is True
    own_voice.v_model = False
    choice = choices[-1]
    assert choice.scenario().interventions.process_director.channels_off == ("own_voice",)
    rc, choices = settings(choice)
    rc.find(v.Checkbox, label=t("ch_process_director_own_voice", "nl")).widget.v_model = True
    assert choices[-1].scenario().interventions.process_director.channels_off == ()


# ------------------------------------------------------------------ charts


def week_series(weeks: int = 6) -> dict[str, dict[str, list[float]]]:
    rng = np.random.default_rng(1)
    columns = {column for chart in CHARTS for column, _ in chart.columns}
    return {house: {column: list(rng.uniform(0, 1, weeks)) for column in columns}
            for house in ("with", "without")}


def stroke_of(svg: str, k: int) -> str:
    return re.findall(r'<polyline class="series"[^>]* stroke="(#\w+)"', svg)[k]


def test_satisfaction_lines_have_the_rooms_colour_of_their_role() -> None:
    chart, = [chart for chart in CHARTS if chart.title == "chart_satisfaction"]
    svg = chart_svg(chart, week_series(), "nl")
    assert stroke_of(svg, 0) == ROLE_COLOURS["resident"]
    assert stroke_of(svg, 1) == ROLE_COLOURS["professional"]
    assert stroke_of(svg, 2) == ROLE_COLOURS["official"]
    assert stroke_of(svg, 3) == ROLE_COLOURS["resident"]   # the twin house, dashed


def test_a_chart_of_no_role_uses_no_role_colour() -> None:
    assert not set(PALETTE) & set(ROLE_COLOURS.values())


def test_every_chart_on_the_page_has_axis_ticks_labels_and_hover_values() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    for _ in range(3):
        rc.find(v.Btn, children=["Stap"]).widget.click()
    stage, = [w for w in rc.find(solara.widgets.HTML).widgets
              if w.attributes.get("class") == "sam-stage"]
    charts = re.findall(r'<svg class="sam-chart".*?</svg>', stage.unsafe_innerHTML)
    assert len(charts) == len(CHARTS)
    for svg, chart in zip(charts, CHARTS, strict=True):
        assert svg.count('<text class="tick"') >= 5 + 3, chart.title   # y: 0..top, x: 1, 2, 3
        assert f">{t(chart.y_label, 'nl')}</text>" in svg and ">week</text>" in svg
        assert len(re.findall(r"<title>week \d+: [^<]+</title>", svg)) == 3, chart.title


def test_dutch_charts_write_a_decimal_comma_and_english_ones_a_point() -> None:
    line = [Line("bewoners", [0.25, 0.5], "#000")]
    dutch = line_chart_svg("t", line, "week", lang="nl")
    y_axis = re.search(r'<g class="axis y-axis".*?</g>', dutch).group(0)
    assert ">0,5</text>" in y_axis and ">0,25</text>" in y_axis
    assert "<title>week 2: bewoners: 0,5</title>" in dutch
    written = re.findall(r">([^<>]+)</(?:text|title)>", dutch)
    assert [text for text in written if re.search(r"\d\.\d", text)] == []
    english = line_chart_svg("t", line, "week", lang="en")
    assert "<title>week 2: bewoners: 0.5</title>" in english
    assert (number(0.5, "nl"), number(1234.5, "nl"), number(-0.001, "nl")) == ("0,5", "1.234,5",
                                                                               "0")


def test_a_missing_week_has_no_hover_value_and_the_twin_is_named_on_hover() -> None:
    chart, = [chart for chart in CHARTS if chart.title == "chart_gini"]
    series = {"with": {"speaking_gini": [0.5, float("nan")]},
              "without": {"speaking_gini": [0.25, 0.75]}}
    svg = chart_svg(chart, series, "nl")
    assert "<title>week 1: Gini spreektijd: 0,5; Gini spreektijd (zonder): 0,25</title>" in svg
    assert "<title>week 2: Gini spreektijd (zonder): 0,75</title>" in svg


def test_axis_tops_and_week_ticks_are_round() -> None:
    assert [round_up(x) for x in (1, 1.1, 3.7, 8, 25, 37, 0.03)] == [1, 1.2, 4, 8, 40, 40, 0.04]
    assert week_ticks(1) == [1] and week_ticks(52) == [1, 13, 26, 39, 52]
    assert all(len(week_ticks(n)) <= 9 for n in range(1, 600))
