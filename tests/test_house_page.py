"""The "Mijn huis" page without a browser: the form writes the intake's file, an exploration
reports its progress as it goes, each session's exploration is its own and ends with it, and
the answers (and the last card) stay with the session while it visits another page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import ipyvuetify as v
import pytest
import solara
import solara.server.app  # patches ipywidgets and threads per kernel, as a server does
from solara.server import kernel, kernel_context
from typer.testing import CliRunner

import simulation.app.app as app
import simulation.app.house_page as house_page
from simulation.analysis.explore import explore
from simulation.analysis.profile import QUESTIONS, UNKNOWN, choice_text
from simulation.app import shared
from simulation.app.download import DownloadWidget
from simulation.app.house_page import Form, HousePage, Request, Status, run
from simulation.cli import app as cli
from simulation.house.scenario import Scenario, load_scenario
from simulation.i18n import t
from tests.test_explore import UNCERTAIN, fake_run

ANSWERS = {"residents": "high", "municipality": "low", "conflict": "mid", "steering_group": "yes",
           "decision_rule": "chair", "silence": "unknown", "contact": "high"}


def download(rc: solara.RenderContext, label: str) -> str:
    """What a download button saves, as the browser asks for it."""
    widget = rc.find(DownloadWidget, label=label).widget
    widget.request_download = True
    return widget.bytes.decode("utf-8")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_writes_the_file_the_cli_intake_writes(lang, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text('name = "Huis Oost"\n' + "".join(
        f'{key} = "{choice_text(q, ANSWERS[key], lang)}"\n'   # in words, as a person types
        for q in QUESTIONS if (key := q.key) in ANSWERS), encoding="utf-8")
    out = tmp_path / "huis.toml"
    result = CliRunner().invoke(cli, ["house", "new", str(out), "--answers", str(answers),
                                      "--lang", lang])
    assert result.exit_code == 0, result.output

    _, rc = solara.render(HousePage(lang, Form()), handle_error=False)
    rc.find(v.TextField, label=t("intake_ask_name", lang)).widget.v_model = "Huis Oost"
    for question in QUESTIONS:
        if question.key in ANSWERS:
            rc.find(v.Select, class_=f"sam-mh-q-{question.key}").widget.v_model = \
                ANSWERS[question.key]
    page_file = download(rc, t("mh_download_house", lang))
    assert page_file == out.read_text(encoding="utf-8")
    assert load_scenario(out).interventions.steering_group.enabled


def test_unanswered_questions_are_dont_know_as_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "huis.toml"
    answers = tmp_path / "answers.toml"
    answers.write_text("", encoding="utf-8")
    assert CliRunner().invoke(cli, ["house", "new", str(out), "--answers",
                                    str(answers)]).exit_code == 0
    _, rc = solara.render(HousePage("nl", Form()), handle_error=False)
    assert download(rc, t("mh_download_house", "nl")) == out.read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", [False, True], ids=["in memory", "sweep engine"])
def test_explore_reports_runs_done_and_houses_complete(engine: bool, tmp_path: Path) -> None:
    told: list[tuple[int, int, int]] = []
    result = explore(Scenario(), UNCERTAIN, ["role_reversal", "process_director"], houses=4,
                     replications=2, goals=["resident_voice_share"], steps=3, run_fn=fake_run,
                     folder=tmp_path / "explore" if engine else None,
                     progress=lambda done, total, partial: told.append(
                         (done, total, 0 if partial is None else partial["houses"].max())))
    runs = 4 * 3 * 2   # houses × arms (none and two) × replications
    assert told[-1] == (runs, runs, 4)
    assert len(told) == (1 if engine else 4 * 3)   # the engine tells once, at the end
    assert [done for done, _, _ in told] == sorted({done for done, _, _ in told})
    assert [houses for _, _, houses in told] == sorted(houses for _, _, houses in told)
    assert set(result.robustness["houses"]) == {4}


def test_a_progress_that_raises_stops_the_exploration() -> None:
    told: list[int] = []

    def stop_at_three(done: int, total: int, partial: object) -> None:
        told.append(done)
        if len(told) == 3:
            raise house_page.Cancelled

    with pytest.raises(house_page.Cancelled):
        explore(Scenario(), UNCERTAIN, ["role_reversal"], houses=8, replications=1, steps=3,
                run_fn=fake_run, progress=stop_at_three)
    assert told == [1, 2, 3]


def tiny(name: str = "Huis West", houses: int = 2) -> Request:
    return Request(name, (), ("process_director",), houses, 1, "nl")


def test_progress_rises_to_the_total_with_the_partial_table_on_a_tiny_budget() -> None:
    reports: list[Status] = []
    result = run(tiny(), threading.Event(), reports.append)
    done = [r.done for r in reports]
    assert done == sorted(set(done)) and done[0] >= 1 and done[-1] == tiny().runs
    assert {r.total for r in reports} == {tiny().runs}
    partial_houses = [0 if r.partial is None else int(r.partial["houses"].max()) for r in reports]
    assert partial_houses == sorted(partial_houses) and partial_houses[-1] == 2
    assert set(result.robustness["arm"]) == {"process_director"}
    table = house_page.table_html(reports[-1].partial, "nl")
    assert "Onafhankelijke procesregisseur" in table and "helpt" in table


# ------------------------------------------------------------------ sessions, as a server runs them


class Session:
    """One browser tab: the app's page rendered in its own kernel context, on "Mijn huis"
    (`mode`: another header page, None: the page the app opens on)."""

    def __init__(self, name: str, mode: str | None = "house") -> None:
        self.context = kernel_context.VirtualKernelContext(
            id=name, session_id=name, kernel=kernel.Kernel(), control_sockets=[], widgets={},
            templates={})
        kernel_context.contexts[self.context.id] = self.context
        with self.context:
            _, self.rc = solara.render(app.Page(), handle_error=False)
            self.context.app_object = self.rc
        if mode is not None:
            self.to(mode)

    def to(self, mode: str) -> None:
        """Click the header's button of another page."""
        with self.context:
            self.rc.find(v.Btn, children=[t(f"mode_{mode}", "nl")]).widget.click()

    def select(self, css_class: str) -> v.Select:
        with self.context:
            return self.rc.find(v.Select, class_=css_class).widget

    def explore(self, houses: int, replications: int) -> set[threading.Thread]:
        """Set the budget, press "Verken"; the threads this started."""
        before = set(threading.enumerate())
        with self.context:
            sliders = self.rc.find(v.Slider).widgets
            sliders[0].v_model, sliders[1].v_model = houses, replications
            self.rc.find(v.Btn, children=[t("mh_explore", "nl")]).widget.click()
        return {thread for thread in set(threading.enumerate()) - before
                if type(thread) is threading.Thread}

    def progress(self) -> float:
        with self.context:
            bars = self.rc.find(v.ProgressLinear).widgets
            return float(bars[0].model_value) if bars else 0.0

    def card(self) -> list[str]:
        with self.context:
            return [w.attributes["srcdoc"] for w in self.rc.find(solara.widgets.HTML).widgets
                    if w.attributes.get("class") == "sam-mh-card"]


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()


@pytest.fixture
def sessions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Session]]:
    monkeypatch.setenv(shared.ROOMS_ENV, str(tmp_path / "rooms"))   # no rooms: single player,
    monkeypatch.setattr(shared, "_rooms", None)   # and the registry a visit to role play builds
    monkeypatch.setattr(house_page, "advice_card",
                        lambda exploration, lang: f"<p>kaart van {len(exploration.houses)}</p>")
    opened: list[Session] = []
    yield opened
    for session in opened:
        if session.context.id in kernel_context.contexts:
            session.context.close(reason="page-close")


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_each_session_explores_on_its_own_and_a_closed_tab_stops_its_run(
        sessions: list[Session]) -> None:
    big, small = Session("mh-big"), Session("mh-small")
    sessions += [big, small]
    big_threads = big.explore(houses=64, replications=10)   # far more than the test waits for
    assert big_threads, "the exploration runs in no thread"
    wait_for(lambda: big.progress() > 0)
    assert small.progress() == 0 and small.card() == []

    small.explore(houses=2, replications=1)
    wait_for(lambda: small.card() != [])
    assert small.card() == ["<p>kaart van 2</p>"] and small.progress() == 100
    assert big.progress() < 100 and big.card() == []

    big.context.close(reason="page-close")
    for thread in big_threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in big_threads)
    assert small.card() == ["<p>kaart van 2</p>"]


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_the_answers_stay_while_the_session_visits_another_page(
        sessions: list[Session]) -> None:
    mine = Session("mh-mine")
    sessions.append(mine)
    mine.select("sam-mh-q-residents").v_model = "high"
    with mine.context:
        mine.rc.find(v.TextField, label=t("intake_ask_name", "nl")).widget.v_model = "Huis Oost"
        mine.rc.find(v.Slider).widgets[0].v_model = 2
    for elsewhere in ("single", "roleplay"):
        mine.to(elsewhere)
        with mine.context:
            assert mine.rc.find(v.Select, class_="sam-mh-q-residents").widgets == []
        mine.to("house")
        assert mine.select("sam-mh-q-residents").v_model == "high"
        with mine.context:
            assert mine.rc.find(v.TextField, label=t("intake_ask_name", "nl")).widget.v_model \
                == "Huis Oost"
            assert mine.rc.find(v.Slider).widgets[0].v_model == 2

    other = Session("mh-other")   # another browser: a form of its own
    sessions.append(other)
    assert other.select("sam-mh-q-residents").v_model == UNKNOWN
    other.select("sam-mh-q-residents").v_model = "low"
    assert mine.select("sam-mh-q-residents").v_model == "high"


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_the_last_card_stays_while_the_session_visits_another_page(
        sessions: list[Session]) -> None:
    mine, other = Session("mh-card"), Session("mh-no-card")
    sessions += [mine, other]
    mine.explore(houses=2, replications=1)
    wait_for(lambda: mine.card() != [])
    mine.to("single")
    assert mine.card() == []
    mine.to("house")
    assert mine.card() == ["<p>kaart van 2</p>"]
    assert other.card() == []
