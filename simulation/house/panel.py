"""A per-person panel: every participant's state after every step, for analyses by exposure.

The outcome series average over groups; the panel keeps the individuals, so one can ask e.g. how
trust develops with the number of meetings attended. One row per place and step; `person` is the
Mesa agent's unique id, so a newcomer who takes a dropped-out resident's place is a new person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulation.house.roles import ROLES

if TYPE_CHECKING:
    from simulation.house.model import HouseModel

STATES = ("engagement", "satisfaction", "ownership", "commitment", "disappointment",
          "experience", "generosity")


class Panel:
    """Snapshots of the house's state arrays, taken after each step (kept as compact arrays)."""

    def __init__(self) -> None:
        self._rows: list[dict[str, np.ndarray]] = []

    def record(self, model: HouseModel) -> None:
        s = model.state
        here = np.zeros(s.size, dtype=bool)
        here[model.last_meeting.present] = True
        row = {"step": np.full(s.size, model.steps, dtype=np.int32),
               "place": np.arange(s.size, dtype=np.int32),
               "person": np.array([a.unique_id for a in model.agent_list], dtype=np.int64),
               "role": s.role.astype(np.int8), "active": s.active.copy(), "present": here,
               "meetings": s.meetings.astype(np.int32)}
        row.update({f"trust_{role}": s.trust[:, g].astype(np.float32)
                    for g, role in enumerate(ROLES)})
        row.update({name: getattr(s, name).astype(np.float32) for name in STATES})
        self._rows.append(row)

    def frame(self) -> pd.DataFrame:
        """All snapshots as one long table; `role` as a categorical of role names."""
        if not self._rows:
            return pd.DataFrame()
        table = pd.DataFrame({k: np.concatenate([r[k] for r in self._rows]) for k in self._rows[0]})
        table["role"] = pd.Categorical.from_codes(table["role"], categories=list(ROLES))
        return table
