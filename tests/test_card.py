"""The advice card: it renders for a small exploration in both languages, the Dutch card holds no
English (the check is built from the card's own English texts, so it cannot go stale), numbers
are written the Dutch way, and "what to try first" follows robustness and regret on explorations
made by hand."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from test_explore import UNCERTAIN, fake_run

from simulation.analysis import card as cards
from simulation.analysis.card import TEXTS, advise, card_html, card_text, text
from simulation.analysis.explore import (
    BOX_COLUMNS,
    CAVEAT,
    GOALS,
    PARAMETER_NAMES,
    SENSITIVITY_COLUMNS,
    WARNING_COLUMNS,
    Exploration,
    arm_name,
    explore,
    wilson,
)
from simulation.house.scenario import Scenario, load_scenario
from simulation.i18n import TEXTS as APP_TEXTS
from simulation.i18n import Lang

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
IDENTIFIER = re.compile(r"\b[a-z_]+(?:\.[a-z_]+)+\b")   # a parameter's dotted file name
VOICE, DROPOUT = "resident_voice_share", "resident_dropout"


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario(SCENARIOS / "baseline.toml")


@pytest.fixture(scope="module")
def synthetic(baseline: Scenario) -> Exploration:
    """Role reversal helps below a threshold of asymmetry and hurts above; the director helps."""
    return explore(baseline, UNCERTAIN, ["role_reversal", "process_director"],
                   [("role_reversal", "process_director")], houses=48, replications=4,
                   goals=[VOICE, DROPOUT], steps=10, seed=3, run_fn=fake_run)


@pytest.fixture(scope="module")
def tiny(baseline: Scenario) -> Exploration:
    """Too small to tell anything: three houses, one replication (both warnings fire)."""
    return explore(baseline, UNCERTAIN, ["role_reversal"], houses=3, replications=1,
                   goals=[VOICE], steps=5, seed=0, run_fn=fake_run)


class Visible(HTMLParser):
    """The text a reader sees: outside <style>, dotted file names of parameters left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.hidden += tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = Visible()
    parser.feed(page)
    return IDENTIFIER.sub(" ", " ".join(parser.parts))


def words(strings: object) -> set[str]:
    """The words of `strings`, without {placeholders} and dotted file names."""
    joined = re.sub(r"\{\w+\}", " ", " ".join(str(s) for s in strings))
    return {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z']+", IDENTIFIER.sub(" ", joined))}


def texts(lang: Lang) -> list[str]:
    """Every text the card can say in `lang`: its own table, the explorer's texts (caveat, goals,
    parameters) and the app's intervention names and descriptions it borrows."""
    return [*(v[lang] for v in TEXTS.values()), CAVEAT[lang],
            *(getattr(goal, lang) for goal in GOALS.values()),
            *(v[lang] for v in PARAMETER_NAMES.values()),
            *(v[lang] for k, v in APP_TEXTS.items() if k.startswith("iv_"))]


def test_the_card_renders_in_both_languages(synthetic: Exploration) -> None:
    for lang in ("nl", "en"):
        page = card_html(synthetic, lang)
        assert f'<html lang="{lang}">' in page
        for key in ("h_first", "h_robust", "h_boxes", "h_sensitivity", "h_assumptions"):
            assert text(key, lang) in page
        # one chart cell per intervention and goal, each with its share helped and hurt
        cells = len(synthetic.robustness)
        assert page.count('<td class="cell">') == cells
        assert page.count("<svg") >= cells + len(synthetic.sensitivity)
        assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in page and "src=" not in page and "<link" not in page
        shown = visible(page)
        assert arm_name("role_reversal+process_director", lang) in shown
        assert CAVEAT[lang] in shown


def test_html_and_terminal_share_every_sentence(synthetic: Exploration) -> None:
    card = cards.build_card(synthetic, "nl")
    page, terminal = visible(card_html(synthetic, "nl")), card_text(synthetic, "nl")
    sentences = [*card.advice, *card.per_goal, *card.boxes, *card.assumptions, card.caveat,
                 *(panel.sentence for panel in card.sensitivity),
                 *(c.sentence for row in card.rows for c in row.cells)]
    assert card.boxes, "the synthetic house has a box where role reversal backfires"
    for sentence in sentences:
        plain = IDENTIFIER.sub(" ", sentence)
        assert plain in page and sentence in terminal, sentence


@pytest.mark.parametrize("which", ["synthetic", "tiny"])
def test_no_english_in_the_dutch_card(which: str, request: pytest.FixtureRequest) -> None:
    exploration: Exploration = request.getfixturevalue(which)
    english = words([*texts("en"), *exploration.warnings["en"],
                     visible(card_html(exploration, "en"))])
    english -= words([*texts("nl"), *exploration.warnings["nl"]])
    assert {"helps", "hurts", "houses", "the"} <= english   # the check has teeth
    for shown in (visible(card_html(exploration, "nl")), card_text(exploration, "nl")):
        left = words([shown]) & english
        assert not left, f"English in the Dutch card: {sorted(left)}"


def test_numbers_are_written_the_dutch_way(synthetic: Exploration) -> None:
    nl, en = visible(card_html(synthetic, "nl")), visible(card_html(synthetic, "en"))
    assert re.search(r"\d,\d", nl) and not re.search(r"\d\.\d", nl)
    assert re.search(r"\d\.\d", en) and not re.search(r"\d,\d", en)
    assert "%" in nl


def test_the_warnings_and_an_empty_answer_are_said(tiny: Exploration) -> None:
    page = visible(card_html(tiny, "nl"))
    assert text("h_warnings", "nl") in page
    for warning in tiny.warnings["nl"]:
        assert IDENTIFIER.sub(" ", warning) in page
    assert text("nothing", "nl") in page
    assert text("nothing_small", "nl", note=text("h_warnings", "nl")) in page


def test_no_ranges_a_sobol_design_and_any_outcome_as_goal(baseline: Scenario) -> None:
    """One house (no ranges) says so and has nothing to be sensitive to; Saltelli's design shows
    Sobol indices; an outcome outside the four goals is named in Dutch too."""
    single = explore(baseline, {}, ["process_director"], houses=4, replications=4,
                     goals=[VOICE, "speaking_gini"], steps=5, run_fn=fake_run)
    page = visible(card_html(single, "nl"))
    assert text("assume_no_ranges", "nl") in page and text("sens_empty", "nl") in page
    assert "speaking_gini" not in page
    sobol = explore(baseline, UNCERTAIN, ["role_reversal"], houses=16, replications=2,
                    goals=[VOICE], steps=5, seed=1, design="saltelli", run_fn=fake_run)
    page = visible(card_html(sobol, "nl"))
    assert text("sens_note_sobol", "nl", conf="95%") in page
    assert "de machtsongelijkheid ( ) maakt het meest uit" in page


def test_the_synthetic_truth_is_on_the_card(synthetic: Exploration) -> None:
    advice = advise(synthetic.robustness)
    assert advice.first == "process_director"
    page = card_html(synthetic, "nl")
    assert text("first", "nl", name=arm_name("process_director", "nl")) in page
    assert text("first_risk", "nl") not in page   # the director never backfires here
    assert "als de machtsongelijkheid (power.asymmetry) boven 0," in page   # role reversal


# --------------------------------------------------------------------------- made by hand


def arm_row(arm: str, goal: str, helped: int, hurt: int, mean: float, regret: float,
            houses: int = 40) -> dict[str, object]:
    """A robustness row from counts of houses, its intervals as the explorer computes them."""
    half = 0.01
    (helps_low, helps_high), (hurts_low, hurts_high) = wilson(helped, houses), wilson(hurt,
                                                                                      houses)
    return {"arm": arm, "goal": goal, "houses": houses, "margin": GOALS[goal].margin,
            "mean_benefit": mean, "mean_low": mean - half, "mean_high": mean + half,
            "helps": helped / houses, "helps_low": helps_low, "helps_high": helps_high,
            "hurts": hurt / houses, "hurts_low": hurts_low, "hurts_high": hurts_high,
            "mean_regret": regret, "best_share": 0.5}


def by_hand(*rows: dict[str, object]) -> Exploration:
    houses = pd.DataFrame({"power.asymmetry": [0.2, 0.8]}).rename_axis("house")
    return Exploration(houses=houses, effects=pd.DataFrame(), robustness=pd.DataFrame(rows),
                       boxes=pd.DataFrame(columns=list(BOX_COLUMNS)),
                       sensitivity=pd.DataFrame(columns=list(SENSITIVITY_COLUMNS)),
                       warnings=pd.DataFrame(columns=list(WARNING_COLUMNS)), design="sobol",
                       replications=10, steps=104, seed=0)


def first_section(exploration: Exploration, lang: Lang = "nl") -> str:
    page = card_html(exploration, lang)
    return visible(page[page.index(text("h_first", lang)):page.index(text("h_robust", lang))])


def test_the_arm_that_clearly_helps_is_recommended() -> None:
    found = by_hand(arm_row("process_director", VOICE, 36, 1, 0.03, 0.001),
                    arm_row("role_reversal", VOICE, 20, 18, 0.0, 0.04))
    assert advise(found.robustness).first == "process_director"
    words_nl = first_section(found)
    assert text("first", "nl", name=arm_name("process_director", "nl")) in words_nl
    assert arm_name("role_reversal", "nl") not in words_nl
    assert text("first", "en", name=arm_name("process_director", "en")) in first_section(
        found, "en")


def test_nothing_clearly_better_is_said_plainly() -> None:
    found = by_hand(arm_row("process_director", VOICE, 14, 12, 0.001, 0.03),
                    arm_row("role_reversal", VOICE, 20, 18, 0.0, 0.04))
    assert advise(found.robustness).first is None
    section = first_section(found)
    assert text("nothing", "nl") in section
    assert text("per_goal_none", "nl", goal=GOALS[VOICE].nl) in section
    assert text("first", "nl", name="").split(":")[0] not in section
    assert text("nothing_small", "nl", note=text("h_warnings", "nl")) not in section


def test_an_arm_that_hurts_another_goal_is_not_first() -> None:
    """Helping voice at a clear cost in dropout is a trade-off, not a recommendation."""
    found = by_hand(arm_row("mayor", VOICE, 36, 1, 0.03, 0.001),
                    arm_row("mayor", DROPOUT, 1, 36, -2.0, 2.0),
                    arm_row("role_reversal", VOICE, 20, 18, 0.0, 0.04),
                    arm_row("role_reversal", DROPOUT, 5, 5, 0.0, 0.5))
    advice = advise(found.robustness)
    assert advice.first is None and advice.per_goal == {VOICE: "mayor", DROPOUT: None}
    assert text("trade_off", "nl") in first_section(found)


def test_more_goals_helped_then_less_regret_decides() -> None:
    both = arm_row("process_director", VOICE, 30, 1, 0.02, 0.01)
    only_voice = arm_row("role_reversal", VOICE, 38, 0, 0.05, 0.0)
    found = by_hand(both, arm_row("process_director", DROPOUT, 30, 1, 2.0, 0.2),
                    only_voice, arm_row("role_reversal", DROPOUT, 10, 10, 0.0, 1.0))
    advice = advise(found.robustness)
    assert advice.first == "process_director" and advice.candidates == 2
    assert advice.per_goal[VOICE] == "role_reversal"      # least regret for that goal alone
    section = first_section(found)
    assert text("first_rival", "nl", n=2) in section
    less_regret = by_hand(arm_row("process_director", VOICE, 30, 1, 0.02, 0.01),
                          arm_row("role_reversal", VOICE, 38, 0, 0.05, 0.0))
    assert advise(less_regret.robustness).first == "role_reversal"
