"""Outcomes measured every step; each is a named series in the Mesa DataCollector."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from simulation.house.state import N_ROLES, OFFICIAL, PROFESSIONAL, RESIDENT, HouseState

if TYPE_CHECKING:
    from simulation.house.meeting import Meeting
    from simulation.house.pipeline import Pipeline

OUTCOMES: tuple[str, ...] = (
    "decisions_made",             # cumulative decisions taken in the house
    "decisions_implemented",      # cumulative decisions through every clearance point
    "decisions_blocked",          # cumulative decisions stopped at a clearance point
    "items_dropped",              # cumulative agenda items dropped without a decision
    "resident_voice_share",       # residents' share of the step's speaking turns
    "resident_presence_share",    # residents' share of those present
    "speaking_gini",              # inequality of speaking turns among those present
    "speaking_gini_expected",     # inequality of the expected speaking shares (no turn sampling)
    "trust_between_groups",       # mean trust in other groups
    "trust_within_groups",        # mean trust in one's own group
    "trust_residents_institutions",   # residents' mean trust in the institutions
    "trust_professional_official",    # professionals' and officials' mutual trust
    "satisfaction_resident",
    "satisfaction_professional",
    "satisfaction_official",
    "resident_attendance",        # share of the resident population present
    "resident_dropout",           # cumulative residents who stopped coming for good
    "resident_dropout_first_visit",   # of which right after their first meeting
    "resident_ownership",         # residents' mean sense of ownership
    "position_spread",            # mean over topics of the sd of active participants' views
    "position_clusters",          # opinion groups further apart than the confidence bound
    "time_to_decision",           # mean meetings an item took, over the decisions so far
    "panel_position_gap",         # |present residents' mean view - all residents' mean view|
    "resident_reach",             # share of residents who have attended at least one meeting
    "resident_active_share",      # share of residents who have attended and not dropped out
    "resident_commitment",        # residents' mean commitment to the process
    # each resident outcome again over residents present, ever attended, and still taking part
    *(f"{name}_{group}" for name in ("trust_residents_institutions", "satisfaction_resident",
                                     "resident_ownership", "resident_commitment")
      for group in ("present", "attended", "active")),
)

EXPOSURES = ("present", "active", "attended")   # narrowest first: an empty group falls back


def exposure_groups(role: np.ndarray, active: np.ndarray, meetings: np.ndarray,
                    present: np.ndarray) -> dict[str, np.ndarray]:
    """Residents by exposure to the house, each as a mask; an empty group is replaced by the next
    wider one (present -> active -> attended -> all), so every series stays defined.

    present: at this step's meeting; attended: at least one meeting (including those who left);
    active: attended and not dropped out.
    """
    resident = role == RESIDENT
    attended = resident & (meetings > 0)
    here = np.zeros(role.size, dtype=bool)
    here[present] = True
    masks = {"all": resident}
    wider = resident
    for name, mask in (("attended", attended), ("active", attended & active),
                       ("present", here & resident)):
        wider = mask if mask.any() else wider
        masks[name] = wider
    return masks


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, towards 1 = one has all): the mean
    absolute difference over all pairs, divided by twice the mean."""
    total = float(np.add.reduce(values, axis=None)) if values.size else 0.0
    if total <= 0:
        return 0.0
    v = values.astype(float)
    return float(np.add.reduce(np.abs(v[:, None] - v[None, :]), axis=None)
                 / (2.0 * v.size * total))


def _mean(a: np.ndarray, axis: int | None = None) -> np.ndarray | float:
    """Mean without numpy's wrapper overhead (called many times per step on small arrays)."""
    n = a.size if axis is None else a.shape[axis]
    return np.add.reduce(a, axis=axis) / n


class Measured(Protocol):
    """What the outcomes read of a house (the model, without importing it)."""

    state: HouseState
    pipeline: Pipeline
    items_dropped: int
    resident_dropouts: int
    first_visit_dropouts: int
    decision_meetings: int

    @property
    def config(self) -> Any: ...


class Metrics:
    """The current value of every outcome, recomputed once per step from the model's state."""

    def __init__(self, model: Measured) -> None:
        self.model = model
        self.bound = model.config.influence.confidence_bound
        self.values: dict[str, float] = dict.fromkeys(OUTCOMES, 0.0)

    def reporter(self, name: str) -> Callable[[object], float]:
        values = self.values
        return lambda _model: values[name]

    def update(self, meeting: Meeting) -> None:
        m = self.model
        s = m.state
        v = self.values
        v["decisions_made"] = m.pipeline.count()
        v["decisions_implemented"] = m.pipeline.count("implemented")
        v["decisions_blocked"] = m.pipeline.count("blocked")
        v["items_dropped"] = m.items_dropped

        roles = s.role[meeting.present]
        residents_here = roles == RESIDENT
        total_turns = meeting.turns.sum()
        v["resident_voice_share"] = float(meeting.turns[residents_here].sum() / total_turns) \
            if total_turns else 0.0
        v["resident_presence_share"] = float(_mean(residents_here)) if roles.size else 0.0
        v["speaking_gini"] = gini(meeting.turns) if meeting.held else 0.0
        v["speaking_gini_expected"] = gini(meeting.shares) if meeting.held else 0.0

        # Over everyone, including residents who left (they keep their last state): the house's
        # residents include those it lost, and every mean stays defined when all have left.
        role, trust = s.role, s.trust
        counts = np.bincount(role, minlength=N_ROLES)
        existing = counts > 0
        own = trust[np.arange(role.size), role]
        v["trust_within_groups"] = float(np.add.reduce(own) / own.size)
        others = existing.sum() - 1
        v["trust_between_groups"] = float(
            _mean((np.add.reduce(trust[:, existing], axis=1) - own) / others)) if others else 0.0
        institutions = existing.copy()
        institutions[RESIDENT] = False
        is_resident = role == RESIDENT
        v["trust_residents_institutions"] = float(_mean(trust[is_resident][:, institutions]))
        v["trust_professional_official"] = float(
            (trust[role == PROFESSIONAL, OFFICIAL].sum() + trust[role == OFFICIAL, PROFESSIONAL]
             .sum()) / (counts[PROFESSIONAL] + counts[OFFICIAL]))
        satisfaction = np.bincount(role, weights=s.satisfaction, minlength=N_ROLES) / np.maximum(
            counts, 1)
        v["satisfaction_resident"] = float(satisfaction[RESIDENT])
        v["satisfaction_professional"] = float(satisfaction[PROFESSIONAL])
        v["satisfaction_official"] = float(satisfaction[OFFICIAL])

        v["resident_attendance"] = float(residents_here.sum() / counts[RESIDENT])
        v["resident_dropout"] = m.resident_dropouts
        v["resident_dropout_first_visit"] = m.first_visit_dropouts
        v["resident_ownership"] = float(_mean(s.ownership[is_resident]))
        x = s.x[s.active]
        centre = _mean(x, axis=0)
        v["position_spread"] = float(_mean(np.sqrt(_mean((x - centre) ** 2, axis=0))))
        ordered = np.sort(x, axis=0)
        v["position_clusters"] = float(_mean(1 + np.add.reduce(
            np.diff(ordered, axis=0) > self.bound, axis=0))) if x.shape[0] else 0.0
        self._by_exposure(meeting, institutions)
        made = v["decisions_made"]
        v["time_to_decision"] = m.decision_meetings / made if made else 0.0
        active_residents = s.active & is_resident
        present_residents = meeting.present[residents_here]
        v["panel_position_gap"] = float(_mean(np.abs(
            _mean(s.x[present_residents], axis=0) - _mean(s.x[active_residents], axis=0)))) \
            if present_residents.size and active_residents.any() else 0.0

    def _by_exposure(self, meeting: Meeting, institutions: np.ndarray) -> None:
        """The resident outcomes over all residents and over each exposure group."""
        s, v = self.model.state, self.values
        groups = exposure_groups(s.role, s.active, s.meetings, meeting.present)
        resident = groups["all"]
        v["resident_reach"] = float(_mean(s.meetings[resident] > 0))
        v["resident_active_share"] = float(_mean(s.active[resident] & (s.meetings[resident] > 0)))
        v["resident_commitment"] = float(_mean(s.commitment[resident]))
        trust = _mean(s.trust[:, institutions], axis=1)
        for group in EXPOSURES:
            mask = groups[group]
            v[f"trust_residents_institutions_{group}"] = float(_mean(trust[mask]))
            v[f"satisfaction_resident_{group}"] = float(_mean(s.satisfaction[mask]))
            v[f"resident_ownership_{group}"] = float(_mean(s.ownership[mask]))
            v[f"resident_commitment_{group}"] = float(_mean(s.commitment[mask]))
