"""Participants as Mesa agents: thin views on their row of the house's shared arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from simulation.house.roles import ROLES

if TYPE_CHECKING:
    from simulation.house.view import HouseView


class Participant(mesa.Agent):
    """A resident, professional, official, administrator or other party of the house.

    The state lives in `model.state`, the arrays the compiled week works on; these properties let
    the app, tests and Mesa's AgentSet tools read one participant as an object.
    """

    model: HouseView

    def __init__(self, model: HouseView, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def role(self) -> str:
        return ROLES[self.model.state.role[self.index]]

    @property
    def active(self) -> bool:
        return bool(self.model.state.active[self.index])

    @property
    def power(self) -> float:
        return float(self.model.state.power[self.index])

    @property
    def position(self) -> float:
        """Position on the topic of the last meeting (the first topic before any meeting)."""
        topic = max(self.model.last_meeting.topic, 0)
        return float(self.model.state.x[self.index, topic])

    @property
    def present(self) -> bool:
        return bool((self.model.last_meeting.present == self.index).any())

    @property
    def trust(self) -> dict[str, float]:
        return dict(zip(ROLES, self.model.state.trust[self.index].tolist(), strict=True))

    @property
    def engagement(self) -> float:
        return float(self.model.state.engagement[self.index])

    @property
    def satisfaction(self) -> float:
        return float(self.model.state.satisfaction[self.index])
