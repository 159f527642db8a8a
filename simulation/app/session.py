"""One browser session's houses: the chosen settings, the models built from them, and their data.

Kept free of Solara so the rules (what a setting changes, what the twin house without
interventions is, what the CSV holds) are tested without a browser. A `Houses` object belongs to
exactly one session; the lock keeps the play thread and button clicks from stepping it at once.
"""

from __future__ import annotations

import csv
import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from simulation.house.library import SCENARIO_DIR, check_extends_shipped, shipped_scenarios
from simulation.house.model import HouseModel
from simulation.house.scenario import (
    VERTICAL_LEVELS,
    Scenario,
    ScenarioError,
    load_scenario,
    parse_toml,
    resolve_table,
    validate_data,
    with_overrides,
)
from simulation.interventions.config import Interventions

UPLOAD_LIMIT_KB = 64
UPLOAD_FILE = "upload"   # the name an upload is validated under, never one the user chose
NAME_SHOWN, NAME_END = 60, 16   # characters of an uploaded file's name shown, and of its end
INTERVENTIONS: tuple[str, ...] = tuple(Interventions.model_fields)
VERTICAL_KEYS = tuple(f"vertical.{level}.pass_probability" for level in VERTICAL_LEVELS)

log = logging.getLogger(__name__)


def first_choice() -> Choice:
    """What a new session starts with: the baseline house (or the defaults if none is shipped)."""
    shipped = shipped_scenarios()
    if not shipped:
        return Choice(name="default", base=Scenario())
    name, path = next(iter(shipped.items()))
    return Choice(name=name, base=load_scenario(path))


def shown_name(name: str) -> str:
    """An uploaded file's name as messages show it: one printable line of at most 60 characters.

    The name is whatever the browser (or anyone posing as one) sent: it is never used as a path,
    and a long one keeps its start and its end, where the extension is.
    """
    if len(name) > NAME_SHOWN:
        name = f"{name[:NAME_SHOWN - NAME_END - 1]}…{name[-NAME_END:]}"
    return "".join(ch if ch.isprintable() else "?" for ch in name).strip() or "(upload)"


def load_upload(name: str, size: int, read: Callable[[int], bytes]) -> Scenario:
    """Validate an uploaded scenario as the CLI does; any failure is a ScenarioError naming it.

    `size` is what the browser reported; above the limit it sent nothing, so `read` is not called
    (a class shares one server's memory). What did arrive is measured as well, since a client can
    claim any size: `read(n)` returns at most n bytes. An upload must only ever produce the error
    box, so a failure nobody foresaw becomes one too, with its traceback in the server log.
    """
    shown = shown_name(name)
    limit = UPLOAD_LIMIT_KB * 1024
    try:
        if size > limit:
            raise _too_large(f"{size / 1024:.0f} kB")
        data = read(limit + 1)
        if len(data) > limit:
            raise _too_large(f"more than {UPLOAD_LIMIT_KB} kB")
        return scenario_from_upload(data)
    except ScenarioError as exc:
        raise ScenarioError(shown, exc.problems) from None
    except Exception:
        log.exception("uploaded scenario %r could not be validated", shown)
        raise ScenarioError(shown, [("(file)", "cannot be read: an error in the app "
                                               "(the server log has the details)")]) from None


def _too_large(size: str) -> ScenarioError:
    return ScenarioError(UPLOAD_FILE, [("(file)", f"{size} is too large; allowed: at most "
                                                  f"{UPLOAD_LIMIT_KB} kB")])


def scenario_from_upload(data: bytes) -> Scenario:
    """An upload's bytes validated under a fixed file name, as the CLI validates a file.

    Students usually start from a copy of a shipped file, so `extends = "baseline.toml"` works:
    the upload may extend only a shipped scenario (checked before any other file is read), which
    is then resolved in the scenario library. Nothing is written to disk.
    """
    table = parse_toml(data, UPLOAD_FILE)
    check_extends_shipped(table, UPLOAD_FILE)
    return validate_data(resolve_table(table, UPLOAD_FILE, SCENARIO_DIR), UPLOAD_FILE)


@dataclass(frozen=True)
class Choice:
    """What the student chose: a base scenario, the seed and dotted overrides from the controls.

    In side-by-side mode (`compare`) the second house is the same house without interventions,
    or, when `second` names a shipped scenario, that scenario as shipped (`second_base`): the
    overrides belong to the first house only, so the second stays the house its name says.
    """

    name: str
    base: Scenario
    seed: int = 0
    overrides: Mapping[str, Any] = field(default_factory=dict)
    compare: bool = False
    second: str | None = None
    second_base: Scenario | None = None

    def with_base(self, name: str, base: Scenario) -> Choice:
        """Another scenario, keeping seed and mode; the old overrides belonged to the old one."""
        return replace(self, name=name, base=base, overrides={})

    def with_second(self, name: str | None, base: Scenario | None = None) -> Choice:
        """Another second house: a scenario and its base, or None for "without interventions"."""
        return replace(self, second=name, second_base=base if name is not None else None)

    def changed(self, overrides: Mapping[str, Any]) -> Choice:
        """The same choice with some more dotted overrides."""
        return replace(self, overrides={**self.overrides, **overrides})

    def scenario(self) -> Scenario:
        """The base scenario with the overrides, validated (raises ScenarioError)."""
        return with_overrides(self.base, self.overrides, self.name) if self.overrides \
            else self.base

    @property
    def beside(self) -> str | None:
        """The name of the scenario beside this one, when side by side shows another scenario."""
        return self.second if self.compare and self.second_base is not None else None

    def labels(self) -> tuple[str, ...]:
        """The houses' labels (the CSV's `house` column): with/without, or first/second."""
        if not self.compare:
            return ("with",)
        return ("first", "second") if self.beside else ("with", "without")


def without_interventions(scenario: Scenario) -> Scenario:
    """The twin house: the same scenario with every intervention switched off."""
    off = {f"interventions.{name}.enabled": False for name in scenario.interventions.enabled()}
    return with_overrides(scenario, off) if off else scenario


@dataclass(frozen=True, eq=False)
class Room:
    """One house's latest meeting as the room view draws it, copied so a step cannot change it."""

    roles: tuple[str, ...]      # of those present, in the meeting's order
    power: tuple[float, ...]
    turns: tuple[int, ...]
    weights: np.ndarray         # weight listener i gave speaker j, among those present
    absent: tuple[str, ...]     # roles of the active participants who did not come
    decided: bool

    @classmethod
    def of(cls, model: HouseModel) -> Room:
        meeting = model.last_meeting
        agents = {agent.index: agent for agent in model.agents}
        present = [int(i) for i in meeting.present]
        here = set(present)
        return cls(roles=tuple(agents[i].role for i in present),
                   power=tuple(agents[i].power for i in present),
                   turns=tuple(int(n) for n in meeting.turns),
                   weights=meeting.weights.copy(),
                   absent=tuple(agent.role for index, agent in sorted(agents.items())
                                if agent.active and index not in here),
                   decided=bool(meeting.decided))


@dataclass(frozen=True, eq=False)
class View:
    """The houses at one moment, read under the lock so one render shows one consistent week."""

    week: int
    steps: int
    series: dict[str, dict[str, list[float]]]
    rooms: dict[str, Room]
    name: str = ""              # the first house's scenario
    beside: str | None = None   # the second house's scenario, if it is another one

    @property
    def finished(self) -> bool:
        return self.week >= self.steps


class Houses:
    """The student's house and, in side-by-side mode, a second house with the same seed.

    Both are stepped together under the lock, so they are always at the same week.
    """

    def __init__(self, choice: Choice) -> None:
        self._lock = threading.Lock()
        self.week = 0
        self.choice = choice
        self.models = self._build(choice)

    @staticmethod
    def _build(choice: Choice) -> dict[str, HouseModel]:
        scenario = choice.scenario()
        first, *second = choice.labels()
        models = {first: HouseModel(scenario, seed=choice.seed)}
        if second:
            other = choice.second_base if choice.beside else None
            models[second[0]] = HouseModel(other or without_interventions(scenario),
                                           seed=choice.seed)
        return models

    @property
    def first(self) -> HouseModel:
        """The student's own house, the one the controls change."""
        return next(iter(self.models.values()))

    @property
    def steps(self) -> int:
        """Weeks in the run; the houses stop together at the shorter one's end."""
        return _steps(self.models)

    @property
    def finished(self) -> bool:
        return self.week >= self.steps

    def step(self) -> bool:
        """One week in every house; False when the run is already over."""
        with self._lock:
            if self.finished:
                return False
            for model in self.models.values():
                model.step()
            self.week += 1
            return True

    def apply(self, choice: Choice) -> None:
        """Rebuild with new settings and replay to the current week (same seed: a fair view).

        Raises ScenarioError, leaving the current houses as they were, if the settings clash.
        """
        models = self._build(choice)
        with self._lock:
            week = min(self.week, _steps(models))
            for _ in range(week):
                for model in models.values():
                    model.step()
            self.choice, self.models, self.week = choice, models, week

    def reset(self) -> None:
        """Back to week 0 with the current settings."""
        models = self._build(self.choice)
        with self._lock:
            self.models, self.week = models, 0

    def series(self) -> dict[str, dict[str, list[float]]]:
        """Each house's outcome series (one value per week), copied so a step cannot change them.

        Plain lists rather than a DataFrame: the charts redraw from them after every step.
        """
        with self._lock:
            return self._series()

    def _series(self) -> dict[str, dict[str, list[float]]]:
        return {label: {name: list(values)
                        for name, values in model.datacollector.model_vars.items()}
                for label, model in self.models.items()}

    def view(self) -> View:
        """Week, series and rooms of every house, all from the same moment."""
        with self._lock:
            return View(week=self.week, steps=self.steps, series=self._series(),
                        rooms={label: Room.of(model) for label, model in self.models.items()},
                        name=self.choice.name, beside=self.choice.beside)

    def csv(self) -> str:
        """The run's data, one row per house and week, after comment lines saying what was run.

        The lines before the header (`# scenario: ...`, `# setting: power.asymmetry = 0.8`, ...)
        are what a student needs to rerun or cite the house; `pd.read_csv(f, comment="#")` skips
        them, and text cells are quoted so a `#` in an uploaded scenario's name stays data.
        """
        frames = []
        names = (self.choice.name, self.choice.beside or self.choice.name)
        for (label, columns), name in zip(self.series().items(), names, strict=False):
            frame = pd.DataFrame(columns)
            frame.insert(0, "week", range(1, len(frame) + 1))
            frame.insert(0, "house", label)
            frame.insert(0, "seed", self.choice.seed)
            frame.insert(0, "scenario", name)   # the second house's rows name its scenario
            frames.append(frame)
        data = pd.concat(frames, ignore_index=True)
        header = "".join(f"# {line}\n" for line in provenance(self.choice))
        return header + data.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)


def provenance(choice: Choice) -> list[str]:
    """What the download's comment lines record: scenario, seed, mode, settings, interventions.

    Values are written as JSON (true, null, "consent"), so they read back without guessing; an
    intervention's line has every parameter, the defaults too, since those are part of the run.
    Another scenario side by side gets its name and its interventions (`second intervention:`);
    the settings are the first house's only.
    """
    lines = [f"scenario: {choice.name}", f"seed: {choice.seed}",
             f"side by side without interventions: {_value(choice.labels()[-1] == 'without')}"]
    if choice.beside:
        lines.append(f"side by side with scenario: {choice.beside}")
    lines += [f"setting: {key} = {_value(value)}"
              for key, value in sorted(choice.overrides.items())]
    lines += _interventions("intervention", choice.scenario())
    if choice.beside and choice.second_base is not None:
        lines += _interventions("second intervention", choice.second_base)
    return [" ".join(line.split()) for line in lines]   # one line each, whatever a name holds


def _interventions(prefix: str, scenario: Scenario) -> list[str]:
    return [f"{prefix}: {name}: "
            + ", ".join(f"{key} = {_value(value)}" for key, value in table.model_dump().items())
            for name, table in scenario.interventions.enabled().items()]


def _steps(models: Mapping[str, HouseModel]) -> int:
    return min(model.config.run.steps for model in models.values())


def _value(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)
