"""The classroom app: `samensturing app` serves this page (Solara), one house per browser session.

The houses are created inside the page component with `use_memo`, never at module level: a
module-level model would be shared by every session of the server, and 30 students would step
each other's house. Mesa's SolaraViz components are not used: their controls are English-only
(the seed as free text), and their charts and space views draw with matplotlib or altair on the
server for every step; here the room and the charts are SVG text (see `app_svg`), which keeps a
class of 30 on one laptop.

Nothing outside the page holds a house either: when a tab closes (or a lost browser's session is
culled, see `server.CULL_TIMEOUT`) Solara closes its kernel context, the page unmounts, the play
thread's cancel event ends it, and the houses are garbage (tests/test_app_session_end.py).

The one house shared on purpose is a role-play room (the header's "Rollenspel" button): its
pages are in `rooms_page`, its registry, the server's only shared state, in `shared`. The
header's "Mijn huis" is a practitioner's own house and its exploration (`house_page`); the page
keeps its form for the session, so the answers are still there after a visit to another page.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import solara

from simulation.app import shared
from simulation.app.controls import (
    HouseSettings,
    InterventionSettings,
    OnChoice,
    Rejected,
    ScenarioPicker,
    SecondPicker,
)
from simulation.app.download import Download
from simulation.app.house_page import CSS as HOUSE_CSS
from simulation.app.house_page import Form as HouseForm
from simulation.app.house_page import HousePage
from simulation.app.rooms_page import CSS as ROOMS_CSS
from simulation.app.rooms_page import Roleplay
from simulation.app.session import INTERVENTIONS, Choice, Houses, View, first_choice
from simulation.app.views import Problem, RoleLegend, live_html, stage_html, week_html
from simulation.house.scenario import ScenarioError
from simulation.i18n import DEFAULT_LANG, LANGUAGES, Lang, t

PLAY_INTERVAL_S = 0.5   # a year in about half a minute; see docs/performance.md
MODES = ("single", "roleplay", "house")   # the header's pages: one house, role play, Mijn huis


@solara.component
def RunPanel(houses: Houses, choice: Choice, lang: Lang, on_choice: OnChoice) -> None:
    """Step/play/pause/reset, the room(s) and the charts.

    A step writes the new week, rooms and charts straight into their two HTML widgets instead of
    re-rendering: a render walks every control on the page, which made a step cost several times
    more server time than drawing it (see docs/performance.md). The panel renders again only when
    its buttons change (play, pause, the last week). `choice` is passed although `houses` holds
    it: the houses change in place, and a new choice is what tells Solara to render again.
    """
    _, set_version = solara.use_state(0)
    playing = solara.use_reactive(False)
    week_widget, stage_widget = solara.use_memo(
        lambda: (live_html("span", "sam-week"), live_html("div", "sam-stage")), [])
    view = houses.view()

    def show(now: View) -> None:
        week_widget.unsafe_innerHTML = week_html(now, lang)
        stage_widget.unsafe_innerHTML = stage_html(now, lang)

    def refresh() -> None:
        set_version(lambda version: version + 1)

    def advance() -> bool:
        """One week; show it, or render again when the run is over. False if it was over."""
        stepped = houses.step()
        if stepped and not houses.finished:
            show(houses.view())
        else:
            playing.set(False)
            refresh()
        return stepped

    def play(cancel: threading.Event) -> None:
        while not cancel.wait(PLAY_INTERVAL_S) and playing.value and advance():
            pass

    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)

    def reset() -> None:
        playing.set(False)
        houses.reset()
        refresh()

    with solara.Column(classes=["sam-run"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Button(t("step", lang), on_click=advance, color="primary",
                          disabled=playing.value or view.finished, classes=["sam-step"])
            solara.Button(t("pause", lang) if playing.value else t("play", lang),
                          on_click=lambda: playing.set(not playing.value), color="primary",
                          outlined=True, disabled=view.finished and not playing.value,
                          classes=["sam-play"])
            solara.Button(t("reset", lang), on_click=reset, outlined=True, classes=["sam-reset"])
            solara.Div(children=[week_widget])
            solara.Switch(label=t("compare", lang), value=choice.compare, color="primary",
                          on_value=lambda v: on_choice(replace(choice, compare=v)),
                          classes=["sam-compare"])
            Download(t("download", lang), f"samensturing_{choice.name}_seed{choice.seed}.csv",
                     houses.csv)
        if choice.compare:
            with solara.Column(style={"max-width": "480px"}):
                SecondPicker(choice, lang, on_choice)
        RoleLegend(lang)
        solara.Div(children=[stage_widget])
        solara.Text(t("rebuild_note", lang), style={"font-size": "12px", "color": "#777"})

    solara.use_effect(lambda: show(view))  # after every render, e.g. a new language or house


@solara.component
def Page() -> None:
    """The whole app for one browser session."""
    lang = solara.use_reactive(DEFAULT_LANG)
    houses = solara.use_memo(lambda: Houses(first_choice()), [])
    choice = solara.use_reactive(houses.choice)
    rejected = solara.use_reactive(None)   # the last refused settings, shown by their controls

    def apply(new: Choice) -> None:
        try:
            houses.apply(new)
        except ScenarioError as exc:
            rejected.set(Rejected.of(houses.first.config, new, exc))
            return
        rejected.set(None)
        choice.set(new)

    # a browser with a place in a room (a reload, a reopened tab, a restarted server) is back in it
    mode = solara.use_reactive(solara.use_memo(
        lambda: "roleplay" if shared.seated(shared.session_id()) else "single", []))
    house_form = solara.use_reactive(solara.use_memo(HouseForm, []))   # kept while pages change

    scenario = houses.first.config
    solara.Title(t("title", lang.value))
    solara.Style(CSS + ROOMS_CSS + HOUSE_CSS)
    with solara.Column(style={"padding": "10px 16px"}):
        with solara.Row(style={"align-items": "center"}):
            with solara.Column(gap="0px"):
                solara.HTML(tag="h2", unsafe_innerHTML=t("title", lang.value))
                solara.Text(t("subtitle", lang.value), style={"color": "#555"})
            solara.v.Spacer()
            for other in (m for m in MODES if m != mode.value):
                solara.Button(t(f"mode_{other}", lang.value),
                              on_click=lambda other=other: mode.set(other), outlined=True,
                              color="primary", classes=["sam-mode"])
            solara.Text(t("language", lang.value))
            solara.ToggleButtonsSingle(value=lang.value, values=list(LANGUAGES),
                                       on_value=lang.set, classes=["sam-lang"])
        if mode.value == "roleplay":
            Roleplay(lang.value)
            return
        if mode.value == "house":
            HousePage(lang.value, house_form)
            return
        with solara.Columns([1, 3]):
            with solara.Column(classes=["sam-controls"]):
                solara.HTML(tag="h3", unsafe_innerHTML=t("section_house", lang.value))
                ScenarioPicker(choice.value, lang.value, apply)
                if rejected.value and not rejected.value.keys:   # no control of its own
                    Problem(t("settings_invalid", lang.value), rejected.value.error, lang.value,
                            "settings-error")
                HouseSettings(choice.value, scenario, lang.value, apply, rejected.value)
                solara.HTML(tag="h3", unsafe_innerHTML=t("section_interventions", lang.value))
                for name in INTERVENTIONS:
                    InterventionSettings(name, choice.value, scenario, lang.value, apply,
                                         rejected.value)
            with solara.Column():
                solara.HTML(tag="h3", unsafe_innerHTML=t("section_run", lang.value))
                RunPanel(houses, choice.value, lang.value, apply)


CSS = """
.sam-week { font-size: 18px; margin: 0 12px; }
.sam-rooms { display: flex; gap: 12px; }
.sam-room-card { flex: 1 1 0; min-width: 0; padding: 8px 12px; border-radius: 4px;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2); }
.sam-room-card h4 { margin: 0 0 4px 0; font-weight: 500; }
.sam-room-card svg { display: block; max-width: 560px; margin: 0 auto; }
.sam-note { font-size: 12px; color: #555; margin: 8px 0 0 0; }
.sam-legend-item { white-space: nowrap; margin-right: 14px; }
.sam-charts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px 10px;
    margin-top: 8px; }
.sam-charts svg { display: block; }
.sam-controls .v-input { margin-top: 2px; }
.sam-controls .v-slider.v-input--horizontal {
    grid-template-areas: "prepend" "control"; grid-template-columns: 1fr; }
.sam-controls .v-slider .v-input__prepend { margin-bottom: -8px; }
.sam-problem { white-space: pre-wrap; font-size: 13px; }
.sam-field-error { margin: 0 0 8px 0; padding: 6px 10px; font-size: 12px; }
.sam-field-error .v-alert-title { font-size: 13px; line-height: 1.4; }
"""
