"""Everything a house carries from week to week, as the compiled week reads and writes it.

The participants' states, the status quo, the decision log, the open agenda item and the running
counts, the citizen panel, and the last meeting; all arrays, changed in place.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulation.house.pipeline import Decisions, decisions
from simulation.house.population import draw_house
from simulation.house.settings import Settings
from simulation.house.state import N_ROLES, OFFICIAL, PROFESSIONAL, HouseState

# places in `HouseRecord.counts`
(ITEM_TOPIC, ITEM_PROPOSER, ITEM_MEETINGS, ITEMS_DROPPED, DECISION_MEETINGS, DROPOUTS,
 FIRST_VISIT_DROPOUTS, NEWCOMERS, PANEL_SIZE, PANEL_DRAWN, N_COUNTS) = range(11)
# places in `Room.facts`
N_PRESENT, TOPIC, DECIDED, N_FACTS = range(4)


class Room(NamedTuple):
    """The last meeting: who was there, who spoke, who listened to whom, what was decided."""

    present: np.ndarray     # (capacity,) participants present, first facts[N_PRESENT] in use
    turns: np.ndarray       # (capacity,) turns each got
    shares: np.ndarray      # (capacity,) expected speaking shares
    weights: np.ndarray     # (capacity, capacity) influence weights among those present
    facts: np.ndarray       # (N_FACTS,) present count, topic (-1: none), decided (0/1)
    value: np.ndarray       # (1,) value decided on the topic (nan: none)


class HouseRecord(NamedTuple):
    """One house in the middle of its run."""

    state: HouseState
    policy: np.ndarray      # (topics,) the status quo per topic
    views: np.ndarray       # (roles, topics) each group's mean initial view (nan: no members)
    executors: np.ndarray   # (n,) professionals and officials: their sharing gates clearance
    groups: np.ndarray      # (roles,) the roles the house has
    own_sharing: np.ndarray  # (n,) sharing as drawn (what horizontal agreements lift)
    counts: np.ndarray      # (N_COUNTS,) int: open item and running counts
    panel: np.ndarray       # (n,) the citizen panel's members, first counts[PANEL_SIZE] in use
    arrived: np.ndarray     # (n,) bool: places taken by newcomers this week
    log: Decisions
    room: Room


def room(capacity: int) -> Room:
    """An empty room for up to `capacity` participants."""
    facts = np.zeros(N_FACTS, dtype=np.int64)
    facts[TOPIC] = -1
    return Room(np.zeros(capacity, dtype=np.int64), np.zeros(capacity, dtype=np.int64),
                np.zeros(capacity), np.zeros((capacity, capacity)), facts,
                np.full(1, np.nan))


def start(counts: list[int], c: Settings, rng: np.random.Generator, rows: int) -> HouseRecord:
    """A house at week 0: its participants drawn, the status quo the officials' mean view, room
    in the decision log for `rows` decisions."""
    s = draw_house(counts, c, rng)
    views = np.array([s.anchor[s.role == g].mean(axis=0) if (s.role == g).any()
                      else np.full(c.topics, np.nan) for g in range(N_ROLES)])
    counts_ = np.zeros(N_COUNTS, dtype=np.int64)
    counts_[ITEM_TOPIC] = counts_[ITEM_PROPOSER] = -1
    return HouseRecord(
        state=s, policy=views[OFFICIAL].copy(), views=views,
        executors=np.isin(s.role, (PROFESSIONAL, OFFICIAL)),
        groups=np.bincount(s.role, minlength=N_ROLES) > 0, own_sharing=s.sharing.copy(),
        counts=counts_, panel=np.zeros(s.size, dtype=np.int64),
        arrived=np.zeros(s.size, dtype=np.bool_), log=decisions(rows, c),
        room=room(max(min(c.room_capacity, s.size), 1)))
