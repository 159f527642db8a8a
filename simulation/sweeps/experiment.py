"""Experiment files: which scenarios, which design, how many replications, what to keep.

An experiment expands into a *plan*: one validated scenario per design point and one run per
point × replication. Every run has a stable key and its own seed, both derived from what the run
*is* (scenario, settings, replication), never from its position in the list, so adding a factor
level or reordering a file leaves the other runs' keys and seeds untouched. Settings of
interventions are left out of the seed, so arms that differ only in their interventions meet the
same random neighbourhood in each replication (common random numbers): their differences are
paired, which makes comparisons far sharper for the same number of runs.

Layout of a file (all tables but ``[experiment]`` optional)::

    [experiment]                      # name, scenarios, replications, steps, root_seed, ...
    [[design.arms]]                   # explicit list: name + {dotted.key = value}
    [design.factors]                  # full factorial: dotted.key = [level, level, ...]
    [design.ranges]                   # Latin hypercube: dotted.key = [low, high]

The three parts are crossed: arms × factorial levels × hypercube samples.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from scipy.stats import qmc

from simulation.house.outcomes import OUTCOMES
from simulation.house.scenario import (
    Scenario,
    ScenarioError,
    apply_dotted,
    is_integer_parameter,
    load_scenario,
    read_toml,
    with_overrides,
)

INTERVENTION_PREFIX = "interventions."
FOLDER_NAME = re.compile(r"\w[\w\-.]{0,99}")
Value = bool | int | float | str


class ExperimentError(ScenarioError):
    """Malformed experiment input: names the file, the field and what is allowed."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Arm(Strict):
    """One named design point of an explicit list."""

    name: str = Field(min_length=1, pattern=r"^[\w\-.]+$",
                      description="short label without spaces, e.g. 'role_reversal'")
    set: dict[str, Value] = Field(default_factory=dict,
                                  description="dotted scenario keys and their values")


class Design(Strict):
    """Arms × factorial levels × Latin-hypercube samples (each part optional)."""

    arms: list[Arm] = Field(default_factory=list, description="explicit list of design points")
    reference: str | None = Field(
        None, description="arm the others are compared with (default: the first arm)")
    factors: dict[str, list[Value]] = Field(
        default_factory=dict,
        description="full factorial; for interventions list the 'off' level first: it is the "
                    "reference the other levels are compared with")
    ranges: dict[str, tuple[int | float, int | float]] = Field(
        default_factory=dict, description="Latin hypercube: [low, high] per dotted key")
    samples: int = Field(0, ge=0, le=100_000, description="Latin-hypercube points")

    @field_validator("factors")
    @classmethod
    def _levels(cls, factors: dict[str, list[Value]]) -> dict[str, list[Value]]:
        for key, levels in factors.items():
            if not levels:
                raise ValueError(f"factor '{key}' has no levels")
            if len(set(map(json.dumps, levels))) != len(levels):
                raise ValueError(f"factor '{key}' lists a level twice")
        return factors

    @model_validator(mode="after")
    def _consistent(self) -> Design:
        names = [arm.name for arm in self.arms]
        if len(set(names)) != len(names):
            raise ValueError("two arms have the same name")
        if self.reference is not None and self.reference not in names:
            raise ValueError(f"reference '{self.reference}' is not an arm; arms: "
                             f"{', '.join(names) or '(none)'}")
        for key, (low, high) in self.ranges.items():
            if not low < high:
                raise ValueError(f"range of '{key}' needs low < high, got [{low}, {high}]")
        if self.ranges and self.samples < 1:
            raise ValueError("ranges need samples >= 1 (number of Latin-hypercube points)")
        if self.samples and not self.ranges:
            raise ValueError("samples is set but there are no ranges to sample")
        shared = (set(self.factors) & set(self.ranges)) | (
            {k for arm in self.arms for k in arm.set} & (set(self.factors) | set(self.ranges)))
        if shared:
            raise ValueError("set in more than one part of the design: "
                             f"{', '.join(sorted(shared))}")
        return self


class Settings(Strict):
    """The [experiment] table."""

    name: str = Field(description="short name, no spaces: it names the results folder")
    description: str = Field("", description="what the experiment asks, for a lecturer")
    scenarios: list[str] = Field(min_length=1, description="scenario files, relative to this file")
    replications: int = Field(ge=1, le=100_000, description="runs per design point")
    steps: int | None = Field(None, ge=1, le=5200, description="overrides run.steps")
    root_seed: int = Field(ge=0, description="seed from which every run's seed is derived")
    outcomes: list[str] = Field(default_factory=list,
                                description="outcomes to keep (default: all)")
    series_every: int = Field(0, ge=0, le=5200,
                              description="keep the time series every N steps (0 = finals only)")

    @field_validator("name")
    @classmethod
    def _folder_name(cls, name: str) -> str:
        """The default results folder is results/NAME: '..' or 'a/b' would put it elsewhere."""
        if not FOLDER_NAME.fullmatch(name):
            raise ValueError("must be a plain folder name of 1 to 100 letters, digits, '_', '-' "
                             "and '.', not starting with '.' (it names the results folder)")
        return name

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, names: list[str]) -> list[str]:
        unknown = [n for n in names if n not in OUTCOMES]
        if unknown:
            raise ValueError(f"unknown outcome(s) {', '.join(unknown)}; allowed: "
                             f"{', '.join(OUTCOMES)}")
        return names


class ExperimentSpec(Strict):
    experiment: Settings
    design: Design = Design()

    def kept_outcomes(self) -> tuple[str, ...]:
        return tuple(self.experiment.outcomes) or tuple(OUTCOMES)


@dataclass(frozen=True)
class RunSpec:
    """One run of the plan: what it is and the seed it gets."""

    key: str
    scenario: str
    point: str
    replication: int
    seed: int


@dataclass(frozen=True)
class Point:
    """One design point of one scenario, with the point it is compared with."""

    scenario: str
    label: str
    settings: dict[str, Value]
    reference: str
    resolved: Scenario

    @property
    def id(self) -> tuple[str, str]:
        return self.scenario, self.label

    def value_of(self, key: str) -> Value | None:
        """The resolved scenario's value at a dotted key, also where this point does not set it;
        an absent intervention table is switched off (`enabled` is False, the rest None)."""
        node: Any = self.resolved
        for part in key.split("."):
            node = getattr(node, part, None)
        if node is None and is_intervention(key) and key.endswith(".enabled"):
            return False
        return node


@dataclass(frozen=True)
class Plan:
    """The expanded experiment: design points and runs, ready for the sweep engine."""

    spec: ExperimentSpec
    source: Path
    points: dict[tuple[str, str], Point]
    runs: list[RunSpec]

    @cached_property
    def digest(self) -> str:
        """Hash of everything that decides results: run keys, seeds and resolved scenarios."""
        blob = json.dumps({
            "runs": [[r.key, r.seed] for r in self.runs],
            "scenarios": {f"{s}/{p}": pt.resolved.digest() for (s, p), pt in self.points.items()},
            "outcomes": self.spec.kept_outcomes(),
            "series_every": self.spec.experiment.series_every,
        }, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @cached_property
    def varied(self) -> tuple[str, ...]:
        """Every dotted key that some design point sets, in the order the design names them."""
        return tuple(dict.fromkeys(key for point in self.points.values() for key in point.settings))

    def scenario_of(self, run: RunSpec) -> Scenario:
        return self.points[run.scenario, run.point].resolved


# --------------------------------------------------------------------------- loading


def load_experiment(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Plan:
    """Read, validate and expand an experiment file; every problem names its field.

    `overrides` are dotted keys of the file, e.g. {"experiment.replications": 5}.
    """
    path = Path(path)
    try:
        data = apply_dotted(read_toml(path), overrides or {})
    except ScenarioError as exc:  # unreadable file or TOML syntax
        raise ExperimentError(path, exc.problems) from None
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as exc:
        problems = [(".".join(str(p) for p in err["loc"]) or "(top level)",
                     problem_message(err)) for err in exc.errors()]
        raise ExperimentError(path, problems) from None
    return expand(spec, path)


def problem_message(err: Mapping[str, Any]) -> str:
    """One pydantic error as the user reads it (shared by the experiment and cluster files)."""
    if err["type"] == "extra_forbidden":
        return "unknown key"
    return str(err["msg"]).removeprefix("Value error, ")


def expand(spec: ExperimentSpec, source: Path) -> Plan:
    """All design points (validated as scenarios) and all runs of an experiment."""
    exp = spec.experiment
    bases = _load_bases(exp.scenarios, source)
    points: dict[tuple[str, str], Point] = {}
    for scenario_name, base in bases.items():
        for label, settings, reference in design_points(spec.design, exp.root_seed):
            overrides = dict(settings)
            if exp.steps is not None:
                overrides["run.steps"] = exp.steps
            try:
                resolved = with_overrides(base, overrides)
            except ScenarioError as exc:
                problems = [(f"design point '{label}' of {scenario_name}: {field}", msg)
                            for field, msg in exc.problems]
                raise ExperimentError(source, problems) from None
            points[scenario_name, label] = Point(scenario_name, label, settings, reference,
                                                 resolved)
    runs = [
        RunSpec(run_key(pt.scenario, pt.label, pt.settings, rep), pt.scenario, pt.label, rep,
                run_seed(exp.root_seed, pt.scenario, pt.settings, rep))
        for pt in points.values() for rep in range(exp.replications)
    ]
    return Plan(spec, source, points, runs)


def _load_bases(files: Sequence[str], source: Path) -> dict[str, Scenario]:
    bases: dict[str, Scenario] = {}
    for file in files:
        path = (source.parent / file)
        name = path.stem
        if name in bases:
            raise ExperimentError(source, [("experiment.scenarios",
                                            f"two scenario files are called '{name}'")])
        if not path.exists():
            raise ExperimentError(source, [("experiment.scenarios",
                                            f"scenario file {path} does not exist")])
        bases[name] = load_scenario(path)
    return bases


# --------------------------------------------------------------------------- design


def design_points(design: Design, root_seed: int) -> list[tuple[str, dict[str, Value], str]]:
    """(label, settings, reference label) for every point of arms × factorial × hypercube."""
    arms = [(arm.name, dict(arm.set)) for arm in design.arms] or [("", {})]
    reference_arm = design.reference or arms[0][0]
    factorial = [dict(zip(design.factors, combo, strict=True))
                 for combo in itertools.product(*design.factors.values())]
    hypercube = latin_hypercube(design.ranges, design.samples, root_seed)
    first_levels = {k: v[0] for k, v in design.factors.items() if is_intervention(k)}

    points = []
    for (arm_name, arm_set), levels, (lh_label, lh_values) in itertools.product(
            arms, factorial, hypercube):
        label = _label(arm_name, levels, lh_label)
        reference = _label(reference_arm, {**levels, **first_levels}, lh_label)
        points.append((label, {**arm_set, **levels, **lh_values}, reference))
    return points


def latin_hypercube(ranges: Mapping[str, tuple[int | float, int | float]], samples: int,
                    root_seed: int) -> list[tuple[str, dict[str, Value]]]:
    """Scaled Latin-hypercube samples; parameters that hold whole numbers get whole numbers."""
    if not ranges:
        return [("", {})]
    sampler = qmc.LatinHypercube(d=len(ranges), rng=np.random.default_rng(root_seed))
    lows, highs = zip(*ranges.values(), strict=True)
    unit = sampler.random(samples)
    scaled = qmc.scale(unit, lows, highs)
    integer = [is_integer_parameter(key) for key in ranges]
    width = len(str(samples - 1))
    return [
        (f"lh{i:0{width}d}",
         {key: (round(v) if as_int else float(v))
          for key, v, as_int in zip(ranges, row, integer, strict=True)})
        for i, row in enumerate(scaled)
    ]


def is_intervention(key: str) -> bool:
    return key.startswith(INTERVENTION_PREFIX)


def _non_interventions(settings: Mapping[str, Value]) -> dict[str, Value]:
    return {k: v for k, v in settings.items() if not is_intervention(k)}


def short_name(key: str) -> str:
    """'interventions.role_reversal.enabled' -> 'role_reversal'; others keep their dotted key."""
    return key.removeprefix(INTERVENTION_PREFIX).removesuffix(".enabled")


def _format(value: Value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _label(arm: str, levels: Mapping[str, Value], hypercube: str) -> str:
    parts = [arm] if arm else []
    parts += [f"{short_name(k)}={_format(v)}" for k, v in levels.items()]
    parts += [hypercube] if hypercube else []
    return " ".join(parts) or "base"


# --------------------------------------------------------------------------- identity


def _identity(*parts: Any) -> bytes:
    return json.dumps(parts, sort_keys=True).encode()


def run_key(scenario: str, label: str, settings: Mapping[str, Value], replication: int) -> str:
    """Stable key of a run: a hash of scenario, design point, settings and replication."""
    return hashlib.sha256(_identity(scenario, label, settings, replication)).hexdigest()[:16]


def run_seed(root_seed: int, scenario: str, settings: Mapping[str, Value],
             replication: int) -> int:
    """Seed of a run: SeedSequence(root, spawn_key = hash of identity without interventions)."""
    digest = hashlib.sha256(_identity(scenario, _non_interventions(settings), replication))
    words = tuple(int.from_bytes(digest.digest()[i:i + 4], "little") for i in range(0, 16, 4))
    state = np.random.SeedSequence(root_seed, spawn_key=words).generate_state(1, dtype=np.uint64)
    return int(state[0])
