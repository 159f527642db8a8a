"""What the sweep commands do between reading arguments and exiting: sweep, compare, report, demo.

Kept apart from :mod:`simulation.cli` so the command line stays a thin layer of options, and apart
from the engine so the engine knows nothing of screens.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console

from simulation.analysis.compare import ALPHA, CONFIDENCE, compare, rich_tables, write_csv
from simulation.analysis.report import write_report
from simulation.i18n import Lang
from simulation.sweeps.engine import Summary, check_folder, run_sweep
from simulation.sweeps.executors import ExecutorKind, default_workers, open_executor
from simulation.sweeps.experiment import Plan, load_experiment
from simulation.sweeps.progress import reporter_for
from simulation.sweeps.store import ResultStore, load_results

DEMO_EXPERIMENT = Path(__file__).resolve().parents[2] / "experiments" / "interventions.toml"


def default_out(plan: Plan) -> Path:
    return Path("results") / plan.spec.experiment.name


def sweep(plan: Plan, out: Path, console: Console, *, executor: ExecutorKind = ExecutorKind.local,
          workers: int | None = None, scheduler: str | None = None, resume: bool = False,
          retry_failed: bool = False, flush_every: int = 100) -> Summary:
    """Run a plan with progress on screen and say what happened."""
    workers = workers or default_workers()
    name = plan.spec.experiment.name
    console.print(f"sweep [bold]{name}[/]: {len(plan.runs)} runs ({len(plan.points)} design "
                  f"points × {plan.spec.experiment.replications} replications) → {out}, "
                  f"{executor.value} executor, {workers} worker(s)", highlight=False)
    check_folder(ResultStore(out), plan, resume)  # before starting workers: fail fast
    with open_executor(executor, workers, scheduler) as pool:
        summary = run_sweep(plan, out, pool, resume=resume, retry_failed=retry_failed,
                            max_in_flight=2 * workers + 2, flush_every=flush_every,
                            reporter=reporter_for(console, name),
                            executor_name=f"{executor.value} x{workers}")
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
    return summary


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
    finals, manifest = load_results(folder)
    table = compare(finals, manifest, n_resamples=n_resamples)
    views, hidden = rich_tables(table, show_all=show_all)
    console.print(f"Differences from the reference with {CONFIDENCE:.0%} bootstrap intervals; "
                  "A = Vargha–Delaney, q = Benjamini–Hochberg; clear differences (q < "
                  f"{ALPHA}) only unless --all", highlight=False)
    for view in views:
        console.print(view)
    if hidden:
        console.print(f"{hidden} comparisons showed no clear difference (--all shows them)")
    path = write_csv(table, csv or folder / "comparison.csv")
    console.print(f"comparison written to {path}")
    return table


def report_results(folder: Path, lang: Lang, console: Console, *, out: Path | None = None,
                   table: pd.DataFrame | None = None, n_resamples: int = 9999) -> Path:
    """Write the HTML report of a results folder (comparing first if not done yet)."""
    finals, manifest = load_results(folder)
    if table is None:
        table = compare(finals, manifest, n_resamples=n_resamples)
    series = ResultStore(folder).series(keys=finals["key"].tolist(),
                                        outcomes=manifest["outcomes"])
    path = write_report(table, series, manifest, out or folder / f"report-{lang}.html", lang)
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
