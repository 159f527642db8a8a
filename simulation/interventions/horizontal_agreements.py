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
from simulation.house.state import ORGANISATIONS
from simulation.interventions.base import Intervention, Timing

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules


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

    def shape(self, rules: MeetingRules, step: int) -> None:
        """While in force: less friction between the organisations and their staff's sharing
        lifted above their own; once expired, staff share as they did before."""
        c = self.config
        on = c.in_force(step)
        if c.on("sharing"):
            rules.sharing_lift = c.intensity * c.sharing_lift if on else 0.0
        if on and c.on("friction"):
            between = np.ix_(ORGANISATIONS, ORGANISATIONS)
            eased = rules.friction[between] * (1.0 - c.intensity * c.friction_reduction)
            np.fill_diagonal(eased, rules.friction[between].diagonal())
            rules.friction[between] = eased
