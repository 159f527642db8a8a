"""Interventions: each a mechanism that hooks into the meeting cycle, switched on per scenario.

Every module holds one intervention's scenario table (`...Config`) and its hooks; `config` gathers
the tables and `registry` builds the enabled ones. They act on the house only through the
protocols of `simulation.house.view` (state arrays, scenario, random stream), the meeting's rules
(`simulation.house.rules`) and the pure mechanisms, and never import the model or the scenario
schema: the model imports them, not the other way round.
"""
