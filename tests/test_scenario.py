"""Scenario files: defaults, extends, overrides, round trips and the bad-input corpus."""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
from typer.testing import CliRunner

from simulation.cli import app
from simulation.house.scenario import (
    MAX_EXTENDS,
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    apply_dotted,
    flat_values,
    iter_parameters,
    load_scenario,
    to_toml,
    validate_data,
    with_overrides,
)
from simulation.interventions.config import Interventions

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_parameter_has_default_range_unit_and_meaning() -> None:
    rows = iter_parameters()
    assert len(rows) > 80
    for row in rows:
        if isinstance(row["default"], int | float) and not isinstance(row["default"], bool):
            assert row["unit"], row["name"]
            assert row["min"] is not None, row["name"]
            assert row["meaning"], row["name"]


def test_extends_merges_the_parent_beneath_the_child(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", "[power]\nasymmetry = 0.7\n[house]\ntopics = 3\n")
    child = write(tmp_path, "child.toml",
                  'extends = "parent.toml"\n[power]\nasymmetry = 0.2\n')
    sc = load_scenario(child)
    assert sc.power.asymmetry == 0.2
    assert sc.house.topics == 3


def test_resolved_scenario_round_trips_through_toml(tmp_path: Path) -> None:
    sc = with_overrides(load_scenario(BASELINE), {"trust.prior_conflict": 0.4,
                                                  "house.decision_rule": "majority"})
    again = load_scenario(write(tmp_path, "resolved.toml", to_toml(sc)))
    assert again == sc
    assert again.digest() == sc.digest()


def test_digest_ignores_layout_but_not_values(tmp_path: Path) -> None:
    a = load_scenario(write(tmp_path, "a.toml", "# comment\n[power]\nasymmetry = 0.5\n"))
    b = load_scenario(write(tmp_path, "b.toml", "[power]\n\n  asymmetry   = 0.50\n"))
    c = load_scenario(write(tmp_path, "c.toml", "[power]\nasymmetry = 0.6\n"))
    assert a.digest() == b.digest() != c.digest()


# the bad-input corpus: (file text, field named in the message, words of what is allowed)
BAD = {
    "syntax": ("[power\nasymmetry = 0.5\n", "(syntax)", "not valid TOML"),
    "unknown_key": ("[power]\nasymetry = 0.5\n", "power.asymetry", "allowed here"),
    "unknown_section": ("[powr]\nasymmetry = 0.5\n", "powr", "allowed here"),
    "wrong_type": ('[house]\ntopics = "four"\n', "house.topics", "allowed: 1 to 20"),
    "out_of_range": ("[power]\nasymmetry = 1.5\n", "power.asymmetry", "allowed: 0 to 1"),
    "bad_rule": ('[house]\ndecision_rule = "vote"\n', "house.decision_rule", "consensus"),
    "contradiction": ("[population]\nresidents = 5\nprofessionals = 1\nofficials = 1\n"
                      "room_capacity = 30\n", "population.room_capacity", "at most"),
    "negative": ("[population]\nresidents = -3\n", "population.residents", "allowed: 1 to"),
    "missing_parent": ('extends = "nowhere.toml"\n', "extends", "nowhere.toml: file not found"),
    "intervention_range": ("[interventions.mayor]\nintensity = 2\n",
                           "interventions.mayor.intensity", "allowed: 0 to 1"),
    "intervention_key": ("[interventions.mayor]\nbackng = 0.5\n",
                         "interventions.mayor.backng", "allowed here: backing"),
    # [uncertain] ranges: each kind of bad range, refused naming the range and what is allowed
    "range_unknown_parameter": ('[uncertain]\n"power.asymetry" = [0.1, 0.2]\n',
                                'uncertain."power.asymetry"', "dotted name of a numeric"),
    "range_not_numeric": ('[uncertain]\n"house.decision_rule" = [0, 1]\n',
                          'uncertain."house.decision_rule"', "not a numeric scenario parameter"),
    "range_under_run": ('[uncertain]\n"run.steps" = [52, 104]\n', 'uncertain."run.steps"',
                        "outside meta, run and interventions"),
    "range_under_interventions": ('[uncertain]\n"interventions.mayor.intensity" = [0, 1]\n',
                                  'uncertain."interventions.mayor.intensity"',
                                  "no ranges in [interventions]"),
    "range_reversed": ('[uncertain]\n"power.asymmetry" = [0.8, 0.2]\n',
                       'uncertain."power.asymmetry"', "above high"),
    "range_outside": ('[uncertain]\n"power.asymmetry" = [0.5, 1.5]\n',
                      'uncertain."power.asymmetry"', "two numbers from 0 to 1"),
    "range_fraction_for_int": ('[uncertain]\n"population.residents" = [30.5, 80]\n',
                               'uncertain."population.residents"', "two whole numbers from 1"),
    "range_one_number": ('[uncertain]\n"power.asymmetry" = 0.5\n', 'uncertain."power.asymmetry"',
                         "allowed: [low, high]"),
    "range_three_numbers": ('[uncertain]\n"power.asymmetry" = [0.1, 0.2, 0.3]\n',
                            'uncertain."power.asymmetry"', "is not a range"),
    "range_text": ('[uncertain]\n"power.asymmetry" = ["low", "high"]\n',
                   'uncertain."power.asymmetry"', "is not a range"),
    "range_nan": ('[uncertain]\n"power.asymmetry" = [nan, 0.5]\n', 'uncertain."power.asymmetry"',
                  "must be finite"),
    "range_not_a_table": ('uncertain = [0.1, 0.2]\n', "uncertain", "must be a table of ranges"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_file_field_and_what_is_allowed(tmp_path: Path, case: str) -> None:
    text, field, allowed = BAD[case]
    path = write(tmp_path, f"{case}.toml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert str(path) in message
    assert field in message
    assert allowed in message


def test_circular_extends_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    b = write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="circular extends"):
        load_scenario(b)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "absent.toml")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulation", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("case", ["syntax", "unknown_key", "out_of_range", "contradiction",
                                  "range_reversed"])
def test_cli_rejects_bad_files_with_exit_2_and_no_traceback(tmp_path: Path, case: str) -> None:
    text, field, _ = BAD[case]
    path = write(tmp_path, f"{case}.toml", text)
    for command in (["validate", str(path)], ["run", str(path), "--steps", "2"]):
        proc = run_cli(*command)
        assert proc.returncode == 2, proc.stderr
        assert field in proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout


RANGES = ('extends = "parent.toml"\n[power]\nasymmetry = 0.6\n[uncertain]\n'
          '"power.asymmetry" = [0.4, 0.8]\n"trust.prior_conflict" = [0, 0.5]\n'
          '"population.residents" = [30, 80]\n')


def test_ranges_load_as_typed_pairs_and_leave_the_best_guess_alone(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", "[trust]\nprior_conflict = 0.2\n")
    sc = load_scenario(write(tmp_path, "house.toml", RANGES))
    assert sc.uncertain == {"power.asymmetry": (0.4, 0.8), "trust.prior_conflict": (0.0, 0.5),
                            "population.residents": (30, 80)}
    assert isinstance(sc.uncertain["population.residents"][0], int)
    assert isinstance(sc.uncertain["trust.prior_conflict"][0], float)
    assert (sc.power.asymmetry, sc.trust.prior_conflict) == (0.6, 0.2)   # a plain run's values
    assert "uncertain" not in {row["name"].split(".")[0] for row in iter_parameters()}
    assert not any(name.startswith("uncertain") for name in flat_values(sc))


def test_ranges_round_trip_through_toml_and_count_in_the_digest(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", "")
    sc = load_scenario(write(tmp_path, "house.toml", RANGES))
    again = load_scenario(write(tmp_path, "resolved.toml", to_toml(sc)))
    assert again == sc and again.digest() == sc.digest()
    narrower = with_overrides(sc, {"uncertain": {**sc.uncertain, "power.asymmetry": [0.5, 0.7]}})
    without = sc.model_copy(update={"uncertain": {}})
    assert len({sc.digest(), narrower.digest(), without.digest()}) == 3
    assert without.digest() == load_scenario(write(tmp_path, "plain.toml", to_toml(without))
                                             ).digest()


def test_a_scenario_without_ranges_keeps_its_digest() -> None:
    """Results written before ranges existed must still match their scenarios."""
    sc = load_scenario(BASELINE)
    blob = json.dumps({k: v for k, v in sc.model_dump(mode="json").items() if k != "uncertain"},
                      sort_keys=True).encode()
    assert sc.digest() == hashlib.sha256(blob).hexdigest()[:16]


def test_a_scenario_with_ranges_is_hashable_like_one_without(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", "")
    a, b = (load_scenario(write(tmp_path, f"{n}.toml", RANGES)) for n in "ab")
    assert hash(a) == hash(b) and len({a, b, Scenario()}) == 2


def test_an_unquoted_dotted_key_is_the_same_range(tmp_path: Path) -> None:
    quoted = '[uncertain]\n"power.asymmetry" = [0.4, 0.8]\n'
    bare = "[uncertain]\npower.asymmetry = [0.4, 0.8]\n"
    assert (load_scenario(write(tmp_path, "b.toml", bare))
            == load_scenario(write(tmp_path, "q.toml", quoted)))


def test_sampled_values_within_the_ranges_are_valid_houses(tmp_path: Path) -> None:
    write(tmp_path, "parent.toml", "")
    sc = load_scenario(write(tmp_path, "house.toml", RANGES))
    for pick in (0, 1):
        house = with_overrides(sc, {path: bounds[pick] for path, bounds in sc.uncertain.items()})
        assert house.uncertain == sc.uncertain
        assert house.power.asymmetry == sc.uncertain["power.asymmetry"][pick]


def test_default_scenario_is_valid() -> None:
    assert Scenario().population.total == 50


# --------------------------------------------------------------------------- hostile input
# Each case once got a traceback, a MemoryError or a hang; each must be one clear line per
# problem naming the file, the field and what is allowed, and exit code 2.

def squash(text: str) -> str:
    """Text without whitespace, so a message wrapped by the terminal still matches."""
    return "".join(text.split())


def nested(depth: int, inline: bool) -> str:
    return "a = " + ("{b=" * depth + "1" + "}" * depth if inline else "[" * depth + "]" * depth)


HOSTILE = {   # file text, words the message must hold
    "inline_tables_5000_deep": (nested(5000, inline=True), "nest too deeply"),
    "arrays_5000_deep": (nested(5000, inline=False), "at most 20 levels"),
    "arrays_30_deep": (nested(30, inline=False), "at most 20 levels"),
    "not_utf8": (b'[meta]\nname = "caf\xe9"\n', "not UTF-8 text"),
    "integer_of_5000_digits": ("[house]\ntopics = " + "9" * 5000 + "\n", "not valid TOML"),
    "extends_a_list": ('extends = ["baseline.toml"]\n', "extends: must be the path"),
    "extends_empty": ('extends = ""\n', "extends: must be the path"),
    "extends_itself": ('extends = "extends_itself.toml"\n', "circular extends"),
    "extends_a_folder": ('extends = "."\n', "is a folder"),
    "bool_for_float": ("[power]\nasymmetry = true\n", "power.asymmetry: Input should be a valid "
                       "number (allowed: 0 to 1"),
    "bool_for_int": ("[house]\ntopics = false\n", "house.topics: Input should be a valid integer"),
    "quoted_number": ('[power]\nasymmetry = "0.5"\n', "power.asymmetry: Input should be a valid "
                      "number"),
    "float_for_int": ("[house]\ntopics = 4.0\n", "house.topics: Input should be a valid integer"),
    "nan": ("[power]\nasymmetry = nan\n", "power.asymmetry: Input should be a finite number"),
    "bool_for_timing": ("[interventions.mayor]\nstart = true\n",
                        "interventions.mayor.start: Input should be a valid integer"),
    "number_for_switch": ("[interventions.mayor]\nenabled = 1\n",
                          "interventions.mayor.enabled: Input should be a valid boolean"),
}


def hostile_file(tmp_path: Path, case: str) -> Path:
    text, _ = HOSTILE[case]
    path = tmp_path / f"{case}.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_scenario_gets_one_line_per_problem_and_exit_2(tmp_path: Path,
                                                               case: str) -> None:
    path = hostile_file(tmp_path, case)
    for command in (["validate", str(path)], ["run", str(path), "--steps", "2"]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, result.output
        assert isinstance(result.exception, SystemExit)   # a clean exit, not a crash
        output = squash(result.output)
        assert squash(f"{path}:") in output and squash(HOSTILE[case][1]) in output


def run_guarded(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line in its own process: a hang fails the test instead of stalling it."""
    return subprocess.run([sys.executable, "-m", "simulation", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def assert_clean_exit_2(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for word in words:
        assert squash(word) in squash(proc.stderr)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_extends_dev_zero_names_both_files(tmp_path: Path) -> None:
    path = write(tmp_path, "zero.toml", 'extends = "/dev/zero"\n')
    assert_clean_exit_2(run_guarded("validate", str(path)),
                        f"{path}: extends: /dev/zero: is a device", "at most 1 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_never_blocks_the_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    child = write(tmp_path, "child.toml", 'extends = "pipe.toml"\n')
    assert_clean_exit_2(run_guarded("run", str(fifo)), f"{fifo}: (file): is a named pipe")
    assert_clean_exit_2(run_guarded("validate", str(child)),
                        f"{child}: extends: {fifo}: is a named pipe")


def test_files_above_the_size_cap_are_refused_before_parsing(tmp_path: Path) -> None:
    big = write(tmp_path, "big.toml", "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(ScenarioError, match="larger than 1 MB"):
        load_scenario(big)
    small = write(tmp_path, "small.toml", "# padding\n" * 7000)   # 70 kB
    load_scenario(small)
    with pytest.raises(ScenarioError, match="larger than 64 kB"):
        load_scenario(small, max_bytes=64 * 1024)


def test_a_folder_is_not_a_scenario(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)


def test_an_error_in_a_parent_names_every_file_on_the_way(tmp_path: Path) -> None:
    top = write(tmp_path, "top.toml", 'extends = "middle.toml"\n')
    write(tmp_path, "middle.toml", 'extends = "broken.toml"\n')
    write(tmp_path, "broken.toml", "[power\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(top)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{top}: extends: {tmp_path / 'middle.toml'}: extends: "
                              f"{tmp_path / 'broken.toml'}: (syntax): not valid TOML")


def test_extends_chains_are_capped(tmp_path: Path) -> None:
    for i in range(MAX_EXTENDS + 1):
        write(tmp_path, f"s{i}.toml", f'extends = "s{i + 1}.toml"\n')
    write(tmp_path, f"s{MAX_EXTENDS + 1}.toml", "")
    with pytest.raises(ScenarioError, match=f"allowed: at most {MAX_EXTENDS}"):
        load_scenario(tmp_path / "s0.toml")
    load_scenario(tmp_path / "s1.toml")   # one level less is fine


def test_a_cli_scenario_may_extend_a_file_outside_its_folder(tmp_path: Path) -> None:
    """Documented in the README: a local user may extend any TOML file they can read."""
    write(tmp_path, "outside.toml", "[power]\nasymmetry = 0.9\n")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    child = write(tmp_path / "deep" / "er", "child.toml", 'extends = "../../outside.toml"\n')
    assert load_scenario(child).power.asymmetry == 0.9


def test_odd_keys_and_many_problems_keep_one_line_each(tmp_path: Path) -> None:
    odd = write(tmp_path, "odd.toml", '[power]\n"a\\nb" = 1\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(odd)
    assert str(info.value).count("\n") == 0 and 'power."a\\nb": unknown key' in str(info.value)
    many = write(tmp_path, "many.toml", "[power]\n" + "".join(f"k{i} = 1\n" for i in range(500)))
    with pytest.raises(ScenarioError) as info:
        load_scenario(many)
    lines = str(info.value).splitlines()
    assert len(lines) == 21 and lines[-1].endswith("and 480 more problems")


NUMERIC = [row for row in iter_parameters()
           if (isinstance(row["default"], int | float) and not isinstance(row["default"], bool))
           or row["default"] is None]


@pytest.mark.parametrize("row", NUMERIC, ids=[row["name"] for row in NUMERIC])
def test_no_numeric_parameter_takes_a_boolean(row: dict[str, Any]) -> None:
    with pytest.raises(ScenarioError) as info:
        validate_data(apply_dotted({}, {row["name"]: True}), "x.toml")
    assert info.value.problems[0][0] == row["name"]
    assert "allowed:" in info.value.problems[0][1]


FLOATS = [row for row in NUMERIC if isinstance(row["default"], float)
          and math.ceil(row["min"]) <= row["max"]]


@pytest.mark.parametrize("row", FLOATS, ids=[row["name"] for row in FLOATS])
def test_a_float_parameter_takes_a_whole_number(row: dict[str, Any]) -> None:
    whole = math.ceil(row["min"])
    scenario = validate_data(apply_dotted({}, {row["name"]: whole}), "x.toml")
    assert flat_values(scenario)[row["name"]] == whole


def test_asymmetry_one_is_accepted_as_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, "one.toml", "[power]\nasymmetry = 1\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert load_scenario(path).power.asymmetry == 1.0


# --------------------------------------------------------------------------- defaults at depth

def probe_value(row: dict[str, Any]) -> Any:
    """A valid value other than the default, from the parameter's declared range."""
    default, lo, hi = row["default"], row["min"], row["max"]
    if isinstance(default, bool):
        return not default
    if default is None:          # e.g. an intervention's `end`: any week after `start`
        return lo + 10
    if isinstance(default, int):
        return default + 1 if hi is None or default + 1 <= hi else default - 1
    if isinstance(default, tuple):   # `channels_off`: switch off the intervention's first one
        name = row["name"].split(".")[1]
        config = get_args(Interventions.model_fields[name].annotation)[0]
        return (config.channels[0],)   # a TOML list; the schema holds it as a tuple
    return (default + hi) / 2 if hi is not None and hi > default else (default + lo) / 2


def sub_tables() -> dict[str, list[dict[str, Any]]]:
    """Every table below a section (at any depth), with its leaf parameters: from the schema."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for row in iter_parameters():
        table = row["name"].rsplit(".", 1)[0]
        if ("." in table and row["default"] is not None) or row["name"].endswith(".end"):
            tables.setdefault(table, []).append(row)
    return tables


SUB_TABLES = sub_tables()
DOCUMENTED = {row["name"]: row["default"] for row in iter_parameters()}


def changed_siblings(scenario: Scenario, table: str, named: set[str]) -> list[str]:
    values = {row["name"]: row["default"] for row in iter_parameters(scenario)}
    return [f"{key}: {DOCUMENTED[key]} -> {values[key]}" for key in DOCUMENTED
            if key.rsplit(".", 1)[0] == table and key not in named
            and values[key] != DOCUMENTED[key]]


def test_the_probe_covers_every_nested_table() -> None:
    assert {"house.meeting_format", "logics.resident", "power.official", "influence.positions",
            "vertical.national_local", "interventions.mayor"} <= set(SUB_TABLES)
    assert sum(len(rows) for rows in SUB_TABLES.values()) > 100


@pytest.mark.parametrize("table", sorted(SUB_TABLES))
def test_setting_one_nested_key_keeps_its_siblings_documented(table: str) -> None:
    changed = []
    for row in SUB_TABLES[table]:
        scenario = validate_data(apply_dotted({}, {row["name"]: probe_value(row)}), "probe")
        assert flat_values(scenario)[row["name"]] == probe_value(row)
        changed += changed_siblings(scenario, table, {row["name"]})
    assert not changed


@pytest.mark.parametrize("table", sorted(SUB_TABLES))
def test_nested_defaults_hold_through_extends(tmp_path: Path, table: str) -> None:
    first, second = SUB_TABLES[table][0], SUB_TABLES[table][-1]
    key = table.split(".")
    header = f"[{'.'.join(key)}]\n"
    write(tmp_path, "parent.toml", f"{header}{first['name'].rsplit('.', 1)[1]} = "
                                   f"{to_toml_value(probe_value(first))}\n")
    child = write(tmp_path, "child.toml", f'extends = "parent.toml"\n{header}'
                  f"{second['name'].rsplit('.', 1)[1]} = {to_toml_value(probe_value(second))}\n")
    scenario = load_scenario(child)
    values = flat_values(scenario)
    assert values[first["name"]] == probe_value(first)
    assert values[second["name"]] == probe_value(second)
    assert not changed_siblings(scenario, table, {first["name"], second["name"]})


def to_toml_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else repr(value)


def test_a_partial_table_keeps_documented_siblings_in_python_too() -> None:
    """The cause is fixed in the schema, not only in the loader: Scenario(...) agrees."""
    sc = Scenario.model_validate({"vertical": {"national_local": {"pass_probability": 0.6}}})
    assert sc.vertical.national_local.applies_to == 0.3
    assert sc.vertical.national_local.delay == 6
    assert sc.vertical.residents_execution.delay == 1


def test_a_bad_value_set_in_a_parent_says_where_it_was_set(tmp_path: Path) -> None:
    parent = write(tmp_path, "parent.toml", "[power]\nasymmetry = 1.5\nasymetry = 0.2\n")
    child = write(tmp_path, "child.toml", 'extends = "parent.toml"\n[house]\ntopics = 99\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    problems = dict(info.value.problems)
    assert problems["power.asymmetry"].endswith(f"(allowed: 0 to 1 share) (set in {parent})")
    assert problems["power.asymetry"].endswith(f"(set in {parent})")
    assert "set in" not in problems["house.topics"]   # the child's own value
    assert str(info.value).startswith(f"{child}: ")
