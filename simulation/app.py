"""The classroom app: `samensturing app` serves this page (Solara), one house per browser session.

The houses are created inside the page component with `use_memo`, never at module level: a
module-level model would be shared by every session of the server, and 30 students would step
each other's house.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import solara

from simulation.app_controls import HouseSettings, InterventionSettings, OnChoice, ScenarioPicker
from simulation.app_download import Download
from simulation.app_session import INTERVENTIONS, Choice, Houses, first_choice
from simulation.app_views import Charts, MeetingRoom, Problem, RoleLegend
from simulation.i18n import DEFAULT_LANG, LANGUAGES, Lang, t
from simulation.scenario import ScenarioError

PLAY_INTERVAL_S = 0.4


@solara.component
def RunPanel(houses: Houses, choice: Choice, lang: Lang, on_choice: OnChoice) -> None:
    """Step/play/pause/reset, the room(s) and the charts.

    A step re-renders this panel only (through `refresh`), not the controls. `choice` is passed
    although `houses` holds it: the houses change in place, and a new choice is what tells Solara
    that this panel must render again.
    """
    _, set_version = solara.use_state(0)
    playing = solara.use_reactive(False)

    def refresh() -> None:
        set_version(lambda version: version + 1)

    def play(cancel: threading.Event) -> None:
        while not cancel.wait(PLAY_INTERVAL_S) and playing.value:
            if not houses.step():
                playing.set(False)
            refresh()

    solara.use_thread(play, dependencies=[playing.value], intrusive_cancel=False)

    def step() -> None:
        houses.step()
        refresh()

    def reset() -> None:
        playing.set(False)
        houses.reset()
        refresh()

    view = houses.view()
    with solara.Column(classes=["sam-run"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Button(t("step", lang), on_click=step, color="primary",
                          disabled=playing.value or view.finished, classes=["sam-step"])
            solara.Button(t("pause", lang) if playing.value else t("play", lang),
                          on_click=lambda: playing.set(not playing.value), color="primary",
                          outlined=True, disabled=view.finished and not playing.value,
                          classes=["sam-play"])
            solara.Button(t("reset", lang), on_click=reset, outlined=True, classes=["sam-reset"])
            solara.Text(t("week", lang, week=view.week) + f" / {view.steps}",
                        classes=["sam-week"], style={"font-size": "18px", "margin": "0 12px"})
            solara.Switch(label=t("compare", lang), value=choice.compare, color="primary",
                          on_value=lambda v: on_choice(replace(choice, compare=v)),
                          classes=["sam-compare"])
            Download(t("download", lang), f"samensturing_{choice.name}_seed{choice.seed}_week"
                     f"{view.week}.csv", houses.csv)
        RoleLegend(lang)
        with solara.Columns([1] * len(view.rooms)):
            for label, room in view.rooms.items():
                heading = t(label, lang) if len(view.rooms) > 1 else t("room_title", lang)
                MeetingRoom(room, lang, view.week, heading)
        Charts(view.series, lang)
        solara.Text(t("rebuild_note", lang), style={"font-size": "12px", "color": "#777"})


@solara.component
def Page() -> None:
    """The whole app for one browser session."""
    lang = solara.use_reactive(DEFAULT_LANG)
    houses = solara.use_memo(lambda: Houses(first_choice()), [])
    choice = solara.use_reactive(houses.choice)
    problem = solara.use_reactive(None)

    def apply(new: Choice) -> None:
        try:
            houses.apply(new)
        except ScenarioError as exc:
            problem.set(str(exc))
            return
        problem.set(None)
        choice.set(new)

    scenario = houses.models["with"].config
    solara.Title(t("title", lang.value))
    solara.Style(CSS)
    with solara.Column(style={"padding": "10px 16px"}):
        with solara.Row(style={"align-items": "center"}):
            with solara.Column(gap="0px"):
                solara.HTML(tag="h2", unsafe_innerHTML=t("title", lang.value))
                solara.Text(t("subtitle", lang.value), style={"color": "#555"})
            solara.v.Spacer()
            solara.Text(t("language", lang.value))
            solara.ToggleButtonsSingle(value=lang.value, values=list(LANGUAGES),
                                       on_value=lang.set, classes=["sam-lang"])
        with solara.Columns([1, 3]):
            with solara.Column(classes=["sam-controls"]):
                solara.HTML(tag="h3", unsafe_innerHTML=t("section_house", lang.value))
                ScenarioPicker(choice.value, lang.value, apply)
                if problem.value:
                    Problem(t("settings_invalid", lang.value), problem.value, "settings-error")
                HouseSettings(choice.value, scenario, lang.value, apply)
                solara.HTML(tag="h3", unsafe_innerHTML=t("section_interventions", lang.value))
                for name in INTERVENTIONS:
                    InterventionSettings(name, choice.value, scenario, lang.value, apply)
            with solara.Column():
                solara.HTML(tag="h3", unsafe_innerHTML=t("section_run", lang.value))
                RunPanel(houses, choice.value, lang.value, apply)


CSS = """
.sam-charts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px 10px; }
.sam-charts svg { display: block; }
.sam-room-card svg { display: block; max-width: 560px; margin: 0 auto; }
.sam-controls .v-input { margin-top: 2px; }
.sam-controls .v-slider.v-input--horizontal {
    grid-template-areas: "prepend" "control"; grid-template-columns: 1fr; }
.sam-controls .v-slider .v-input__prepend { margin-bottom: -8px; }
.sam-problem { white-space: pre-wrap; font-size: 13px; }
"""
