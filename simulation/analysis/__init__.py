"""Analysis: reading sweeps. Comparison statistics (`compare`), the HTML report (`report`) and the
sweep → compare → report workflow of the CLI (`workflow`). It may import `simulation.house`,
`simulation.sweeps` and the shared texts in `simulation.i18n`, never `simulation.app`.
"""
