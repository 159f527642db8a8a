"""What the app shows: the meeting room, the live charts and the intervention explanations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import pandas as pd
import solara

from simulation.app_svg import PALETTE, ROLE_COLOURS, Line, Seat, line_chart_svg, room_svg
from simulation.i18n import Lang, t
from simulation.model import HouseModel


def room_for(model: HouseModel, lang: Lang, week: int) -> str:
    """The room's SVG for the model's latest meeting, labelled in `lang`."""
    meeting = model.last_meeting
    agents = {agent.index: agent for agent in model.agents}
    present = [int(i) for i in meeting.present]
    seats = [Seat(role=agents[i].role, power=agents[i].power, turns=int(turns),
                  label=f"{t('role_' + agents[i].role, lang)} · {agents[i].power:.2f} · "
                        f"{int(turns)}")
             for i, turns in zip(present, meeting.turns, strict=True)]
    here = set(present)
    absent = [agent.role for index, agent in sorted(agents.items())
              if agent.active and index not in here]
    if week == 0:
        caption = t("room_empty", lang)
    else:
        verdict = t("room_decided" if meeting.decided else "room_undecided", lang)
        caption = (f"{t('week', lang, week=week)} · {t('room_present', lang, n=len(present))}"
                   f" · {verdict}")
    return room_svg(seats, meeting.weights, absent, caption)


@solara.component
def Problem(heading: str, message: str, kind: str) -> None:
    """An error box. solara.Error passes Vuetify 2 props that ipyvuetify 3 refuses."""
    solara.v.Alert(type="error", variant="tonal", title=heading, text=message,
                   class_=f"sam-problem sam-{kind}")


@solara.component
def RoleLegend(lang: Lang) -> None:
    """Which colour is which role, plus how to read the room."""
    chips = " ".join(
        f'<span style="white-space:nowrap;margin-right:10px">'
        f'<span style="display:inline-block;width:11px;height:11px;border-radius:6px;'
        f'background:{colour}"></span> {t("role_" + role, lang)}</span>'
        for role, colour in ROLE_COLOURS.items())
    solara.HTML(tag="div", unsafe_innerHTML=chips, style={"font-size": "13px"})
    solara.Text(t("room_legend", lang), style={"font-size": "12px", "color": "#555"})


@solara.component
def MeetingRoom(model: HouseModel, lang: Lang, week: int, heading: str) -> None:
    """One house's latest meeting."""
    with solara.Card(heading, margin=0, classes=["sam-room-card"]):
        solara.HTML(tag="div", unsafe_innerHTML=room_for(model, lang, week))


@dataclass(frozen=True)
class Chart:
    """A chart: its title, the outcome columns it draws, and the top of its y axis."""

    title: str
    columns: tuple[tuple[str, str], ...]   # (outcome column, series label key)
    y_max: float | None = 1.0


CHARTS = (
    Chart("chart_voice", (("resident_voice_share", "series_voice"),
                          ("resident_presence_share", "series_presence"))),
    Chart("chart_gini", (("speaking_gini", "series_gini"),)),
    Chart("chart_trust", (("trust_within_groups", "series_trust_within"),
                          ("trust_between_groups", "series_trust_between"))),
    Chart("chart_satisfaction", (("satisfaction_resident", "series_satisfaction_resident"),
                                 ("satisfaction_professional",
                                  "series_satisfaction_professional"),
                                 ("satisfaction_official", "series_satisfaction_official"))),
    Chart("chart_attendance", (("resident_attendance", "series_attendance"),)),
    Chart("chart_dropout", (("resident_dropout", "series_dropout"),), y_max=None),
    Chart("chart_decisions", (("decisions_made", "series_made"),
                              ("decisions_implemented", "series_implemented")), y_max=None),
)


def chart_svg(chart: Chart, series: Mapping[str, pd.DataFrame], lang: Lang) -> str:
    """One chart; with two houses, the twin without interventions is drawn dashed."""
    lines = [Line(label=t(label, lang) if house == "with" else "", colour=PALETTE[k],
                  values=frame[column].tolist(), dashed=house != "with")
             for house, frame in series.items()
             for k, (column, label) in enumerate(chart.columns)]
    return line_chart_svg(t(chart.title, lang), lines, t("chart_x", lang), chart.y_max)


@solara.component
def Charts(series: Mapping[str, pd.DataFrame], lang: Lang) -> None:
    """The live outcome charts, in a responsive grid."""
    if len(series) > 1:
        solara.Text(t("chart_dashed", lang), style={"font-size": "12px", "color": "#555"})
    with solara.GridFixed(columns=3, row_gap="6px", column_gap="10px"):
        for chart in CHARTS:
            solara.HTML(tag="div", unsafe_innerHTML=chart_svg(chart, series, lang),
                        classes=["sam-chart-box"])


@solara.component
def Explanation(name: str, lang: Lang) -> None:
    """What an intervention does and where the idea comes from (a native, foldable <details>)."""
    body = (f"<summary>{escape(t('what_it_does', lang))}</summary>"
            f"<p>{escape(t(f'iv_{name}_text', lang))}</p>"
            f"<p><i>{escape(t('source', lang))}: {escape(t(f'iv_{name}_source', lang))}</i></p>")
    solara.HTML(tag="details", unsafe_innerHTML=body, classes=["sam-explanation"],
                style={"font-size": "13px"})
