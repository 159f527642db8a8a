"""Interventions as data: each shapes the rules of every week, switched on per scenario.

Every module holds one intervention's scenario table (`...Config`) and its `shape(rules, step)`;
`config` gathers the tables and `registry` builds the enabled ones. They read only their table and
the week, so every week's rules are known before the run (`simulation.house.calendar`); what the
rules switch on is a mechanism of the compiled week. They never import the model or the scenario
schema (only `simulation.house.view`'s protocols, to validate): the model imports them, not the
other way round.
"""
