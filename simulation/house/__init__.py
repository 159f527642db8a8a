"""The house: the model of one neighbourhood house and nothing else.

It holds the scenario schema and loader (`scenario`, `params`, `roles`), the participants' state
arrays and how they are drawn (`state`, `population`), the Mesa agents and model (`agents`,
`model`), the meeting's rules and record (`rules`, `meeting`), the decisions' way up through the
clearance points (`pipeline`), the outcome series (`outcomes`), one run (`runner`) and the pure
mechanisms in `mechanisms/`. It may import `simulation.interventions` (which knows the house only
through the protocols in `view`), never `simulation.sweeps`, `simulation.analysis` or
`simulation.app`.
"""
