"""docs/model.md cannot drift from the code: every scenario parameter and every outcome is there.

The parameter tables in docs/model.md (section "## 4. Parameters") are generated from
`simulation.house.scenario.iter_parameters()`. These tests fail when a parameter is added, removed,
renamed or given another default, range, unit or source without the documentation following.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import iter_parameters

DOCS = Path(__file__).resolve().parent.parent / "docs"
MODEL_MD = DOCS / "model.md"
PARAMETERS_HEADING = "## 4. Parameters"
REFERENCES_HEADING = "## 9. References"


def fmt(value: Any) -> str:
    """A default as the tables print it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def fmt_range(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        return "—"
    if hi is None:
        return f"≥ {fmt(lo)}"
    return f"{fmt(lo)} – {fmt(hi)}"


def expected_row(param: dict[str, Any]) -> str:
    """The Markdown row the tables hold for a parameter (as generated from iter_parameters)."""
    allowed = fmt_range(param["min"], param["max"])
    return (f"| `{param['name']}` | {fmt(param['default'])} | {allowed}"
            f" | {param['unit'] or '—'} | {param['meaning']} | {param['source'] or 'assumption'} |")


def section(text: str, heading: str) -> str:
    """The text from `heading` up to the next heading of the same level."""
    start = text.index(heading)
    level = heading.split(" ")[0]
    nxt = re.search(rf"^{level} ", text[start + len(heading):], flags=re.MULTILINE)
    end = start + len(heading) + nxt.start() if nxt else len(text)
    return text[start:end]


def table_rows(text: str) -> dict[str, list[str]]:
    """Markdown table rows keyed by their first cell when that is a `code` name."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


@pytest.fixture(scope="module")
def model_md() -> str:
    return MODEL_MD.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parameter_rows(model_md: str) -> dict[str, list[str]]:
    return table_rows(section(model_md, PARAMETERS_HEADING))


PARAMETERS = iter_parameters()


def test_there_are_parameters_to_check() -> None:
    assert len(PARAMETERS) > 100


@pytest.mark.parametrize("param", PARAMETERS, ids=lambda p: p["name"])
def test_parameter_documented_with_default_range_unit_source(
        param: dict[str, Any], parameter_rows: dict[str, list[str]]) -> None:
    name = param["name"]
    assert name in parameter_rows, (
        f"{name} is missing from the tables under '{PARAMETERS_HEADING}' in docs/model.md; "
        f"add the row:\n{expected_row(param)}")
    default, allowed, unit, _meaning, source = parameter_rows[name][:5]
    hint = f"; the code says:\n{expected_row(param)}"
    assert default == fmt(param["default"]), f"{name}: default in docs {default!r}{hint}"
    if param["min"] is not None or param["max"] is not None:
        assert allowed == fmt_range(param["min"], param["max"]), f"{name}: range {allowed!r}{hint}"
    assert unit == (param["unit"] or "—"), f"{name}: unit {unit!r}{hint}"
    if param["source"]:
        assert source.startswith(param["source"]), f"{name}: source {source!r}{hint}"
    else:
        assert source, f"{name}: give a source or the word assumption"


def test_no_stale_parameter_rows(parameter_rows: dict[str, list[str]]) -> None:
    known = {p["name"] for p in iter_parameters()}
    stale = sorted(set(parameter_rows) - known)
    assert not stale, f"docs/model.md documents parameters the code no longer has: {stale}"


@pytest.mark.parametrize("name", [*OUTCOMES, "official_lean"])
def test_outcome_documented(name: str, model_md: str) -> None:
    rows = table_rows(section(model_md, "## 5. Outcomes"))
    assert name in rows, f"outcome {name} has no row under '## 5. Outcomes' in docs/model.md"


def test_cited_parameter_sources_are_in_the_references(model_md: str) -> None:
    references = section(model_md, REFERENCES_HEADING)
    missing = []
    for param in iter_parameters():
        source = param["source"]
        if not source or source.startswith("assumption"):
            continue
        author = re.match(r"[A-Z][\w-]+", source)
        year = re.search(r"\b(?:19|20)\d\d\b", source)
        entries = [line for line in references.splitlines() if author and author[0] in line]
        if not entries or (year and not any(year[0] in line for line in entries)):
            missing.append(f"{param['name']}: {source}")
    assert not missing, f"sources cited but not in the references: {missing}"


def test_interventions_heading_present(model_md: str) -> None:
    assert re.search(r"^## 7\. Interventions\s*$", model_md, flags=re.MULTILINE)


def test_tests_named_in_the_docs_exist(model_md: str) -> None:
    """Every `tests/FILE.py::test_name` the docs cite as checking a pattern is a real test."""
    root = DOCS.parent
    cited = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", model_md))
    assert cited
    missing = [f"{path}::{name}" for path, name in sorted(cited)
               if not (root / path).exists()
               or f"def {name}(" not in (root / path).read_text(encoding="utf-8")]
    assert not missing, f"docs/model.md cites tests that do not exist: {missing}"
