"""What the sweep commands do between reading arguments and exiting: sweep, compare, report, demo.

Kept apart from :mod:`simulation.cli` so the command line stays a thin layer of options, and apart
from the engine so the engine knows nothing of screens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table

from simulation.analysis.compare import (
    ALPHA,
    CONFIDENCE,
    compare,
    coverage,
    partial,
    rich_tables,
    unreachable,
    write_csv,
)
from simulation.analysis.report import write_report
from simulation.i18n import Lang
from simulation.sweeps.engine import StopSignal, Summary
from simulation.sweeps.executors import ExecutorKind, default_workers
from simulation.sweeps.experiment import Plan, load_experiment
from simulation.sweeps.launch import run_sweep
from simulation.sweeps.progress import reporter_for
from simulation.sweeps.slurm import LOOPBACK, SlurmSettings
from simulation.sweeps.store import ResultStore, read_results, successful

DEMO_EXPERIMENT = Path(__file__).resolve().parents[2] / "experiments" / "interventions.toml"


def default_out(plan: Plan) -> Path:
    return Path("results") / plan.spec.experiment.name


def sweep(plan: Plan, out: Path, console: Console, *, executor: ExecutorKind = ExecutorKind.local,
          workers: int | None = None, scheduler: str | None = None, resume: bool = False,
          retry_failed: bool = False, batch_size: int = 64, flush_every: int = 100,
          listen: str = LOOPBACK, slurm: SlurmSettings | None = None) -> Summary:
    """Run a plan with progress on screen and say what happened."""
    workers = workers or default_workers()
    name = plan.spec.experiment.name
    console.print(f"sweep [bold]{name}[/]: {len(plan.runs)} runs ({len(plan.points)} design "
                  f"points × {plan.spec.experiment.replications} replications) → {out}, "
                  f"{executor.value} executor, {workers} worker(s)", highlight=False)
    stop = StopSignal()   # held over the pool's shutdown and the last words, too
    with stop.installed():
        summary = run_sweep(plan, out, executor=executor, workers=workers, scheduler=scheduler,
                            resume=resume, retry_failed=retry_failed, batch_size=batch_size,
                            flush_every=flush_every,
                            reporter=reporter_for(console, name), listen=listen, slurm=slurm,
                            stop=stop)
        _say_summary(summary, out, console)
    return summary


def _say_summary(summary: Summary, out: Path, console: Console) -> None:
    """What the sweep did, and how to go on if it stopped early or runs failed."""
    if summary.skipped:
        console.print(f"{summary.skipped} runs were already done and skipped")
    console.print(f"{summary.ok} runs done, {summary.failed} failed, in "
                  f"{summary.seconds:.1f} s", highlight=False)
    if summary.interrupted is not None:
        how = " (a second time: at once)" if summary.forced else ""
        console.print(f"[yellow]stopped by {summary.interrupted.name}{how}[/]: finished runs are "
                      f"saved; {summary.remaining} remain. Continue with the same command and "
                      "--resume.", highlight=False)
    if summary.failed:
        _show_failures(out, console)


def _show_failures(out: Path, console: Console, limit: int = 5) -> None:
    finals = ResultStore(out).finals()
    failed = finals[finals["status"] == "failed"]
    for row in failed.head(limit).itertuples():
        console.print(f"[red]failed[/] {row.point} replication {row.replication} (seed "
                      f"{row.seed}): {row.error}", highlight=False)
    console.print(f"{len(failed)} failed runs are recorded in {out}; retry them with --resume "
                  "--retry-failed")


def compare_results(folder: Path, console: Console, *, csv: Path | None = None,
                    show_all: bool = False, n_resamples: int = 9999) -> pd.DataFrame:
    """Compare the arms of a results folder, print the table and write it as CSV."""
    finals, manifest = read_results(folder)
    say_coverage(coverage(finals, manifest), manifest, console)
    table = compare(successful(finals, folder), manifest, n_resamples=n_resamples)
    views, hidden = rich_tables(table, show_all=show_all)
    console.print(f"Differences from the reference with {CONFIDENCE:.0%} bootstrap intervals; "
                  "A = Vargha–Delaney, q = Benjamini–Hochberg; clear differences (q < "
                  f"{ALPHA}) only unless --all", highlight=False)
    for view in views:
        console.print(view)
    if hidden:
        console.print(f"{hidden} comparisons showed no clear difference (--all shows them)")
    say_unreachable(table, console)
    path = write_csv(table, csv or folder / "comparison.csv")
    console.print(f"comparison written to {path}")
    return table


def sizes(row: pd.Series) -> str:
    """'4 paired runs' or '4 runs against 5'."""
    if row.paired:
        return f"{int(row.n)} paired runs"
    return f"{int(row.n)} runs against {int(row.n_reference)}"


def say_unreachable(table: pd.DataFrame, console: Console) -> None:
    """Warn when the design is too small for the test: comparisons that could not come out clear
    whatever the data (a sampled design with a few replications per house, say)."""
    stuck = unreachable(table)
    if stuck.empty:
        return
    tested = int(table["p_value"].notna().sum())
    worst = stuck.loc[stuck["smallest_p"].idxmax()]
    console.print(
        f"[bold yellow]warning:[/] {len(stuck)} of {tested} comparisons cannot come out clear "
        f"whatever the runs show: with {sizes(worst)} the test's smallest p-value is "
        f"{worst.smallest_p:.3g}, not below {ALPHA}. Add replications, or for a sampled design "
        "read the effect pooled over its points (`samensturing report`; for a house with "
        "uncertain ranges `samensturing explore`).", highlight=False)


def say_coverage(counts: pd.DataFrame, manifest: dict[str, Any], console: Console) -> None:
    """How many runs of how many are done; for an unfinished sweep a warning and every arm's
    count, the arms without runs named (they are missing from the comparison)."""
    planned, done, failed = (int(counts[c].sum()) for c in ("planned", "done", "failed"))
    points = f"{len(counts)} design points × {manifest['replications']} replications"
    if not partial(counts):
        console.print(f"{done} of {planned} runs done ({points})", highlight=False)
        return
    several = counts["scenario"].nunique() > 1
    names = [f"{r.scenario}: {r.point}" if several else r.point for r in counts.itertuples()]
    missing = [name for name, n in zip(names, counts["done"], strict=True) if n == 0]
    warning = f"[bold yellow]warning:[/] unfinished sweep: only {done} of {planned} runs are done"
    warning += f" ({points})" + (f", {failed} failed" if failed else "")
    if missing:
        warning += (f"; {len(missing)} of {len(counts)} design points have no runs yet and are "
                    f"missing below: {', '.join(missing)}")
    retry = " --retry-failed" if failed else ""
    console.print(f"{warning}; the comparison covers only what is done: finish the sweep with "
                  f"--resume{retry}", highlight=False)
    view = Table(title="runs per design point", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("design point", "done", "planned", "failed"):
        view.add_column(column, justify="left" if column == "design point" else "right")
    for name, row in zip(names, counts.itertuples(), strict=True):
        style = "yellow" if row.done < row.planned else ""
        view.add_row(name, str(row.done), str(row.planned), str(row.failed), style=style)
    console.print(view)


def report_results(folder: Path, lang: Lang, console: Console, *, out: Path | None = None,
                   table: pd.DataFrame | None = None, n_resamples: int = 9999) -> Path:
    """Write the HTML report of a results folder (comparing first if not done yet)."""
    finals, manifest = read_results(folder)
    counts = coverage(finals, manifest)
    ok = successful(finals, folder)
    if table is None:
        table = compare(ok, manifest, n_resamples=n_resamples)
    series = ResultStore(folder).series(keys=ok["key"].tolist(), outcomes=manifest["outcomes"])
    path = write_report(table, series, manifest, out or folder / f"report-{lang}.html", lang,
                        counts, ok)
    if partial(counts):
        console.print(f"[bold yellow]warning:[/] unfinished sweep: the report covers only "
                      f"{counts['done'].sum()} of {counts['planned'].sum()} runs and says so",
                      highlight=False)
    console.print(f"report written to {path}")
    return path


def demo(console: Console, out: Path, *, lang: Lang = "nl",
         workers: int | None = None, replications: int | None = None) -> Summary:
    """Each intervention alone against the baseline: sweep, comparison and report in one go."""
    overrides = {} if replications is None else {"experiment.replications": replications}
    plan = load_experiment(DEMO_EXPERIMENT, overrides)
    summary = sweep(plan, out, console, workers=workers, resume=True)
    if summary.interrupted is None:
        table = compare_results(out, console)
        report_results(out, lang, console, table=table)
    return summary
