"""The "Mijn huis" page: a practitioner describes their own house and explores it in the browser.

The questions are the intake's (`simulation.analysis.profile.QUESTIONS`, the same that
`samensturing house new` asks), so the house file this page downloads is the file the command
line writes for the same answers. "Verken" runs a small exploration (`explore`) of that file,
read back as an upload is read, in a thread of this session only (Solara's `use_thread` in the
panel component): the page stays live, and the bar and a partial robustness table follow the runs
as houses complete. The thread stops at the next finished run when its cancel event is set, which
Solara does when the panel unmounts: another page in the header, a new "Verken", or a closed tab
(the session's kernel context closes, tests/test_house_page.py). The result is the advice card,
shown in the page and downloadable, beside the house file.

The answers, the choices and the last card are a `Form` that the app's page keeps for the
session (until the tab is reloaded or closed): another page in the header unmounts this one, and
coming back shows them again.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

import pandas as pd
import solara

from simulation.analysis.explore import GOALS, Exploration, arm_name, explore, percent
from simulation.analysis.profile import QUESTIONS, UNKNOWN, choice_text, house, profile_toml
from simulation.app.controls import Picker, _label
from simulation.app.download import Download
from simulation.app.numbers import number
from simulation.app.session import INTERVENTIONS, scenario_from_upload
from simulation.house.scenario import Scenario
from simulation.i18n import Lang, t

# The default budget is `samensturing explore`'s: every intervention, 32 houses × 4 replications,
# 1,024 runs of two years: under a minute (43 s from "Verken" to the card, measured in the app on
# a busy 2-core machine with the compiled week; 34 s for the same exploration without the app).
HOUSES, HOUSES_MAX = 32, 64
REPLICATIONS, REPLICATIONS_MAX = 4, 10
SEED = 0
REPORT_S = 0.5
"""Seconds between two reports of progress: each renders the panel in the exploring thread
(about 90 ms on a busy machine), which at every (house, arm) cost a quarter of the time."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What "Verken" explores: the intake's answers (unanswered: don't know), the interventions
    to compare with none, and the budget. Frozen: a run keeps the request it started with,
    whatever the form shows later."""

    name: str
    answers: tuple[tuple[str, str], ...]
    interventions: tuple[str, ...]
    houses: int
    replications: int
    lang: Lang

    @property
    def runs(self) -> int:
        """Runs of the model the exploration takes: every house in every arm, replicated."""
        return self.houses * (len(self.interventions) + 1) * self.replications

    def house_file(self) -> str:
        """The house as `samensturing house new` writes it for the same answers."""
        answers = dict(self.answers)
        return profile_toml(house(self.name, answers, self.lang), answers, self.lang)

    def scenario(self) -> Scenario:
        """The house file read back as the app reads an upload: the house explored is the file."""
        return scenario_from_upload(self.house_file().encode("utf-8"))


@dataclass(frozen=True, eq=False)
class Form:
    """What the page's form holds (unanswered questions: don't know) and the last exploration
    finished, with the request it answers. Not compared (`eq=False`): it holds data frames."""

    name: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    interventions: tuple[str, ...] = INTERVENTIONS
    houses: int = HOUSES
    replications: int = REPLICATIONS
    explored: tuple[Request, Exploration] | None = None

    def request(self, lang: Lang) -> Request:
        """What "Verken" would explore now."""
        return Request(self.name.strip() or t("intake_default_name", lang),
                       tuple(sorted(self.answers.items())), self.interventions, self.houses,
                       self.replications, lang)


@dataclass(frozen=True, eq=False)
class Status:
    """How far an exploration is: runs done of all, robustness of the houses complete so far
    (None before the first), and the answer once it is there."""

    done: int = 0
    total: int = 0
    partial: pd.DataFrame | None = None
    result: Exploration | None = None
    error: str = ""


class Cancelled(Exception):
    """The session left the exploration (another page, a new one, a closed tab)."""


def run(request: Request, cancel: threading.Event, report: Callable[[Status], None]
        ) -> Exploration:
    """Explore the request's house, telling `report` how far it is at most every REPORT_S and
    when the last run is done; raises Cancelled at the first finished (house, arm) after
    `cancel` is set, which ends the exploration there."""
    scenario = request.scenario()
    last = -REPORT_S

    def progress(done: int, total: int, partial: pd.DataFrame | None) -> None:
        nonlocal last
        if cancel.is_set():
            raise Cancelled
        if done == total or time.monotonic() - last >= REPORT_S:
            last = time.monotonic()
            report(Status(done, total, partial))

    return explore(scenario, scenario.uncertain, list(request.interventions),
                   houses=request.houses, replications=request.replications, seed=SEED,
                   progress=progress)


def advice_card(exploration: Exploration, lang: Lang) -> str:
    """The one-page advice card (HTML) of `simulation.analysis.card`, imported when first asked
    for: the app starts without its templates."""
    from simulation.analysis.card import card_html

    return card_html(exploration, lang)


def file_stem(name: str) -> str:
    """A download's file name from the house's name: letters, digits, `_` and `-` only."""
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-_") or "huis"


def table_html(robustness: pd.DataFrame, lang: Lang) -> str:
    """Per intervention (rows) and goal (columns): the share of houses helped and hurt."""
    goals = list(dict.fromkeys(robustness["goal"]))
    head = "".join(f"<th>{escape(getattr(GOALS[goal], lang))}</th>" for goal in goals)
    rows = []
    for arm, group in robustness.groupby("arm", sort=False):
        cells = group.set_index("goal")
        shown = "".join(
            f"<td>{escape(t('mh_cell', lang, helps=percent(cells.at[g, 'helps'], lang),
                                hurts=percent(cells.at[g, 'hurts'], lang)))}</td>"
            for g in goals)
        rows.append(f"<tr><th>{escape(arm_name(str(arm), lang))}</th>{shown}</tr>")
    return (f"<thead><tr><th>{escape(t('mh_intervention', lang))}</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody>")


@solara.component
def HousePage(lang: Lang, form: Form | solara.Reactive[Form]) -> None:
    """The intake's questions, the exploration's choices and, once asked for, its answer: a
    running exploration, or else the last card of the session. `form`: the app page's, kept for
    the session (a plain `Form`: the page's own)."""
    kept = solara.use_reactive(form)
    started = solara.use_reactive(None)   # (how many so far, the request) of the last "Verken"
    now = kept.value
    request = now.request(lang)

    def change(**fields: Any) -> None:
        kept.set(replace(kept.value, **fields))

    def answer(key: str, choice: str) -> None:
        change(answers={**kept.value.answers, key: choice})

    def tick(intervention: str, on: bool) -> None:
        wanted = set(kept.value.interventions) - {intervention} | ({intervention} if on else set())
        change(interventions=tuple(n for n in INTERVENTIONS if n in wanted))

    def start() -> None:
        count = started.value[0] + 1 if started.value else 1
        started.set((count, request))

    with solara.Columns([1, 1]):
        with solara.Column(classes=["sam-mh-intake"]):
            solara.HTML(tag="h3", unsafe_innerHTML=escape(t("mh_section_house", lang)))
            solara.Text(t("mh_intro", lang), classes=["sam-note"])
            solara.v.TextField(label=t("intake_ask_name", lang), v_model=now.name,
                               on_v_model=lambda name: change(name=name),
                               placeholder=t("intake_default_name", lang),
                               persistent_placeholder=True, hide_details=True,
                               class_="sam-mh-name")
            for index, question in enumerate(QUESTIONS, 1):
                Picker(f"{index}. {t(f'intake_q_{question.key}', lang)}",
                       {c: choice_text(question, c, lang) for c in question.choices},
                       now.answers.get(question.key, UNKNOWN),
                       lambda c, key=question.key: answer(key, c), f"sam-mh-q-{question.key}")
                solara.Text(t(f"intake_h_{question.key}", lang), classes=["sam-mh-help"])
            Download(t("mh_download_house", lang), f"{file_stem(request.name)}.toml",
                     request.house_file)
        with solara.Column(classes=["sam-mh-explore"]):
            solara.HTML(tag="h3", unsafe_innerHTML=escape(t("mh_section_explore", lang)))
            solara.Text(t("mh_interventions", lang))
            for intervention in INTERVENTIONS:
                solara.v.Checkbox(label=t(f"iv_{intervention}", lang),
                                  v_model=intervention in now.interventions, hide_details=True,
                                  density="compact", class_="sam-mh-intervention",
                                  on_v_model=lambda on, n=intervention: tick(n, bool(on)))
            solara.SliderInt(_label("mh_houses", lang, now.houses), value=now.houses,
                             min=2, max=HOUSES_MAX, on_value=lambda n: change(houses=n))
            solara.SliderInt(_label("mh_replications", lang, now.replications),
                             value=now.replications, min=1, max=REPLICATIONS_MAX,
                             on_value=lambda n: change(replications=n))
            solara.Text(t("mh_budget", lang, runs=number(request.runs, lang, 0)),
                        classes=["sam-note"])
            solara.Button(t("mh_explore", lang), on_click=start, color="primary",
                          disabled=not request.interventions, classes=["sam-mh-start"])
            if not request.interventions:
                solara.Text(t("mh_none_chosen", lang), classes=["sam-note"])
            if started.value is not None:
                Exploring(started.value, lang,
                          lambda explored, result: change(explored=(explored, result)))
            elif now.explored is not None:
                Card(*now.explored, lang)


@solara.component
def Exploring(started: tuple[int, Request], lang: Lang,
              done: Callable[[Request, Exploration], None]) -> None:
    """The last "Verken": its thread, its progress bar and partial table, then the card, which
    `done` is given to keep."""
    status, set_status = solara.use_state(Status())

    def work(cancel: threading.Event) -> None:
        request = started[1]
        set_status(Status(total=request.runs))
        try:
            result = run(request, cancel, set_status)
        except Cancelled:
            return
        except Exception as exc:   # a failure nobody foresaw: a message, not a dead page
            log.exception("exploration failed")
            set_status(Status(error=str(exc)))
            return
        set_status(Status(request.runs, request.runs, result.robustness, result))
        done(request, result)

    solara.use_thread(work, dependencies=[started], intrusive_cancel=False)
    if status.error:
        solara.Error(t("mh_failed", lang, error=status.error), classes=["sam-mh-error"])
        return
    total = status.total or started[1].runs
    # not solara.ProgressLinear: it sets `value`, which Vuetify 3's bar ignores (`model_value`)
    solara.v.ProgressLinear(model_value=100 * status.done / total, color="primary", height=8,
                            class_="sam-mh-progress")
    solara.Text(t("mh_progress", lang, done=number(status.done, lang, 0),
                  total=number(total, lang, 0)), classes=["sam-mh-count"])
    if status.result is not None:
        Card(started[1], status.result, lang)
        return
    if status.done == total:
        solara.Text(t("mh_analysing", lang), classes=["sam-note"])
    if status.partial is not None:
        solara.Text(t("mh_partial", lang, houses=number(status.partial["houses"].iloc[0], lang, 0),
                      total=number(started[1].houses, lang, 0)), classes=["sam-note"])
        solara.HTML(tag="table", classes=["sam-mh-table"],
                    unsafe_innerHTML=table_html(status.partial, lang))


@solara.component
def Card(request: Request, exploration: Exploration, lang: Lang) -> None:
    """An exploration's advice card in the page, and its download."""
    card = advice_card(exploration, lang)
    Download(t("mh_download_card", lang), f"{file_stem(request.name)}.html", lambda: card)
    solara.HTML(tag="iframe", classes=["sam-mh-card"],
                attributes={"srcdoc": card, "title": t("mh_card", lang)})

CSS = """
.sam-mh-help { font-size: 12px; color: #555; margin: -14px 0 10px 0; }
.sam-mh-table { border-collapse: collapse; font-size: 13px; margin-top: 6px; }
.sam-mh-table th, .sam-mh-table td { border-bottom: 1px solid #ddd; padding: 3px 8px;
    text-align: left; }
.sam-mh-card { width: 100%; height: 1100px; border: 1px solid #ddd; margin-top: 8px; }
"""
