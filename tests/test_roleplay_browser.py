"""The role-play room in real headless Chromium: a lecturer and a class, each in their own browser.

`samensturing app` runs as a subprocess with its rooms in a temporary folder; every browser
context is one person (its own Solara session cookie). As in test_app_browser, a failed or
external request, a console error or a traceback in the server log fails the test.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from simulation.app.server import CHROMIUM, SEEN_WEEK, free_port, spawn
from simulation.app.shared import ROOMS_ENV
from tests.test_app_browser import Server, Watch

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed here (.ci/run installs it)",
                allow_module_level=True)

pytestmark = pytest.mark.browser
TIMEOUT = 60_000   # a busy machine; the first week compiles nothing (the server warmed up)


@contextmanager
def app_with_rooms(port: int, folder: Path) -> Iterator[Server]:
    """`samensturing app` on `port` with its rooms in `folder/rooms`, stopped on the way out."""
    log = folder / "server.log"
    before = os.environ.get(ROOMS_ENV)
    os.environ[ROOMS_ENV] = str(folder / "rooms")
    try:
        with log.open("a") as out:
            try:
                proc = spawn(port, out)
            except RuntimeError as exc:
                pytest.fail(f"{exc}:\n{log.read_text()}")
    finally:
        if before is None:
            del os.environ[ROOMS_ENV]
        else:
            os.environ[ROOMS_ENV] = before
    try:
        yield Server(f"http://127.0.0.1:{port}/", log)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`samensturing app` on a free port with its rooms in a fresh folder."""
    with app_with_rooms(free_port(), tmp_path_factory.mktemp("rooms")) as running:
        yield running


# A reload or a closed tab sends Solara's close beacon as the page goes; Chromium may report it
# aborted (the page is gone before the answer), which is how a beacon ends, not a failure.
BEACON_ABORTED = re.compile(r"^failed request: \S+/_solara/api/close/\S+ \(net::ERR_ABORTED\)$")


@dataclass
class Person:
    context: BrowserContext
    page: Page


NewPerson = Callable[[], Person]


@pytest.fixture
def person(browser: Browser, server: Server) -> Iterator[NewPerson]:
    """A fresh browser context (a new person) on the app; checks for problems after."""
    watch, contexts = Watch(), []
    log_before = len(server.log.read_text())

    def new() -> Person:
        context = browser.new_context(viewport={"width": 1300, "height": 1800},
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        page.goto(server.url)
        return Person(context, page)

    yield new
    for context in contexts:
        context.close()
    server_output = server.log.read_text()[log_before:]
    assert "Traceback" not in server_output, server_output
    assert [p for p in watch.problems if not BEACON_ABORTED.search(p)] == []


def to_roleplay(page: Page) -> None:
    page.locator(".sam-mode", has_text="Rollenspel").click(timeout=TIMEOUT)


def open_room(page: Page) -> str:
    """The lecturer opens a room on the first scenario; its code."""
    to_roleplay(page)
    page.click(".sam-rp-create")
    code = page.locator(".sam-rp-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=TIMEOUT)
    return code.inner_text()


def join(page: Page, code: str, name: str, how: Callable[[Page], None] | None = None) -> None:
    """A student joins `code` on an assigned seat, or as `how` picks one."""
    to_roleplay(page)
    page.locator(".sam-rp-code-input input").fill(code.lower())
    page.locator(".sam-rp-name-input input").fill(name)
    if how is None:
        page.locator(".sam-rp-mode button", has_text="toegewezen").click()
    else:
        how(page)
    page.click(".sam-rp-enter")
    expect(page.locator(".sam-rp-student h3")).to_contain_text(name, timeout=TIMEOUT)


def chosen_seat(seat: str) -> Callable[[Page], None]:
    def how(page: Page) -> None:
        page.locator(".sam-rp-mode button", has_text="zelf kiezen").click()
        page.locator(".sam-rp-seat .v-field").click()
        page.locator(".v-overlay .v-list-item").get_by_text(seat, exact=True).click()
    return how


def reversed_from(group: str) -> Callable[[Page], None]:
    def how(page: Page) -> None:
        page.locator(".sam-rp-mode button", has_text="rollenwissel").click()
        page.locator(".sam-rp-group").get_by_role("button", name=group, exact=True).click()
    return how


def shown_week(page: Page) -> int:
    return int(re.match(r"Week (\d+)", page.inner_text(".sam-rp-week")).group(1))


def wait_week(page: Page, week: int) -> None:
    expect(page.locator(".sam-rp-week")).to_have_text(re.compile(rf"^Week {week} /"),
                                                      timeout=TIMEOUT)


def choose(page: Page, attend: str, voice: str = "zoals altijd") -> None:
    page.locator(".sam-rp-attend").get_by_role("button", name=attend, exact=True).click()
    page.locator(".sam-rp-voice").get_by_role("button", name=voice, exact=True).click()
    page.click(".sam-rp-send")
    expect(page.locator(".sam-rp-sent")).to_be_visible()


def seat_row(lecturer: Page, name: str):
    return lecturer.locator(".sam-rp-seats tr", has_text=name)


def test_five_students_play_three_weeks_and_see_the_debrief(person: NewPerson) -> None:
    lecturer = person().page
    code = open_room(lecturer)
    names = ["Anna", "Bram", "Chaima", "Daan", "Eva"]
    students = [person().page for _ in names]
    join(students[0], code, names[0], chosen_seat("2: bewoner"))
    join(students[1], code, names[1], reversed_from("bewoner"))
    for page, name in zip(students[2:], names[2:], strict=True):
        join(page, code, name)
    for name in names:
        expect(seat_row(lecturer, name)).to_contain_text("ja")
    expect(students[0].locator(".sam-rp-student h3")).to_contain_text("bewoner (plaats 2)")
    expect(students[1].locator(".sam-rp-student h3")).not_to_contain_text("bewoner")
    roles = {page.inner_text(".sam-rp-student h3").split(" (")[0] for page in students[2:]}
    assert len(roles) == 3, roles   # assigned seats go round the groups

    lecturer.click(".sam-rp-resume")
    for week in (1, 2, 3):
        for k, page in enumerate(students):
            expect(page.locator(".sam-rp-send")).to_be_visible(timeout=TIMEOUT)
            choose(page, "ik kom niet" if k == 0 else "ik kom",
                   "het woord nemen" if k == 1 else "zoals altijd")
        for page in [lecturer, *students]:
            wait_week(page, week)
        expect(students[0].locator(".sam-rp-present")).to_contain_text("nee")
        for page in students[1:]:
            expect(page.locator(".sam-rp-present")).to_contain_text("ja")
        # the agents fill the room: far more people present than the four students who came
        assert lecturer.locator(".sam-room circle.present").count() > 4
    # a student's drawing of the meeting waits behind a switch, the list of facts above it
    expect(students[2].locator(".sam-room")).to_have_count(0)
    students[2].locator(".sam-rp-meeting-switch input").click()
    expect(students[2].locator(".sam-room circle.present").first).to_be_visible(timeout=TIMEOUT)

    lecturer.locator(".sam-rp-debrief-switch input").click()
    debrief = lecturer.locator(".sam-rp-debrief")
    expect(debrief).to_be_visible(timeout=TIMEOUT)
    for name in names:
        expect(debrief.locator("tr", has_text=name)).to_have_count(2)
    expect(debrief).to_contain_text("het model")
    anna = debrief.locator("tr", has_text="Anna").first
    assert "de student" in anna.inner_text()
    with lecturer.expect_download() as download:
        lecturer.click(".sam-download")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"# room: {code}" in text
    assert sum(1 for line in text.splitlines() if line.startswith(("1,", "2,", "3,"))) == 15


def test_a_student_who_closes_the_page_rejoins_the_same_seat(person: NewPerson) -> None:
    lecturer = person().page
    code = open_room(lecturer)
    student = person()
    join(student.page, code, "Fenna")
    seat = student.page.inner_text(".sam-rp-student h3")
    expect(seat_row(lecturer, "Fenna")).to_contain_text("ja")
    student.page.close(run_before_unload=True)   # as a closed tab: the close beacon
    expect(seat_row(lecturer, "Fenna").locator("td").nth(3)).to_have_text("nee",
                                                                           timeout=TIMEOUT)
    again = student.context.new_page()
    again.goto(lecturer.url)
    expect(again.locator(".sam-rp-student h3")).to_have_text(seat, timeout=TIMEOUT)
    expect(seat_row(lecturer, "Fenna").locator("td").nth(3)).to_have_text("ja",
                                                                           timeout=TIMEOUT)
    again.reload()
    expect(again.locator(".sam-rp-student h3")).to_have_text(seat, timeout=TIMEOUT)
    expect(lecturer.locator(".sam-rp-seats tr")).to_have_count(2)   # header and one seat


def test_two_rooms_stay_independent(person: NewPerson) -> None:
    first, second = person().page, person().page
    codes = open_room(first), open_room(second)
    assert codes[0] != codes[1]
    student = person().page
    join(student, codes[0], "Gijs")
    expect(seat_row(first, "Gijs")).to_have_count(1)
    first.click(".sam-rp-next")
    wait_week(first, 1)
    wait_week(student, 1)
    expect(second.locator(".sam-rp-seats tr")).to_have_count(1)   # only the header
    time.sleep(1)   # a few ticks of the second room's clock
    assert shown_week(second) == 0
    second.locator(".sam-lang button", has_text="en").click()
    expect(second.locator(".sam-rp-next")).to_have_text(re.compile("next week", re.IGNORECASE))
    expect(second.locator(".sam-rp-week")).to_contain_text("the clock is paused")
    first.click(".sam-rp-close")
    first.click(".sam-rp-close-sure")
    expect(first.locator(".sam-rp-open")).to_be_visible()   # back at the way in
    student.reload()   # the room is gone: the student is back at the single-player page
    expect(student.locator(".sam-week")).to_have_text(re.compile(r"^Week 0 /"), timeout=TIMEOUT)
    to_roleplay(student)
    expect(student.locator(".sam-rp-join")).to_be_visible()
    expect(second.locator(".sam-rp-code")).to_have_text(codes[1])




def test_a_week_reaches_thirty_screens(person: NewPerson) -> None:
    """Thirty students in one room, each in their own browser context; the lecturer's "next
    week" reaches every screen (pushed to each page). The time it takes is printed, not asserted:
    benchmarks/bench_roleplay_screens.py measures it (docs/performance.md, role play)."""
    lecturer = person().page
    code = open_room(lecturer)
    students = [person().page for _ in range(30)]
    for k, page in enumerate(students):
        join(page, code, f"Student {k + 1}")
    expect(lecturer.locator(".sam-rp-seats tr")).to_have_count(31, timeout=TIMEOUT)
    for page in students:
        page.evaluate(SEEN_WEEK, 1)
    clicked = lecturer.evaluate("Date.now()")
    lecturer.click(".sam-rp-next")
    for page in students:
        wait_week(page, 1)
    seen = [page.evaluate("window.samSeen") for page in students]
    assert all(s is not None for s in seen)
    spread = sorted(s - clicked for s in seen)
    print(f"\n30 students: next week on every screen after {spread[-1]} ms "
          f"(median screen {spread[len(spread) // 2]} ms, first {spread[0]} ms)")


def test_a_room_survives_a_restart_of_the_server(browser: Browser,
                                                  tmp_path: Path) -> None:
    """A week is played, the server process stops and starts again on the same rooms folder:
    the lecturer and the student open on their places with the finished week, a newcomer
    joins with the code, and the weeks go on."""
    port, watch = free_port(), Watch()
    lecturer, student = (browser.new_context(viewport={"width": 1300, "height": 1800})
                         for _ in range(2))

    def page(context: BrowserContext, url: str) -> Page:
        opened = context.new_page()
        watch.attach(opened)
        opened.goto(url)
        return opened

    with app_with_rooms(port, tmp_path) as server:
        desk, seat = page(lecturer, server.url), page(student, server.url)
        code = open_room(desk)
        join(seat, code, "Hanna")
        role = seat.inner_text(".sam-rp-student h3")
        desk.click(".sam-rp-next")
        wait_week(seat, 1)
        seen = seat.inner_text(".sam-rp-facts")
        for shown in (desk, seat):   # closed before the server goes: no broken websockets
            shown.close(run_before_unload=True)
    with app_with_rooms(port, tmp_path) as server:
        desk, seat = page(lecturer, server.url), page(student, server.url)
        for back in (desk, seat):   # on role play at once, no click on "Rollenspel"
            wait_week(back, 1)
        expect(desk.locator(".sam-rp-code")).to_have_text(code)
        expect(desk.locator(".sam-rp-week")).to_contain_text("de klok staat stil")
        expect(seat.locator(".sam-rp-student h3")).to_have_text(role)
        assert seat.inner_text(".sam-rp-facts") == seen
        newcomer = page(browser.new_context(), server.url)
        join(newcomer, code, "Ilse")
        wait_week(newcomer, 1)
        expect(seat_row(desk, "Hanna")).to_contain_text("ja")
        desk.click(".sam-rp-next")
        for shown in (desk, seat, newcomer):
            wait_week(shown, 2)
        for context in (lecturer, student, newcomer.context):   # before the server stops
            context.close()
        log = server.log.read_text()
    assert "Traceback" not in log, log
    assert [p for p in watch.problems if not BEACON_ABORTED.search(p)] == []
