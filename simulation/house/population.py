"""How a house's participants are drawn from its scenario, and how newcomers replace leavers.

One compiled function draws the traits of given places, at the start and for newcomers inside
the compiled week alike.
"""

from __future__ import annotations

import numpy as np

from simulation.house.compiled import jit
from simulation.house.mechanisms.feedback import generosity
from simulation.house.settings import Settings
from simulation.house.state import N_ROLES, RESIDENT, HouseState, experienced_power


def role_codes(counts: list[int]) -> np.ndarray:
    """Role code per participant: residents first, then the institutions in ROLES order."""
    return np.repeat(np.arange(N_ROLES), counts).astype(np.int64)


@jit
def clipped_normals(mean: float, sd: float, k: int, rng: np.random.Generator) -> np.ndarray:
    """`k` normal draws kept within [0, 1]."""
    drawn = np.empty(k)
    for i in range(k):
        drawn[i] = min(max(rng.normal(mean, sd), 0.0), 1.0)
    return drawn


@jit
def draw_traits(s: HouseState, idx: np.ndarray, c: Settings, rng: np.random.Generator) -> None:
    """Fresh traits for the places `idx` (their roles are set), drawn in place.

    Logic mixes are Dirichlet around the role's prototype; power, positions, bounds and the
    shortcomings are normal around the scenario's means, clipped to [0, 1]; residents'
    engagement is Beta-distributed. Initial trust rests on `prior_weight` meetings' worth.
    """
    topics = s.x.shape[1]
    role, logic, power3, power, anchor = s.role, s.logic, s.power3, s.power, s.anchor
    trust, engagement, bound = s.trust, s.engagement, s.bound
    for i in idx:
        r = role[i]
        total = 0.0
        for k in range(logic.shape[1]):
            logic[i, k] = rng.gamma(c.logic_alpha[r, k])
            total += logic[i, k]
        logic[i] /= total
        power[i] = 0.0
        for k in range(3):
            power3[i, k] = min(max(c.power_prototype[r, k] + rng.normal(0.0, c.power_sd), 0.0),
                               1.0)
            power[i] += power3[i, k] * c.power_weights[k]
        for t in range(topics):
            anchor[i, t] = min(max(c.position_mean[r] + rng.normal(0.0, c.position_sd), 0.0),
                               1.0)
        bound[i] = min(max(rng.normal(c.confidence_bound, c.confidence_sd), 0.0), 1.0)
        trust[i] = c.trust_prior_between
        trust[i, r] = c.trust_within
        engagement[i] = c.staff_engagement
        if r == RESIDENT:
            engagement[i] = rng.beta(c.resident_engagement_a, c.resident_engagement_b)
    s.x[idx] = anchor[idx]
    s.origin[idx] = anchor[idx]
    s.susceptibility[idx] = c.susceptibility * (1.0 - c.power_insusceptibility * power[idx])
    s.perspective[idx] = 0.0
    s.trust_weight[idx] = c.trust_prior_weight
    s.sharing[idx] = clipped_normals(c.sharing, c.shortcoming_sd, idx.size, rng)
    s.generosity_trait[idx] = clipped_normals(c.generosity, c.shortcoming_sd, idx.size, rng)
    s.self_interest[idx] = clipped_normals(c.self_interest, c.shortcoming_sd, idx.size, rng)
    s.generosity[idx] = generosity(s.generosity_trait[idx], np.full(idx.size,
                                   c.trust_prior_between), c.trust_between, c.generosity_weight)
    s.satisfaction[idx] = c.satisfaction_initial
    s.ownership[idx] = np.where(s.role[idx] == RESIDENT, c.ownership_initial, 0.0)
    s.commitment[idx] = 0.0
    s.disappointment[idx] = 0.0
    s.experience[idx] = s.engagement[idx]
    s.meetings[idx] = 0
    s.active[idx] = True
    felt = experienced_power(s.power, s.role, s.active, np.full(s.role.size, c.amplification))
    s.perceived[idx] = felt[idx]


def empty_house(role: np.ndarray, topics: int, logics: int) -> HouseState:
    """A house of the given roles with every state still to be drawn."""
    n = role.size
    return HouseState(
        role=role, active=np.ones(n, dtype=np.bool_), logic=np.zeros((n, logics)),
        power3=np.zeros((n, 3)), power=np.zeros(n), perceived=np.zeros((n, N_ROLES)),
        anchor=np.zeros((n, topics)), x=np.zeros((n, topics)), origin=np.zeros((n, topics)),
        susceptibility=np.zeros(n), bound=np.zeros(n), perspective=np.zeros(n),
        trust=np.zeros((n, N_ROLES)), trust_weight=np.zeros((n, N_ROLES)),
        engagement=np.zeros(n), satisfaction=np.zeros(n), ownership=np.zeros(n),
        sharing=np.zeros(n), generosity=np.zeros(n), generosity_trait=np.zeros(n),
        self_interest=np.zeros(n), commitment=np.zeros(n), disappointment=np.zeros(n),
        experience=np.zeros(n), meetings=np.zeros(n, dtype=np.int64))


def draw_house(counts: list[int], c: Settings, rng: np.random.Generator) -> HouseState:
    """The house at step 0: `counts` participants per role."""
    role = role_codes(counts)
    state = empty_house(role, c.topics, c.logic_alpha.shape[1])
    draw_traits(state, np.arange(role.size), c, rng)
    return state
