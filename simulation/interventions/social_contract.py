"""A local social contract (lokaal sociaal contract; Boutellier, second seed).

Parties write down what they promise each other. Commitment to the process is a core condition of
collaborative governance (Ansell & Gash 2008). Explicit promises make their fate visible: a kept
promise (an implemented decision) builds more trust than an unspoken one, and a broken one (a
blocked decision) costs more, as a breach of an explicit contract does (Robinson 1996). The
institutions that signed also commit to turning up: their staff's engagement, which drives their
attendance, is pulled towards full commitment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.house.params import param
from simulation.interventions.base import Intervention, Timing

if TYPE_CHECKING:
    from simulation.house.rules import MeetingRules


class SocialContractConfig(Timing):
    """`[interventions.social_contract]`: a standing arrangement while in force."""

    channels = ("promises", "commitment")

    kept_weight: float = param(
        1.0, 0, 5, "factor", "extra trust gained on a kept promise, as a multiple of the usual "
        "gain (added to 1)", "Ansell & Gash 2008; assumption for the size")
    breach_weight: float = param(
        1.0, 0, 5, "factor", "extra trust lost on a broken promise, as a multiple of the usual "
        "loss (added to 1)", "Robinson 1996; assumption for the size")
    commitment: float = param(
        0.05, 0, 1, "share per week", "how fast the signing institutions' staff engagement moves "
        "towards full commitment", "Ansell & Gash 2008 (commitment to process); assumption")


class SocialContract(Intervention):
    """Raises the stakes of promises both ways and holds the institutions to turning up."""

    name = "social_contract"
    config: SocialContractConfig

    def shape(self, rules: MeetingRules, step: int) -> None:
        c = self.config
        if not c.in_force(step):
            return
        if c.on("promises"):
            rules.gain_factor *= 1.0 + c.intensity * c.kept_weight
            rules.loss_factor *= 1.0 + c.intensity * c.breach_weight
        if c.on("commitment"):
            rules.staff_pull = c.intensity * c.commitment
