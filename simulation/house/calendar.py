"""The schedule of a scenario's weeks: its own meeting rules, shaped by its interventions.

Interventions read only their table and the week, so every week's rules are known before the
run; the compiled week reads them as arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulation.house.rules import MeetingRules, Schedule, stack
from simulation.house.scenario import Scenario
from simulation.house.state import N_ROLES
from simulation.interventions.base import Intervention
from simulation.interventions.registry import build_interventions


def meeting_rules(config: Scenario) -> MeetingRules:
    """The scenario's own rules for a meeting, before any intervention changes them."""
    return MeetingRules(
        meeting_time=1.0,
        turn_equalisation=0.0,
        power_exponent=config.speaking.power_exponent,
        friction=np.full((N_ROLES, N_ROLES), config.influence.logic_friction),
        narrowing=config.influence.logic_narrowing,
        max_meetings_per_item=config.house.max_meetings_per_item,
    )


def week_rules(config: Scenario, interventions: Sequence[Intervention], step: int) -> MeetingRules:
    """Week `step`'s rules: the scenario's, shaped by each intervention in the registry's order."""
    rules = meeting_rules(config)
    for intervention in interventions:
        intervention.shape(rules, step)
    return rules


def schedule(config: Scenario, first: int, count: int) -> Schedule:
    """The rules of weeks `first` .. `first + count - 1` as arrays."""
    interventions = build_interventions(config.interventions)
    return stack([week_rules(config, interventions, step) for step in range(first, first + count)])
