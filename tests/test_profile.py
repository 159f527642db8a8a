"""The intake: questions in both languages, answers to a house with ranges, the `house new` CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulation.analysis.profile import (
    QUESTIONS,
    SCALE,
    UNKNOWN,
    Scale,
    choice_text,
    house,
    profile_toml,
    read_answers,
    write_profile,
)
from simulation.app.session import scenario_from_upload
from simulation.cli import app
from simulation.house.runner import run_house
from simulation.house.scenario import (
    ScenarioError,
    is_integer_parameter,
    iter_parameters,
    load_scenario,
    with_overrides,
)
from simulation.i18n import LANGUAGES, TEXTS

ROOT = Path(__file__).resolve().parents[1]
SCALES = [q for q in QUESTIONS if isinstance(q, Scale)]
RANGES = {row["name"]: (row["min"], row["max"]) for row in iter_parameters()}
ANSWERS = {"residents": "high", "municipality": "low", "conflict": "mid",
           "steering_group": "yes", "decision_rule": "majority"}


def test_every_question_and_choice_has_dutch_and_english_text() -> None:
    assert 10 <= len(QUESTIONS) <= 15
    for question in QUESTIONS:
        for key in (f"intake_q_{question.key}", f"intake_h_{question.key}",
                    *(question.label_key(c) for c in question.choices)):
            assert set(TEXTS.get(key, {})) == set(LANGUAGES), key
            assert all(TEXTS[key].values()), key
        assert TEXTS[f"intake_q_{question.key}"]["nl"] != TEXTS[f"intake_q_{question.key}"]["en"]


@pytest.mark.parametrize("question", SCALES, ids=lambda q: q.key)
def test_each_answer_is_a_guess_inside_its_range_and_dont_know_is_the_widest(
        question: Scale) -> None:
    lo, hi = RANGES[question.parameter]
    spans = {}
    for choice in question.choices:
        guess, ranges = question.answer(choice)
        low, high = ranges[question.parameter]
        assert lo <= low <= guess[question.parameter] <= high <= hi, choice
        if is_integer_parameter(question.parameter):
            assert all(isinstance(v, int) for v in (low, high, guess[question.parameter]))
        spans[choice] = (low, high)
    widest = spans.pop(UNKNOWN)
    assert all(widest[0] <= low and high <= widest[1] for low, high in spans.values())
    assert widest[1] - widest[0] > max(high - low for low, high in spans.values())


def test_scripted_answers_give_a_file_that_loads_with_the_expected_ranges(tmp_path: Path) -> None:
    sc = write_profile(tmp_path / "house.toml", "Noord", ANSWERS, "nl")
    assert sc.meta.name == "Noord"
    assert sc.uncertain["population.residents"] == (60, 120)
    assert sc.uncertain["power.asymmetry"] == (0.2, 0.4)
    assert sc.population.residents == 90 and sc.power.asymmetry == 0.3
    assert sc.house.decision_rule == "majority"
    assert "steering_group" in sc.interventions.enabled()
    unanswered = next(q for q in SCALES if q.key not in ANSWERS)
    assert sc.uncertain[unanswered.parameter] == unanswered.answer(UNKNOWN)[1][unanswered.parameter]
    assert not any(p.split(".")[0] in ("meta", "run", "interventions") for p in sc.uncertain)


def test_the_file_is_commented_in_the_chosen_language(tmp_path: Path) -> None:
    for lang in LANGUAGES:
        path = tmp_path / f"{lang}.toml"
        write_profile(path, "Noord", ANSWERS, lang)
        content = path.read_text(encoding="utf-8")
        for question in QUESTIONS:
            assert TEXTS[f"intake_q_{question.key}"][lang] in content
        other = next(o for o in LANGUAGES if o != lang)
        assert TEXTS["intake_q_residents"][other] not in content


def test_the_widest_houses_are_valid_and_run(tmp_path: Path) -> None:
    """Every answer 'don't know': the corners of the ranges are houses the model can run."""
    sc = write_profile(tmp_path / "house.toml", "Zuid", {}, "en")
    for pick in (0, 1):
        corner = with_overrides(sc, {path: bounds[pick] for path, bounds in sc.uncertain.items()})
        assert run_house(corner, seed=1, steps=3).scenario == corner
    assert run_house(sc, seed=0, steps=3).scenario == sc


def test_the_file_runs_unchanged_in_the_app(tmp_path: Path) -> None:
    path = tmp_path / "house.toml"
    sc = write_profile(path, "Noord", ANSWERS, "nl")
    assert "extends" not in load_scenario(path).model_dump()
    assert scenario_from_upload(path.read_bytes()).model_dump(exclude={"meta"}) \
        == sc.model_dump(exclude={"meta"})


def test_answers_may_name_a_choice_by_key_or_by_its_words(tmp_path: Path) -> None:
    question = SCALES[0]
    words = [SCALE[2], choice_text(question, "high", "nl"), choice_text(question, "high", "en")]
    for index, word in enumerate(words):
        path = tmp_path / f"a{index}.toml"
        path.write_text(f'name = "Oost"\n{question.key} = "{word.upper()}"\n', encoding="utf-8")
        assert read_answers(path, "nl") == ("Oost", {question.key: "high"})


@pytest.mark.parametrize(("text", "field", "allowed"), [
    ('residnets = "veel"\n', "residnets", "allowed: name, residents"),
    ('residents = "lots"\n', "residents", "allowed: low (weinig), mid (gemiddeld)"),
    ("residents = 3\n", "residents", "is not a choice"),
    ("name = 3\n", "name", "the house's name, as text"),
])
def test_bad_answers_name_the_file_the_question_and_the_choices(
        tmp_path: Path, text: str, field: str, allowed: str) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_answers(path, "nl")
    assert f"{path}: {field}: " in str(info.value) and allowed in str(info.value)


def test_profile_toml_names_only_what_the_answers_and_the_name_set() -> None:
    text = profile_toml(house("West", ANSWERS, "en"), ANSWERS, "en")
    assert "extends" not in text
    assert "[run]" not in text   # the baseline's run is the default
    assert '"population.residents" = [60, 120]' in text


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def test_house_new_end_to_end_then_validate(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('name = "Huis Noord"\nresidents = "veel"\nconflict = "een beetje"\n',
                       encoding="utf-8")
    out = tmp_path / "out.toml"
    proc = cli("house", "new", str(out), "--answers", str(answers), "--lang", "nl")
    assert proc.returncode == 0, proc.stderr
    assert "samensturing run" in proc.stdout
    assert load_scenario(out).uncertain["trust.prior_conflict"] == (0.1, 0.4)
    assert cli("validate", str(out)).returncode == 0
    again = cli("house", "new", str(out), "--answers", str(answers))
    assert again.returncode == 2 and "--force" in again.stderr
    assert cli("house", "new", str(out), "--answers", str(answers), "--force").returncode == 0


def test_house_new_bad_answers_is_exit_2_without_traceback(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('residents = "lots"\n', encoding="utf-8")
    proc = cli("house", "new", str(tmp_path / "out.toml"), "--answers", str(answers))
    assert proc.returncode == 2
    assert f"{answers}: residents:" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out.toml").exists()


def test_house_new_asks_in_the_terminal_and_enter_means_dont_know(tmp_path: Path) -> None:
    out = tmp_path / "house.toml"
    typed = "Noord\n3\n" + "\n" * (len(QUESTIONS) - 1)   # first question: "many"
    result = CliRunner().invoke(app, ["house", "new", str(out), "--lang", "en"], input=typed)
    assert result.exit_code == 0, result.output
    assert TEXTS["intake_q_residents"]["en"] in result.output
    sc = load_scenario(out)
    assert sc.meta.name == "Noord"
    assert sc.uncertain["population.residents"] == (60, 120)
    assert sc.uncertain["power.asymmetry"] == SCALES[1].answer(UNKNOWN)[1]["power.asymmetry"]


def test_the_practitioners_guide_lists_every_question_as_the_code_maps_it() -> None:
    """docs/practitioners.md's table cannot drift from the questions: key, Dutch text, parameter,
    and for a scale every answer's guess and range."""
    rows = {line.split("|")[1].strip(): line for line in
            (ROOT / "docs" / "practitioners.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")}
    for question in QUESTIONS:
        row = rows[f"`{question.key}`"]
        assert TEXTS[f"intake_q_{question.key}"]["nl"] in row
        for choice in question.choices:
            guess, ranges = question.answer(choice)
            for path, value in guess.items():
                shown = f"[{ranges[path][0]}–{ranges[path][1]}]" if path in ranges else ""
                assert path.rsplit(".", 1)[0] in row, path
                if shown:
                    assert f"{choice_text(question, choice, 'nl')} {value} {shown}" in row


def test_house_new_without_a_terminal_or_answers_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "house.toml"
    result = CliRunner().invoke(app, ["house", "new", str(out), "--lang", "en"], input="")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "--answers" in result.output and not out.exists()
