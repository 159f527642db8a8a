"""The common interface of interventions: hooks into the meeting cycle."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from simulation.interventions.config import Timing
    from simulation.model import HouseModel, Meeting
    from simulation.rules import MeetingRules


class Intervention:
    """Acts on participants' states and on the meeting's rules; never on an outcome directly.

    The model calls `before_meeting` every step (after the rules are rebuilt from the scenario)
    and `after_meeting` once the meeting and its feedback are done.
    """

    name: ClassVar[str] = ""

    def __init__(self, config: Timing, model: HouseModel) -> None:
        self.config = config

    def before_meeting(self, model: HouseModel, rules: MeetingRules, step: int) -> None:
        """Change this step's rules or participants' states before the meeting."""

    def after_meeting(self, model: HouseModel, meeting: Meeting, step: int) -> None:
        """React to what happened in the meeting."""
