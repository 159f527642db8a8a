"""The advice card in real headless Chromium, opened from disk as a practitioner opens
advice.html: it asks for nothing beyond itself (no external or failed request), logs no console
error, and shows its charts and its advice in the chosen language."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from test_explore import UNCERTAIN, fake_run

from simulation.analysis.card import card_html, text
from simulation.analysis.explore import Exploration, explore
from simulation.app.server import CHROMIUM
from simulation.house.scenario import load_scenario
from simulation.i18n import Lang

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed here (.ci/run installs it)",
                allow_module_level=True)

pytestmark = pytest.mark.browser

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture(scope="module")
def exploration() -> Exploration:
    """Small, with a backfire box, sensitivity and a warning (few houses) to show."""
    return explore(load_scenario(SCENARIOS / "baseline.toml"), UNCERTAIN,
                   ["role_reversal", "process_director"], houses=12, replications=3,
                   goals=["resident_voice_share", "resident_dropout"], steps=5, seed=3,
                   run_fn=fake_run)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_card_loads_alone_and_cleanly(exploration: Exploration, browser: Browser,
                                          tmp_path: Path, lang: Lang) -> None:
    path = tmp_path / "advice.html"
    path.write_text(card_html(exploration, lang), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 1600})
    page = context.new_page()
    urls: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("console", lambda m: m.type in ("error", "warning")
            and problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(path.as_uri(), wait_until="networkidle")
    try:
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("h2", has_text=text("h_first", lang)).is_visible()
        # every chart drawn: one cell per intervention and goal, each SVG laid out with a size
        cells = page.locator("td.cell svg")
        assert cells.count() == len(exploration.robustness)
        sizes = page.eval_on_selector_all(
            "svg", "all => all.map(s => s.getBoundingClientRect().width)")
        assert sizes and min(sizes) > 0
        assert page.locator("h2", has_text=text("h_warnings", lang)).is_visible()
    finally:
        context.close()
    assert [u for u in urls if u != path.as_uri()] == []
    assert problems == []
