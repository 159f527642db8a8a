"""Decisions on their way up: each passes the vertical clearance points in series.

The log of decisions is a set of arrays with room for every decision a run can make, so that the
compiled week adds and advances decisions in place; `Pipeline` reads it as a table.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from simulation.house.compiled import jit
from simulation.house.mechanisms import clearance
from simulation.house.mechanisms.clearance import VERTICAL_LEVELS
from simulation.house.settings import Settings

PENDING, IMPLEMENTED, BLOCKED = 0, 1, 2
STATUS = ("pending", "implemented", "blocked")


class Decisions(NamedTuple):
    """One row per decision the house made; `size[0]` rows are in use."""

    size: np.ndarray            # (1,) decisions so far
    topic: np.ndarray
    value: np.ndarray
    step_made: np.ndarray
    meetings: np.ndarray        # meetings the item took
    proposer: np.ndarray        # participant who put the item on the table
    resident_view: np.ndarray   # residents' mean initial view on the topic
    official_view: np.ndarray   # officials' mean initial view on the topic
    route: np.ndarray           # (rows, longest route) level of each clearance point in order
    route_length: np.ndarray
    pos: np.ndarray             # clearance points passed
    attempts_left: np.ndarray
    due: np.ndarray             # week of the next attempt
    escalated: np.ndarray
    line_distance: np.ndarray   # (rows, levels) distance from the line of who clears it there
    status: np.ndarray
    step_done: np.ndarray


def decisions(rows: int, c: Settings) -> Decisions:
    """An empty log with room for `rows` decisions."""
    ints = lambda: np.zeros(rows, dtype=np.int64)  # noqa: E731
    return Decisions(
        size=np.zeros(1, dtype=np.int64), topic=ints(), value=np.zeros(rows), step_made=ints(),
        meetings=ints(), proposer=ints(), resident_view=np.zeros(rows),
        official_view=np.zeros(rows),
        route=np.zeros((rows, max(int(c.points.sum()), 1)), dtype=np.int64),
        route_length=ints(), pos=ints(), attempts_left=ints(), due=ints(),
        escalated=np.zeros(rows, dtype=np.bool_),
        line_distance=np.zeros((rows, len(VERTICAL_LEVELS))), status=ints(),
        step_done=np.full(rows, -1, dtype=np.int64))


def grown(log: Decisions, rows: int) -> Decisions:
    """The same log with room for `rows` decisions (a house run past its planned weeks)."""
    def more(a: np.ndarray) -> np.ndarray:
        out = np.full((rows, *a.shape[1:]), -1 if a is log.step_done else 0, dtype=a.dtype)
        out[:a.shape[0]] = a
        return out
    return Decisions(log.size, *(more(a) for a in log[1:]))


@jit
def add(log: Decisions, topic: int, value: float, step: int, line_distance: np.ndarray,
        meetings: int, proposer: int, resident_view: float, official_view: float, c: Settings,
        rng: np.random.Generator) -> None:
    """A new decision: its route holds each level's points, if the level applies to it.

    `line_distance` is, per level, how far the decision lies from the line of those who clear it
    there (the executors', then the municipality's).
    """
    k = log.size[0]
    log.size[0] = k + 1
    length = 0
    for level in range(len(VERTICAL_LEVELS)):
        if rng.random() < c.applies[level]:
            for _ in range(c.points[level]):
                log.route[k, length] = level
                length += 1
    first = log.route[k, 0] if length else 0
    log.topic[k], log.value[k], log.step_made[k], log.meetings[k] = topic, value, step, meetings
    log.proposer[k] = proposer
    log.resident_view[k], log.official_view[k] = resident_view, official_view
    log.route_length[k], log.pos[k] = length, 0
    log.attempts_left[k] = c.attempts[first]
    log.due[k] = step + (c.delay[first] if length else 0)
    log.escalated[k] = False
    log.line_distance[k] = line_distance
    log.status[k], log.step_done[k] = PENDING, -1


@jit
def pending_topics(log: Decisions, topics: int) -> np.ndarray:
    """(topics,) True where a decision on the topic is still on its way up."""
    pending = np.zeros(topics, dtype=np.bool_)
    status, topic = log.status, log.topic
    for k in range(log.size[0]):
        if status[k] == PENDING:
            pending[topic[k]] = True
    return pending


@jit
def advance(log: Decisions, step: int, pass_boost: np.ndarray, escalation: float,
            upward_reliance: float, sharing: float, c: Settings,
            rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """One week of clearance: (decisions implemented this week, number blocked), in log order.

    Each decision due tries its current point once; one that used up its attempts may be
    escalated once and tried again, or is blocked.
    """
    p_level = clearance.effective_pass(c.pass_base, pass_boost, sharing,
                                       c.dependence * upward_reliance)
    status, due, route, length, pos = log.status, log.due, log.route, log.route_length, log.pos
    left, escalated, attempts, delay = log.attempts_left, log.escalated, c.attempts, c.delay
    done = np.zeros(log.size[0], dtype=np.bool_)
    blocked = 0
    for k in range(log.size[0]):
        if status[k] != PENDING or due[k] > step:
            continue
        level = route[k, pos[k]] if length[k] else 0
        p = clearance.against_line(p_level[level], log.line_distance[k, level], c.line_weight)
        passed = rng.random() < p
        if length[k] == 0 or passed:
            pos[k] += 1 if length[k] else 0
            if pos[k] >= length[k]:
                status[k], log.step_done[k] = IMPLEMENTED, step
                done[k] = True
                continue
            nxt = route[k, pos[k]]
            left[k] = attempts[nxt]
            due[k] = step + max(delay[nxt], 1)
            continue
        left[k] -= 1
        if left[k] > 0:
            due[k] = step + max(delay[level], 1)
        elif not escalated[k] and rng.random() < escalation:
            escalated[k] = True
            left[k] = attempts[level]
            due[k] = step + max(delay[level], 1)
        else:
            status[k], log.step_done[k] = BLOCKED, step
            blocked += 1
    return np.flatnonzero(done), blocked


class Pipeline:
    """Every decision the house made, with where it stands on its route upward."""

    def __init__(self, log: Decisions) -> None:
        self.log = log

    def count(self, status: str | None = None) -> int:
        """Decisions in total, or with one status (pending, implemented, blocked)."""
        n = int(self.log.size[0])
        return n if status is None else int((self.log.status[:n] == STATUS.index(status)).sum())

    def pending_topics(self) -> list[int]:
        n = int(self.log.size[0])
        return self.log.topic[:n][self.log.status[:n] == PENDING].tolist()

    def frame(self) -> pd.DataFrame:
        """One row per decision, with where its value lies between residents' and officials'
        initial views (`official_lean`: 0 = residents' view, 1 = officials')."""
        log, n = self.log, int(self.log.size[0])
        value, resident, official = log.value[:n], log.resident_view[:n], log.official_view[:n]
        span = official - resident
        apart = np.abs(span) > 1e-9   # in numpy: a run's table costs a fraction of pandas' ops
        lean = np.full(n, np.nan)
        lean[apart] = (value[apart] - resident[apart]) / span[apart]
        return pd.DataFrame({
            "id": np.arange(n), "topic": log.topic[:n], "value": value,
            "step_made": log.step_made[:n], "meetings": log.meetings[:n],
            "proposer": log.proposer[:n], "resident_view": resident, "official_view": official,
            "status": np.array(STATUS, dtype=object)[log.status[:n]],
            "step_done": log.step_done[:n], "escalated": log.escalated[:n],
            "route_length": log.route_length[:n], "official_lean": lean})
