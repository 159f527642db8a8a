"""Dutch in Dutch mode, English in English mode: numbers, scenarios, problems and sources."""

from __future__ import annotations

import re
from pathlib import Path

import ipyvuetify as v
import pytest
import solara
from ipywidgets import Widget

from simulation.app.app import Page
from simulation.app.controls import HouseSettings, InterventionSettings, ScenarioPicker
from simulation.app.numbers import number, parsed
from simulation.app.session import INTERVENTIONS, Choice, Houses, first_choice, scenario_from_upload
from simulation.app.views import problem_lines, problem_text, room_for
from simulation.house.library import shipped_scenarios
from simulation.house.scenario import MAX_SHOWN, ScenarioError, iter_parameters, load_scenario
from simulation.i18n import (
    SCENARIO_DESCRIPTIONS_NL,
    SCENARIO_NAMES,
    TEXTS,
    UNITS_NL,
    Lang,
    scenario_description,
    scenario_name,
    t,
)

REPO = Path(__file__).resolve().parents[1]
POINT, COMMA = re.compile(r"\d\.\d"), re.compile(r"\d,\d")

# ------------------------------------------------------------------ numbers in the controls


def test_a_fixed_number_keeps_its_decimals_in_the_languages_own_signs() -> None:
    assert [number(1, "nl", fixed=True), number(0.3, "nl", fixed=True)] == ["1,00", "0,30"]
    assert [number(1, "en", fixed=True), number(0.3, "en", fixed=True)] == ["1.00", "0.30"]
    assert number(1234.5, "nl", 1, fixed=True) == "1.234,5" and number(0.3, "nl") == "0,3"


def every_label(lang: Lang) -> list[str]:
    """The label of every slider and number field, with every intervention switched on."""
    _, rc = solara.render(Page(), handle_error=False)
    if lang == "en":
        rc.find(v.BtnToggle).widget.v_model = 1
    for name in INTERVENTIONS:
        rc.find(v.Switch, label=t(f"iv_{name}", lang)).widget.v_model = True
    return [w.label for w in rc.find(v.Slider).widgets + rc.find(v.TextField).widgets]


@pytest.mark.parametrize(("lang", "own", "other"), [("nl", COMMA, POINT), ("en", POINT, COMMA)])
def test_every_control_label_writes_numbers_as_its_language_does(lang: Lang, own: re.Pattern,
                                                                 other: re.Pattern) -> None:
    labels = every_label(lang)
    assert len(labels) > 4 * len(INTERVENTIONS)
    assert [label for label in labels if other.search(label)] == []
    assert len([label for label in labels if own.search(label)]) > len(INTERVENTIONS)


def test_a_typed_number_is_read_as_its_language_writes_it() -> None:
    assert [parsed(text, "nl") for text in ("0,5", "1.000", "-2")] == [0.5, 1000, -2]
    assert [parsed(text, "en") for text in ("0.5", "1,000")] == [0.5, 1000]
    # a point in Dutch groups thousands: "0.5" is no Dutch number, rather than five
    assert [parsed(text, "nl") for text in ("0.5", "", "abc", "NaN")] == [None] * 4


def enter(field: v.TextField, text: str) -> None:
    field.v_model = text
    field.fire_event("keyup.enter", None)


def test_a_number_field_shows_and_takes_a_decimal_comma() -> None:
    choices: list[Choice] = []
    choice = first_choice().changed({"interventions.role_reversal.enabled": True})
    _, rc = solara.render(InterventionSettings("role_reversal", choice, choice.scenario(), "nl",
                                               choices.append), handle_error=False)
    label = f"{t('par_role_reversal_half_life', 'nl')}: 8,00"
    field = rc.find(v.TextField, label=label).widget
    assert field.v_model == "8"
    enter(field, "8,5")
    assert choices[-1].scenario().interventions.role_reversal.half_life == 8.5
    enter(field, "8.5")
    assert len(choices) == 1
    rc.find(v.Html, children=["Toegestaan: 0,5 tot 520"]).assert_single()


def test_the_seed_is_a_whole_number_in_dutch_digits() -> None:
    choices: list[Choice] = []
    choice = first_choice()
    _, rc = solara.render(HouseSettings(choice, choice.scenario(), "nl", choices.append),
                          handle_error=False)
    seed = rc.find(v.TextField, label=t("seed", "nl")).widget
    enter(seed, "1.234")
    assert choices[-1].seed == 1234
    for wrong in ("2,5", "-1", "twee"):
        enter(seed, wrong)
        rc.find(v.Html, children=[t("seed_invalid", "nl")]).assert_single()
    assert len(choices) == 1


def test_a_seat_in_the_room_writes_its_power_in_dutch() -> None:
    houses = Houses(first_choice())
    houses.step()
    room, = houses.view().rooms.values()
    seats = re.findall(r"<title>([^<]+)</title>", room_for(room, "nl", 1))
    assert seats and all(COMMA.search(seat) for seat in seats if "macht" in seat)
    assert not any(POINT.search(seat) for seat in seats)


# ------------------------------------------------------------------ scenarios


def test_every_shipped_scenario_has_a_dutch_name_and_description() -> None:
    shipped = set(shipped_scenarios())
    assert set(SCENARIO_NAMES) == shipped and set(SCENARIO_DESCRIPTIONS_NL) == shipped
    for name, path in shipped_scenarios().items():
        english = load_scenario(path).meta.description
        assert english and scenario_description(name, "en", english) == english
        assert scenario_description(name, "nl", english) not in ("", english), name
        assert SCENARIO_NAMES[name]["nl"] != SCENARIO_NAMES[name]["en"], name
        assert scenario_name(name, "nl").endswith(f" ({name})")   # as the docs name it


def test_the_picker_lists_the_scenarios_by_their_dutch_names_and_reports_the_file() -> None:
    choices: list[Choice] = []
    _, rc = solara.render(ScenarioPicker(first_choice(), "nl", choices.append),
                          handle_error=False)
    picker = rc.find(v.Select, label=t("scenario", "nl")).widget
    titles = {item["value"]: item["title"] for item in picker.items}
    assert titles["baseline"] == "Basishuis (baseline)" and set(titles) == set(shipped_scenarios())
    rc.find(v.Html, children=[SCENARIO_DESCRIPTIONS_NL["baseline"]]).assert_single()
    picker.v_model = "mayor"
    assert choices[-1].name == "mayor"   # the file's name: the CSV and its provenance use it


def test_an_uploaded_scenario_keeps_its_own_name_and_description() -> None:
    assert scenario_name("eigen (geüpload)", "nl") == "eigen (geüpload)"
    assert scenario_description("eigen (geüpload)", "nl", "mine") == "mine"


# ------------------------------------------------------------------ validation problems

UPLOADS = [   # each a different message of the schema, as an uploaded file produces it
    b"[power]\nasymmetry = 3\n", b'[power]\nasymmetry = "x"\n',
    b"[population]\nresidents = 2.5\n", b"[population]\nresidents = -1\n",
    b'[house]\ndecision_rule = "x"\n', b"[house]\nfoo = 1\n",
    b"[interventions.mayor]\nstart = 10\nend = 5\n",
    b"[interventions.citizen_panel]\nsize = 50\n[population]\nresidents = 10\n"
    b"room_capacity = 20\n",
    b"[population]\nroom_capacity = 900\n", b"[interventions.mayor]\nstart = 500\n",
    b"[interventions.mayor]\nenabled = 1\n", b"[meta]\nname = 1\n",
    b'[interventions.mayor]\nchannels_off = ["x"]\n', b"[interventions.mayor]\nchannels_off = 3\n",
    b"[power]\nasymmetry = nan\n", b"x = [", b'extends = "elders.toml"\n', b"power = 3\n",
    b"[logics.resident]\ncommunity = 0.0\nprofession = 0.0\ncorporation = 0.0\nstate = 0.0\n"
    b"market = 0.0\n",
    b"\xe9 = 1\n", b"x = " + b"[" * 50 + b"]" * 50 + b"\n",
]


def problems() -> list[tuple[str, str]]:
    found = []
    for data in UPLOADS:
        with pytest.raises(ScenarioError) as caught:
            scenario_from_upload(data)
        found += caught.value.problems
    return found


def test_every_message_of_the_schema_is_translated_and_keeps_its_field() -> None:
    for field, message in problems():
        dutch = problem_text(field, message, "nl")
        assert dutch.split(": ", 1)[1] != message, message
        assert not re.search(r"\b(Input|should|allowed|must|more than|is not|unknown)\b",
                             dutch.replace("population.residents", "")), dutch
        if not field.startswith("("):
            assert dutch.startswith(f"{field}: "), dutch


def test_english_problems_stay_the_models_own_words() -> None:
    for field, message in problems():
        english = problem_text(field, message, "en")
        assert re.sub(r"(?<=\d),(?=\d{3})", "", english) == f"{field}: {message}"


def test_a_problem_writes_its_numbers_and_unit_in_dutch() -> None:
    message = "Input should be greater than or equal to 0.05 (allowed: 0.05 to 1000 share)"
    assert problem_text("x.y", message, "nl") == \
        "x.y: moet minstens 0,05 zijn (toegestaan: 0,05 tot 1.000 aandeel)"
    assert problem_text("house.decision_rule", "Input should be 'a', 'b' or 'c'", "nl") == \
        "house.decision_rule: moet een van deze zijn: 'a', 'b' of 'c'"


def test_a_message_nobody_foresaw_stays_as_it_is() -> None:
    assert problem_text("power.asymmetry", "something new", "nl") == \
        "power.asymmetry: something new"


def test_many_problems_say_how_many_more_in_dutch() -> None:
    error = ScenarioError("f.toml", [(f"a{k}", "file not found") for k in range(25)])
    assert problem_lines(error, "nl").splitlines()[-1] == "f.toml: ... en nog 5 problemen"


def test_every_unit_of_a_range_has_a_dutch_name() -> None:
    units = {row["unit"] for row in iter_parameters() if row["min"] is not None and row["unit"]}
    assert units and units <= set(UNITS_NL)


def next_to(root: Widget, widget: Widget) -> Widget | None:
    """The widget right after `widget` among its parent's children, searched from `root`."""
    children = [child for child in getattr(root, "children", None) or []
                if isinstance(child, Widget)]
    if widget in children:
        return children[children.index(widget) + 1]
    return next((found for child in children if (found := next_to(child, widget))), None)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_refused_value_is_explained_under_its_own_slider(lang: Lang) -> None:
    _, rc = solara.render(Page(), handle_error=False)
    if lang == "en":
        rc.find(v.BtnToggle).widget.v_model = 1
    rc.find(v.Switch, label=t("iv_citizen_panel", lang)).widget.v_model = True
    residents = rc.find(v.Slider, label=f"{t('residents', lang)}: 40").widget
    residents.v_model = 10   # fewer residents than the panel draws
    error = next_to(rc.container, residents)
    assert "sam-field-error" in error.class_ and error.title == t("value_refused", lang)
    more = {"nl": "20 is meer dan de 10 bewoners", "en": "20 is more than the 10 residents"}
    assert f"baseline: interventions.citizen_panel.size: {more[lang]}" in error.text
    assert residents.label == f"{t('residents', lang)}: 40"   # the previous value stays
    assert len(rc.find(v.Alert).widgets) == 1                # and nowhere else
    rc.find(v.Slider, label=f"{t('residents', lang)}: 40").widget.v_model = 60
    assert rc.find(v.Alert).widgets == []


# ------------------------------------------------------------------ sources


def test_every_file_a_text_cites_exists() -> None:
    cited = {path for texts in TEXTS.values() for text in texts.values()
             for path in re.findall(r"\b(?:[\w-]+/)+[\w.-]*", text)}
    assert "docs/interventions.md" in cited
    assert [path for path in cited if not (REPO / path).exists()] == []


@pytest.mark.parametrize(("extra", "nl", "en"), [(1, "nog 1 probleem", "1 more problem"),
                                                 (3, "nog 3 problemen", "3 more problems")])
def test_the_problems_not_shown_are_counted_in_the_singular_or_the_plural(
        extra: int, nl: str, en: str) -> None:
    error = ScenarioError(Path("huis.toml"),
                          [(f"house.x{k}", "must be at least 0") for k in range(MAX_SHOWN + extra)])
    assert problem_lines(error, "nl").splitlines()[-1].endswith(nl)
    assert problem_lines(error, "en").splitlines()[-1].endswith(en)
