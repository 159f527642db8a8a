"""The classroom app in real headless Chromium: offline, bilingual, one house per session.

`samensturing app` runs as a subprocess on a free port. Every page is watched: a request that
leaves 127.0.0.1, a failed request, an HTTP error, a console error or a traceback in the server
log fails the test.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from simulation.app.server import CHROMIUM, free_port, spawn
from simulation.app.session import INTERVENTIONS, shown_name

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed here (.ci/run installs it)",
                allow_module_level=True)

pytestmark = pytest.mark.browser


@dataclass
class Server:
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`samensturing app` on a free port, with its output in a log file."""
    port = free_port()
    log = tmp_path_factory.mktemp("app") / "server.log"
    with log.open("w") as out:
        try:
            proc = spawn(port, out)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{log.read_text()}")
    try:
        yield Server(f"http://127.0.0.1:{port}/", log)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@dataclass
class Watch:
    """Everything that went wrong on the pages of one test, and every URL they asked for."""

    problems: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def local(self, url: str) -> bool:
        parts = urlsplit(url.removeprefix("blob:"))
        return parts.scheme == "data" or parts.hostname == "127.0.0.1"

    def attach(self, page: Page) -> None:
        def on_request(request) -> None:
            self.urls.append(request.url)
            if not self.local(request.url):
                self.problems.append(f"external request: {request.url}")

        page.on("request", on_request)
        page.on("websocket", lambda ws: self.local(ws.url)
                or self.problems.append(f"external websocket: {ws.url}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"failed request: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))
        page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))


OpenPage = Callable[[], Page]


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def open_page(browser: Browser, server: Server, watch: Watch) -> Iterator[OpenPage]:
    """Opens the app in a fresh browser context (a new session); checks for problems after."""
    contexts = []
    log_before = len(server.log.read_text())

    def open_() -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 2000},
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        page.goto(server.url)
        expect(page.locator(".sam-week")).to_have_text(re.compile(r"^Week 0 /"),
                                                       timeout=60_000)
        return page

    yield open_
    for context in contexts:
        context.close()
    server_output = server.log.read_text()[log_before:]
    assert "Traceback" not in server_output, server_output
    assert watch.problems == []


def week(page: Page) -> int:
    return int(re.match(r"Week (\d+)", page.inner_text(".sam-week")).group(1))


def step(page: Page, times: int = 1) -> None:
    for _ in range(times):
        before = week(page)
        page.click(".sam-step")
        expect(page.locator(".sam-week")).to_have_text(re.compile(rf"^Week {before + 1} /"))


def switch(page: Page, container: str, text: str) -> None:
    """Flip the switch inside the element of class `container` that shows `text`."""
    page.locator(container, has_text=text).locator(".v-switch input").first.click()


def test_page_loads_offline_in_dutch_with_local_assets(open_page: OpenPage,
                                                        watch: Watch) -> None:
    page = open_page()
    expect(page.locator("h2")).to_have_text("Samensturing in het huis van de wijk")
    expect(page.locator(".sam-step")).to_have_text(re.compile("stap", re.IGNORECASE))
    expect(page.locator(".sam-chart")).to_have_count(7)
    assert any("/_solara/cdn/" in url for url in watch.urls), "front-end not from local proxy"
    assert all(watch.local(url) for url in watch.urls)


def test_language_switch_translates_labels_and_charts(open_page: OpenPage) -> None:
    page = open_page()
    expect(page.get_by_text("Ongelijkheid in spreektijd (Gini)")).to_be_visible()
    page.locator(".sam-lang button", has_text="en").click()
    expect(page.locator("h2")).to_have_text("Co-steering in the neighbourhood house")
    expect(page.get_by_text("Inequality of speaking time (Gini)")).to_be_visible()
    expect(page.locator(".sam-step")).to_have_text(re.compile("step", re.IGNORECASE))
    expect(page.get_by_text("Ongelijkheid in spreektijd (Gini)")).to_have_count(0)


def test_intervention_and_steps_update_room_charts_and_csv(open_page: OpenPage,
                                                           tmp_path: Path) -> None:
    page = open_page()
    expect(page.locator(".sam-room circle.present")).to_have_count(0)
    switch(page, ".sam-intervention", "Onafhankelijke procesregisseur")
    expect(page.get_by_text("Intensiteit: 1,00")).to_be_visible()
    switch(page, ".sam-run", "Vergelijk naast elkaar")
    expect(page.locator(".sam-room")).to_have_count(2)
    step(page, 3)

    assert page.locator(".sam-room").first.locator("circle.present").count() >= 2
    assert page.locator(".sam-room line.heard").count() > 0
    gini = page.locator(".sam-chart", has_text="Gini").locator("polyline.series")
    expect(gini).to_have_count(2)
    assert [gini.nth(k).get_attribute("data-points") for k in range(2)] == ["3", "3"]
    with_director, without = (gini.nth(k).get_attribute("points") for k in range(2))
    assert with_director != without, "the process director changed nothing in the meetings"

    with page.expect_download() as download:
        page.click(".sam-download")
    lines = Path(download.value.path()).read_text().splitlines()
    assert "# intervention: process_director: enabled = true, start = 1," in "\n".join(lines)
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert [(r["house"], r["week"]) for r in rows] == [
        (house, str(w)) for house in ("with", "without") for w in (1, 2, 3)]
    assert {"speaking_gini", "decisions_implemented", "seed"} <= set(rows[0])

    shot = tmp_path / "app.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000


def test_two_sessions_step_independent_houses(open_page: OpenPage) -> None:
    first, second = open_page(), open_page()
    step(first, 3)
    assert week(second) == 0
    step(second)
    assert (week(first), week(second)) == (3, 1)


def test_play_pause_and_reset(open_page: OpenPage) -> None:
    page = open_page()
    page.click(".sam-play")
    expect(page.locator(".sam-week")).to_have_text(re.compile(r"^Week [2-9]\d* /"),
                                                   timeout=20_000)
    page.click(".sam-play")  # now labelled "Pauze"
    expect(page.locator(".sam-play")).to_have_text(re.compile("afspelen", re.IGNORECASE))
    page.wait_for_timeout(500)  # a step already under way when Pause arrived may still land
    paused = week(page)
    page.wait_for_timeout(1500)
    assert week(page) == paused
    page.click(".sam-reset")
    expect(page.locator(".sam-week")).to_have_text(re.compile(r"^Week 0 /"))
    expect(page.locator(".sam-room circle.present")).to_have_count(0)


def test_upload_own_scenario_or_see_which_field_is_wrong(open_page: OpenPage) -> None:
    page = open_page()
    chooser = page.locator(".sam-upload input[type=file]")
    chooser.set_input_files(files=[{"name": "fout.toml", "mimeType": "text/plain",
                                    "buffer": b"[power]\nasymmetry = 3\n"}])
    problem = page.locator(".sam-upload-error")
    expect(problem).to_contain_text("fout.toml: power.asymmetry")
    expect(problem).to_contain_text("moet hoogstens 1 zijn (toegestaan: 0 tot 1 aandeel)")
    chooser.set_input_files(files=[{"name": "eigen.toml", "mimeType": "text/plain",
                                    "buffer": b'extends = "baseline.toml"\n'
                                              b"[power]\nasymmetry = 0.9\n"}])
    expect(problem).to_have_count(0)
    expect(page.get_by_text("Machtsongelijkheid: 0,90")).to_be_visible()
    expect(page.locator(".sam-controls")).to_contain_text("eigen (geüpload)")


def test_hostile_upload_shows_the_error_box_and_keeps_the_controls(open_page: OpenPage) -> None:
    page = open_page()
    chooser = page.locator(".sam-upload input[type=file]")
    problem = page.locator(".sam-upload-error")
    long_name = "n" * 295 + ".toml"
    chooser.set_input_files(files=[{"name": long_name, "mimeType": "text/plain",
                                    "buffer": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"}])
    expect(problem).to_contain_text(f"{shown_name(long_name)}: (syntaxis): tabellen en lijsten "
                                    "zijn te diep genest")
    chooser.set_input_files(files=[{"name": "latin1.toml", "mimeType": "text/plain",
                                    "buffer": '[meta]\nname = "café"\n'.encode("latin-1")}])
    expect(problem).to_contain_text("latin1.toml: (bestand): is geen UTF-8-tekst")
    expect(page.locator(".sam-step")).to_be_visible()
    expect(page.locator(".sam-upload")).to_be_visible()
    expect(page.locator(".sam-intervention")).to_have_count(len(INTERVENTIONS))
    step(page)


def test_dutch_labels_write_a_decimal_comma_and_a_refusal_shows_under_its_slider(
        open_page: OpenPage) -> None:
    page = open_page()
    expect(page.get_by_text("Machtsongelijkheid: 0,50")).to_be_visible()
    expect(page.locator(".sam-controls")).to_contain_text("Basishuis (baseline)")
    card = page.locator(".sam-intervention", has_text="Onafhankelijke procesregisseur")
    switch(page, ".sam-intervention", "Onafhankelijke procesregisseur")
    end = card.locator(".v-slider", has_text="Tot week (0 = tot het eind): 0")
    end.get_by_role("slider").press("ArrowRight")   # week 1: not after the start, week 1
    problem = card.locator(".sam-field-error")
    expect(problem).to_contain_text("interventions.process_director: het einde (1) moet na het "
                                    "begin (1) liggen")
    expect(end).to_be_visible()   # the slider is back at its old value, right above the reason
    assert problem.evaluate("e => e.previousElementSibling.textContent").startswith("Tot week")
    expect(page.locator(".sam-problem")).to_have_count(1)
    page.locator(".sam-lang button", has_text="en").click()
    expect(page.get_by_text("Power asymmetry: 0.50")).to_be_visible()
    expect(page.locator(".sam-intervention", has_text="Independent process director")
           .locator(".sam-field-error")).to_contain_text("end (1) must be after start (1)")
