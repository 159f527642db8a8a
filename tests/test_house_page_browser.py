""""Mijn huis" in real headless Chromium: the intake with its defaults, a tiny exploration whose
bar reaches the end, the advice card in the page, and the house file that loads as a scenario.

As in test_app_browser (whose server, browser and watch this module uses), a failed or external
request, a console error or a traceback in the server log fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from simulation.analysis.explore import CAVEAT
from simulation.analysis.profile import QUESTIONS, Scale
from simulation.app.server import CHROMIUM
from simulation.house.scenario import load_scenario
from tests.test_app_browser import (  # noqa: F401 (fixtures)
    OpenPage,
    open_page,
    server,
    watch,
)

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed here (.ci/run installs it)",
                allow_module_level=True)

pytestmark = pytest.mark.browser
TIMEOUT = 60_000   # a busy machine; the runs compile nothing (the server warmed up)


def untick(page: Page, intervention: str) -> None:
    page.locator(".sam-mh-intervention", has_text=intervention).locator("input").click()


def slider_to_start(page: Page, label: str) -> None:
    page.locator(".sam-mh-explore .v-slider", has_text=label).get_by_role("slider").press("Home")


def saved(page: Page, button: str, folder: Path) -> Path:
    """The file a download button saves, under the name the page gives it."""
    with page.expect_download() as download:
        page.locator(".sam-download", has_text=button).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_mijn_huis_explores_a_tiny_house_and_shows_the_card(open_page: OpenPage,  # noqa: F811
                                                            tmp_path: Path) -> None:
    page = open_page()
    page.locator(".sam-mode", has_text="Mijn huis").click()
    expect(page.locator(".sam-mh-intake h3")).to_have_text("Je eigen huis beschrijven")
    expect(page.locator(".sam-mh-intake .v-select")).to_have_count(len(QUESTIONS))
    expect(page.locator(".sam-mh-intake")).to_contain_text("weet ik niet")

    for name in ("Burgerpanel", "Burgemeester", "Lokaal sociaal contract", "Rollenwissel",
                 "Gezamenlijke stuurgroep", "Horizontale afspraken"):
        untick(page, name)
    slider_to_start(page, "Mogelijke huizen")
    slider_to_start(page, "Herhalingen per huis")
    expect(page.locator(".sam-mh-explore")).to_contain_text("Dat zijn 4 runs van het model")
    page.click(".sam-mh-start")

    expect(page.locator(".sam-mh-count")).to_have_text("4 van 4 runs klaar", timeout=TIMEOUT)
    expect(page.locator(".sam-mh-progress[role=progressbar]")).to_have_attribute(
        "aria-valuenow", "100")
    card = page.frame_locator("iframe.sam-mh-card")
    expect(card.locator("body")).to_contain_text(CAVEAT["nl"][:60], timeout=TIMEOUT)

    shown = page.locator("iframe.sam-mh-card").get_attribute("srcdoc")
    card_file = saved(page, "Advieskaart downloaden", tmp_path)
    assert card_file.name == "ons-huis-van-de-wijk.html"
    assert card_file.read_text(encoding="utf-8") == shown

    house_file = saved(page, "Huisbestand downloaden", tmp_path)
    assert house_file.name == "ons-huis-van-de-wijk.toml"
    house = load_scenario(house_file)
    assert house.meta.name == "ons huis van de wijk"
    assert len(house.uncertain) == sum(isinstance(q, Scale) for q in QUESTIONS)


def test_the_page_speaks_english_on_request(open_page: OpenPage) -> None:  # noqa: F811
    page = open_page()
    page.locator(".sam-mode", has_text="Mijn huis").click()
    page.locator(".sam-lang button", has_text="en").click()
    expect(page.locator(".sam-mh-intake h3")).to_have_text("Describe your own house")
    expect(page.locator(".sam-mh-intake")).to_contain_text("don't know")
    expect(page.locator(".sam-mh-start")).to_have_text(re.compile("explore", re.IGNORECASE))
    expect(page.get_by_text("weet ik niet")).to_have_count(0)
