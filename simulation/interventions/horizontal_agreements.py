"""Horizontal agreements between organisations across silos (horizontale afspraken, ontschotting).

Boutellier (second seed) names institutional logic and the limited will to share information as
the barriers to horizontal collaboration. Agreements between the welfare organisation, the
municipality and other parties act on both among their staff: the friction their different logics
put on listening to each other is lowered, and their propensity to share information is raised
(which also feeds the information that decisions need on their way up). When the agreements
expire, staff fall back to their own propensity to share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.house.params import param
from simulation.house.state import OFFICIAL, OTHER, PROFESSIONAL
from simulation.interventions.base import Intervention, Timing

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules
    from simulation.house.view import HouseView

ORGANISATIONS = np.array([PROFESSIONAL, OFFICIAL, OTHER])


class HorizontalAgreementsConfig(Timing):
    """`[interventions.horizontal_agreements]`: a standing arrangement while in force."""

    channels = ("friction", "sharing")

    friction_reduction: float = param(
        0.6, 0, 1, "share", "how much the agreements lower logic friction between the "
        "organisations' staff", "Boutellier (second seed); assumption for the size")
    sharing_lift: float = param(
        0.5, 0, 1, "share", "share of the way to full information sharing the agreements bring "
        "the organisations' staff", "Boutellier (second seed); assumption for the size")


class HorizontalAgreements(Intervention):
    """Less friction and more information sharing among professionals, officials and others."""

    name = "horizontal_agreements"
    config: HorizontalAgreementsConfig

    def __init__(self, config: HorizontalAgreementsConfig, model: HouseView) -> None:
        super().__init__(config, model)
        s = model.state
        self.staff = np.flatnonzero(np.isin(s.role, ORGANISATIONS))
        self.own_sharing = s.sharing[self.staff].copy()   # staff are never replaced

    def before_meeting(self, model: HouseView, rules: MeetingRules, step: int) -> None:
        c = self.config
        on = c.in_force(step)
        if c.on("sharing"):
            lift = c.intensity * c.sharing_lift if on else 0.0
            model.state.sharing[self.staff] = self.own_sharing + lift * (1.0 - self.own_sharing)
        if on and c.on("friction"):
            between = np.ix_(ORGANISATIONS, ORGANISATIONS)
            eased = rules.friction[between] * (1.0 - c.intensity * c.friction_reduction)
            np.fill_diagonal(eased, rules.friction[between].diagonal())
            rules.friction[between] = eased
