"""An independent process director (onafhankelijke procesregisseur).

Facilitative leadership (Ansell & Gash 2008) acts on the rules of the meeting: the director gives
the quieter participants the floor (turns move towards equal), translates between logics (less
friction and less narrowing of the confidence bound across logics), keeps an item on the table
longer before it is dropped, and follows decisions up towards the executing organisations (a
backing at the residents-execution clearance point). A director who is not neutral (Spada &
Vreeland 2013) is also a voice in the room: everyone hears the director's own position, with a
weight that grows with `bias`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.house.params import param
from simulation.interventions.base import Episodic, Intervention

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules


class ProcessDirectorConfig(Episodic):
    """`[interventions.process_director]`: chairs every `every`-th meeting while in force."""

    channels = ("turns", "bridging", "persistence", "follow_up", "chairing", "own_voice")

    every: int = param(1, 1, 520, "weeks", "the director chairs one meeting every N weeks "
                       "(1 = every meeting)", "assumption")

    equalisation: float = param(
        0.6, 0, 1, "share", "how far the director moves speaking turns towards equal turns",
        "Ansell & Gash 2008 (facilitative leadership); assumption for the size")
    bridging: float = param(
        0.4, 0, 1, "share", "how much the director lowers friction and narrowing between logics",
        "Ansell & Gash 2008; assumption for the size")
    persistence: float = param(
        0.5, 0, 5, "share", "extra share of meetings an item stays on the table before it is "
        "dropped", "assumption")
    follow_up: float = param(
        0.5, 0, 1, "share", "share of the gap to certainty closed at the residents-execution "
        "clearance point by the director's follow-up", "assumption")
    bias: float = param(
        0.0, 0, 1, "share of the room", "weight of the director's own position, as a share of "
        "all participants' speaking together (0 = neutral)", "Spada & Vreeland 2013")
    position: float = param(
        0.5, 0, 1, "position", "the director's own position (only heard when bias > 0)",
        "Spada & Vreeland 2013")


class ProcessDirector(Intervention):
    """Changes who speaks, who is heard, how long items last and how decisions travel up."""

    name = "process_director"
    config: ProcessDirectorConfig

    def shape(self, rules: MeetingRules, step: int) -> None:
        """A meeting the director chairs: fairer turns, bridged logics, patience, follow-up."""
        c = self.config
        if not c.episode(step):
            return
        k = c.intensity
        if c.on("turns"):
            rules.turn_equalisation = 1.0 - (1.0 - rules.turn_equalisation) * (
                1.0 - k * c.equalisation)
        if c.on("bridging"):
            rules.friction = rules.friction * (1.0 - k * c.bridging)
            rules.narrowing *= 1.0 - k * c.bridging
        if c.on("persistence"):
            rules.max_meetings_per_item = round(
                rules.max_meetings_per_item * (1.0 + k * c.persistence))
        if c.on("follow_up"):
            rules.back("residents_execution", k * c.follow_up)
        if c.on("chairing"):
            rules.facilitated = rules.facilitated or k > 0
        if c.on("own_voice") and k * c.bias > 0:
            rules.external_voices.append((c.position, k * c.bias))
