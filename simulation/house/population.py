"""How a house's participants are drawn from its scenario, and how newcomers replace leavers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.house.mechanisms import feedback
from simulation.house.state import (
    N_ROLES,
    RESIDENT,
    HouseState,
    experienced_power,
)

if TYPE_CHECKING:
    from simulation.house.scenario import Scenario


def _clip01(a: np.ndarray) -> np.ndarray:
    return np.clip(a, 0.0, 1.0)


def role_codes(config: Scenario) -> np.ndarray:
    """Role code per participant: residents first, then the institutions in ROLES order."""
    return np.repeat(np.arange(N_ROLES), config.population.counts())


def power_prototypes(config: Scenario) -> np.ndarray:
    """(roles, 3) mean formal, resource and knowledge power per role.

    Residents' formal authority and resources are the officials' scaled by (1 - asymmetry); their
    local knowledge is reduced by half the asymmetry only (assumption: local knowledge is the one
    power residents keep).
    """
    p = config.power
    a = p.asymmetry
    res = [p.official.formal * (1 - a), p.official.resources * (1 - a),
           p.resident_knowledge * (1 - a / 2)]
    rows = [res] + [[r.formal, r.resources, r.knowledge]
                    for r in (p.professional, p.official, p.administrator, p.other)]
    return np.array(rows)


def effective_power(power3: np.ndarray, config: Scenario) -> np.ndarray:
    p = config.power
    w = np.array([p.formal_weight, p.resources_weight, p.knowledge_weight])
    return power3 @ (w / w.sum())


def _draw_traits(role: np.ndarray, config: Scenario, rng: np.random.Generator) -> dict:
    """Traits of participants with the given roles (used at start and for newcomers)."""
    n = role.size
    c = config
    protos = np.array([m.as_list() for m in c.logics.by_role()])
    protos = protos / protos.sum(axis=1, keepdims=True)
    alpha = c.logics.concentration * protos[role] + 0.05
    logic = rng.gamma(alpha)
    logic /= logic.sum(axis=1, keepdims=True)

    power3 = _clip01(power_prototypes(c)[role] + rng.normal(0, c.power.individual_sd, (n, 3)))
    power = effective_power(power3, c)

    means = np.array(c.influence.positions.by_role())[role]
    anchor = _clip01(means[:, None] + rng.normal(0, c.influence.position_sd, (n, c.house.topics)))

    lam = c.influence.susceptibility * (1.0 - c.influence.power_insusceptibility * power)
    bound = _clip01(rng.normal(c.influence.confidence_bound, c.influence.confidence_sd, n))

    between = c.trust.between * (1.0 - c.trust.prior_conflict)
    trust = np.full((n, N_ROLES), between)
    trust[np.arange(n), role] = c.trust.within

    e = c.engagement
    resident = role == RESIDENT
    engagement = np.full(n, e.staff_initial)
    k = resident.sum()
    engagement[resident] = rng.beta(e.resident_mean * e.resident_concentration,
                                     (1 - e.resident_mean) * e.resident_concentration, k)
    s = c.shortcoming
    sharing = _clip01(rng.normal(s.sharing, s.sd, n))
    trait = _clip01(rng.normal(s.generosity, s.sd, n))
    generosity = feedback.generosity(trait, np.full(n, between), c.trust.between,
                                     c.trust.generosity_weight)
    return {
        "logic": logic, "power3": power3, "power": power, "anchor": anchor, "x": anchor.copy(),
        "origin": anchor.copy(),
        "susceptibility": lam, "bound": bound, "perspective": np.zeros(n), "trust": trust,
        "trust_weight": np.full((n, N_ROLES), c.trust.prior_weight),
        "engagement": engagement, "satisfaction": np.full(n, c.satisfaction.initial),
        "ownership": np.where(resident, c.ownership.initial, 0.0),
        "sharing": sharing,
        "generosity": generosity, "generosity_trait": trait,
        "self_interest": _clip01(rng.normal(s.self_interest, s.sd, n)),
        "commitment": np.zeros(n), "disappointment": np.zeros(n), "experience": engagement.copy(),
        "meetings": np.zeros(n, dtype=int),
    }


def draw_house(config: Scenario, rng: np.random.Generator) -> HouseState:
    """The house at step 0."""
    role = role_codes(config)
    traits = _draw_traits(role, config, rng)
    active = np.ones(role.size, dtype=bool)
    perceived = experienced_power(traits["power"], role, active,
                                  config.power.experienced_amplification)
    return HouseState(role=role, active=active, perceived=perceived, **traits)


def renew(state: HouseState, idx: np.ndarray, config: Scenario, rng: np.random.Generator) -> None:
    """Newcomers take the places `idx`: fresh traits, active again."""
    traits = _draw_traits(state.role[idx], config, rng)
    for name, values in traits.items():
        getattr(state, name)[idx] = values
    state.active[idx] = True
    state.perceived[idx] = experienced_power(state.power, state.role, state.active,
                                             config.power.experienced_amplification)[idx]


