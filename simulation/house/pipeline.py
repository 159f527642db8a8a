"""Decisions on their way up: each passes the vertical clearance points in series."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulation.house.mechanisms import clearance
from simulation.house.rules import MeetingRules
from simulation.house.scenario import VERTICAL_LEVELS, Vertical


class Pipeline:
    """Every decision the house made, with where it stands on its route upward."""

    def __init__(self, vertical: Vertical) -> None:
        levels = [lvl for _, lvl in vertical.levels()]
        self.base = np.array([lvl.pass_probability for lvl in levels])
        self.delay = np.array([lvl.delay for lvl in levels])
        self.attempts = np.array([lvl.attempts for lvl in levels])
        self.points = np.array([lvl.points for lvl in levels])
        self.applies = np.array([lvl.applies_to for lvl in levels])
        # information has to travel upward from the executors at the administration level
        self.dependence = np.array([0.0, vertical.sharing_dependence, 0.0])
        self.line_weight = vertical.line_weight
        self.records: list[dict[str, Any]] = []
        self._counts = {"pending": 0, "implemented": 0, "blocked": 0}
        self._pending: list[dict[str, Any]] = []

    def add(self, topic: int, value: float, step: int, rng: np.random.Generator,
            line_distance: np.ndarray | None = None, **info: Any) -> None:
        """A new decision: its route holds each level's points, if the level applies to it.

        `line_distance` is, per level, how far the decision lies from the line of those who
        clear it there (the executors', then the municipality's).
        """
        needed = rng.random(len(VERTICAL_LEVELS)) < self.applies
        route = [lvl for lvl in range(len(VERTICAL_LEVELS)) if needed[lvl]
                 for _ in range(self.points[lvl])]
        first = route[0] if route else 0
        record = {"id": len(self.records), "topic": topic, "value": value, "step_made": step,
                  **info, "route": route, "pos": 0, "attempts_left": int(self.attempts[first]),
                  "due": step + (int(self.delay[first]) if route else 0), "escalated": False,
                  "line_distance": np.zeros(len(VERTICAL_LEVELS)) if line_distance is None
                  else np.asarray(line_distance, dtype=float),
                  "status": "pending", "step_done": -1}
        self.records.append(record)
        self._pending.append(record)
        self._counts["pending"] += 1

    def due(self, step: int) -> bool:
        """Whether any pending decision tries a clearance point this week."""
        return any(r["due"] <= step for r in self._pending)

    def pending_topics(self) -> list[int]:
        return [r["topic"] for r in self._pending]

    def advance(self, step: int, rules: MeetingRules, sharing: float,
                rng: np.random.Generator) -> tuple[list[tuple[int, float]], int]:
        """One week of clearance: returns (implemented (topic, value) list, number blocked)."""
        due = [r for r in self._pending if r["due"] <= step]
        if not due:
            return [], 0
        p_level = clearance.effective_pass(self.base, rules.pass_boost, sharing,
                                           self.dependence * rules.upward_reliance)
        levels = np.array([r["route"][r["pos"]] if r["route"] else 0 for r in due])
        distance = np.array([r["line_distance"][lvl] for r, lvl in zip(due, levels, strict=True)])
        passed = clearance.attempt(clearance.against_line(p_level[levels], distance,
                                                          self.line_weight), rng)
        implemented, blocked = [], 0
        for record, ok, level in zip(due, passed, levels, strict=True):
            if not record["route"] or ok:
                record["pos"] += 1 if record["route"] else 0
                if record["pos"] >= len(record["route"]):
                    self._finish(record, "implemented", step)
                    implemented.append((record["topic"], record["value"]))
                    continue
                nxt = record["route"][record["pos"]]
                record["attempts_left"] = int(self.attempts[nxt])
                record["due"] = step + max(int(self.delay[nxt]), 1)
                continue
            record["attempts_left"] -= 1
            if record["attempts_left"] > 0:
                record["due"] = step + max(int(self.delay[level]), 1)
            elif not record["escalated"] and rng.random() < rules.escalation:
                record["escalated"] = True
                record["attempts_left"] = int(self.attempts[level])
                record["due"] = step + max(int(self.delay[level]), 1)
            else:
                self._finish(record, "blocked", step)
                blocked += 1
        return implemented, blocked

    def _finish(self, record: dict[str, Any], status: str, step: int) -> None:
        self._counts["pending"] -= 1
        self._counts[status] += 1
        record["status"] = status
        record["step_done"] = step
        self._pending.remove(record)

    def count(self, status: str | None = None) -> int:
        """Decisions in total, or with one status (pending, implemented, blocked)."""
        return len(self.records) if status is None else self._counts[status]

    def frame(self) -> pd.DataFrame:
        """One row per decision, with where its value lies between residents' and officials'
        initial views (`official_lean`: 0 = residents' view, 1 = officials')."""
        columns = ["id", "topic", "value", "step_made", "meetings", "resident_view",
                   "official_view", "status", "step_done", "escalated", "route_length"]
        rows = [{**{k: r.get(k) for k in columns}, "route_length": len(r["route"])}
                for r in self.records]
        df = pd.DataFrame(rows, columns=columns)
        span = df["official_view"] - df["resident_view"]
        df["official_lean"] = (df["value"] - df["resident_view"]) / span.where(span.abs() > 1e-9)
        return df
