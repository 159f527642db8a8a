"""The app's parts without a browser: texts, session rules, drawings and Solara components."""

from __future__ import annotations

import base64
import io
import logging
import math
import re
from dataclasses import replace
from pathlib import Path
from string import Formatter

import ipyvuetify as v
import numpy as np
import pandas as pd
import pytest
import solara
import solara.widgets

from simulation.app import server as app_server
from simulation.app.app import Page
from simulation.app.controls import HouseSettings, intervention_timing
from simulation.app.download import DownloadWidget
from simulation.app.session import (
    INTERVENTIONS,
    NAME_SHOWN,
    UPLOAD_LIMIT_KB,
    VERTICAL_KEYS,
    Choice,
    Houses,
    first_choice,
    load_upload,
    shown_name,
    without_interventions,
)
from simulation.app.svg import MAX_ABSENT_DOTS, Line, Seat, heard_pairs, line_chart_svg, room_svg
from simulation.app.upload import Received, UploadWidget
from simulation.app.views import CHARTS
from simulation.house.mechanisms.decision import RULES
from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import ROLES, Scenario, ScenarioError
from simulation.i18n import LANGUAGES, TEXTS, t

# ------------------------------------------------------------------ texts


def test_every_text_exists_in_both_languages_with_the_same_placeholders() -> None:
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        fields = [{name for _, name, _, _ in Formatter().parse(texts[lang]) if name}
                  for lang in LANGUAGES]
        assert all(texts.values()) and fields[0] == fields[1], key


def test_every_role_rule_intervention_and_chart_has_its_texts() -> None:
    keys = ([f"role_{role}" for role in ROLES] + [f"rule_{rule}" for rule in RULES]
            + [f"iv_{name}{part}" for name in INTERVENTIONS for part in ("", "_text", "_source")]
            + [chart.title for chart in CHARTS]
            + [label for chart in CHARTS for _, label in chart.columns])
    assert INTERVENTIONS, "no interventions found in the scenario schema"
    assert [key for key in keys if key not in TEXTS] == []


def test_charts_draw_existing_outcome_columns() -> None:
    columns = {column for chart in CHARTS for column, _ in chart.columns}
    assert columns <= set(OUTCOMES)


# ------------------------------------------------------------------ session rules


def upload(name: str, body: str | bytes, size: int | None = None) -> Scenario:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return load_upload(name, len(data) if size is None else size, lambda most: data[:most])


LIMIT = UPLOAD_LIMIT_KB * 1024
LONG_NAME = "n" * 295 + ".toml"
# Each was tried as a hostile student would, and each once replaced the page with a traceback.
HOSTILE = {   # case: (file name, content, size the browser reports or None for the true one)
    "extends a list": ("lijst.toml", b'extends = ["baseline.toml"]\n', None),
    "arrays 5000 deep": ("diep.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", None),
    "tables 5000 deep": ("diep.toml", b"x = " + b"{a = " * 5000 + b"1" + b"}" * 5000, None),
    "300-character name": (LONG_NAME, b"[power]\nasymmetry = 3\n", None),
    "size lie": ("klein.toml", b"# " + b"x" * 300_000 + b"\n", 10),
    "binary garbage": ("foto.toml", bytes(range(256)) * 8, None),
    "not UTF-8": ("latin1.toml", '[meta]\nname = "café"\n'.encode("latin-1"), None),
}


def test_upload_is_validated_like_the_cli_and_errors_name_the_file() -> None:
    assert upload("mijn_huis.toml", "[power]\nasymmetry = 0.9\n").power.asymmetry == 0.9
    with pytest.raises(ScenarioError) as bad_value:
        upload("mijn_huis.toml", "[power]\nasymmetry = 3\n")
    assert str(bad_value.value).startswith("mijn_huis.toml: power.asymmetry:")
    assert "allowed: 0 to 1" in str(bad_value.value)
    with pytest.raises(ScenarioError, match=r"mijn_huis.toml: \(syntax\): not valid TOML"):
        upload("mijn_huis.toml", "[power\n")
    with pytest.raises(ScenarioError, match=r"mijn_huis\.toml: interventions\.nonsense: unknown"):
        upload("mijn_huis.toml", "[interventions.nonsense]\nenabled = true\n")


def test_upload_may_extend_a_shipped_scenario_but_nothing_else() -> None:
    unequal = upload("eigen.toml", 'extends = "archetype_unequal_house.toml"\n'
                                   "[trust]\nprior_conflict = 0.4\n")
    assert (unequal.power.asymmetry, unequal.trust.prior_conflict) == (0.8, 0.4)
    with pytest.raises(ScenarioError, match=r"eigen\.toml: extends: only a shipped scenario"):
        upload("eigen.toml", 'extends = "../../etc/hosts"\n')


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_upload_is_one_line_naming_the_file(case: str) -> None:
    name, data, size = HOSTILE[case]
    with pytest.raises(ScenarioError) as refused:
        upload(name, data, size)
    message = str(refused.value)
    assert message.startswith(f"{shown_name(name)}: ") and "\n" not in message
    assert "error in the app" not in message   # each is foreseen, with its own reason


def test_upload_size_is_measured_not_believed() -> None:
    asked: list[int] = []

    def read(most: int) -> bytes:
        asked.append(most)
        return b"#" * most   # however much more the client sent

    too_large = rf"klein.toml: \(file\): more than {UPLOAD_LIMIT_KB} kB"
    with pytest.raises(ScenarioError, match=too_large):
        load_upload("klein.toml", 10, read)
    assert asked == [LIMIT + 1]
    big = Received("klein.toml", 10, base64.b64encode(b"#" * 300_000).decode())
    assert len(big.read(LIMIT + 1)) == LIMIT + 1


def test_damaged_message_from_a_client_is_refused() -> None:
    for message in ({"name": "x.toml", "size": 5, "data": "not base64!"},
                    {"name": 5, "size": "5", "data": None}, {"size": 10**400}, {}):
        file = Received.of(message)
        with pytest.raises(ScenarioError, match=r": \(file\): arrived damaged"):
            load_upload(file.name, file.size, file.read)


def test_an_upload_is_never_written_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """No file path is ever built from the name the browser sent: the bytes are parsed in memory."""
    written: list[str] = []
    real = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes",
                        lambda path, data: (written.append(path.name), real(path, data))[1])
    for name in (LONG_NAME, "../../../tmp/elders.toml", "a\x00b.toml"):
        assert upload(name, "[power]\nasymmetry = 0.9\n").power.asymmetry == 0.9
    assert written == []


def test_a_long_or_strange_name_is_shown_short_on_one_line() -> None:
    assert len(shown_name(LONG_NAME)) == NAME_SHOWN and shown_name(LONG_NAME).endswith("n.toml")
    assert shown_name("a\nb\x00.toml") == "a?b?.toml" and shown_name("") == "(upload)"


def test_an_unforeseen_failure_is_still_the_error_box_and_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    def read(most: int) -> bytes:
        raise RuntimeError("a bug in the app")

    with caplog.at_level(logging.ERROR), \
            pytest.raises(ScenarioError, match=r"^eigen.toml: \(file\): .*error in the app"):
        load_upload("eigen.toml", 10, read)
    assert "RuntimeError: a bug in the app" in caplog.text   # the traceback is not swallowed


def test_oversized_upload_is_refused_before_it_is_read() -> None:
    def read(most: int) -> bytes:
        raise AssertionError("an oversized upload was read")

    limit = rf"groot.toml: \(file\): .* at most {UPLOAD_LIMIT_KB} kB"
    with pytest.raises(ScenarioError, match=limit):
        load_upload("groot.toml", UPLOAD_LIMIT_KB * 1024 + 1, read)


def test_new_scenario_keeps_seed_and_mode_but_not_old_overrides() -> None:
    choice = replace(first_choice(), seed=5, compare=True).changed({"power.asymmetry": 0.9})
    other = choice.with_base("eigen", Scenario())
    assert (other.name, other.seed, other.compare, dict(other.overrides)) == ("eigen", 5, True, {})


def test_twin_house_has_every_intervention_switched_off() -> None:
    base = Scenario()
    on = Choice("x", base).changed({f"interventions.{name}.enabled": True
                                    for name in INTERVENTIONS}).scenario()
    assert set(on.interventions.enabled()) == set(INTERVENTIONS)
    assert without_interventions(on).interventions.enabled() == {}
    assert without_interventions(on).power == on.power


def test_settings_replay_to_the_same_week_and_back_reproduce_the_run() -> None:
    choice = replace(first_choice(), compare=True)
    houses = Houses(choice)
    for _ in range(5):
        houses.step()
    before = houses.series()
    houses.apply(choice.changed({"power.asymmetry": 0.95}))
    assert houses.week == 5
    assert before["with"] != houses.series()["with"]
    houses.apply(choice)
    assert houses.series() == before
    houses.reset()
    assert houses.week == 0 and houses.series()["with"]["speaking_gini"] == []


def test_clashing_settings_leave_the_houses_as_they_were() -> None:
    houses = Houses(first_choice())
    houses.step()
    key = f"interventions.{INTERVENTIONS[0]}"
    with pytest.raises(ScenarioError, match="must be after start"):
        houses.apply(houses.choice.changed({f"{key}.enabled": True, f"{key}.start": 10,
                                            f"{key}.end": 5}))
    assert houses.week == 1 and houses.choice == first_choice()


def test_run_stops_at_the_scenario_length() -> None:
    houses = Houses(first_choice().changed({"run.steps": 2}))
    assert [houses.step() for _ in range(3)] == [True, True, False]
    assert houses.finished and houses.week == 2


def test_csv_has_one_row_per_house_and_week() -> None:
    houses = Houses(replace(first_choice(), compare=True, seed=7))
    houses.step()
    houses.step()
    data = pd.read_csv(io.StringIO(houses.csv()), comment="#")
    assert list(zip(data["house"], data["week"], strict=True)) == [
        ("with", 1), ("with", 2), ("without", 1), ("without", 2)]
    assert set(data["seed"]) == {7} and set(OUTCOMES) <= set(data.columns)


def test_view_shows_the_meeting_and_who_stayed_away() -> None:
    houses = Houses(replace(first_choice(), compare=True))
    assert all(room.roles == () for room in houses.view().rooms.values())
    houses.step()
    view = houses.view()
    model = houses.models["with"]
    room = view.rooms["with"]
    assert view.week == 1 and set(view.rooms) == {"with", "without"}
    assert len(room.roles) == len(room.turns) == room.weights.shape[0] >= 2
    # who leaves for good does so after the meeting, so those present need not be active now
    assert len(room.absent) == sum(agent.active and not agent.present for agent in model.agents)
    assert sum(room.turns) > 0


def test_absent_intervention_shows_its_defaults_switched_off() -> None:
    timing = intervention_timing(Scenario(), INTERVENTIONS[0])
    assert not timing.enabled and timing.start == 1 and timing.intensity == 1.0


# ------------------------------------------------------------------ drawings


def test_room_draws_present_seats_heard_lines_and_capped_absentees() -> None:
    seats = [Seat("resident", 0.2, "a"), Seat("official", 0.9, "b"),
             Seat("professional", 0.5, "c")]
    weights = np.array([[0.5, 0.5, 0.0], [0.01, 0.99, 0.0], [0.2, 0.3, 0.5]])
    svg = room_svg(seats, weights, ["resident"] * (MAX_ABSENT_DOTS + 7), "caption")
    assert svg.count('class="present"') == 3
    # off-diagonal weights >= 0.03: (0,1), (2,0), (2,1); the 0.01 weight is not drawn
    assert svg.count('class="heard"') == 3
    assert svg.count('class="absent"') == MAX_ABSENT_DOTS and "+7" in svg
    radii = [float(r) for r in re.findall(r'class="present"[^>]* r="([\d.]+)"', svg)]
    assert radii[1] > radii[2] > radii[0]


def test_each_listener_gets_lines_to_their_strongest_few_speakers_only() -> None:
    weights = np.full((5, 5), 0.2)
    weights[0] = [0.1, 0.4, 0.3, 0.15, 0.05]
    pairs = heard_pairs(weights, per_listener=3)
    assert [j for i, j in pairs if i == 0] == [1, 2, 3]
    assert len(pairs) == 5 * 3 and all(i != j for i, j in pairs)


def test_chart_skips_missing_values_and_scales_to_the_data() -> None:
    svg = line_chart_svg("Titel <&>", [Line("a", [0.0, math.nan, 8.0], "#000")], "week",
                         y_max=None)
    assert "Titel &lt;&amp;&gt;" in svg and ">8<" in svg
    points = re.search(r' points="([^"]*)"', svg).group(1).split()
    assert len(points) == 2


# ------------------------------------------------------------------ components


def html_of(rc, css_class: str) -> str:
    """The content of the live HTML widget with this class (the week counter or the stage)."""
    widget, = [w for w in rc.find(solara.widgets.HTML).widgets
               if w.attributes.get("class") == css_class]
    return widget.unsafe_innerHTML


def svgs(rc, kind: str) -> list[str]:
    """Each <svg> of this class on the stage (rooms or charts)."""
    return re.findall(rf'<svg class="{kind}".*?</svg>', html_of(rc, "sam-stage"))


def test_page_is_dutch_by_default_and_switches_to_english() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Stap"]).assert_single()
    rc.find(v.BtnToggle).widget.v_model = 1  # second language: English
    rc.find(v.Btn, children=["Step"]).assert_single()
    assert any("Inequality of speaking time" in svg for svg in svgs(rc, "sam-chart"))


def test_step_updates_week_room_and_charts() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    assert html_of(rc, "sam-week").startswith("Week 0 /")
    assert 'class="present"' not in svgs(rc, "sam-room")[0]
    rc.find(v.Btn, children=["Stap"]).widget.click()
    rc.find(v.Btn, children=["Stap"]).widget.click()
    assert html_of(rc, "sam-week").startswith("Week 2 /")
    assert 'class="present"' in svgs(rc, "sam-room")[0]
    charts = svgs(rc, "sam-chart")
    assert len(charts) == len(CHARTS) and all('data-points="2"' in svg for svg in charts)


def test_each_page_has_its_own_house() -> None:
    _, first = solara.render(Page(), handle_error=False)
    first.find(v.Btn, children=["Stap"]).widget.click()
    _, second = solara.render(Page(), handle_error=False)
    assert html_of(first, "sam-week").startswith("Week 1 /")
    assert html_of(second, "sam-week").startswith("Week 0 /")


def test_intervention_switch_shows_its_timing_and_the_compare_switch_a_twin() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    label = t(f"iv_{INTERVENTIONS[1]}", "nl")
    rc.find(v.Switch, label=label).widget.v_model = True
    rc.find(v.Slider, label="Intensiteit: 1,00").assert_single()
    rc.find(v.Switch, label=t("compare", "nl")).widget.v_model = True
    assert len(svgs(rc, "sam-room")) == 2


def test_download_sends_the_csv_only_when_asked() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Stap"]).widget.click()
    download = rc.find(DownloadWidget).widget
    assert download.bytes is None
    download.request_download = True
    rows = [row for row in download.bytes.decode("utf-8").splitlines() if row[0] != "#"]
    assert rows[0].startswith('"scenario","seed","house","week",') and len(rows) == 2
    assert download.filename == "samensturing_baseline_seed0.csv"


def message(name: str, data: bytes, size: int | None = None, count: int = 1) -> dict:
    """What the upload template sends for a chosen file."""
    return {"name": name, "size": len(data) if size is None else size,
            "data": base64.b64encode(data).decode(), "count": count}


def test_chosen_file_becomes_the_scenario_or_shows_why_not() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    chooser = rc.find(UploadWidget).widget
    chooser.upload = {"name": "groot.toml", "size": 10**6, "data": "", "count": 1}
    error = rc.find(v.Alert, class_="sam-problem sam-upload-error").widget
    assert "groot.toml: (bestand)" in error.text
    chooser.upload = message("eigen.toml", b"[trust]\nprior_conflict = 0.6\n", count=2)
    assert rc.find(v.Alert, class_="sam-problem sam-upload-error").widgets == []
    rc.find(v.Slider, label="Conflict uit het verleden: 0,60").assert_single()
    # the page was built anew for the new scenario: the chooser too
    rc.find(UploadWidget).widget.upload = message(LONG_NAME, b"", count=3)
    rc.find(v.Select, v_model=f"{shown_name(LONG_NAME).removesuffix('.toml')} (geüpload)"
            ).assert_single()


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_file_shows_the_error_box_and_keeps_the_controls(case: str) -> None:
    name, data, size = HOSTILE[case]
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(UploadWidget).widget.upload = message(name, data, size)
    error = rc.find(v.Alert, class_="sam-problem sam-upload-error").widget
    assert error.text.startswith(f"{shown_name(name)}: ") and "\n" not in error.text
    assert t("err_app_error", "nl") not in error.text
    rc.find(v.Btn, children=["Stap"]).assert_single()
    rc.find(v.Select, v_model="baseline").assert_single()
    rc.find(UploadWidget).assert_single()
    assert len(rc.find(v.Switch).widgets) == len(INTERVENTIONS) + 1   # and side by side


def test_vertical_slider_sets_all_three_clearance_levels() -> None:
    choices: list[Choice] = []
    choice = first_choice()
    _, rc = solara.render(HouseSettings(choice, choice.scenario(), "nl", choices.append),
                          handle_error=False)
    slider, = [w for w in rc.find(v.Slider).widgets if w.label.startswith("Verticale steun")]
    slider.v_model = 0.4
    levels = choices[-1].scenario().vertical.levels()
    assert [level.pass_probability for _, level in levels] == [0.4] * len(VERTICAL_KEYS)


def test_clashing_timing_shows_an_error_under_its_slider_instead_of_a_traceback() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    name = INTERVENTIONS[0]
    rc.find(v.Switch, label=t(f"iv_{name}", "nl")).widget.v_model = True
    rc.find(v.Slider, label="Vanaf week: 1").widget.v_model = 10
    rc.find(v.Slider, label="Tot week (0 = tot het eind): 0").widget.v_model = 5
    error = rc.find(v.Alert, class_="sam-problem sam-field-error").widget
    assert error.text == (f"baseline: interventions.{name}: het einde (5) moet na het begin (10) "
                          "liggen")
    rc.find(v.Slider, label="Tot week (0 = tot het eind): 0").assert_single()   # the old value
    assert rc.find(v.Alert, class_="sam-problem sam-settings-error").widgets == []


# ------------------------------------------------------------------ offline assets


def test_offline_environment_points_at_the_installed_assets() -> None:
    env = app_server.offline_environment()
    cdn = app_server.local_assets_dir()
    assert env["SOLARA_ASSETS_PROXY_CACHE_DIR"] == str(cdn)
    assert (cdn / "requirejs@2.3.6" / "require.js").is_file()
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"


def test_mismatched_assets_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = app_server.metadata.version
    monkeypatch.setattr(app_server.metadata, "version",
                        lambda name: "0.0.1" if name == "solara" else real(name))
    with pytest.raises(app_server.OfflineAssetsError, match=r"does not match solara 0\.0\.1"):
        app_server.local_assets_dir()


# ------------------------------------------------------------------ what the download records


def test_download_records_scenario_seed_settings_and_interventions() -> None:
    _, rc = solara.render(Page(), handle_error=False)
    asymmetry, = [w for w in rc.find(v.Slider).widgets
                  if w.label.startswith(t("asymmetry", "nl"))]
    asymmetry.v_model = 0.8
    name = INTERVENTIONS[1]
    rc.find(v.Switch, label=t(f"iv_{name}", "nl")).widget.v_model = True
    rc.find(v.Btn, children=["Stap"]).widget.click()
    download = rc.find(DownloadWidget).widget
    download.request_download = True
    text = download.bytes.decode("utf-8")
    notes = [row.removeprefix("# ") for row in text.splitlines() if row.startswith("#")]
    assert notes[:2] == ["scenario: baseline", "seed: 0"]
    assert "setting: power.asymmetry = 0.8" in notes
    assert f"setting: interventions.{name}.enabled = true" in notes
    chosen = first_choice().changed({f"interventions.{name}.enabled": True}).scenario()
    line, = [note for note in notes if note.startswith(f"intervention: {name}: ")]
    # every parameter, the defaults too, e.g. the director's bias and own position
    assert all(f" {key} = " in line for key in chosen.interventions.enabled()[name].model_dump())
    data = pd.read_csv(io.StringIO(text), comment="#")
    assert list(data["week"]) == [1] and set(OUTCOMES) <= set(data.columns)
    assert (data["scenario"][0], data["seed"][0], data["house"][0]) == ("baseline", 0, "with")


def test_a_hash_in_an_uploaded_name_stays_data_for_pandas() -> None:
    houses = Houses(Choice("huis #2 (geüpload)", Scenario(), seed=3))
    houses.step()
    data = pd.read_csv(io.StringIO(houses.csv()), comment="#")
    assert list(data["scenario"]) == ["huis #2 (geüpload)"] and list(data["seed"]) == [3]


def test_a_lost_browser_session_is_culled_after_a_break_not_a_day(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOLARA_KERNEL_CULL_TIMEOUT", raising=False)
    seconds = solara.util.parse_timedelta(
        app_server.offline_environment()["SOLARA_KERNEL_CULL_TIMEOUT"])
    assert 5 * 60 <= seconds <= 60 * 60   # Solara's own default keeps it 24 h
    monkeypatch.setenv("SOLARA_KERNEL_CULL_TIMEOUT", "10s")   # what bench_app_memory.py uses
    assert app_server.offline_environment()["SOLARA_KERNEL_CULL_TIMEOUT"] == "10s"
