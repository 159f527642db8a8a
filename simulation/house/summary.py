"""The short table of final outcomes that `samensturing run` prints."""

from __future__ import annotations

from rich.table import Table

from simulation.house.runner import RunResult


def summary_table(result: RunResult, title: str) -> Table:
    table = Table(title=title)
    table.add_column("outcome")
    table.add_column("final", justify="right")
    table.add_column("mean over run", justify="right")
    for name in result.series.columns:
        col = result.series[name]
        table.add_row(name, f"{col.iloc[-1]:.3f}", f"{col.mean():.3f}")
    decided = result.decisions
    if len(decided):
        table.add_row("official_lean (decisions)", f"{decided['official_lean'].mean():.3f}", "")
    return table
