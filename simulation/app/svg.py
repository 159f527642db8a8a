"""SVG drawings for the app: the meeting room and small line charts.

Drawn as SVG text on the server and rendered by the browser: a step costs microseconds of string
building instead of a matplotlib render, which keeps 30 sessions on one server live, and the
drawing stays inspectable (tests count its circles and lines).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

from simulation.app.numbers import number
from simulation.i18n import Lang

ROLE_COLOURS = {
    "resident": "#e67e22",
    "professional": "#2e86c1",
    "official": "#7d3c98",
    "administrator": "#c0392b",
    "other": "#27ae60",
}
ABSENT_COLOUR = "#c8c8c8"
MAX_ABSENT_DOTS = 150
MIN_LINE_WEIGHT = 0.03
LINES_PER_LISTENER = 3


@dataclass(frozen=True)
class Seat:
    """A participant present at the meeting, as the room draws them."""

    role: str
    power: float
    label: str          # the tooltip


def room_svg(seats: Sequence[Seat], weights: np.ndarray, absent_roles: Sequence[str],
             caption: str, width: int = 520, height: int = 380) -> str:
    """Those present around the table, sized by power; lines from speakers to their listeners.

    `weights[i, j]` is the weight listener i gave speaker j. Lines take the speaker's colour, so
    a room full of orange lines is a room where residents were heard.
    """
    cx, cy, rx, ry = width / 2, 165, width / 2 - 50, 120
    n = len(seats)
    angles = [2 * math.pi * k / max(n, 1) - math.pi / 2 for k in range(n)]
    xy = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]
    parts = [f'<svg class="sam-room" xmlns="http://www.w3.org/2000/svg" width="100%" '
             f'viewBox="0 0 {width} {height}" role="img">',
             f'<text x="8" y="16" font-size="13">{escape(caption)}</text>',
             f'<ellipse cx="{cx}" cy="{cy}" rx="{rx - 45}" ry="{ry - 40}" fill="#f3efe6" '
             'stroke="#d8cfbf"/>']
    for i, j in heard_pairs(weights):
        (x1, y1), (x2, y2) = xy[j], xy[i]
        parts.append(f'<line class="heard" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
                     f'y2="{y2:.1f}" stroke="{ROLE_COLOURS[seats[j].role]}" '
                     f'stroke-width="{0.4 + 4 * weights[i, j]:.2f}" stroke-opacity="0.35"/>')
    for seat, (x, y) in zip(seats, xy, strict=True):
        parts.append(f'<circle class="present" data-role="{seat.role}" cx="{x:.1f}" cy="{y:.1f}" '
                     f'r="{5 + 12 * seat.power:.1f}" fill="{ROLE_COLOURS[seat.role]}" '
                     f'stroke="white"><title>{escape(seat.label)}</title></circle>')
    parts.extend(_absent_row(absent_roles, width, height))
    parts.append("</svg>")
    return "".join(parts)


def heard_pairs(weights: np.ndarray, per_listener: int = LINES_PER_LISTENER,
                min_weight: float = MIN_LINE_WEIGHT) -> list[tuple[int, int]]:
    """(listener, speaker) for the few others each listener weighed most (not themselves).

    A full room has hundreds of non-zero weights; drawing each listener's strongest few keeps
    the picture readable and the page light.
    """
    w = np.where(np.eye(len(weights), dtype=bool), -np.inf, weights)
    strongest = np.argsort(-w, axis=1, kind="stable")[:, :per_listener]
    return [(i, int(j)) for i, row in enumerate(strongest) for j in row
            if w[i, j] >= min_weight]


def _absent_row(roles: Sequence[str], width: int, height: int) -> list[str]:
    """Small grey dots for those not in the room, with a count beyond what fits."""
    shown = roles[:MAX_ABSENT_DOTS]
    per_row = (width - 16) // 9
    dots = [f'<circle class="absent" data-role="{role}" cx="{12 + 9 * (k % per_row)}" '
            f'cy="{height - 40 + 9 * (k // per_row)}" r="3" fill="{ABSENT_COLOUR}"/>'
            for k, role in enumerate(shown)]
    if len(roles) > len(shown):
        dots.append(f'<text x="{width - 8}" y="{height - 4}" font-size="11" text-anchor="end">'
                    f'+{len(roles) - len(shown)}</text>')
    return dots


@dataclass(frozen=True)
class Line:
    """One series on a chart; `label` names it on hover, and in the legend when `in_legend`."""

    label: str
    values: Sequence[float]
    colour: str
    dashed: bool = False
    in_legend: bool = True


# For series that are not one role's: no role colour, so a colour on any chart means one role.
PALETTE = ("#34495e", "#b7950b", "#7f8c8d")
Y_TICKS = 4                       # intervals on the y axis
WEEK_STEPS = (1, 2, 4, 13, 26, 52, 104, 260, 520)   # x tick spacing: quarters, half years, years
MAX_X_TICKS = 8
ROUND_TOPS = (1, 1.2, 1.6, 2, 2.4, 4, 8, 10)   # times a power of ten: quarters stay round


def line_chart_svg(title: str, lines: Sequence[Line], x_label: str, y_max: float | None = 1.0,
                   y_label: str = "", lang: Lang = "en", width: int = 360,
                   height: int = 220) -> str:
    """A small line chart: title, legend, labelled axes with ticks, and each week's values on hover.

    The y axis starts at 0 and ends at `y_max` (or a round number above the data); the x axis
    counts weeks from 1. Hovering a week shows its values: one transparent band per week with an
    SVG <title>, which the browser shows as a tooltip, so the page needs no script.
    """
    left, right, top, bottom = 46, 10, 44, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [np.asarray(line.values, dtype=float) for line in lines]
    longest = max((v.size for v in values), default=0)
    finite = [v[np.isfinite(v)] for v in values]
    top_value = y_max if y_max is not None else round_up(max([1.0, *(v.max() for v in finite
                                                                      if v.size)]))
    x_span = max(longest - 1, 1)

    def x_at(k: np.ndarray | float) -> np.ndarray | float:
        return left + plot_w * k / x_span

    def points(v: np.ndarray) -> str:
        """'x,y x,y ...' of the finite values, formatted in one call (a chart redraws per step)."""
        k = np.flatnonzero(np.isfinite(v))
        xy = np.column_stack((x_at(k), top + plot_h * (1 - np.clip(v[k] / top_value, 0.0, 1.0))))
        return ("%.1f,%.1f " * k.size % tuple(xy.ravel())).rstrip()

    parts = [f'<svg class="sam-chart" xmlns="http://www.w3.org/2000/svg" width="100%" '
             f'viewBox="0 0 {width} {height}" role="img">',
             f'<text class="title" x="6" y="14" font-size="12.5" font-weight="bold">'
             f'{escape(title)}</text>']
    legend_x = 6
    for line in (line for line in lines if line.label and line.in_legend):
        dash = ' stroke-dasharray="4 3"' if line.dashed else ""
        parts.append(f'<line x1="{legend_x}" y1="28" x2="{legend_x + 14}" y2="28" '
                     f'stroke="{line.colour}" stroke-width="2"{dash}/>'
                     f'<text x="{legend_x + 18}" y="32" font-size="10.5">{escape(line.label)}'
                     '</text>')
        legend_x += 26 + 6 * len(line.label)
    bottom_y = top + plot_h
    parts.append('<g class="axis y-axis" font-size="10" text-anchor="end">')
    for tick in range(Y_TICKS + 1):
        y = bottom_y - plot_h * tick / Y_TICKS
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     'stroke="#ececec"/>'
                     f'<line class="tick" x1="{left - 3}" y1="{y:.1f}" x2="{left}" '
                     f'y2="{y:.1f}" stroke="#888"/>'
                     f'<text class="tick" x="{left - 5}" y="{y + 3.5:.1f}">'
                     f'{number(top_value * tick / Y_TICKS, lang)}</text>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom_y}" stroke="#888"/>')
    if y_label:
        parts.append(f'<text class="label" x="{-(top + plot_h / 2):.1f}" y="10" '
                     f'transform="rotate(-90)" text-anchor="middle">{escape(y_label)}</text>')
    parts.append('</g><g class="axis x-axis" font-size="10" text-anchor="middle">'
                 f'<line x1="{left}" y1="{bottom_y}" x2="{width - right}" y2="{bottom_y}" '
                 'stroke="#888"/>')
    for week in week_ticks(max(longest, 1)):
        x = x_at(week - 1)
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{bottom_y}" x2="{x:.1f}" '
                     f'y2="{bottom_y + 3}" stroke="#888"/>'
                     f'<text class="tick" x="{x:.1f}" y="{bottom_y + 13}">{number(week, lang, 0)}'
                     "</text>")
    parts.append(f'<text class="label" x="{left + plot_w / 2:.1f}" y="{height - 4}">'
                 f'{escape(x_label)}</text></g>')
    for line, v in zip(lines, values, strict=True):
        dash = ' stroke-dasharray="4 3"' if line.dashed else ""
        parts.append(f'<polyline class="series" data-points="{v.size}" '
                     f'points="{points(v)}" fill="none" stroke="{line.colour}" '
                     f'stroke-width="1.8"{dash}/>')
    parts.extend(_hover_bands(lines, values, x_at(np.arange(longest)), plot_w / x_span,
                              (top, plot_h), f"{x_label} {{week}}", lang))
    parts.append("</svg>")
    return "".join(parts)


def _hover_bands(lines: Sequence[Line], values: Sequence[np.ndarray], xs: np.ndarray,
                 band: float, span: tuple[float, float], week: str, lang: Lang) -> list[str]:
    """One transparent band per week (centred on `xs`, from y `span[0]`, `span[1]` high) whose
    <title> lists that week's value of every series."""
    top, plot_h = span
    names = [escape(line.label) for line in lines]
    shown = [[number(x, lang) if math.isfinite(x) else "" for x in v.tolist()] for v in values]
    head = f'" y="{top}" width="{band:.1f}" height="{plot_h}"><title>'
    bands = ['<g class="hover" fill="transparent">']
    for k, x in enumerate(xs.tolist()):
        text = "; ".join(f"{name}: {texts[k]}" for name, texts in zip(names, shown, strict=True)
                         if k < len(texts) and texts[k])
        if text:   # numbers need no escaping; the labels were escaped once
            when = escape(week.format(week=number(k + 1, lang, 0)))
            bands.append(f'<rect x="{x - band / 2:.1f}{head}{when}: {text}</title></rect>')
    bands.append("</g>")
    return bands


def week_ticks(weeks: int) -> list[int]:
    """Week numbers to mark on an axis of `weeks` weeks: week 1, then round multiples."""
    step = next((s for s in WEEK_STEPS if weeks / s <= MAX_X_TICKS), WEEK_STEPS[-1])
    return [1, *(w for w in range(step, weeks + 1, step) if w > 1)]


def round_up(value: float) -> float:
    """The next number at or above `value` whose quarters (the y ticks) are round numbers."""
    scale = 10 ** math.floor(math.log10(value))
    return next(round(m * scale, 12) for m in ROUND_TOPS if m * scale >= value)
