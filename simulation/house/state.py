"""The house's state as shared numpy arrays (one row per participant).

Mesa agents are thin views on these rows, and the compiled week works on them in place. A
NamedTuple, because numba passes one to compiled code as it is.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulation.house.compiled import jit
from simulation.house.roles import ROLES

RESIDENT, PROFESSIONAL, OFFICIAL, ADMINISTRATOR, OTHER = range(len(ROLES))
N_ROLES = len(ROLES)
INSTITUTIONS = (PROFESSIONAL, OFFICIAL, ADMINISTRATOR, OTHER)
ORGANISATIONS = (PROFESSIONAL, OFFICIAL, OTHER)   # whose staff horizontal agreements bind


class HouseState(NamedTuple):
    """Every participant's traits and states; arrays indexed by participant."""

    role: np.ndarray            # (n,) int role code
    active: np.ndarray          # (n,) bool; residents who dropped out are inactive
    logic: np.ndarray           # (n, logics) institutional logic mix, rows sum to 1
    power3: np.ndarray          # (n, 3) formal authority, resources, knowledge
    power: np.ndarray           # (n,) effective power (weighted)
    perceived: np.ndarray       # (n, roles) experienced power of each group
    anchor: np.ndarray          # (n, topics) interests (Friedkin–Johnsen anchors)
    x: np.ndarray               # (n, topics) current positions
    origin: np.ndarray          # (n, topics) anchors as first drawn (bounds how far they move)
    susceptibility: np.ndarray  # (n,) lambda
    bound: np.ndarray           # (n,) confidence bound
    perspective: np.ndarray     # (n,) perspective taking (raised by role reversal), 0..1
    trust: np.ndarray           # (n, roles) trust in each group
    trust_weight: np.ndarray    # (n, roles) meetings' worth of experience that trust rests on
    engagement: np.ndarray      # (n,)
    satisfaction: np.ndarray    # (n,)
    ownership: np.ndarray       # (n,) residents' ownership of the neighbourhood
    sharing: np.ndarray         # (n,) propensity to share information
    generosity: np.ndarray      # (n,) willingness to grant (gunnen): trait moved by trust
    generosity_trait: np.ndarray  # (n,) the willingness one brings, before any trust or commitment
    self_interest: np.ndarray   # (n,) weight on own against joint interest
    commitment: np.ndarray      # (n,) commitment to the process, built by small wins
    disappointment: np.ndarray  # (n,) shortfall of meetings not worth the evening; drives dropout
    experience: np.ndarray      # (n,) how the last meeting was: sqrt(satisfaction x being heard)
    meetings: np.ndarray        # (n,) int meetings the place's current occupant attended

    @property
    def size(self) -> int:
        return int(self.role.size)


@jit
def experienced_power(power: np.ndarray, role: np.ndarray, active: np.ndarray,
                      amplification: np.ndarray) -> np.ndarray:
    """(n, roles): each group's mean power, felt larger the weaker one is oneself (Gaventa 1980).

    `amplification` is one value per participant.
    """
    total, count = np.zeros(N_ROLES), np.zeros(N_ROLES)
    for i in range(role.size):
        if active[i]:
            total[role[i]] += power[i]
            count[role[i]] += 1.0
    mean = np.where(count > 0, total / np.maximum(count, 1.0), 0.0)
    felt = np.empty((role.size, N_ROLES))
    for i in range(role.size):
        for g in range(N_ROLES):
            felt[i, g] = min(max(mean[g] + amplification[i] * (mean[g] - power[i]), 0.0), 1.0)
    return felt
