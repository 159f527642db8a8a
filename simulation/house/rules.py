"""The rules of one week's meeting, and the schedule of every week's rules the compiled week reads.

Interventions are data: each one shapes the week's `MeetingRules` from its scenario table and the
week alone (never from the state), so the rules of every week are known before the run and
stacked into a `Schedule` of arrays. What an intervention does to participants' states
(perspective taking, a panel drawn by lot, staff held to turning up, information shared) is one
of the mechanisms of the week, switched and sized here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import NamedTuple

import numpy as np

from simulation.house.mechanisms.clearance import VERTICAL_LEVELS


@dataclass
class MeetingRules:
    """Everything about how one week runs that an intervention may change."""

    meeting_time: float          # share of the speaking turns left for deliberation
    turn_equalisation: float     # 0 = turns follow claims, 1 = strictly equal turns
    power_exponent: float        # how strongly power claims speaking time
    friction: np.ndarray         # (roles, roles) discount on weight per unit of logic distance
    narrowing: float             # how much logic distance narrows the confidence bound
    max_meetings_per_item: int   # meetings an item stays on the table
    pass_boost: np.ndarray = field(default_factory=lambda: np.zeros(len(VERTICAL_LEVELS)))
    # (levels,) share of the gap to certainty closed per vertical level
    escalation: float = 0.0      # chance a blocked decision is escalated and retried
    upward_reliance: float = 1.0  # multiplies how much passing depends on executors' sharing
    gain_factor: float = 1.0     # multiplies trust gained from kept promises
    loss_factor: float = 1.0     # multiplies trust lost on broken promises
    facilitated: bool = False    # a process director chairs: proposes the widest support
    external_voices: list[tuple[float, float]] = field(default_factory=list)
    # (position, weight): non-participants heard in the room (e.g. a director's own view)
    # perspective taking (role reversal): how it fades, acts and is gained
    perspective_fade: float = 1.0   # share of perspective kept from one week to the next
    bridging: bool = False       # perspective bridges logic distance in the confidence bound
    listening: float = 0.0       # share of one's filters full perspective sets aside
    perceive: bool = False       # perspective removes the amplification of felt power gaps
    session: bool = False        # a role-reversal session after this week's meeting
    session_gain: float = 0.0    # share of the way to full perspective a session brings
    session_emphasis: float = 0.0  # how much more the powerful gain from a session
    # a citizen panel: residents invited by stratified lot replace self-selection
    panel_size: int = 0          # residents drawn (0 = no panel this week)
    panel_redraw: bool = False   # a new draw this week (rotation)
    panel_strata: int = 1        # bands of residents' mean position
    invited_attendance: float = 0.0  # chance an invited resident comes
    staff_pull: float = 0.0      # how far staff engagement moves towards full commitment
    sharing_lift: float = -1.0   # organisations' staff sharing lifted by this share of the way
    # to full sharing above their own (negative: left as it is)

    def back(self, level: str, share: float) -> None:
        """Close another `share` of the remaining gap to certainty at one vertical level.

        Backings from several interventions combine like independent chances, so none can push a
        level past certainty and their order does not matter.
        """
        i = VERTICAL_LEVELS.index(level)
        self.pass_boost[i] = 1.0 - (1.0 - self.pass_boost[i]) * (1.0 - share)

    def escalate(self, chance: float) -> None:
        """Add an independent route for escalating blocked decisions (combined like `back`)."""
        self.escalation = 1.0 - (1.0 - self.escalation) * (1.0 - chance)


class Schedule(NamedTuple):
    """Every week's rules as arrays indexed by week (row 0 = the first week scheduled)."""

    meeting_time: np.ndarray
    turn_equalisation: np.ndarray
    power_exponent: np.ndarray
    friction: np.ndarray          # (weeks, roles, roles)
    narrowing: np.ndarray
    max_meetings_per_item: np.ndarray
    pass_boost: np.ndarray        # (weeks, levels)
    escalation: np.ndarray
    upward_reliance: np.ndarray
    gain_factor: np.ndarray
    loss_factor: np.ndarray
    facilitated: np.ndarray
    voices: np.ndarray            # (weeks, most voices, 2): position, weight
    n_voices: np.ndarray
    perspective_fade: np.ndarray
    bridging: np.ndarray
    listening: np.ndarray
    perceive: np.ndarray
    session: np.ndarray
    session_gain: np.ndarray
    session_emphasis: np.ndarray
    panel_size: np.ndarray
    panel_redraw: np.ndarray
    panel_strata: np.ndarray
    invited_attendance: np.ndarray
    staff_pull: np.ndarray
    sharing_lift: np.ndarray


_DTYPES = {"bool": np.bool_, "int": np.int64, "float": np.float64}


def stack(weeks: list[MeetingRules]) -> Schedule:
    """The rules of consecutive weeks as one schedule."""
    most = max([1] + [len(r.external_voices) for r in weeks])
    voices = np.zeros((len(weeks), most, 2))
    for w, rules in enumerate(weeks):
        if rules.external_voices:
            voices[w, :len(rules.external_voices)] = rules.external_voices
    columns: dict[str, np.ndarray] = {"voices": voices, "n_voices": np.array(
        [len(r.external_voices) for r in weeks], dtype=np.int64)}
    for f in fields(MeetingRules):
        if f.name == "external_voices":
            continue
        columns[f.name] = np.array([getattr(r, f.name) for r in weeks],
                                   dtype=_DTYPES.get(str(f.type), np.float64))
    return Schedule(**columns)
