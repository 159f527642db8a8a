"""Analysis: reading sweeps. Comparison statistics (`compare`), the HTML report (`report`), the
sweep → compare → report workflow of the CLI (`workflow`), each intervention channel's share of
an effect (`decompose`), the intake that describes a house (`profile`) and the exploration of a
house under uncertainty (`explore`). It may import `simulation.house`, `simulation.sweeps` and
the shared texts in `simulation.i18n`, never `simulation.app`.
"""
