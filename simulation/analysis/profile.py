"""The intake: plain questions about a neighbourhood house become a scenario file with ranges.

A practitioner knows their house but not the model's parameters. Each question is answered with
a choice (e.g. few / average / many / don't know); a choice on a scale gives a best guess, which a
plain run uses, and a range in `[uncertain]`, which the explorer samples; "don't know" gives the
whole width of the scale. Choices that are not numbers (how the house decides, a steering group)
set a value and have no range. The texts of the questions and choices are in `simulation.i18n`
(`intake_*`), in Dutch and English.

The file written is self-contained (no `extends`): a file that extends `baseline.toml` by name
runs in the app, which resolves shipped parents in the scenario library, but not from the
command line in any other folder, where `extends` is resolved next to the file. The baseline is
the documented defaults (apart from its name), so the file names only what the answers change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.prompt import Prompt

from simulation.house.library import DEFAULT_SCENARIO, shipped_scenarios
from simulation.house.scenario import (
    Scenario,
    ScenarioError,
    flat_values,
    load_scenario,
    read_toml,
    toml_value,
    uncertain_toml,
    with_overrides,
)
from simulation.i18n import LANGUAGES, Lang, t

UNKNOWN = "unknown"
SCALE = ("low", "mid", "high")
NAME = "name"
"""The answers file's key for the house's name (every other key is a question's)."""


@dataclass(frozen=True)
class Band:
    """One answer on a scale: the best guess and the range it stands for."""

    low: float
    guess: float
    high: float


@dataclass(frozen=True)
class Scale:
    """A question about how much (or how often) of something, set on one numeric parameter.

    `labels` names the words of the three answers (`intake_<labels>_low` ... in i18n).
    """

    key: str
    parameter: str
    labels: str
    bands: tuple[Band, Band, Band]

    @property
    def choices(self) -> tuple[str, ...]:
        return (*SCALE, UNKNOWN)

    def label_key(self, choice: str) -> str:
        return "intake_unknown" if choice == UNKNOWN else f"intake_{self.labels}_{choice}"

    def answer(self, choice: str) -> tuple[dict[str, Any], dict[str, tuple[float, float]]]:
        """The parameter's best guess and range; "don't know" spans the whole scale."""
        if choice == UNKNOWN:
            guess = self.bands[1].guess
            low = min(b.low for b in self.bands)
            high = max(b.high for b in self.bands)
        else:
            band = self.bands[SCALE.index(choice)]
            guess, low, high = band.guess, band.low, band.high
        return {self.parameter: guess}, {self.parameter: (low, high)}


@dataclass(frozen=True)
class Pick:
    """A question whose answers are kinds, not amounts: each sets values and has no range;
    "don't know" keeps the baseline's."""

    key: str
    options: Mapping[str, Mapping[str, Any]]

    @property
    def choices(self) -> tuple[str, ...]:
        return (*self.options, UNKNOWN)

    def label_key(self, choice: str) -> str:
        return "intake_unknown" if choice == UNKNOWN else f"intake_{self.key}_{choice}"

    def answer(self, choice: str) -> tuple[dict[str, Any], dict[str, tuple[float, float]]]:
        return dict(self.options.get(choice, {})), {}


Question = Scale | Pick

QUESTIONS: tuple[Question, ...] = (
    Scale("residents", "population.residents", "amount",
          (Band(20, 28, 35), Band(35, 40, 60), Band(60, 90, 120))),
    Scale("municipality", "power.asymmetry", "strength",
          (Band(0.2, 0.3, 0.4), Band(0.4, 0.5, 0.6), Band(0.6, 0.7, 0.85))),
    Scale("conflict", "trust.prior_conflict", "conflict",
          (Band(0.0, 0.0, 0.1), Band(0.1, 0.25, 0.4), Band(0.4, 0.6, 0.8))),
    Pick("steering_group", {"yes": {"interventions.steering_group.enabled": True}, "no": {}}),
    Scale("stuck", "vertical.execution_administration.pass_probability", "often",   # reversed:
          (Band(0.8, 0.88, 0.95), Band(0.6, 0.75, 0.8), Band(0.35, 0.5, 0.6))),    # stuck = fails
    Scale("trust", "trust.between", "amount",
          (Band(0.25, 0.35, 0.4), Band(0.4, 0.5, 0.6), Band(0.6, 0.7, 0.8))),
    Scale("sharing", "shortcoming.sharing", "amount",
          (Band(0.2, 0.3, 0.4), Band(0.4, 0.5, 0.6), Band(0.6, 0.7, 0.8))),
    Pick("decision_rule", {"majority": {"house.decision_rule": "majority"},
                           "consent": {"house.decision_rule": "consent"},
                           "consensus": {"house.decision_rule": "consensus"},
                           "chair": {"house.decision_rule": "hierarchical"}}),
    Scale("silence", "speaking.silencing", "often",
          (Band(0.2, 0.35, 0.45), Band(0.45, 0.6, 0.7), Band(0.7, 0.8, 0.9))),
    Scale("usual_suspects", "population.self_selection", "often",
          (Band(0.3, 0.5, 0.8), Band(0.8, 1.0, 1.5), Band(1.5, 2.0, 2.5))),
    Scale("distance", "influence.positions.resident", "distance",   # far apart = lower
          (Band(0.45, 0.5, 0.55), Band(0.3, 0.35, 0.45), Band(0.1, 0.2, 0.3))),
    Scale("staff", "engagement.staff_initial", "amount",
          (Band(0.4, 0.55, 0.65), Band(0.65, 0.8, 0.9), Band(0.9, 0.95, 1.0))),
    Scale("contact", "informal.contact_rate", "often",
          (Band(0.05, 0.1, 0.15), Band(0.15, 0.2, 0.3), Band(0.3, 0.4, 0.5))),
)
BY_KEY = {question.key: question for question in QUESTIONS}


def choice_text(question: Question, choice: str, lang: Lang) -> str:
    return t(question.label_key(choice), lang)


def read_choice(question: Question, given: Any) -> str | None:
    """The choice an answer names, by its key or its words in either language; None if none."""
    if not isinstance(given, str):
        return None
    wanted = given.strip().casefold()
    for choice in question.choices:
        names = {choice, *(choice_text(question, choice, lang) for lang in LANGUAGES)}
        if wanted in {name.casefold() for name in names}:
            return choice
    return None


def read_answers(path: Path, lang: Lang) -> tuple[str, dict[str, str]]:
    """The house's name and a choice per question from an answers file (`key = "choice"`).

    A question left out is answered "don't know"; an unknown key or choice is a ScenarioError
    naming the file, the key and what is allowed.
    """
    table = read_toml(Path(path))
    problems = []
    name = table.pop(NAME, t("intake_default_name", lang))
    if not isinstance(name, str) or not name.strip():
        problems.append((NAME, "allowed: the house's name, as text"))
    answers = {}
    for key, given in table.items():
        question = BY_KEY.get(key)
        if question is None:
            problems.append((key, f"unknown question; allowed: {NAME}, {', '.join(BY_KEY)}"))
            continue
        choice = read_choice(question, given)
        if choice is None:
            words = ", ".join(f"{c} ({choice_text(question, c, lang)})" for c in question.choices)
            problems.append((key, f"{json.dumps(given, default=str)[:40]} is not a choice; "
                                  f"allowed: {words}"))
        else:
            answers[key] = choice
    if problems:
        raise ScenarioError(path, problems)
    return str(name).strip(), answers


def interview(console: Console, lang: Lang) -> tuple[str, dict[str, str]]:
    """Ask every question on the terminal; Enter keeps "don't know"."""
    console.print(t("intake_intro", lang), highlight=False)
    name = Prompt.ask(t("intake_ask_name", lang), console=console,
                      default=t("intake_default_name", lang))
    answers = {}
    for number, question in enumerate(QUESTIONS, 1):
        console.print(f"\n[bold]{number}. {t(f'intake_q_{question.key}', lang)}[/]")
        console.print(t(f"intake_h_{question.key}", lang), style="dim", highlight=False)
        for index, choice in enumerate(question.choices, 1):
            shown = "".join(f"   [{low} - {high}]" for low, high in question.answer(choice)[1]
                            .values())
            console.print(f"  {index}. {choice_text(question, choice, lang)}{shown}",
                          highlight=False, markup=False)
        picked = Prompt.ask(t("intake_pick", lang), console=console,
                            choices=[str(i) for i in range(1, len(question.choices) + 1)],
                            default=str(len(question.choices)))
        answers[question.key] = question.choices[int(picked) - 1]
    return name, answers


def house(name: str, answers: Mapping[str, str], lang: Lang) -> Scenario:
    """The baseline house with the answers' best guesses and ranges (unanswered: don't know)."""
    values: dict[str, Any] = {"meta.name": name, "meta.description": t("intake_description", lang)}
    ranges: dict[str, tuple[float, float]] = {}
    for question in QUESTIONS:
        guess, spread = question.answer(answers.get(question.key, UNKNOWN))
        values.update(guess)
        ranges.update(spread)
    base = load_scenario(shipped_scenarios()[DEFAULT_SCENARIO])
    return with_overrides(base, {**values, "uncertain": ranges})


def profile_toml(scenario: Scenario, answers: Mapping[str, str], lang: Lang) -> str:
    """The house as a commented, self-contained scenario file: what differs from the documented
    defaults, each value set by an answer under its question, then the ranges."""
    notes: dict[str, str] = {}   # the question and answer above each value they set
    unset = []                   # answers that set nothing (e.g. "don't know" the rule)
    for question in QUESTIONS:
        choice = answers.get(question.key, UNKNOWN)
        note = f"{t(f'intake_q_{question.key}', lang)} -> {choice_text(question, choice, lang)}"
        guess, _ = question.answer(choice)
        notes.update(dict.fromkeys(guess, note))
        unset += [] if guess else [note]
    defaults = flat_values(Scenario())
    changed = {path: value for path, value in flat_values(scenario).items()
               if value != defaults[path] or path in notes or path.startswith("meta.")}
    lines = [f"# {line}".rstrip() for line in t("intake_header", lang).splitlines()]
    lines += ["#", *(f"# {note}" for note in unset)] if unset else []
    table = None
    for path, value in changed.items():
        section, key = path.rsplit(".", 1)
        if section != table:
            lines += ["", f"[{section}]"]
            table = section
        if path in notes:
            lines.append(f"# {notes[path]}")
        lines.append(f"{key} = {toml_value(value)}")
    lines += ["", *(f"# {line}".rstrip() for line in t("intake_ranges", lang).splitlines())]
    return "\n".join(lines) + "\n" + uncertain_toml(scenario.uncertain, notes)


def write_profile(out: Path, name: str, answers: Mapping[str, str], lang: Lang) -> Scenario:
    """Write the house's file; the house returned is the file loaded, as `run` would load it."""
    out.write_text(profile_toml(house(name, answers, lang), answers, lang), encoding="utf-8")
    return load_scenario(out)
