"""The house: the model of one neighbourhood house and nothing else.

It holds the scenario schema and loader (`scenario`, `params`, `roles`), the participants' state
arrays and how they are drawn (`state`, `population`), the compiled week (`week`, compiled by
`compiled`, reading `settings`, the week's `rules` scheduled by `calendar`, the players'
`choices`) over a house's `record`, the decisions' way up through the clearance points
(`pipeline`), the outcome series (`outcomes`), the Mesa agents and model (`agents`, `model`), one
run and many (`runner`, `batch`), the compile-once notice (`prepare`) and the mechanisms in
`mechanisms/`. It may import `simulation.interventions` (which knows the house only through the
protocols in `view`), never `simulation.sweeps`, `simulation.analysis` or `simulation.app`.
"""
