"""The advice card: one page that answers "what helps here, how sure, and when does it backfire".

An exploration (:mod:`simulation.analysis.explore`) is a set of frames; a practitioner needs
sentences. `build_card` turns the frames into the card's sentences and chart values once, in
Dutch or English; `card_html` lays them out with the jinja2 templates beside this module (inline
SVG charts, no external requests), `card_text` as plain text for the terminal. Both read the
same `Card`, so a sentence is written in one place: the `TEXTS` table below.

"What to try first" comes from robustness and regret. An intervention *clearly helps* a goal
when the interval of the share of houses it helps lies above the interval of the share it hurts
and its mean benefit's interval lies above zero; *clearly hurts* is the mirror image. The first
to try clearly helps at least one goal and clearly hurts none; among several, the one that clearly
helps most goals, then the one with the least regret (ranked per goal, so goals in different
units weigh alike). When none qualifies the card says so, and why it may be (a small design).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from simulation.analysis.explore import (
    CAVEAT,
    CONFIDENCE,
    GOALS,
    Exploration,
    arm_name,
    parameter_name,
    percent,
)
from simulation.analysis.report import OUTCOME_LABELS
from simulation.analysis.templates import render
from simulation.i18n import TEXTS as APP_TEXTS
from simulation.i18n import Lang, number

TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"nl": "Advieskaart: wat helpt in een huis zoals het jouwe?",
              "en": "Advice card: what helps in a house like yours?"},
    "intro": {"nl": "Gesimuleerd: {houses} zoals het jouwe, elk {times} keer over {weeks}, zonder "
                    "interventie en met elk van de interventies hieronder.",
              "en": "Simulated: {houses} like yours, each {times} over {weeks}, without an "
                    "intervention and with each of the interventions below."},
    "houses_one": {"nl": "{n} mogelijk huis", "en": "{n} plausible house"},
    "houses_many": {"nl": "{n} mogelijke huizen", "en": "{n} plausible houses"},
    "times_one": {"nl": "{n}", "en": "once"},
    "times_many": {"nl": "{n}", "en": "{n} times"},
    "weeks_one": {"nl": "{n} week", "en": "{n} week"},
    "weeks_many": {"nl": "{n} weken", "en": "{n} weeks"},
    "and": {"nl": "en", "en": "and"},
    # what to try first
    "h_first": {"nl": "Wat eerst proberen?", "en": "What to try first?"},
    "first": {"nl": "Probeer eerst: {name}.", "en": "Try first: {name}."},
    "kind_one": {"nl": "interventie", "en": "intervention"},
    "kind_pair": {"nl": "combinatie", "en": "combination"},
    "first_why": {"nl": "Deze {kind} helpt duidelijk bij {goals}: in meer huizen dan waar ze "
                        "schaadt, ook met de onzekerheid meegeteld. Bij geen enkel doel schaadt "
                        "ze duidelijk.",
                  "en": "This {kind} clearly does better for {goals}: in more houses than it "
                        "hurts, uncertainty included. It clearly hurts none of the goals."},
    "first_neutral": {"nl": "Bij {goals} maakt ze geen duidelijk verschil.",
                      "en": "For {goals} it makes no clear difference."},
    "first_rival": {"nl": "Van de {n} keuzes die dat doen, komt ze gemiddeld het dichtst bij de "
                          "beste keuze per huis (de kleinste spijt).",
                    "en": "Of the {n} options that do so, it comes closest on average to each "
                          "house's best option (the least regret)."},
    "first_risk": {"nl": "In een deel van de huizen pakt ze wel slecht uit; hieronder staat waar.",
                   "en": "In some houses it does backfire; below is where."},
    "nothing": {"nl": "Geen van de interventies is hier duidelijk beter dan niets doen: bij geen "
                      "enkel doel helpt er een in duidelijk meer huizen dan waar ze schaadt.",
                "en": "None of the interventions is clearly better than doing nothing here: for "
                      "no goal does one help in clearly more houses than it hurts."},
    "nothing_small": {"nl": "Dat kan ook komen doordat de verkenning te klein is om het te zien "
                            "(zie '{note}').",
                      "en": "That may also be because the exploration is too small to see it "
                            "(see '{note}')."},
    "trade_off": {"nl": "Geen interventie helpt duidelijk zonder bij een ander doel duidelijk te "
                        "schaden. Kies dan naar het doel dat voor jou het zwaarst weegt.",
                  "en": "No intervention clearly helps without clearly hurting another goal. "
                        "Choose by the goal that weighs most for you."},
    "per_goal_intro": {"nl": "Per doel de interventie die duidelijk helpt, met de kleinste spijt:",
                       "en": "Per goal, the intervention that clearly helps, with the least "
                             "regret:"},
    "per_goal_best": {"nl": "voor {goal}: {name} (helpt in {helps} van de huizen, {low}–{high})",
                      "en": "for {goal}: {name} (helps in {helps} of the houses, {low}–{high})"},
    "per_goal_none": {"nl": "voor {goal}: geen interventie is duidelijk beter dan niets doen",
                      "en": "for {goal}: no intervention is clearly better than doing nothing"},
    # robustness
    "h_robust": {"nl": "Hoe robuust helpt elke interventie?",
                 "en": "How robustly does each intervention help?"},
    "robust_note": {"nl": "Per interventie en doel: groen is het deel van de mogelijke huizen "
                          "waar ze helpt (meer dan de marge), rood het deel waar ze schaadt; de "
                          "zwarte lijnen zijn {conf}-intervallen. ✓ helpt duidelijk, ✗ schaadt "
                          "duidelijk.",
                    "en": "Per intervention and goal: green is the share of the plausible houses "
                          "where it helps (by more than the margin), red the share where it "
                          "hurts; the black lines are {conf} intervals. ✓ clearly helps, ✗ "
                          "clearly hurts."},
    "intervention": {"nl": "interventie", "en": "intervention"},
    "goal_heading": {"nl": "{goal} (marge {margin}, {better})",
                     "en": "{goal} (margin {margin}, {better})"},
    "higher_better": {"nl": "hoger is beter", "en": "higher is better"},
    "lower_better": {"nl": "lager is beter", "en": "lower is better"},
    "robust_line": {"nl": "{name}: helpt in {helps} van de huizen ({helps_low}–{helps_high}), "
                          "schaadt in {hurts} ({hurts_low}–{hurts_high}).",
                    "en": "{name}: helps in {helps} of the houses ({helps_low}–{helps_high}), "
                          "hurts in {hurts} ({hurts_low}–{hurts_high})."},
    "helps_word": {"nl": "helpt", "en": "helps"},
    "hurts_word": {"nl": "schaadt", "en": "hurts"},
    "h_words": {"nl": "In woorden", "en": "In words"},
    # when it backfires
    "h_boxes": {"nl": "Wanneer pakt het slecht uit?", "en": "When does it backfire?"},
    "boxes_note": {"nl": "Het soort huis waar een interventie vaak schaadt (gevonden met PRIM). "
                         "Dichtheid: het deel van de huizen van dat soort waar ze schaadt. "
                         "Dekking: het deel van alle huizen waar ze schaadt dat van dat soort is.",
                   "en": "The kind of house where an intervention often hurts (found with PRIM). "
                         "Density: the share of the houses of that kind where it hurts. "
                         "Coverage: the share of all houses where it hurts that are of that "
                         "kind."},
    "box": {"nl": "{name}, {goal}: het pakt vooral slecht uit {where}. Daar schaadt het in "
                  "{density} van de huizen (dichtheid); van alle huizen waar het schaadt, ligt "
                  "{coverage} daar (dekking). Zulke huizen zijn {mass} van alle huizen.",
            "en": "{name}, {goal}: it backfires mostly {where}. There it hurts in {density} of "
                  "the houses (density); of all houses where it hurts, {coverage} lie there "
                  "(coverage). Such houses are {mass} of all houses."},
    "no_boxes": {"nl": "Er is geen duidelijk soort huis gevonden waar een interventie vooral "
                       "averechts werkt.",
                 "en": "No clear kind of house was found where an intervention mostly "
                       "backfires."},
    # what matters most
    "h_sensitivity": {"nl": "Wat maakt het meest uit?", "en": "What matters most?"},
    "sens_note_spearman": {"nl": "Per doel: hoe sterk het effect van elke interventie samenhangt "
                                 "met elke onzekere eigenschap van het huis (rangcorrelatie, "
                                 "van −1 tot 1). Blauw: hoe hoger de eigenschap, hoe beter het "
                                 "uitpakt; oranje: hoe slechter. De zwarte lijn is het "
                                 "{conf}-interval.",
                           "en": "Per goal: how strongly each intervention's effect goes with "
                                 "each uncertain property of the house (rank correlation, from "
                                 "−1 to 1). Blue: the higher the property, the better it works "
                                 "out; orange: the worse. The black line is the {conf} "
                                 "interval."},
    "sens_note_sobol": {"nl": "Per doel: welk deel van de spreiding in het effect van elke "
                              "interventie een onzekere eigenschap verklaart, samenspel met "
                              "andere meegeteld (totale Sobol-index, van 0 tot 1). De zwarte "
                              "lijn is het {conf}-interval.",
                        "en": "Per goal: which share of the spread in each intervention's effect "
                              "an uncertain property explains, interplay with others included "
                              "(total Sobol index, from 0 to 1). The black line is the {conf} "
                              "interval."},
    "property": {"nl": "eigenschap", "en": "property"},
    "sens_top": {"nl": "{goal}: {what} maakt het meest uit, bij {name}: hoe hoger, hoe {way} "
                       "het uitpakt (rangcorrelatie {value}, interval {low} tot {high}).",
                 "en": "{goal}: {what} matters most, for {name}: the higher, the {way} it works "
                       "out (rank correlation {value}, interval {low} to {high})."},
    "better": {"nl": "beter", "en": "better"},
    "worse": {"nl": "slechter", "en": "worse"},
    "sens_top_sobol": {"nl": "{goal}: {what} maakt het meest uit, bij {name}: het verklaart "
                             "{value} van de spreiding in het effect (interval {low} tot {high}).",
                       "en": "{goal}: {what} matters most, for {name}: it explains {value} of "
                             "the spread in the effect (interval {low} to {high})."},
    "sens_none": {"nl": "{goal}: geen eigenschap springt er duidelijk uit.",
                  "en": "{goal}: no property stands out clearly."},
    "sens_empty": {"nl": "Het bestand geeft geen bereiken op: er is geen onzekere eigenschap om "
                         "de gevoeligheid voor te meten.",
                   "en": "The file gives no ranges: there is no uncertain property to measure "
                         "the sensitivity to."},
    "sens_more": {"nl": "De overige {n} eigenschappen doen er bij dit doel minder toe.",
                  "en": "The other {n} properties matter less for this goal."},
    # honesty
    "h_warnings": {"nl": "Let op", "en": "Note"},
    "h_assumptions": {"nl": "Wat dit antwoord aanneemt", "en": "What this answer assumes"},
    "assume_ranges": {"nl": "Je huis ligt binnen de bereiken die je opgaf, en elk huis daarbinnen "
                            "telt even zwaar. De getrokken huizen: {ranges}.",
                      "en": "Your house lies within the ranges you gave, and every house inside "
                            "them counts the same. The houses drawn: {ranges}."},
    "range": {"nl": "{what} van {low} tot {high}", "en": "{what} from {low} to {high}"},
    "assume_no_ranges": {"nl": "Je huis is precies zoals het bestand het beschrijft: het bestand "
                               "geeft geen bereiken op, dus alleen het toeval verschilt tussen "
                               "de herhalingen.",
                         "en": "Your house is exactly as the file describes it: the file gives "
                               "no ranges, so only chance differs between the replications."},
    "assume_margins": {"nl": "Een verschil telt pas als het groter is dan de marge: {margins}.",
                       "en": "A difference counts only when it is larger than the margin: "
                             "{margins}."},
    "assume_weeks": {"nl": "De interventies lopen {weeks} en werken zoals het model ze nabootst, "
                           "niet per se zoals ze in jouw huis zouden uitpakken.",
                     "en": "The interventions run for {weeks} and work as the model imitates "
                           "them, not necessarily as they would turn out in your house."},
    "assume_mechanism": {"nl": "{name} doet in het model dit: {what}",
                         "en": "{name} does this in the model: {what}"},
    "assume_driver": {"nl": "Het antwoord hangt het sterkst af van {what}: weet je daar meer over, "
                            "maak dan dat bereik smaller en verken opnieuw.",
                      "en": "The answer depends most on {what}: if you know more about it, "
                            "narrow that range and explore again."},
    "footer": {"nl": "Gemaakt met samensturing explore: {design}, startgetal {seed}.",
               "en": "Made with samensturing explore: {design}, seed {seed}."},
    "design_sobol": {"nl": "huizen getrokken als Sobol-reeks", "en": "houses drawn as a Sobol "
                                                                    "sequence"},
    "design_lhs": {"nl": "huizen getrokken als Latijnse hyperkubus",
                   "en": "houses drawn as a Latin hypercube"},
    "design_saltelli": {"nl": "huizen getrokken volgens Saltelli (voor Sobol-indices)",
                        "en": "houses drawn by Saltelli's design (for Sobol indices)"},
}
TOP_PARAMETERS = 4
"""The sensitivity chart shows this many properties per goal, the strongest first."""


def text(key: str, lang: Lang, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def counted(key: str, n: int, lang: Lang) -> str:
    """`n` with the singular or plural words of `key` ('1 week', '104 weken')."""
    return text(f"{key}_{'one' if n == 1 else 'many'}", lang, n=n)


def joined(items: Sequence[str], lang: Lang) -> str:
    """'a, b en c' (Dutch) or 'a, b and c'."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('and', lang)} {items[-1]}"


def capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def goal_name(outcome: str, lang: Lang) -> str:
    """A goal as the explorer names it, any other outcome as the sweep report does."""
    goal = GOALS.get(outcome)
    if goal:
        return goal.nl if lang == "nl" else goal.en
    return OUTCOME_LABELS.get(outcome, {}).get(lang, outcome)


# --------------------------------------------------------------------------- the verdicts


def clearly_helps(row: pd.Series) -> bool:
    """More houses helped than hurt beyond both intervals, and a mean benefit above zero."""
    return bool(row["helps_low"] > row["hurts_high"] and row["mean_low"] > 0)


def clearly_hurts(row: pd.Series) -> bool:
    return bool(row["hurts_low"] > row["helps_high"] and row["mean_high"] < 0)


@dataclass(frozen=True)
class Advice:
    """What to try first (None: nothing clearly better than doing nothing, or only at a cost to
    another goal), the goals it clearly helps, how many arms qualified, and per goal the clearly
    helping arm of least regret (None where none clearly helps)."""

    first: str | None
    helps: tuple[str, ...]
    candidates: int
    per_goal: dict[str, str | None]


def advise(robustness: pd.DataFrame) -> Advice:
    """What to try first, from the robustness frame (see the module's docstring)."""
    rob = robustness.assign(helps_clearly=robustness.apply(clearly_helps, axis=1),
                            hurts_clearly=robustness.apply(clearly_hurts, axis=1))
    rob["regret_rank"] = rob.groupby("goal")["mean_regret"].rank(method="average")
    per_goal: dict[str, str | None] = {}
    for goal, group in rob.groupby("goal", sort=False):
        good = group[group["helps_clearly"]]
        per_goal[str(goal)] = (str(good.sort_values(["mean_regret", "helps"],
                                                    ascending=[True, False])["arm"].iloc[0])
                               if len(good) else None)
    by_arm = rob.groupby("arm", sort=False).agg(
        helped=("helps_clearly", "sum"), hurt=("hurts_clearly", "sum"),
        rank=("regret_rank", "mean"))
    fit = by_arm[(by_arm["helped"] > 0) & (by_arm["hurt"] == 0)].sort_values(
        ["helped", "rank"], ascending=[False, True])
    if fit.empty:
        return Advice(None, (), 0, per_goal)
    first = str(fit.index[0])
    mine = rob[rob["arm"] == first]
    return Advice(first, tuple(mine.loc[mine["helps_clearly"], "goal"].astype(str)), len(fit),
                  per_goal)


# --------------------------------------------------------------------------- the card


@dataclass(frozen=True)
class Cell:
    """One intervention × goal of the robustness chart: shares (0-1), their words, verdict."""

    helps: float
    helps_low: float
    helps_high: float
    hurts: float
    hurts_low: float
    hurts_high: float
    helps_text: str
    hurts_text: str
    verdict: str          # "helps", "hurts" (clearly) or ""
    sentence: str


@dataclass(frozen=True)
class ArmRow:
    arm: str
    name: str
    cells: list[Cell]


@dataclass(frozen=True)
class Bar:
    """One intervention × property of a sensitivity chart; `value` in [-1, 1] (rank
    correlation) or [0, 1] (Sobol total), NaN where undefined."""

    value: float
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class SensitivityPanel:
    goal: str
    sentence: str
    parameters: list[str]
    bars: list[list[Bar]]         # per parameter, per arm (the card's arm order)
    more: str                     # the properties left out, in words, or ""


@dataclass(frozen=True)
class Card:
    """Everything the card says, in one language, ready to lay out."""

    lang: Lang
    title: str
    intro: str
    advice: list[str]
    per_goal_intro: str
    per_goal: list[str]
    goals: list[str]              # the goals' headings (name, margin, which way is better)
    rows: list[ArmRow]
    robust_note: str
    boxes: list[str]
    boxes_note: str
    signed: bool                  # sensitivity as rank correlations (else Sobol totals)
    sensitivity_note: str
    sensitivity: list[SensitivityPanel]
    warnings: list[str]
    assumptions: list[str]
    caveat: str
    footer: str


def build_card(exploration: Exploration, lang: Lang = "nl") -> Card:
    """The card's sentences and chart values for `exploration`, in `lang`."""
    say = partial(text, lang=lang)
    rob, sens = exploration.robustness, exploration.sensitivity
    goals = list(dict.fromkeys(rob["goal"].astype(str)))
    arms = list(dict.fromkeys(rob["arm"].astype(str)))
    houses = int(rob["houses"].iloc[0]) if len(rob) else len(exploration.houses)
    conf = percent(CONFIDENCE, lang)
    advice = advise(rob)
    warnings = list(exploration.warnings[lang]) if len(exploration.warnings) else []
    at = {(str(r["arm"]), str(r["goal"])): r for _, r in rob.iterrows()}
    rows = [ArmRow(arm, arm_name(arm, lang), [_cell(at[arm, goal], lang) for goal in goals])
            for arm in arms if all((arm, goal) in at for goal in goals)]
    headings = [say("goal_heading", goal=capital(goal_name(g, lang)),
                    margin=number(at[arms[0], g]["margin"], lang),
                    better=say("higher_better" if GOALS.get(g) is None
                               or GOALS[g].higher_is_better else "lower_better"))
                for g in goals] if arms else []
    signed = sens.empty or bool((sens["method"] == "spearman").all())
    return Card(
        lang=lang, title=say("title"),
        intro=say("intro", houses=counted("houses", houses, lang),
                  times=counted("times", exploration.replications, lang),
                  weeks=counted("weeks", exploration.steps, lang)),
        advice=_advice(advice, rob, exploration, bool(warnings), lang),
        per_goal_intro=say("per_goal_intro"),
        per_goal=[_per_goal(goal, arm, at, lang) for goal, arm in advice.per_goal.items()],
        goals=headings, rows=rows, robust_note=say("robust_note", conf=conf),
        boxes=_boxes(exploration.boxes, lang), boxes_note=say("boxes_note"),
        signed=signed,
        sensitivity_note=say("sens_note_spearman" if signed else "sens_note_sobol", conf=conf),
        sensitivity=[_panel(sens, goal, arms, signed, lang) for goal in goals]
        if not sens.empty else [],
        warnings=warnings, assumptions=_assumptions(exploration, advice, goals, at, lang),
        caveat=CAVEAT[lang],
        footer=say("footer", design=say(f"design_{exploration.design}"), seed=exploration.seed))


def _cell(r: pd.Series, lang: Lang) -> Cell:
    shares = {k: float(r[k]) for k in ("helps", "helps_low", "helps_high", "hurts", "hurts_low",
                                       "hurts_high")}
    words = {k: percent(v, lang) for k, v in shares.items()}
    return Cell(**shares, helps_text=words["helps"], hurts_text=words["hurts"],
                verdict="helps" if clearly_helps(r) else "hurts" if clearly_hurts(r) else "",
                sentence=text("robust_line", lang, name=arm_name(str(r["arm"]), lang), **words))


def _advice(advice: Advice, rob: pd.DataFrame, exploration: Exploration, warned: bool,
            lang: Lang) -> list[str]:
    say = partial(text, lang=lang)
    if advice.first is None:
        if any(advice.per_goal.values()):
            return [say("trade_off")]
        return [say("nothing"), *([say("nothing_small", note=say("h_warnings"))] if warned
                                  else [])]
    first = advice.first
    kind = say("kind_pair" if "+" in first else "kind_one")
    goals = list(dict.fromkeys(rob["goal"].astype(str)))
    neutral = [goal_name(g, lang) for g in goals if g not in advice.helps]
    lines = [say("first", name=arm_name(first, lang)),
             say("first_why", kind=kind, goals=joined([goal_name(g, lang) for g in advice.helps],
                                                      lang))]
    if neutral:
        lines.append(say("first_neutral", goals=joined(neutral, lang)))
    if advice.candidates > 1:
        lines.append(say("first_rival", n=advice.candidates))
    if (exploration.boxes["arm"] == first).any():
        lines.append(say("first_risk"))
    return [" ".join(lines)]


def _per_goal(goal: str, arm: str | None, at: dict[tuple[str, str], pd.Series],
              lang: Lang) -> str:
    if arm is None:
        return text("per_goal_none", lang, goal=goal_name(goal, lang))
    r = at[arm, goal]
    return text("per_goal_best", lang, goal=goal_name(goal, lang), name=arm_name(arm, lang),
                helps=percent(r["helps"], lang), low=percent(r["helps_low"], lang),
                high=percent(r["helps_high"], lang))


def _boxes(boxes: pd.DataFrame, lang: Lang) -> list[str]:
    """One sentence per box (its rows share the box's words and statistics)."""
    return [text("box", lang, name=arm_name(str(arm), lang), goal=goal_name(str(goal), lang),
                 where=box.iloc[0][lang], density=percent(box.iloc[0]["density"], lang),
                 coverage=percent(box.iloc[0]["coverage"], lang),
                 mass=percent(box.iloc[0]["mass"], lang))
            for (arm, goal), box in boxes.groupby(["arm", "goal"], sort=False)]


def _strength(sens: pd.DataFrame) -> pd.Series:
    """How strongly each row's property drives the effect: |rank correlation| or Sobol total."""
    return sens["index"].abs() if (sens["method"] == "spearman").all() else sens["total"]


def _clear(sens: pd.DataFrame) -> pd.Series:
    """Rows whose interval excludes no influence."""
    if (sens["method"] == "spearman").all():
        return (sens["index_low"] > 0) | (sens["index_high"] < 0)
    return sens["total_low"] > 0


def _panel(sens: pd.DataFrame, goal: str, arms: list[str], signed: bool,
           lang: Lang) -> SensitivityPanel:
    part = sens[sens["goal"] == goal]
    part = part.assign(strength=_strength(part).fillna(0.0))
    order = part.groupby("parameter", sort=False)["strength"].max().sort_values(ascending=False)
    shown = list(order.index[:TOP_PARAMETERS])
    column, low, high = ("index", "index_low", "index_high") if signed else (
        "total", "total_low", "total_high")
    at = part.set_index(["parameter", "arm"])
    bars = [[_bar(at.loc[(p, a)], column, low, high, signed, lang) if (p, a) in at.index
             else Bar(np.nan, np.nan, np.nan, "–") for a in arms] for p in shown]
    left = len(order) - len(shown)
    return SensitivityPanel(capital(goal_name(goal, lang)), _top(part, goal, signed, lang),
                            [parameter_name(p, lang) for p in shown], bars,
                            text("sens_more", lang, n=left) if left else "")


def _bar(r: pd.Series, column: str, low: str, high: str, signed: bool, lang: Lang) -> Bar:
    """Drawn within the scale (a Sobol estimate may stray below 0), labelled as estimated."""
    value = float(r[column])
    drawn = partial(np.clip, a_min=-1.0 if signed else 0.0, a_max=1.0)
    return Bar(float(drawn(value)), float(drawn(r[low])), float(drawn(r[high])),
               "–" if np.isnan(value) else number(value, lang))


def _top(part: pd.DataFrame, goal: str, signed: bool, lang: Lang) -> str:
    """The clearest strongest property of a goal, in a sentence."""
    clear = part[_clear(part)]
    what = capital(goal_name(goal, lang))
    if clear.empty:
        return text("sens_none", lang, goal=what)
    r = clear.loc[clear["strength"].idxmax()]
    common = {"goal": what, "what": parameter_name(str(r["parameter"]), lang),
              "name": arm_name(str(r["arm"]), lang)}
    if signed:
        return text("sens_top", lang, **common, way=text("better" if r["index"] > 0 else "worse",
                                                         lang),
                    value=number(r["index"], lang), low=number(r["index_low"], lang),
                    high=number(r["index_high"], lang))
    return text("sens_top_sobol", lang, **common, value=percent(r["total"], lang),
                low=percent(max(r["total_low"], 0.0), lang),
                high=percent(min(r["total_high"], 1.0), lang))


def _assumptions(exploration: Exploration, advice: Advice, goals: list[str],
                 at: dict[tuple[str, str], pd.Series], lang: Lang) -> list[str]:
    """The assumptions this answer rests on, most specific last: ranges, margins, weeks, what
    the interventions to try first do in the model, and the property the answer hangs on."""
    say = partial(text, lang=lang)
    table = exploration.houses
    lines = [say("assume_ranges", ranges="; ".join(
        say("range", what=parameter_name(str(name), lang), low=number(table[name].min(), lang),
            high=number(table[name].max(), lang)) for name in table.columns))
        if table.shape[1] else say("assume_no_ranges")]
    arm = next(iter(a for a, _ in at), None)
    if arm is not None:
        lines.append(say("assume_margins", margins=joined(
            [f"{goal_name(g, lang)} {number(at[arm, g]['margin'], lang)}" for g in goals], lang)))
    lines.append(say("assume_weeks", weeks=counted("weeks", exploration.steps, lang)))
    if advice.first is not None:
        lines.extend(say("assume_mechanism", name=arm_name(name, lang),
                         what=APP_TEXTS[f"iv_{name}_text"][lang])
                     for name in advice.first.split("+") if f"iv_{name}_text" in APP_TEXTS)
    sens = exploration.sensitivity
    if not sens.empty and _clear(sens).any():
        clear = sens[_clear(sens)]
        driver = clear.loc[_strength(clear).idxmax(), "parameter"]
        lines.append(say("assume_driver", what=parameter_name(str(driver), lang)))
    return lines


# --------------------------------------------------------------------------- laid out


def card_html(exploration: Exploration, lang: Lang = "nl") -> str:
    """The card as one self-contained HTML page (inline SVG, no external requests)."""
    card = build_card(exploration, lang)
    return render("card.html.j2", card=card, t=partial(text, lang=lang), lang=lang,
                  title=card.title, arms=[row.name for row in card.rows])


BAR = 10
"""Characters per side of a terminal bar: one per tenth of the houses."""


def card_text(exploration: Exploration, lang: Lang = "nl") -> str:
    """The card as plain text for the terminal: the same sentences, the chart as text bars."""
    card = build_card(exploration, lang)
    say = partial(text, lang=lang)
    lines = [card.title.upper(), card.intro, "", say("h_first"), *card.advice,
             card.per_goal_intro, *(f"- {line}" for line in card.per_goal), "", say("h_robust")]
    width = max((len(row.name) for row in card.rows), default=0)
    for j, heading in enumerate(card.goals):
        lines.extend(["", heading])
        for row in card.rows:
            c = row.cells[j]
            mark = {"helps": " ✓", "hurts": " ✗"}.get(c.verdict, "")
            hurt = "█" * round(BAR * c.hurts)
            helped = "█" * round(BAR * c.helps)
            lines.append(f"  {row.name:<{width}}  {c.hurts_text:>4} {hurt:>{BAR}}│"
                         f"{helped:<{BAR}} {c.helps_text}{mark}")
        lines.extend(f"  - {row.cells[j].sentence}" for row in card.rows)
    lines.extend(["", say("h_boxes"), *(card.boxes or [say("no_boxes")])])
    lines.extend(["", say("h_sensitivity")])
    lines.extend([panel.sentence for panel in card.sensitivity] or [say("sens_empty")])
    if card.warnings:
        lines.extend(["", say("h_warnings"), *(f"- {w}" for w in card.warnings)])
    lines.extend(["", say("h_assumptions"), *(f"- {a}" for a in card.assumptions), "",
                  card.caveat, "", card.footer])
    return "\n".join(lines)
