"""What the app shows: the meeting room, the live charts and the intervention explanations."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

import solara
import solara.widgets

from simulation.app.numbers import number
from simulation.app.session import Room, View
from simulation.app.svg import PALETTE, ROLE_COLOURS, Line, Seat, line_chart_svg, room_svg
from simulation.house.scenario import MAX_SHOWN, ScenarioError
from simulation.i18n import TEXTS, UNITS_NL, Lang, t


def room_for(room: Room, lang: Lang, week: int) -> str:
    """The room's SVG for a house's latest meeting, labelled in `lang`."""
    seats = [Seat(role=role, power=power,
                  label=t("seat", lang, role=t(f"role_{role}", lang),
                          power=number(power, lang, fixed=True), turns=turns))
             for role, power, turns in zip(room.roles, room.power, room.turns, strict=True)]
    if week == 0:
        caption = t("room_empty", lang)
    else:
        verdict = t("room_decided" if room.decided else "room_undecided", lang)
        caption = (f"{t('week', lang, week=week)} · {t('room_present', lang, n=len(seats))}"
                   f" · {verdict}")
    return room_svg(seats, room.weights, room.absent, caption)


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression for the English of a problem text, a group for each placeholder."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(f"(?P<{part}>.+?)" if k % 2 else re.escape(part)
                              for k, part in enumerate(parts)), re.DOTALL)


PROBLEMS = {key: _pattern(texts["en"]) for key, texts in TEXTS.items() if key.startswith("err_")}
AMOUNT = re.compile(r"(-?\d+)(?:\.(\d+))?(?: (.+))?")   # "1", "0.05", "1 share", "977 kB"


def problem_text(field: str, message: str, lang: Lang) -> str:
    """One validation problem as `field: message` in `lang`.

    The field keeps its dotted name (the student looks it up in the file or the docs); the
    message is matched against the English of the `err_` texts and written again in `lang`,
    its numbers as the language writes them. A message no text matches stays as it is.
    """
    pseudo = f"field_{field.strip('()').replace(' ', '_')}"   # "(file)", "(syntax)"
    shown = t(pseudo, lang) if field.startswith("(") and pseudo in TEXTS else field
    return f"{shown}: {_message(message, lang)}"


def _message(message: str, lang: Lang) -> str:
    for key, pattern in PROBLEMS.items():
        found = pattern.fullmatch(message)
        if found:
            return t(key, lang, **{name: _value(value, lang)
                                   for name, value in found.groupdict().items()})
    return message


def _value(value: str, lang: Lang) -> str:
    """A placeholder's value: an amount in the language's numbers and units, a nested message
    translated, a list of names as it is (but for its "or")."""
    amount = AMOUNT.fullmatch(value)
    if amount:
        whole, decimals, unit = amount.groups()
        shown = number(float(f"{whole}.{decimals or 0}"), lang, len(decimals or ""))
        unit = UNITS_NL.get(unit, unit) if lang == "nl" else unit
        return f"{shown} {unit}" if unit else shown
    return _message(value, lang).replace("' or '", f"' {t('or', lang)} '")


def problem_lines(error: ScenarioError, lang: Lang) -> str:
    """Every problem of an error on its own line, `file: field: message`, as the CLI writes it
    but in `lang` (at most MAX_SHOWN, then how many more)."""
    lines = [f"{error.file}: {problem_text(field, message, lang)}"
             for field, message in error.problems[:MAX_SHOWN]]
    if len(error.problems) > MAX_SHOWN:
        left = len(error.problems) - MAX_SHOWN
        more = t("err_more_problem" if left == 1 else "err_more_problems", lang, n=left)
        lines.append(f"{error.file}: {more}")
    return "\n".join(lines)


@solara.component
def Problem(heading: str, error: ScenarioError, lang: Lang, kind: str) -> None:
    """An error box. solara.Error passes Vuetify 2 props that ipyvuetify 3 refuses."""
    solara.v.Alert(type="error", variant="tonal", title=heading, text=problem_lines(error, lang),
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


@dataclass(frozen=True)
class Chart:
    """A chart: its title, the outcome columns it draws, its y axis (label key and top), and for
    a chart with a line per role, each column's role (drawn in the room's colour for it)."""

    title: str
    columns: tuple[tuple[str, str], ...]   # (outcome column, series label key)
    y_label: str
    y_max: float | None = 1.0
    roles: tuple[str, ...] = ()            # one per column, or none


CHARTS = (
    Chart("chart_voice", (("resident_voice_share", "series_voice"),
                          ("resident_presence_share", "series_presence")), "axis_share"),
    Chart("chart_gini", (("speaking_gini", "series_gini"),), "axis_gini"),
    Chart("chart_trust", (("trust_within_groups", "series_trust_within"),
                          ("trust_between_groups", "series_trust_between")), "axis_trust"),
    Chart("chart_satisfaction", (("satisfaction_resident", "series_satisfaction_resident"),
                                 ("satisfaction_professional",
                                  "series_satisfaction_professional"),
                                 ("satisfaction_official", "series_satisfaction_official")),
          "axis_satisfaction", roles=("resident", "professional", "official")),
    Chart("chart_attendance", (("resident_attendance", "series_attendance"),), "axis_share"),
    Chart("chart_dropout", (("resident_dropout", "series_dropout"),), "axis_residents",
          y_max=None),
    Chart("chart_decisions", (("decisions_made", "series_made"),
                              ("decisions_implemented", "series_implemented")), "axis_count",
          y_max=None),
)


Series = Mapping[str, Mapping[str, Sequence[float]]]   # house -> outcome -> value per week


def chart_svg(chart: Chart, series: Series, lang: Lang, beside: str | None = None) -> str:
    """One chart; with two houses, the second is drawn dashed and named on hover: "(zonder)",
    or the scenario `beside` the first."""
    colours = [ROLE_COLOURS[role] for role in chart.roles] or PALETTE
    twin = f"({beside})" if beside else t("twin_series", lang)
    lines = [Line(label=t(label, lang) if n == 0 else f"{t(label, lang)} {twin}",
                  colour=colours[k], values=columns[column], dashed=n > 0, in_legend=n == 0)
             for n, columns in enumerate(series.values())
             for k, (column, label) in enumerate(chart.columns)]
    return line_chart_svg(t(chart.title, lang), lines, t("chart_x", lang), chart.y_max,
                          y_label=t(chart.y_label, lang), lang=lang)


def live_html(tag: str, css_class: str) -> solara.widgets.HTML:
    """An HTML widget (not an element) that a step handler writes to without a re-render."""
    return solara.widgets.HTML(tag=tag, attributes={"class": css_class})


def week_html(view: View, lang: Lang) -> str:
    return escape(f"{t('week', lang, week=view.week)} / {view.steps}")


def stage_html(view: View, lang: Lang) -> str:
    """The room(s) side by side, then the charts: everything a step changes, as one HTML.

    One string for one widget, so a step costs the server one message and no re-render of the
    page (with 30 sessions on one server, re-rendering every control per step was the main cost).
    """
    titles = house_titles(view, lang)
    rooms = "".join(
        f'<div class="sam-room-card"><h4>{escape(title)}</h4>{room_for(room, lang, view.week)}'
        "</div>" for title, room in zip(titles, view.rooms.values(), strict=True))
    charts = "".join(f"<div>{chart_svg(chart, view.series, lang, view.beside)}</div>"
                     for chart in CHARTS)
    return (f'<div class="sam-rooms">{rooms}</div>{house_legend(titles)}'
            f'<div class="sam-charts">{charts}</div>')


def house_titles(view: View, lang: Lang) -> list[str]:
    """Each house's name over its room and in the legend: the scenarios, and what differs."""
    if len(view.rooms) == 1:
        return [t("room_title", lang)]
    if view.beside:
        return [view.name, view.beside]
    return [f"{view.name}: {t(label, lang).lower()}" for label in view.rooms]


def house_legend(titles: Sequence[str]) -> str:
    """Which house is the solid line and which the dashed one, by name (none for one house)."""
    if len(titles) < 2:
        return ""
    items = "".join(
        f'<span class="sam-legend-item"><svg width="24" height="8" aria-hidden="true">'
        f'<line x1="0" y1="4" x2="24" y2="4" stroke="#444" stroke-width="2"{dash}/></svg> '
        f"{escape(title)}</span>"
        for title, dash in zip(titles, ("", ' stroke-dasharray="4 3"'), strict=False))
    return f'<p class="sam-note sam-house-legend">{items}</p>'


@solara.component
def Explanation(name: str, lang: Lang) -> None:
    """What an intervention does and where the idea comes from (a native, foldable <details>)."""
    body = (f"<summary>{escape(t('what_it_does', lang))}</summary>"
            f"<p>{escape(t(f'iv_{name}_text', lang))}</p>"
            f"<p><i>{escape(t('source', lang))}: {escape(t(f'iv_{name}_source', lang))}</i><br>"
            f"{escape(t('references', lang))}</p>")
    solara.HTML(tag="details", unsafe_innerHTML=body, classes=["sam-explanation"],
                style={"font-size": "13px"})
