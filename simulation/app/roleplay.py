"""The role-play room: one shared house whose seats students play from their own laptops.

A lecturer opens a room on any scenario and seed and gets a six-character join code and a
lecturer token; students join with the code, take a seat (chosen, assigned in turn, or another
group's role on purpose: role reversal) and each week decide for their participant. Agents
(the model) fill every other seat, and a seat whose student left, until they rejoin. Plain
Python with no Solara, so the rules are tested without a browser and a UI is a thin layer.

API
---
`Rooms(folder, clock=time.monotonic, run_clocks=True)`: the server's registry, one per process
and deliberately shared between browser sessions (a single-player session only asks it whether
its browser has a place); it has its own lock. With `run_clocks` every room it opens or restores
runs its clock in a thread of its own (`Room.start`), stopped when the room is closed.

- `open(scenario, seed, name="", limit=DEFAULT_LIMIT, session=None) -> (Room, lecturer_token)`
- `get(code) -> Room | None` (spaces and lower case forgiven), `close(code, lecturer_token)`
- `restore() -> list[str]`: after a restart, every room in `folder` rebuilt by replay.
- `reclaim(session) -> (Room, part, token) | None`: after a restart, the place a browser held.

`Room` (every method takes the room's lock; the house is stepped and read only under it):

- students: `join(name, seat=None, mode="chosen"|"assigned"|"reversed", group=None,
  session=None) -> token`, `rejoin(token) -> seat`, `leave(token)`,
  `choose(token, **fields) -> SeatChoice` (fields of `SeatChoice`, set one by one or together;
  a ValueError names the field and what is allowed), `view(token) -> StudentView`.
- anyone with the code: `seats() -> tuple[Seat, ...]`, `chosen() -> frozenset[int]`,
  `progress() -> (week, paused)`, `version` and `wait(version, timeout) -> version | None` (a
  page's thread sleeps until the room changes: push, not polling), `series()` (the house's
  outcome series).
- the clock: a week when every connected student has chosen or the time limit has passed,
  never while paused; `start()` runs it in the room's timer thread (woken by every change),
  `stop()` ends it, `tick(now=None) -> bool` is one step of it by hand.
- the lecturer (token required, PermissionError otherwise): `next_week`, `pause`, `resume`,
  `set_limit`, `lecturer_view -> LecturerView`, `debrief() -> DataFrame`, `csv() -> str`.

A room opens paused, so students take their seats before the clock runs. A wrong code finds no
room; a wrong token raises PermissionError; a bad seat, name or choice raises ValueError.
Tokens are shown once and kept only as SHA-256 hashes: the student's browser keeps its token to
rejoin, the lecturer's theirs.

Persistence: a run is a pure function of scenario, seed and the weekly choices (each week is
`HouseModel.play(Choices)`), so after every finished week and every change of seats the room is
written to `folder/CODE.json` atomically (temp file, `os.replace`): the scenario as TOML, the
seed, the players and each finished week's choices. `restore` replays them: the same house, bit
for bit. The choices of the week in progress are not stored; after a restart they are made
again. Each place also keeps its browser's session id, hashed: the restarted server has
forgotten every token, and `reclaim` gives the browser a new one for the same place.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import logging
import math
import numbers
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from simulation.app.session import Choice, provenance
from simulation.app.session import Room as Drawing
from simulation.house.choices import STANCES, Choices, model_choices
from simulation.house.mechanisms import feedback
from simulation.house.meeting import Meeting
from simulation.house.model import HouseModel
from simulation.house.record import ITEM_PROPOSER, ITEM_TOPIC
from simulation.house.roles import ROLES
from simulation.house.scenario import Scenario, parse_toml, to_toml, validate_data

log = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I/L: read aloud and typed by a class
CODE_LENGTH = 6
DEFAULT_LIMIT = 120.0      # seconds a week waits for choices before the agents decide
NAME_MAX = 40
VOICE_MAX = 3.0            # the strongest "speak up" (times one's claim to speaking time)
FORMAT = 1                 # version of the room file
Mode = Literal["chosen", "assigned", "reversed"]
Part = Literal["lecturer", "student"]
MODES: tuple[str, ...] = get_args(Mode)


@dataclass(frozen=True)
class SeatChoice:
    """One student's choice for their participant for one week; None = the model decides.

    attend: come (True) or stay away (False); voice: factor on one's claim to speaking time
    (1 = as the model, 2 = speak up, 0.3 = hold back); openness: how far one moves toward what
    one heard (0..1); topic: the item one puts on the table if one is drawn to draft it;
    stance on the proposal: support, object, or amend (offer one's own view as a candidate).
    """

    attend: bool | None = None
    voice: float = 1.0
    openness: float | None = None
    topic: int | None = None
    stance: str | None = None

    def checked(self, topics: int) -> SeatChoice:
        """This choice in plain Python types (as stored and replayed) if every field is allowed;
        a ValueError naming the field and what is allowed otherwise."""
        _check(self.attend is None or isinstance(self.attend, bool),
               "attend", "true (come), false (stay away) or none (the model decides)")
        _check(_number(self.voice) and 0 <= self.voice <= VOICE_MAX,
               "voice", f"a number from 0 to {VOICE_MAX:g} (1 = as the model)")
        _check(self.openness is None or (_number(self.openness) and 0 <= self.openness <= 1),
               "openness", "a number from 0 to 1, or none (the model decides)")
        _check(self.topic is None or (_whole(self.topic) and 0 <= self.topic < topics),
               "topic", f"a whole number from 0 to {topics - 1}, or none (the model decides)")
        _check(self.stance is None or self.stance in STANCES,
               "stance", f"{', '.join(STANCES)} or none (the model decides)")
        return SeatChoice(self.attend, float(self.voice),
                          None if self.openness is None else float(self.openness),
                          None if self.topic is None else int(self.topic), self.stance)


def _number(value: object) -> bool:
    """A finite real number (numpy's too), not a truth value."""
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value))


def _whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check(ok: bool, name: str, allowed: str) -> None:
    if not ok:
        raise ValueError(f"{name}: allowed: {allowed}")


def seconds(limit: float) -> float:
    """A time limit as given, if it is one."""
    _check(_number(limit) and limit > 0, "limit", "a number of seconds above 0")
    return float(limit)


CHOICE_FIELDS = tuple(f.name for f in fields(SeatChoice))


def to_choices(week: Mapping[int, SeatChoice], n: int) -> Choices:
    """The kernel's arrays for one week: the students' seats set, every other seat the model's."""
    c = model_choices(n)
    for seat, choice in week.items():
        if choice.attend is not None:
            c.attend[seat] = int(choice.attend)
        c.voice[seat] = choice.voice
        if choice.openness is not None:
            c.openness[seat] = choice.openness
        if choice.topic is not None:
            c.topic[seat] = choice.topic
        if choice.stance is not None:
            c.stance[seat] = STANCES.index(choice.stance)
    return c


@dataclass(frozen=True)
class Seat:
    """A participant's place as the seat list shows it."""

    index: int
    role: str
    player: str | None      # the student's name, None while agents play it
    connected: bool
    chosen: bool            # the student has chosen this week


@dataclass(frozen=True)
class Speaker:
    seat: int
    role: str
    turns: int
    player: str | None


@dataclass(frozen=True)
class Proposal:
    """A decision drafted by a seat and where it stands upstairs."""

    topic: int
    value: float
    week: int               # week it was made (1 = the first meeting)
    status: str             # pending, implemented, blocked
    week_done: int | None   # week it was implemented or blocked (None: pending)


@dataclass(frozen=True, eq=False)
class StudentView:
    """What one student sees of their seat after the last meeting (copied under the lock)."""

    code: str
    week: int               # meetings held so far
    steps: int              # meetings in the run
    paused: bool
    remaining: float | None  # seconds left to choose (None while paused)
    seat: int
    role: str
    name: str
    topics: int             # items 0..topics-1 one may put on the table
    choice: SeatChoice | None   # this week's choice so far
    active: bool            # False: the participant dropped out of the house
    power: float
    trust: dict[str, float]     # in each group the house has
    satisfaction: float
    present: bool
    turns: int
    share: float            # of the meeting's turns (nan if absent or no meeting)
    heard: float            # how much the others listened, 1 = at least an equal share
    heard_by: dict[str, float]  # the same per group of listeners present
    speakers: tuple[Speaker, ...]   # who spoke, most turns first
    topic: int              # discussed at the last meeting (-1: none)
    decided: bool
    value: float
    open_topic: int         # the item on the table now (-1: none)
    open_proposer: int      # its drafter's seat (-1: none)
    proposals: tuple[Proposal, ...]   # decisions this seat drafted
    drawing: Drawing        # the last meeting as `views.room_for` draws it
    attendees: tuple[int, ...]   # seats of those present, in the drawing's order

    @property
    def finished(self) -> bool:
        return self.week >= self.steps


@dataclass(frozen=True)
class LecturerView:
    code: str
    name: str
    week: int
    steps: int
    paused: bool
    remaining: float | None
    limit: float
    seats: tuple[Seat, ...]
    waiting: tuple[int, ...]    # seats of connected students who have not chosen yet
    drawing: Drawing            # the last meeting as `views.room_for` draws it
    attendees: tuple[int, ...]  # seats of those present, in the drawing's order

    @property
    def finished(self) -> bool:
        return self.week >= self.steps


@dataclass(frozen=True, eq=False)
class Facts:
    """What happened to every seat in one week, kept for the debrief and the CSV."""

    present: np.ndarray         # (n,) bool
    turns: np.ndarray           # (n,) int
    heard: np.ndarray           # (n,) nan where absent
    power: np.ndarray
    satisfaction: np.ndarray

    @property
    def total(self) -> int:
        return int(self.turns.sum())


def observe(model: HouseModel) -> Facts:
    """The week the model just held, per seat (the same measure of being heard as the model)."""
    n = model.state.size
    meeting = model.last_meeting
    present, turns, heard = np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64), np.full(n, np.nan)
    present[meeting.present] = True
    turns[meeting.present] = meeting.turns
    if meeting.held:
        heard[meeting.present] = feedback.heard(meeting.weights)
    return Facts(present, turns, heard, model.state.power.copy(),
                 model.state.satisfaction.copy())


def heard_by(meeting: Meeting, role: np.ndarray) -> dict[int, dict[str, float]]:
    """How much each group present listened to each seat present (the model's measure)."""
    if not meeting.held:
        return {}
    mean, has = feedback.listened_by_group(meeting.weights, role[meeting.present], len(ROLES))
    return {int(seat): {ROLES[g]: float(mean[row, g]) for g in range(len(ROLES)) if has[row, g]}
            for row, seat in enumerate(meeting.present)}


@dataclass(frozen=True, eq=False)
class Common:
    """The part of every student's view that is the same for all seats, built once a week
    (not once per screen: a class of 30 would build it 30 times for one week)."""

    speakers: tuple[Speaker, ...]
    heard_by: dict[int, dict[str, float]]
    decisions: pd.DataFrame
    drawing: Drawing
    attendees: tuple[int, ...]
    open_topic: int
    open_proposer: int


@dataclass
class Player:
    """A student holding a seat; the token itself is never kept, only its hash."""

    name: str
    seat: int
    token: str              # sha256 of the token
    mode: str
    group: str | None       # the student's own group, if they said
    connected: bool = False
    session: str | None = None   # sha256 of the browser's session id, to reclaim the seat


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _name(name: str) -> str:
    """A student's name as one printable line, for the seat list and the CSV."""
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in name).split())[:NAME_MAX]
    if not clean:
        raise ValueError(f"name: allowed: 1 to {NAME_MAX} printable characters")
    return clean


class Room:
    """One shared house; everything that reads or steps it holds the room's lock."""

    def __init__(self, code: str, name: str, scenario: Scenario, seed: int, lecturer_hash: str,
                 folder: Path, clock: Callable[[], float], limit: float = DEFAULT_LIMIT) -> None:
        self.code, self.name, self.scenario, self.seed = code, name, scenario, seed
        self._lecturer = lecturer_hash
        self._lecturer_session: str | None = None   # sha256 of the lecturer's session id
        self._path = folder / f"{code}.json"
        self._clock = clock
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)   # notified on every change
        self._version = 0                        # counts the changes, for pages that wait
        self._closed = False
        self._timer: threading.Thread | None = None
        self._model = HouseModel(scenario, seed=seed)
        self._players: dict[str, Player] = {}    # by token hash
        self._pending: dict[int, SeatChoice] = {}
        self._weeks: list[dict[int, SeatChoice]] = []
        self._facts: list[Facts] = []
        self._turn = 0                           # rotation of assigned seats over the groups
        self._limit = seconds(limit)
        self._paused, self._paused_at, self._started = True, clock(), clock()
        self._agents: tuple[int, list[Facts], pd.DataFrame] | None = None   # all-agent run
        self._common: tuple[tuple[int, int], Common] | None = None   # by (week, players)
        self.opened = datetime.now(UTC).isoformat(timespec="seconds")

    # --- who is where -------------------------------------------------------------------

    @property
    def size(self) -> int:
        return self._model.state.size

    @property
    def steps(self) -> int:
        return self.scenario.run.steps

    def _role(self, seat: int) -> str:
        return ROLES[int(self._model.state.role[seat])]

    def _holder(self) -> dict[int, Player]:
        return {p.seat: p for p in self._players.values()}

    def _seats(self) -> tuple[Seat, ...]:
        holder = self._holder()
        return tuple(Seat(i, self._role(i), holder[i].name if i in holder else None,
                          i in holder and holder[i].connected, i in self._pending)
                     for i in range(self.size))

    def seats(self) -> tuple[Seat, ...]:
        """Every seat with its role and who plays it."""
        with self._lock:
            return self._seats()

    def progress(self) -> tuple[int, bool]:
        """Meetings held so far and whether the clock is paused: cheap, for every page."""
        with self._lock:
            return len(self._weeks), self._paused

    @property
    def version(self) -> int:
        """How many changes the room has seen (a week, a choice, a seat, the clock)."""
        with self._lock:
            return self._version

    def wait(self, version: int, timeout: float | None = None) -> int | None:
        """The room's version once it differs from `version` (or after `timeout` seconds);
        None once the room is closed. A page's thread sleeps here instead of polling, and the
        change itself wakes it."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != version or self._closed, timeout)
            return None if self._closed else self._version

    def _touch(self) -> None:
        """Under the lock: something pages show changed; wake every waiting page and the clock."""
        self._version += 1
        self._changed.notify_all()

    def chosen(self) -> frozenset[int]:
        """Seats whose student has chosen this week."""
        with self._lock:
            return frozenset(self._pending)

    def _player(self, token: str) -> Player:
        player = self._players.get(_hash(token))
        if player is None:
            raise PermissionError("unknown token for this room")
        return player

    def _check_lecturer(self, token: str) -> None:
        if not hmac.compare_digest(_hash(token), self._lecturer):
            raise PermissionError("only the lecturer of this room can do this")

    # --- students -----------------------------------------------------------------------

    def join(self, name: str, seat: int | None = None, mode: Mode = "chosen",
             group: str | None = None, session: str | None = None) -> str:
        """Take a seat and get the token to play and rejoin it with.

        chosen: the given free seat; assigned: the next free seat of the groups in turn
        (residents, professionals, officials, ...); reversed: the same, but never of `group`,
        the student's own group (role reversal). `session`: the browser's session id, kept
        hashed, so the browser can `reclaim` the seat after a server restart.
        """
        name = _name(name)
        _check(mode in MODES, "mode", ", ".join(MODES))
        _check(group is None or group in ROLES, "group", ", ".join(ROLES))
        _check(mode != "reversed" or group is not None, "group",
               f"for role reversal the student's own group: {', '.join(ROLES)}")
        _check(mode == "chosen" or seat is None, "seat", "only with mode chosen")
        with self._lock:
            if mode == "chosen":
                _check(_whole(seat) and 0 <= seat < self.size,
                       "seat", f"a seat from 0 to {self.size - 1}")
                seat = int(seat)
                _check(seat not in self._holder(), "seat", "a free seat; this one is taken")
            else:
                seat = self._assign(exclude=group if mode == "reversed" else None)
            token = secrets.token_urlsafe(16)
            self._players[_hash(token)] = Player(name, seat, _hash(token), mode, group, True,
                                                 _hash(session) if session else None)
            self._save()
            self._touch()
            return token

    def _assign(self, exclude: str | None) -> int:
        """The lowest free seat of the next group in turn that has one."""
        taken = self._holder()
        roles = self._model.state.role
        groups = [g for g in range(len(ROLES)) if (roles == g).any() and ROLES[g] != exclude]
        for k in range(len(groups)):
            g = groups[(self._turn + k) % len(groups)]
            free = [int(i) for i in np.flatnonzero(roles == g) if int(i) not in taken]
            if free:
                self._turn = (self._turn + k + 1) % len(groups)
                return free[0]
        raise ValueError("seat: no free seat left" + (f" outside {exclude}" if exclude else ""))

    def reclaim(self, session: str) -> tuple[Part, str] | None:
        """A browser back after a server restart (which forgot its tokens): its part here and
        a new token, the old one no longer valid; None if this browser holds nothing here."""
        mine = _hash(session)
        token = secrets.token_urlsafe(16)
        with self._lock:
            if self._lecturer_session is not None and hmac.compare_digest(
                    mine, self._lecturer_session):
                self._lecturer, part = _hash(token), "lecturer"
            else:
                player = next((p for p in self._players.values()
                               if p.session is not None and hmac.compare_digest(mine, p.session)),
                              None)
                if player is None:
                    return None
                del self._players[player.token]
                player.token, part = _hash(token), "student"
                self._players[player.token] = player
            self._save()
            return part, token

    def rejoin(self, token: str) -> int:
        """Back at one's seat (after closing the laptop, or a server restart)."""
        with self._lock:
            player = self._player(token)
            player.connected = True
            self._touch()
            return player.seat

    def leave(self, token: str) -> None:
        """Agents play the seat from the next week on; it stays the student's to rejoin.

        A choice already made for this week stands: the student made it.
        """
        with self._lock:
            self._player(token).connected = False
            self._touch()

    def choose(self, token: str, **changes: Any) -> SeatChoice:
        """Set some of this week's choices for one's seat (the others keep their value)."""
        unknown = sorted(set(changes) - set(CHOICE_FIELDS))
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown choice; allowed: {', '.join(CHOICE_FIELDS)}")
        with self._lock:
            player = self._player(token)
            if self._finished:
                raise ValueError("week: the run is over; no more choices")
            base = self._pending.get(player.seat, SeatChoice())
            choice = SeatChoice(**{**asdict(base), **changes}).checked(self._topics)
            self._pending[player.seat] = choice
            self._touch()
            return choice

    @property
    def _topics(self) -> int:
        return self.scenario.house.topics

    # --- the clock ----------------------------------------------------------------------

    @property
    def _finished(self) -> bool:
        return len(self._weeks) >= self.steps

    def _remaining(self, now: float) -> float | None:
        return None if self._paused else max(self._limit - (now - self._started), 0.0)

    def _ready(self, now: float) -> bool:
        connected = {p.seat for p in self._players.values() if p.connected}
        everyone = bool(connected) and connected <= set(self._pending)
        return not self._paused and (everyone or now - self._started >= self._limit)

    def _due(self, now: float) -> bool:
        return not self._finished and self._ready(now)

    def tick(self, now: float | None = None) -> bool:
        """Advance a week if every connected student has chosen or time is up (not paused): the
        clock by hand, for a room whose timer does not run (`Rooms(run_clocks=False)`)."""
        with self._lock:
            if not self._due(self._clock() if now is None else now):
                return False
            self._advance()
            return True

    def start(self) -> None:
        """Run the room's clock in a thread of its own, so a time-limited week moves on whatever
        pages are open (the lecturer's closed, say): no page runs the clock."""
        with self._lock:
            if self._timer is None and not self._closed:
                self._timer = threading.Thread(target=self._run_clock, daemon=True,
                                               name=f"room-{self.code}-clock")
                self._timer.start()

    def _run_clock(self) -> None:
        """Sleep until the time limit or a change (a choice, a resume), then advance if due."""
        with self._changed:
            while not self._closed:
                now = self._clock()
                if self._due(now):
                    self._advance()
                    continue
                waiting = self._paused or self._finished
                self._changed.wait(None if waiting else self._remaining(now))

    def stop(self) -> None:
        """No more weeks: the clock's thread ends and waiting pages wake."""
        with self._lock:
            self._closed = True
            self._touch()
            timer = self._timer
        if timer is not None and timer is not threading.current_thread():
            timer.join()

    def next_week(self, lecturer: str) -> bool:
        """The lecturer moves on now (also while paused); False when the run is over."""
        with self._lock:
            self._check_lecturer(lecturer)
            if self._finished:
                return False
            self._advance()
            return True

    def _advance(self) -> None:
        week, self._pending = self._pending, {}
        self._step(week)
        self._started = self._clock()
        self._save()
        self._touch()

    def _step(self, week: dict[int, SeatChoice]) -> None:
        self._model.play(to_choices(week, self.size))
        self._weeks.append(week)
        self._facts.append(observe(self._model))

    def pause(self, lecturer: str) -> None:
        with self._lock:
            self._check_lecturer(lecturer)
            if not self._paused:
                self._paused, self._paused_at = True, self._clock()
                self._touch()

    def resume(self, lecturer: str) -> None:
        """Run the clock again; the time paused does not count against the week."""
        with self._lock:
            self._check_lecturer(lecturer)
            if self._paused:
                self._started += self._clock() - self._paused_at
                self._paused = False
                self._touch()

    def set_limit(self, lecturer: str, limit: float) -> None:
        """How long a week waits for the students' choices, in seconds."""
        limit = seconds(limit)
        with self._lock:
            self._check_lecturer(lecturer)
            self._limit = limit
            self._save()
            self._touch()

    # --- what people see ----------------------------------------------------------------

    def lecturer_view(self, lecturer: str) -> LecturerView:
        with self._lock:
            self._check_lecturer(lecturer)
            seats = self._seats()
            return LecturerView(self.code, self.name, len(self._weeks), self.steps, self._paused,
                                self._remaining(self._clock()), self._limit, seats,
                                tuple(s.index for s in seats if s.connected and not s.chosen),
                                self._shared().drawing, self._shared().attendees)

    def view(self, token: str) -> StudentView:
        """One's own seat after the last meeting; only the token's holder sees it."""
        with self._lock:
            player = self._player(token)
            return self._view(player)

    def _shared(self) -> Common:
        """This week's `Common`, built at the first view after a meeting or a join."""
        key = (len(self._weeks), len(self._players))
        if self._common is None or self._common[0] != key:
            model = self._model
            meeting = model.last_meeting
            self._common = key, Common(
                self._speakers(meeting), heard_by(meeting, model.state.role),
                model.pipeline.frame(), Drawing.of(model), self._attendees(),
                int(model.house.counts[ITEM_TOPIC]), int(model.house.counts[ITEM_PROPOSER]))
        return self._common[1]

    def _view(self, player: Player) -> StudentView:
        i, s, model = player.seat, self._model.state, self._model
        meeting, common = model.last_meeting, self._shared()
        facts = self._facts[-1] if self._facts else None
        here = bool(facts is not None and facts.present[i])
        return StudentView(
            code=self.code, week=len(self._weeks), steps=self.steps, paused=self._paused,
            remaining=self._remaining(self._clock()), seat=i, role=self._role(i),
            name=player.name, topics=self._topics, choice=self._pending.get(i),
            active=bool(s.active[i]), power=float(s.power[i]),
            trust={ROLES[g]: float(s.trust[i, g]) for g in range(len(ROLES))
                   if (s.role == g).any()},
            satisfaction=float(s.satisfaction[i]), present=here,
            turns=int(facts.turns[i]) if facts else 0,
            share=float(facts.turns[i] / facts.total) if facts and here and facts.total
            else math.nan,
            heard=float(facts.heard[i]) if facts else math.nan,
            heard_by=common.heard_by.get(i, {}), speakers=common.speakers,
            topic=meeting.topic, decided=meeting.decided, value=meeting.value,
            open_topic=common.open_topic, open_proposer=common.open_proposer,
            proposals=proposals(common.decisions, i), drawing=common.drawing,
            attendees=common.attendees)

    def _attendees(self) -> tuple[int, ...]:
        return tuple(int(k) for k in self._model.last_meeting.present)

    def _speakers(self, meeting: Meeting) -> tuple[Speaker, ...]:
        """Who spoke at the meeting, most turns first (students by name)."""
        holder = self._holder()
        spoke = [Speaker(int(k), self._role(int(k)), int(t),
                         holder[int(k)].name if int(k) in holder else None)
                 for k, t in zip(meeting.present, meeting.turns, strict=True) if t > 0]
        return tuple(sorted(spoke, key=lambda sp: (-sp.turns, sp.seat)))

    def series(self) -> pd.DataFrame:
        """The house's outcomes per week (the same series as a single-player house)."""
        with self._lock:
            return self._model.datacollector.get_model_vars_dataframe().copy()

    # --- after the session --------------------------------------------------------------

    def debrief(self, lecturer: str) -> pd.DataFrame:
        """Per played seat, two rows: the played run and an all-agent run of the same scenario
        and seed over as many weeks (`run`: played, agents), so the class sees what the
        students' choices changed.

        Columns: seat, role, player, mode, group (the student's own, if given), run; weeks,
        present (meetings attended), turns, speaking_share (of the turns in those meetings),
        even_share (what an equal split of them would give), heard (mean, 1 = the others gave at
        least an equal share of attention), decided (decisions the seat drafted), implemented,
        blocked, pending.
        """
        with self._lock:
            self._check_lecturer(lecturer)
            played, frame = list(self._facts), self._model.pipeline.frame()
            players = sorted(self._players.values(), key=lambda p: p.seat)
            roles = {p.seat: self._role(p.seat) for p in players}
        agents, agents_frame = self._all_agents(len(played))
        rows = [{"seat": p.seat, "role": roles[p.seat], "player": p.name, "mode": p.mode,
                 "group": p.group, "run": run, **summary(facts, decisions, p.seat)}
                for p in players
                for run, facts, decisions in (("played", played, frame),
                                              ("agents", agents, agents_frame))]
        return pd.DataFrame(rows, columns=[*DEBRIEF_KEYS, *SUMMARY_COLUMNS])

    def _all_agents(self, weeks: int) -> tuple[list[Facts], pd.DataFrame]:
        """The same house with agents in every seat, run as far as the played one (cached)."""
        cached = self._agents
        if cached is not None and cached[0] == weeks:
            return cached[1], cached[2]
        model, facts = HouseModel(self.scenario, seed=self.seed), []
        for _ in range(weeks):
            model.step()
            facts.append(observe(model))
        self._agents = (weeks, facts, model.pipeline.frame())
        return facts, self._agents[2]

    def csv(self, lecturer: str) -> str:
        """The session, one row per finished week and played seat: the choice and what followed.

        Comment lines first (scenario, seed, interventions, room), as in the single-player
        download. Columns: week, seat, role, player, chosen (a student chose that week), the
        choice's fields (empty: the model decided), present, turns, share, heard, power and
        satisfaction after the meeting, drafted (decisions that week on an item the seat drafted).
        """
        with self._lock:
            self._check_lecturer(lecturer)
            frame = session_frame(self._weeks, self._facts, self._model.pipeline.frame(),
                                  sorted(self._players.values(), key=lambda p: p.seat),
                                  self._role)
        lines = [*provenance(Choice(name=self.name, base=self.scenario, seed=self.seed)),
                 f"room: {self.code}"]
        header = "".join(f"# {line}\n" for line in lines)
        return header + frame.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)

    # --- on disk ------------------------------------------------------------------------

    def record(self) -> dict[str, Any]:
        """Everything needed to rebuild the room by replay; tokens only as hashes."""
        return {"format": FORMAT, "code": self.code, "name": self.name, "opened": self.opened,
                "scenario": to_toml(self.scenario), "digest": self.scenario.digest(),
                "seed": self.seed, "lecturer": self._lecturer,
                "lecturer_session": self._lecturer_session, "limit": self._limit,
                "turn": self._turn,
                "players": [asdict(p) | {"connected": False} for p in self._players.values()],
                "weeks": [{str(seat): asdict(c) for seat, c in week.items()}
                          for week in self._weeks]}

    def _save(self) -> None:
        """Write the record atomically: a crash leaves the old file or the new, never half;
        nothing once the room is closed (its file is gone for good).

        A disk that fails is logged, not raised: the class plays on, and the next save that
        succeeds holds every week again (the record is always the whole room).
        """
        if self._closed:
            return
        try:
            write_atomically(self._path, json.dumps(self.record(), ensure_ascii=False))
        except OSError:
            log.exception("role-play room %s could not be saved", self.code)

    @classmethod
    def replayed(cls, data: Mapping[str, Any], folder: Path,
                 clock: Callable[[], float]) -> Room:
        """The room a record describes, its weeks replayed; every student disconnected."""
        if data.get("format") != FORMAT:
            raise ValueError(f"format: allowed: {FORMAT}")
        code = str(data["code"])
        scenario = validate_data(parse_toml(str(data["scenario"]).encode(), code), code)
        if scenario.digest() != data["digest"]:
            raise ValueError("scenario: does not match its digest")
        room = cls(code, str(data["name"]), scenario, int(data["seed"]), str(data["lecturer"]),
                   folder, clock, float(data["limit"]))
        room.opened, room._turn = str(data["opened"]), int(data["turn"])
        room._lecturer_session = data.get("lecturer_session")
        for p in data["players"]:
            player = Player(**p)
            _check(0 <= player.seat < room.size, "seat", f"0 to {room.size - 1}")
            room._players[player.token] = player
        for week in data["weeks"]:
            room._step({int(seat): SeatChoice(**c).checked(room._topics)
                        for seat, c in week.items()})
        return room


DEBRIEF_KEYS = ("seat", "role", "player", "mode", "group", "run")
CSV_COLUMNS = ("week", "seat", "role", "player", "chosen", *CHOICE_FIELDS, "present", "turns",
               "share", "heard", "power", "satisfaction", "drafted")
SUMMARY_COLUMNS = ("weeks", "present", "turns", "speaking_share", "even_share", "heard",
                   "decided", "implemented", "blocked", "pending")


def proposals(frame: pd.DataFrame, seat: int) -> tuple[Proposal, ...]:
    """The decisions a seat drafted, with the weeks they were made and cleared or blocked."""
    mine = frame[frame["proposer"] == seat]
    return tuple(Proposal(int(r.topic), float(r.value), int(r.step_made), str(r.status),
                          int(r.step_done) if r.step_done >= 0 else None)
                 for r in mine.itertuples())


def summary(facts: Sequence[Facts], decisions: pd.DataFrame, seat: int) -> dict[str, Any]:
    """One seat over a run: attendance, share of the turns in the meetings it attended against
    an even split of them, mean being heard (the model's measure: 1 = the others gave at least
    an equal share of attention), and the fate of the decisions it drafted."""
    here = [f for f in facts if f.present[seat]]
    turns = sum(int(f.turns[seat]) for f in here)
    total = sum(f.total for f in here)
    status = decisions.loc[decisions["proposer"] == seat, "status"]
    heard = [float(f.heard[seat]) for f in here if not math.isnan(f.heard[seat])]
    return {"weeks": len(facts), "present": len(here), "turns": turns,
            "speaking_share": turns / total if total else math.nan,
            "even_share": float(np.mean([1 / f.present.sum() for f in here])) if here
            else math.nan,
            "heard": float(np.mean(heard)) if heard else math.nan,
            "decided": int(status.size), "implemented": int((status == "implemented").sum()),
            "blocked": int((status == "blocked").sum()),
            "pending": int((status == "pending").sum())}


def session_frame(weeks: Sequence[Mapping[int, SeatChoice]], facts: Sequence[Facts],
                  decisions: pd.DataFrame, players: Sequence[Player],
                  role: Callable[[int], str]) -> pd.DataFrame:
    """Week x played seat: the student's choice (blank: the model's) and what happened."""
    made = decisions["step_made"].to_numpy()
    rows = []
    for w, (week, f) in enumerate(zip(weeks, facts, strict=True), start=1):
        for p in players:
            choice = week.get(p.seat)
            here = bool(f.present[p.seat])
            rows.append({
                "week": w, "seat": p.seat, "role": role(p.seat), "player": p.name,
                "chosen": choice is not None,
                **{k: (getattr(choice, k) if choice else None) for k in CHOICE_FIELDS},
                "present": here, "turns": int(f.turns[p.seat]),
                "share": f.turns[p.seat] / f.total if here and f.total else None,
                "heard": None if math.isnan(f.heard[p.seat]) else float(f.heard[p.seat]),
                "power": float(f.power[p.seat]), "satisfaction": float(f.satisfaction[p.seat]),
                "drafted": int(((decisions["proposer"] == p.seat) & (made == w)).sum())})
    return pd.DataFrame(rows, columns=CSV_COLUMNS)


def write_atomically(path: Path, text: str) -> None:
    """`text` in `path` via a temporary file in the same folder and `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    """A code as typed (spaces, lower case) in the form it was issued."""
    return "".join(code.split()).upper()


class Rooms:
    """The server's rooms by code, shared by all browser sessions; the registry has its own lock.

    Only someone with the code reaches a room (31**6, about 900 million codes, drawn with
    `secrets`), and only a token reaches a seat or the lecturer's controls.
    """

    def __init__(self, folder: Path, clock: Callable[[], float] = time.monotonic,
                 run_clocks: bool = True) -> None:
        self.folder = Path(folder)
        self._clock = clock
        self._run_clocks = run_clocks   # False: the caller ticks the rooms (tests, by hand)
        self._lock = threading.Lock()
        self._rooms: dict[str, Room] = {}

    def open(self, scenario: Scenario, seed: int, name: str = "", limit: float = DEFAULT_LIMIT,
             session: str | None = None) -> tuple[Room, str]:
        """A new room, paused, with its code, and the lecturer's token (shown once); `session`
        as for `Room.join`."""
        _check(_whole(seed) and seed >= 0, "seed", "a whole number from 0")
        token = secrets.token_urlsafe(16)
        while True:   # the house is built outside the registry's lock: a big one takes a while
            room = Room(new_code(), _name(name or "house"), scenario, int(seed), _hash(token),
                        self.folder, self._clock, limit)
            with self._lock:
                if room.code not in self._rooms and not room._path.exists():
                    self._rooms[room.code] = room
                    break
        with room._lock:
            room._lecturer_session = _hash(session) if session else None
            room._save()
        self._started(room)
        return room, token

    def _started(self, room: Room) -> None:
        if self._run_clocks:
            room.start()

    def get(self, code: str) -> Room | None:
        with self._lock:
            return self._rooms.get(normal_code(code))

    def close(self, code: str, lecturer: str) -> None:
        """The lecturer ends a room: gone from the registry and from disk."""
        room = self.get(code)
        if room is None:
            raise PermissionError("no room with this code")
        with room._lock:
            room._check_lecturer(lecturer)
            with self._lock:
                self._rooms.pop(room.code, None)
            room._closed = True    # before the lock is let go: nothing saves the file again
            room._path.unlink(missing_ok=True)
        room.stop()

    def reclaim(self, session: str) -> tuple[Room, Part, str] | None:
        """The room this browser played in before a restart, its part and a new token."""
        with self._lock:
            rooms = list(self._rooms.values())
        for room in rooms:
            found = room.reclaim(session)
            if found is not None:
                return room, *found
        return None

    def restore(self) -> list[str]:
        """Rebuild every room stored in the folder (after a restart); a damaged file is logged
        and skipped, so one bad room cannot keep the others from opening."""
        restored = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                room = Room.replayed(json.loads(path.read_text(encoding="utf-8")), self.folder,
                                     self._clock)
            except Exception:
                log.exception("role-play room %s could not be restored", path.name)
                continue
            with self._lock:
                if room.code not in self._rooms:
                    self._rooms[room.code] = room
                    restored.append(room.code)
            if room.code in restored:
                self._started(room)
        return restored
