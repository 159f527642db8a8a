"""Scenario files: TOML, validated with pydantic, one default per parameter.

Every parameter is declared with :func:`param`, which records its default, allowed range, unit and
a one-line meaning. ``docs/model.md`` and ``samensturing params`` read them from here, so the
documentation and the validation can never disagree about a range.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from simulation.house.mechanisms.clearance import VERTICAL_LEVELS
from simulation.house.params import deep_merge, over_field_defaults, param
from simulation.house.roles import ROLES
from simulation.interventions.config import Interventions

LOGICS = ("community", "profession", "corporation", "state", "market")
DecisionRule = Literal["hierarchical", "majority", "consent", "consensus"]


class ScenarioError(Exception):
    """Malformed scenario input: names the file, the field and what is allowed."""

    def __init__(self, file: str | Path | None, problems: list[tuple[str, str]]):
        self.file = str(file) if file is not None else "<scenario>"
        self.problems = problems
        lines = [f"{self.file}: {field}: {message}" for field, message in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            left = len(problems) - MAX_SHOWN
            lines.append(f"{self.file}: ... and {left} more problem{'s' if left > 1 else ''}")
        super().__init__("\n".join(lines))


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _over_documented_defaults(cls, data: Any) -> Any:
        return over_field_defaults(cls, data)


class LogicMix(Section):
    """Weights of the five institutional logics (Thornton, Ocasio & Lounsbury 2012)."""

    community: float = param(0.2, 0, 1, "weight", "community logic: reciprocity, belonging")
    profession: float = param(0.2, 0, 1, "weight", "professional logic: expertise, method")
    corporation: float = param(0.2, 0, 1, "weight", "corporate logic: organisation's interest")
    state: float = param(0.2, 0, 1, "weight", "state/bureaucratic logic: rules, accountability")
    market: float = param(0.2, 0, 1, "weight", "market logic: efficiency, return")

    @model_validator(mode="after")
    def _not_all_zero(self) -> LogicMix:
        if sum(self.as_list()) <= 0:
            raise ValueError("at least one logic weight must be above 0")
        return self

    def as_list(self) -> list[float]:
        return [getattr(self, name) for name in LOGICS]


class Meta(Section):
    name: str = Field("unnamed", description="short name of the scenario")
    description: str = Field("", description="what this scenario represents, for a lecturer")


class Run(Section):
    steps: int = param(104, 1, 5200, "weeks", "meeting cycles simulated (one step = one week)")


class Population(Section):
    residents: int = param(40, 1, 100_000, "persons",
                           "residents of the neighbourhood who may take part in the house")
    professionals: int = param(6, 1, 500, "persons", "social workers of welfare organisations")
    officials: int = param(4, 1, 500, "persons", "municipal civil servants working in the house")
    administrators: int = param(0, 0, 100, "persons", "aldermen / board members who attend")
    others: int = param(0, 0, 100, "persons", "other parties, e.g. a housing corporation")
    room_capacity: int = param(30, 2, 1000, "persons", "most participants one meeting can hold")
    institutional_attendance: float = param(
        0.9, 0, 1, "probability", "chance a fully engaged professional/official attends a meeting")
    staff_engagement_weight: float = param(
        0.3, 0, 1, "share", "how much staff attendance depends on their engagement (the rest is "
        "their job)")
    attendance_rate: float = param(
        0.8, 0, 1, "probability", "chance a fully engaged resident attends a meeting")
    self_selection: float = param(
        1.0, 0, 5, "factor", "how much knowledge and outspoken views raise residents' attendance "
        "('usual suspects')", "Fung 2006")
    newcomer_rate: float = param(
        0.02, 0, 1, "1/week", "chance per week that a dropped-out resident's place is taken by a "
        "newcomer")

    @property
    def total(self) -> int:
        return (self.residents + self.professionals + self.officials + self.administrators
                + self.others)

    def counts(self) -> list[int]:
        return [getattr(self, f"{role}s") for role in ROLES[:4]] + [self.others]


class House(Section):
    decision_rule: DecisionRule = Field(
        "consent", description="how the house decides: hierarchical, majority, consent, consensus")
    topics: int = param(4, 1, 20, "items", "agenda items the house works on")
    speaking_turns: int = param(40, 1, 1000, "turns", "speaking turns available in one meeting")
    influence_rounds: int = param(3, 1, 50, "rounds", "rounds of mutual influence per meeting")
    max_meetings_per_item: int = param(
        6, 1, 104, "meetings", "meetings an item stays on the table before it is dropped")
    agenda_power_exponent: float = param(
        1.0, 0, 5, "exponent", "how strongly power decides who puts an item on the table",
        "Bachrach & Baratz 1962")
    meeting_format: LogicMix = Field(
        LogicMix(community=0.3, profession=0.2, corporation=0.1, state=0.4, market=0.0),
        description="the logic mix of the meeting format (agenda, minutes, tone)")


def _logic(**weights: float) -> LogicMix:
    return LogicMix(**{name: weights.get(name, 0.0) for name in LOGICS})


class Logics(Section):
    concentration: float = param(
        20.0, 0.5, 1000, "Dirichlet concentration",
        "how closely individuals follow their role's logic mix (higher = more alike)")
    resident: LogicMix = Field(_logic(community=0.8, market=0.1, state=0.1))
    professional: LogicMix = Field(_logic(profession=0.6, corporation=0.3, community=0.1))
    official: LogicMix = Field(_logic(state=0.7, corporation=0.2, profession=0.1))
    administrator: LogicMix = Field(_logic(state=0.8, corporation=0.2))
    other: LogicMix = Field(_logic(market=0.6, corporation=0.3, community=0.1))

    def by_role(self) -> list[LogicMix]:
        return [getattr(self, role) for role in ROLES]


class RolePower(Section):
    formal: float = param(0.5, 0, 1, "share of maximum", "formal authority (mandate, position)")
    resources: float = param(0.5, 0, 1, "share of maximum", "budget, staff, time")
    knowledge: float = param(0.5, 0, 1, "share of maximum", "information and expertise")


class Power(Section):
    asymmetry: float = param(
        0.5, 0, 1, "share", "how far residents' power falls below officials' "
        "(0 = equal, 1 = none)", "Ansell & Gash 2008")
    formal_weight: float = param(0.4, 0, 1, "weight", "weight of formal authority in power")
    resources_weight: float = param(0.3, 0, 1, "weight", "weight of resources in power")
    knowledge_weight: float = param(0.3, 0, 1, "weight", "weight of knowledge in power")
    individual_sd: float = param(0.1, 0, 0.5, "share", "spread of power within a role")
    experienced_amplification: float = param(
        0.3, 0, 2, "factor", "how much larger the power gap is felt than it is", "Gaventa 1980")
    professional: RolePower = RolePower(formal=0.4, resources=0.6, knowledge=0.7)
    official: RolePower = RolePower(formal=0.8, resources=0.7, knowledge=0.6)
    administrator: RolePower = RolePower(formal=1.0, resources=0.9, knowledge=0.5)
    other: RolePower = RolePower(formal=0.4, resources=0.8, knowledge=0.5)
    resident_knowledge: float = param(
        0.6, 0, 1, "share of maximum", "residents' local knowledge before asymmetry applies")

    @model_validator(mode="after")
    def _weights_sum(self) -> Power:
        if self.formal_weight + self.resources_weight + self.knowledge_weight <= 0:
            raise ValueError("formal_weight + resources_weight + knowledge_weight must be > 0")
        return self


class Speaking(Section):
    power_exponent: float = param(
        1.0, 0, 5, "exponent", "how strongly power claims speaking time", "Ansell & Gash 2008")
    fit_exponent: float = param(
        1.0, 0, 5, "exponent", "how strongly the fit of one's logic with the meeting format "
        "claims speaking time", "Thornton, Ocasio & Lounsbury 2012")
    silencing: float = param(
        0.6, 0, 1, "share", "how much a felt power gap silences a participant", "Gaventa 1980")


class RolePositions(Section):
    resident: float = param(0.35, 0, 1, "position", "mean initial position of residents")
    professional: float = param(0.5, 0, 1, "position", "mean initial position of professionals")
    official: float = param(0.65, 0, 1, "position", "mean initial position of officials")
    administrator: float = param(0.7, 0, 1, "position", "mean initial position of administrators")
    other: float = param(0.6, 0, 1, "position", "mean initial position of other parties")

    def by_role(self) -> list[float]:
        return [getattr(self, role) for role in ROLES]


class Influence(Section):
    susceptibility: float = param(
        0.7, 0, 1, "share", "weight on others' views against one's anchor for the least powerful",
        "Friedkin & Johnsen 1999")
    power_insusceptibility: float = param(
        0.6, 0, 1, "share", "how much power lowers susceptibility", "Friedkin & Johnsen 2011")
    confidence_bound: float = param(
        0.3, 0, 1, "position distance", "how far another's view may be and still be heard",
        "Hegselmann & Krause 2002")
    confidence_sd: float = param(0.05, 0, 0.5, "position distance", "spread of confidence bounds")
    logic_narrowing: float = param(
        0.5, 0, 1, "share", "how much logic distance narrows the confidence bound",
        "Thornton, Ocasio & Lounsbury 2012")
    logic_friction: float = param(
        0.5, 0, 1, "share", "how much logic distance discounts the weight given to another",
        "Thornton, Ocasio & Lounsbury 2012")
    self_weight: float = param(
        1.0, 0, 10, "relative weight", "weight on one's own current view in a round")
    position_sd: float = param(0.12, 0, 0.5, "position", "spread of initial positions in a role")
    positions: RolePositions = RolePositions()


class Informal(Section):
    contact_rate: float = param(
        0.2, 0, 1, "share per week", "share of residents who talk to another resident in a week")
    convergence: float = param(
        0.3, 0, 0.5, "share", "how far two residents who hear each other move together",
        "Deffuant et al. 2000")


class Decision(Section):
    tolerance: float = param(
        0.15, 0, 1, "position distance", "distance from a proposal a participant still supports")
    objection_factor: float = param(
        2.0, 1, 5, "multiple of tolerance", "distance beyond which a participant objects (consent)")
    threshold: float = param(
        0.5, 0.5, 1, "share of those present", "support a candidate needs under the majority "
        "rule (0.5 = more than half; 2/3 a supermajority; 1 = unanimity)")
    resident_quorum: float = param(
        0.05, 0, 1, "share of those present", "minimum share of residents among those present "
        "for the house to decide (0 = no quorum)")
    amendments: bool = param(
        True, None, None, "switch", "participants and the chair may amend the draft (false = "
        "only the drafter's draft is put to the room)", "Baron & Ferejohn 1989")
    logrolling: bool = param(
        True, None, None, "switch", "two sides may trade support across two open topics in "
        "a package deal", "Fisher & Ury 1981")
    anchor_bridging: float = param(
        0.1, 0, 1, "share per meeting", "how fast one's interest (anchor) moves towards one's "
        "current view per unit of attention given across logics", "Ansell & Gash 2008")
    anchor_learning: float = param(
        0.1, 0, 1, "share per decision", "how far one's interest moves towards an implemented "
        "decision one can live with, at full trust in the groups")
    anchor_max_shift: float = param(
        0.1, 0, 1, "position distance", "furthest an interest can move from where it started")


class Trust(Section):
    within: float = param(0.65, 0, 1, "share", "initial trust in one's own group")
    between: float = param(0.5, 0, 1, "share", "initial trust in other groups")
    prior_conflict: float = param(
        0.0, 0, 1, "share", "history of conflict: lowers initial trust between groups",
        "Ansell & Gash 2008")
    prior_weight: float = param(
        10.0, 0, 1000, "meeting experiences", "how many meetings' worth of experience initial "
        "trust rests on: the more, the less early experience moves it",
        "Jøsang & Ismail 2002 (beta reputation); assumption for the size")
    forgetting: float = param(
        0.005, 0, 1, "share per week", "share of the accumulated weight of experience forgotten "
        "each week, so that older experience counts less than recent experience",
        "Jøsang & Ismail 2002 (forgetting factor); assumption for the size")
    loss_weight: float = param(
        2.0, 1, 10, "multiple", "how much more a negative experience (below 1/2) weighs than a "
        "positive one: trust is destroyed faster than it is built", "Slovic 1993")
    win_weight: float = param(
        1.0, 0, 20, "meeting experiences", "weight of a small win (the house decides with one "
        "present) as evidence of trust in every group present", "Ansell & Gash 2008")
    kept_weight: float = param(
        3.0, 0, 20, "meeting experiences", "weight of an implemented decision as residents' "
        "evidence about the institutions, judged by what it did for their interest against the "
        "status quo", "Kahneman & Tversky 1979 (reference point)")
    breach_weight: float = param(
        3.0, 0, 20, "meeting experiences", "weight of a blocked decision as residents' evidence "
        "against the institutions (a loss, so it also counts trust.loss_weight times)",
        "Slovic 1993")
    generosity_weight: float = param(
        0.5, 0, 2, "per unit of trust", "how much mean trust in the other groups above (below) "
        "its calm starting level trust.between raises (lowers) the willingness to grant a "
        "decision", "Rousseau et al. 1998 (trust as accepting vulnerability)")


class Engagement(Section):
    resident_mean: float = param(0.5, 0.01, 0.99, "share", "mean initial engagement of residents")
    resident_concentration: float = param(
        6.0, 0.5, 1000, "Beta concentration", "how alike residents' initial engagement is")
    staff_initial: float = param(
        0.8, 0, 1, "share", "initial engagement of professionals, officials and other parties")
    learning_rate: float = param(
        0.08, 0, 1, "share per meeting", "how fast a participant's engagement follows "
        "sqrt(satisfaction x being heard) after a meeting", "Tyler 2006; assumption for the form")
    first_visit_dropout: float = param(
        0.15, 0, 1, "probability", "chance that a resident whose first meeting gave them nothing "
        "does not come back; scaled by 1 - that meeting's experience")
    dropout_hazard: float = param(
        0.01, 0, 10, "per week per unit of disappointment", "hazard of leaving for good, each "
        "week after one's first meeting: chance 1 - exp(-hazard x disappointment x "
        "(1 - commitment))",
        "Klandermans 1997 (insufficient gratification); assumption for the form")
    participation_cost: float = param(
        0.45, 0, 1, "experience", "how good a meeting must be (sqrt(satisfaction x being heard)) "
        "to be worth the evening; the shortfall of one below it adds to disappointment",
        "Klandermans 1997 (costs and benefits of participation); assumption for the size")
    disappointment_fade: float = param(
        0.05, 0, 1, "share per week", "share of accumulated disappointment that fades each week")
    commitment_gain: float = param(
        0.3, 0, 1, "share per small win", "share of the way to full commitment to the process "
        "that a small win builds (a decision while present, or an implemented decision that "
        "served one), times one's trust in the other groups",
        "Ansell & Gash 2008")
    commitment_fade: float = param(
        0.01, 0, 1, "share per week", "share of commitment that fades each week without wins")
    commitment_attendance: float = param(
        0.25, 0, 1, "share", "share of the gap to full engagement that commitment fills in a "
        "resident's will to come", "Ansell & Gash 2008")


class Satisfaction(Section):
    initial: float = param(0.5, 0, 1, "share", "initial satisfaction")
    learning_rate: float = param(0.15, 0, 1, "share per meeting", "how fast satisfaction moves")
    voice_weight: float = param(
        0.5, 0, 1, "share", "weight of being heard against the decision's content",
        "Tyler 2006 (procedural justice)")


class Ownership(Section):
    initial: float = param(0.3, 0, 1, "share", "residents' initial sense of ownership")
    learning_rate: float = param(
        0.05, 0, 1, "share per event", "how fast ownership follows real influence")


class Shortcoming(Section):
    """The 'human shortcoming' (menselijk tekort): sharing, generosity, self-interest."""

    sharing: float = param(0.5, 0, 1, "share", "mean propensity to share information")
    generosity: float = param(
        0.5, 0, 1, "share", "mean willingness to grant others a decision (gunnen)")
    self_interest: float = param(
        0.5, 0, 1, "share", "mean weight on own against joint interest")
    sd: float = param(0.15, 0, 0.5, "share", "spread of the three traits")


class VerticalLevel(Section):
    points: int = param(1, 0, 10, "clearance points", "sign-offs a decision needs at this level",
                        "Pressman & Wildavsky 1973")
    pass_probability: float = param(
        0.8, 0, 1, "probability", "chance one attempt at one point passes",
        "Pressman & Wildavsky 1973")
    attempts: int = param(2, 1, 20, "attempts", "tries per point before the decision is blocked")
    delay: int = param(2, 0, 52, "weeks", "weeks one attempt takes")
    applies_to: float = param(1.0, 0, 1, "share", "share of decisions that need this level")


class Vertical(Section):
    """The three vertical relations of the second seed, as clearance points in series."""

    residents_execution: VerticalLevel = VerticalLevel(points=1, pass_probability=0.85, delay=1)
    execution_administration: VerticalLevel = VerticalLevel(
        points=1, pass_probability=0.75, delay=3)
    national_local: VerticalLevel = VerticalLevel(
        points=1, pass_probability=0.7, delay=6, applies_to=0.3)
    sharing_dependence: float = param(
        0.5, 0, 1, "share", "how much passing depends on executors sharing information upward",
        "Boutellier (second seed)")
    line_weight: float = param(
        0.5, 0, 2, "per unit of position distance", "how much a decision's distance from the "
        "clearing party's own line lowers its chance to pass", "Pressman & Wildavsky 1973")

    def levels(self) -> list[tuple[str, VerticalLevel]]:
        return [(name, getattr(self, name)) for name in VERTICAL_LEVELS]


class Scenario(Section):
    meta: Meta = Meta()
    run: Run = Run()
    population: Population = Population()
    house: House = House()
    logics: Logics = Logics()
    power: Power = Power()
    speaking: Speaking = Speaking()
    influence: Influence = Influence()
    informal: Informal = Informal()
    decision: Decision = Decision()
    trust: Trust = Trust()
    engagement: Engagement = Engagement()
    satisfaction: Satisfaction = Satisfaction()
    ownership: Ownership = Ownership()
    shortcoming: Shortcoming = Shortcoming()
    vertical: Vertical = Vertical()
    interventions: Interventions = Interventions()
    uncertain: dict[str, tuple[int | float, int | float]] = Field(
        default_factory=dict, description="what the practitioner does not know: [low, high] per "
        "dotted parameter; a plain run ignores it and uses the parameter's own value, the "
        "explorer samples houses over it")

    @field_validator("uncertain", mode="before")
    @classmethod
    def _dotted_ranges(cls, value: Any) -> Any:
        """Ranges keyed by dotted path; a nested table (an unquoted dotted key) is read the same,
        and a float parameter's bounds are floats, so `[0, 1]` and `[0.0, 1.0]` are one range."""
        if not isinstance(value, Mapping):
            return value
        flat = dict(_dotted_items(value))
        return {path: [_as_type(path, bound) for bound in bounds]
                if isinstance(bounds, list | tuple) else bounds for path, bounds in flat.items()}

    def __hash__(self) -> int:
        """Hashable as before `uncertain` (a dict) existed: scenarios are keys and memo inputs."""
        fields = tuple(value for name, value in self.__dict__.items() if name != "uncertain")
        return hash((fields, frozenset(self.uncertain.items())))

    def contradictions(self) -> list[tuple[str, str]]:
        """Values that are each in range but impossible together."""
        pop = self.population
        problems = []
        if pop.room_capacity > pop.total:
            problems.append((
                "population.room_capacity",
                f"{pop.room_capacity} is more than the {pop.total} participants; allowed: at most "
                "residents + professionals + officials + administrators + others"))
        problems.extend(self.interventions.contradictions(self))
        return problems

    def digest(self) -> str:
        """Stable hash of the resolved parameters and ranges (independent of file layout and
        comments); a scenario without ranges keeps the digest it had before ranges existed, so
        earlier results still match their scenarios."""
        dump = self.model_dump(mode="json", exclude=None if self.uncertain else {"uncertain"})
        blob = json.dumps(dump, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


# --------------------------------------------------------------------------- loading

MAX_FILE_BYTES = 1024 * 1024
"""Largest scenario or experiment file the command line reads (real ones are a few kB); the app
passes its own, smaller cap for uploads."""
MAX_NESTING = 20
"""Deepest nesting of tables and arrays a file may have (scenarios need four levels)."""
MAX_EXTENDS = 10
"""Longest chain of `extends` (the library's longest is two)."""
MAX_SHOWN = 20
"""Problems listed in one error; a hostile file can have thousands."""
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")

_NOT_REGULAR = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit / 2**10:g} kB"


def _kind(mode: int) -> str | None:
    """What a non-regular file is ('a named pipe', ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _NOT_REGULAR if test(mode)), "not a regular file")


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; anything else is a ScenarioError.

    The kind of file is checked before it is opened and again on the open handle, which is
    opened non-blocking: a named pipe can never block the reader, /dev/zero never fills memory.
    """
    allowed = f"allowed: a regular file of at most {_size(max_bytes)}"
    try:
        kind = _kind(os.stat(path).st_mode)
        raw = b""
        if kind is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                kind = _kind(os.fstat(fd).st_mode)
                raw = handle.read(max_bytes + 1) if kind is None else b""
    except FileNotFoundError:
        raise ScenarioError(path, [("(file)", "file not found")]) from None
    except OSError as exc:
        raise ScenarioError(path, [("(file)", f"cannot be read: {exc.strerror or exc}")]) from None
    if kind is not None:
        raise ScenarioError(path, [("(file)", f"is {kind}, not a file ({allowed})")])
    if len(raw) > max_bytes:
        raise ScenarioError(path, [("(file)", f"is larger than {_size(max_bytes)} ({allowed})")])
    return raw


def parse_toml(raw: bytes, file: str | Path) -> dict[str, Any]:
    """A TOML table from bytes; every way parsing can fail is a ScenarioError naming the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(file, [("(file)", f"is not UTF-8 text (byte {exc.start}); allowed: "
                                              "a TOML text file")]) from None
    too_deep = ScenarioError(file, [("(syntax)", "tables and arrays nest too deeply; allowed: "
                                                 f"at most {MAX_NESTING} levels")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, [("(syntax)", f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise too_deep from None
    except ValueError as exc:   # e.g. an integer of more than 4300 digits
        reason = str(exc).split(";")[0]
        raise ScenarioError(file, [("(syntax)", f"not valid TOML: {reason}")]) from None
    if _nesting(data) > MAX_NESTING:
        raise too_deep
    return data


def _nesting(table: Mapping[str, Any]) -> int:
    """How deeply tables and arrays nest (without recursion: the input may be hostile)."""
    deepest, stack = 0, [(table, 0)]
    while stack and deepest <= MAX_NESTING:
        value, level = stack.pop()
        deepest = max(deepest, level)
        children = value.values() if isinstance(value, Mapping) else value \
            if isinstance(value, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest


def read_toml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """Read a TOML file safely (see `read_bytes`, `parse_toml`); errors name the file."""
    return parse_toml(read_bytes(path, max_bytes), path)


def resolve_extends(path: Path, max_bytes: int = MAX_FILE_BYTES,
                    origins: dict[str, str] | None = None) -> dict[str, Any]:
    """The file's table with every `extends = "other.toml"` parent merged beneath it."""
    path = Path(path)
    return resolve_table(read_toml(path, max_bytes), path, path.parent, max_bytes=max_bytes,
                         chain=(path.resolve(),), origins=origins)


def resolve_table(data: Mapping[str, Any], file: str | Path, folder: Path, *,
                  max_bytes: int = MAX_FILE_BYTES, chain: tuple[Path, ...] = (),
                  origins: dict[str, str] | None = None) -> dict[str, Any]:
    """A table with the parent its `extends` names (relative to `folder`) merged beneath it.

    Any TOML file the user can read may be a parent, also outside the folder: on the command line
    the user runs their own files. The app allows only shipped scenarios and checks that first
    (`simulation.house.library.check_extends_shipped`). An error in a parent names both the file
    that holds the `extends` and the parent; `chain` holds the files already on the way here.
    `origins`, if given, is filled with the file that set each dotted key.
    """
    data = dict(data)
    parent = data.pop("extends", None)
    inherited = {} if parent is None else _inherited(parent, file, folder, max_bytes, chain,
                                                    origins)
    if origins is not None:
        origins.update(dict.fromkeys(_dotted(data), str(file)))
    return deep_merge(inherited, data)


def _inherited(parent: Any, file: str | Path, folder: Path, max_bytes: int,
               chain: tuple[Path, ...], origins: dict[str, str] | None) -> dict[str, Any]:
    """The resolved table of the parent that `file` extends; errors name both files."""
    if not isinstance(parent, str) or not parent:
        raise ScenarioError(file, [("extends", "must be the path of another scenario file, as a "
                                               "string")])
    target = Path(folder) / parent
    resolved = target.resolve()
    if resolved in chain:
        names = " -> ".join(p.name for p in (*chain, resolved))
        raise ScenarioError(file, [("extends", f"circular extends: {names}")])
    if len(chain) > MAX_EXTENDS:
        raise ScenarioError(file, [("extends", f"{target}: too many levels of extends; allowed: "
                                               f"at most {MAX_EXTENDS}")])
    try:
        return resolve_table(read_toml(target, max_bytes), target, target.parent,
                             max_bytes=max_bytes, chain=(*chain, resolved), origins=origins)
    except ScenarioError as exc:
        problems = [("extends", f"{exc.file}: {msg}" if where == "(file)" else
                     f"{exc.file}: {where}: {msg}") for where, msg in exc.problems]
        raise ScenarioError(file, problems) from None


def _dotted(table: Mapping[str, Any]) -> list[str]:
    """The dotted names of a table's leaves."""
    return [name for name, _ in _dotted_items(table)]


def _format_location(loc: tuple[Any, ...]) -> str:
    """A dotted location; a key that is not a plain name is quoted so a message stays one line."""
    parts = [str(part) if _PLAIN_KEY.fullmatch(str(part)) else json.dumps(str(part)[:60])
             for part in loc]
    return ".".join(parts) or "(top level)"


def _section(annotation: Any) -> type[BaseModel] | None:
    """The section class behind a field's annotation (`X` or an optional `X | None`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return _optional_section(annotation)


def _field_at(loc: tuple[Any, ...]) -> FieldInfo | None:
    """The schema's field at a location such as ("interventions", "mayor", "intensity")."""
    section: type[BaseModel] | None = Scenario
    field = None
    for part in loc:
        if section is None or part not in section.model_fields:
            return None
        field = section.model_fields[part]
        section = _section(field.annotation)
    return field


def _bounds(field: FieldInfo) -> tuple[Any, Any]:
    lo = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    hi = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    return lo, hi


def _allowed(loc: tuple[Any, ...]) -> str:
    """What the schema allows at a location, for the error message."""
    field = _field_at(loc)
    if field is None:
        return ""
    lo, hi = _bounds(field)
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    unit = f" {extra['unit']}" if extra.get("unit") else ""
    if lo is not None and hi is not None:
        return f" (allowed: {lo} to {hi}{unit})"
    if lo is not None:
        return f" (allowed: at least {lo}{unit})"
    return ""


def _dotted_items(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted key, value) of a table's non-table values (its depth is capped by parse_toml)."""
    items = []
    for key, value in table.items():
        if isinstance(value, Mapping):
            items.extend(_dotted_items(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", value))
    return items


def _as_type(path: str, bound: Any) -> Any:
    """An int bound of a float parameter as a float, so `[0, 1]` and `[0.0, 1.0]` are one range
    (and one digest); anything else unchanged (`range_problems` has checked it)."""
    integer = isinstance(bound, bool) or not isinstance(bound, int) or is_integer_parameter(path)
    return bound if integer else float(bound)


NOT_UNCERTAIN = ("meta", "run", "interventions")
"""Sections whose values are the experiment's design, not facts about the house: no ranges."""


@cache
def _numeric_parameters() -> dict[str, dict[str, Any]]:
    """The parameters a range may be given for, by dotted name (numbers outside NOT_UNCERTAIN)."""
    return {row["name"]: row for row in iter_parameters()
            if isinstance(row["default"], int | float) and not isinstance(row["default"], bool)
            and row["name"].split(".")[0] not in NOT_UNCERTAIN}


def range_problems(table: Any) -> list[tuple[str, str]]:
    """What is wrong with an `[uncertain]` table as written: (field, message) per range.

    Each key must be a numeric scenario parameter outside `meta`, `run` and `interventions`; its
    value two numbers [low, high] with low <= high, both within the parameter's documented range,
    whole numbers for an integer parameter.
    """
    if not isinstance(table, Mapping):
        return [("uncertain", 'must be a table of ranges, e.g. "power.asymmetry" = [0.4, 0.8]')]
    known = _numeric_parameters()
    problems = []
    for path, bounds in _dotted_items(table):
        field = _format_location(("uncertain", path))
        row = known.get(path)
        if row is None:
            where = path.split(".")[0]
            why = (f"no ranges in [{where}]" if where in NOT_UNCERTAIN else
                   "not a numeric scenario parameter")
            problems.append((field, f"{why}; allowed: the dotted name of a numeric parameter "
                                    "outside meta, run and interventions (samensturing params)"))
            continue
        problems.extend((field, message) for message in _bound_problems(path, row, bounds))
    return problems


def _bound_problems(path: str, row: Mapping[str, Any], bounds: Any) -> list[str]:
    """What is wrong with one [low, high] for the parameter `row` describes."""
    integer = is_integer_parameter(path)
    kind = "whole numbers" if integer else "numbers"
    lo, hi = row["min"], row["max"]
    within = f"{lo} to {hi}" if hi is not None else f"at least {lo}"
    unit = f" ({row['unit']})" if row["unit"] else ""
    allowed = f"allowed: [low, high], two {kind} from {within}{unit}"
    numeric = (int,) if integer else (int, float)
    if (not isinstance(bounds, list | tuple) or len(bounds) != 2
            or any(isinstance(b, bool) or not isinstance(b, numeric) for b in bounds)):
        return [f"{_toml_snippet(bounds)} is not a range; {allowed}"]
    low, high = bounds
    if any(b != b or b in (float("inf"), float("-inf")) for b in bounds):
        return [f"bounds must be finite; {allowed}"]
    problems = []
    if low > high:
        problems.append(f"low {low} is above high {high}; {allowed}")
    if (lo is not None and min(bounds) < lo) or (hi is not None and max(bounds) > hi):
        problems.append(f"[{low}, {high}] goes outside the parameter's range; {allowed}")
    return problems


def _toml_snippet(value: Any) -> str:
    """A short one-line rendering of a value as written, for an error message."""
    try:
        text = toml_value(value)
    except TypeError:
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def validate_data(data: Mapping[str, Any], file: str | Path | None = None) -> Scenario:
    """Validate a scenario table; every problem is reported with its field and range.

    The `[uncertain]` ranges are checked first on the table as written (`range_problems`), so a
    bad range is one message in the model's words rather than pydantic's.
    """
    problems = range_problems(data["uncertain"]) if "uncertain" in data else []
    if problems:
        data = {key: value for key, value in data.items() if key != "uncertain"}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            if err["type"] == "extra_forbidden":
                parent = loc[:-1]
                known = _known_keys(parent)
                message = f"unknown key; allowed here: {', '.join(known)}"
            else:
                message = err["msg"] + _allowed(loc)
            problems.append((_format_location(loc), message))
        raise ScenarioError(file, problems) from None
    problems += scenario.contradictions()
    if problems:
        raise ScenarioError(file, problems)
    return scenario


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    field = _field_at(loc) if loc else None
    section = Scenario if not loc else _section(field.annotation) if field else None
    return sorted(section.model_fields) if section else []


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None, *,
                  max_bytes: int = MAX_FILE_BYTES) -> Scenario:
    """Load, resolve `extends`, apply dotted overrides and validate a scenario file."""
    path = Path(path)
    origins: dict[str, str] = {}
    data = resolve_extends(path, max_bytes, origins)
    if overrides:
        data = apply_dotted(data, overrides)
        for key in overrides:
            origins.pop(key, None)
    try:
        return validate_data(data, path)
    except ScenarioError as exc:   # a bad value set in a parent: say where it was set
        problems = [(field, f"{msg} (set in {origins[field]})"
                     if origins.get(field, str(path)) != str(path) else msg)
                    for field, msg in exc.problems]
        raise ScenarioError(path, problems) from None


def apply_dotted(data: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Merge {"power.asymmetry": 0.8, ...} into a nested scenario table."""
    result: dict[str, Any] = dict(data)
    for dotted, value in overrides.items():
        nested: Any = value
        for part in reversed(dotted.split(".")):
            nested = {part: nested}
        result = deep_merge(result, nested)
    return result


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any],
                   file: str | Path | None = None) -> Scenario:
    """A copy of a validated scenario with dotted overrides, validated again."""
    return validate_data(apply_dotted(scenario.model_dump(mode="json"), overrides), file)


def to_toml(scenario: Scenario) -> str:
    """The resolved scenario as TOML, so a run can be repeated exactly (ranges included)."""
    table = scenario.model_dump(mode="json", exclude={"uncertain"})
    return _dump_table(table, ()) + uncertain_toml(scenario.uncertain)


def uncertain_toml(ranges: Mapping[str, tuple[float, float]],
                   notes: Mapping[str, str] | None = None) -> str:
    """The `[uncertain]` table, its dotted keys quoted (unquoted they would be nested tables);
    `notes` puts a comment line above a range (the intake's question and answer)."""
    if not ranges:
        return ""
    lines = ["[uncertain]"]
    for path, bounds in ranges.items():
        if notes and path in notes:
            lines.append(f"# {notes[path]}")
        lines.append(f"{json.dumps(path)} = {toml_value(list(bounds))}")
    return "\n".join([*lines, ""])


def toml_value(value: Any) -> str:
    """A value as TOML writes it (also for the intake's commented files)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _dump_table(table: Mapping[str, Any], prefix: tuple[str, ...]) -> str:
    scalars = [(k, v) for k, v in table.items() if not isinstance(v, Mapping) and v is not None]
    tables = [(k, v) for k, v in table.items() if isinstance(v, Mapping)]
    out = []
    if prefix and (scalars or not tables):
        out.append(f"[{'.'.join(prefix)}]")
    out.extend(f"{k} = {toml_value(v)}" for k, v in scalars)
    if out:
        out.append("")
    for key, sub in tables:
        out.append(_dump_table(sub, (*prefix, key)))
    return "\n".join(out)


def _leaves(section: BaseModel, prefix: str = "",
            absent: str = "defaults") -> list[tuple[str, FieldInfo, Any]]:
    """(dotted name, field, value) of every leaf parameter of a section, at any depth.

    An absent optional table (an intervention that is off) is walked as its class defaults, with
    `absent="off"` also switched off (`enabled = false`), which is what its absence means.
    """
    leaves = []
    for name, field in type(section).model_fields.items():
        if name == "uncertain":   # ranges over parameters, not a parameter
            continue
        value = getattr(section, name)
        kind = _optional_section(field.annotation)
        if value is None and kind is not None:   # e.g. an intervention, off
            off = absent == "off" and "enabled" in kind.model_fields
            value = kind(enabled=False) if off else kind()
        if isinstance(value, BaseModel):
            leaves.extend(_leaves(value, f"{prefix}{name}.", absent))
        else:
            leaves.append((f"{prefix}{name}", field, value))
    return leaves


def iter_parameters(section: BaseModel | None = None, prefix: str = "") -> list[dict[str, Any]]:
    """Every leaf parameter with its default, range, unit, meaning and source (for the docs)."""
    rows = []
    for dotted, field, value in _leaves(Scenario() if section is None else section, prefix):
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        lo, hi = _bounds(field)
        rows.append({
            "name": dotted,
            "default": value,
            "min": lo,
            "max": hi,
            "unit": extra.get("unit", ""),
            "meaning": field.description or "",
            "source": extra.get("source", ""),
        })
    return rows


def flat_values(scenario: Scenario) -> dict[str, Any]:
    """Every leaf parameter's value by dotted name; an absent intervention is off."""
    return {dotted: value for dotted, _, value in _leaves(scenario, absent="off")}


def parent_file(path: Path) -> Path | None:
    """The file a scenario's `extends` names, or None (the chain is checked by load_scenario)."""
    parent = read_toml(path).get("extends")
    return Path(path).parent / parent if isinstance(parent, str) and parent else None


def differences(path: Path) -> tuple[Path | None, list[tuple[str, Any, Any, Any]]]:
    """What a scenario file changes: its parent (if it extends one) and, per dotted parameter
    that differs from the documented default or from the parent, (name, default, parent's value
    or None, the file's value)."""
    values = flat_values(load_scenario(path))
    parent = parent_file(path)
    inherited = flat_values(load_scenario(parent)) if parent is not None else None
    defaults = flat_values(Scenario())
    rows = []
    for name, value in values.items():
        before = inherited[name] if inherited is not None else None
        if value != defaults[name] or (inherited is not None and value != before):
            rows.append((name, defaults[name], before, value))
    return parent, rows


def is_integer_parameter(dotted: str) -> bool:
    """Whether a dotted parameter (e.g. `population.residents`) holds whole numbers."""
    field = _field_at(tuple(dotted.split(".")))
    return field is not None and (field.annotation is int or int in get_args(field.annotation))


def _optional_section(annotation: Any) -> type[BaseModel] | None:
    """The section class of an `X | None` field (an intervention table that may be absent)."""
    kinds = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
    return kinds[0] if len(kinds) == 1 else None
