"""The `samensturing` command line: thin wrappers that turn bad input into exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from simulation.house.scenario import ScenarioError, load_scenario
from simulation.i18n import Lang
from simulation.sweeps.executors import ExecutorError, ExecutorKind

if TYPE_CHECKING:
    from simulation.sweeps.engine import Summary

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Agent-based simulation of co-steering (samensturing) in neighbourhood houses.",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Input the user can fix; reported as one message with exit code 2."""


@contextmanager
def clear_errors() -> Iterator[None]:
    """Turn input errors into a readable message and exit code 2, never a traceback."""
    try:
        yield
    except (ScenarioError, UserError) as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:   # a path given on the command line that cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        err_console.print(f"[bold red]error:[/] {where}{exc.strerror or exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


ScenarioArg = Annotated[Path, typer.Argument(help="scenario file (TOML)")]


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="scenario files (TOML)")]) -> None:
    """Check scenario files; report every problem with its field and allowed range."""
    bad = 0
    for file in files:
        try:
            load_scenario(file)
        except ScenarioError as exc:
            err_console.print(f"[bold red]invalid:[/] {exc}", highlight=False)
            bad += 1
        else:
            console.print(f"[green]valid:[/] {file}")
    if bad:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def run(
    scenario: ScenarioArg,
    seed: Annotated[int, typer.Option(min=0, help="random seed")] = 0,
    steps: Annotated[int | None, typer.Option(min=1, help="override run.steps")] = None,
    out: Annotated[Path | None, typer.Option(help="folder for series, decisions, scenario")] = None,
    panel: Annotated[Path | None, typer.Option(
        help="also write every participant's state per step to this .parquet or .csv file")] = None,
) -> None:
    """Run one house and print its final outcomes."""
    from simulation.house.runner import run_house, write_panel, write_run
    from simulation.house.summary import summary_table

    with clear_errors():
        if panel is not None and panel.suffix not in (".parquet", ".csv"):
            raise UserError(f"--panel {panel}: allowed: a file ending in .parquet or .csv")
        sc = load_scenario(scenario, {"run.steps": steps} if steps is not None else None)
        result = run_house(sc, seed=seed, panel=panel is not None)
        console.print(summary_table(result, title=f"{sc.meta.name} (seed {seed})"))
        if out is not None:
            paths = write_run(result, out)
            console.print(f"written: {', '.join(str(p) for p in paths)}")
        if panel is not None:
            console.print(f"written: {write_panel(result, panel)}")


@app.command()
def params(
    section: Annotated[str | None, typer.Argument(help="only names starting with this")] = None,
) -> None:
    """List every scenario parameter with its default, range, unit, meaning and source."""
    from rich.table import Table

    from simulation.house.scenario import iter_parameters

    table = Table(title="scenario parameters")
    for column in ("name", "default", "range", "unit", "meaning", "source"):
        table.add_column(column)
    for row in iter_parameters():
        if section and not row["name"].startswith(section):
            continue
        bounds = "" if row["min"] is None else f"{row['min']} to {row['max']}"
        table.add_row(row["name"], str(row["default"]), bounds, row["unit"], row["meaning"],
                      row["source"])
    console.print(table)


@app.command("app")
def app_command(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8765,
) -> None:
    """Start the classroom app (Solara, works offline) in the browser at http://HOST:PORT."""
    from simulation.app.server import OfflineAssetsError, serve

    try:
        serve(host, port)
    except OfflineAssetsError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


# --------------------------------------------------------------------------- sweeps

ExperimentArg = Annotated[Path, typer.Argument(help="experiment file (TOML)")]
WorkersOption = Annotated[int | None, typer.Option(min=1, help="parallel runs (default: cores)")]
ResultsArg = Annotated[Path, typer.Argument(help="results folder written by `sweep`")]
LangOption = Annotated[Lang, typer.Option(help="language of the report")]


@contextmanager
def sweep_errors() -> Iterator[None]:
    """Like clear_errors; an unusable results folder or scheduler address is bad input too."""
    from simulation.sweeps.engine import LostRuns
    from simulation.sweeps.store import ResultsError

    with clear_errors():
        try:
            yield
        except (ResultsError, ExecutorError) as exc:
            raise UserError(str(exc)) from None
        except LostRuns as exc:   # not the user's input: exit 1, like failed runs
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            raise typer.Exit(1) from None


def _exit_code(summary: Summary) -> int:
    if summary.interrupted is not None:
        return 128 + summary.interrupted.value
    return 1 if summary.failed else 0


@app.command()
def sweep(
    experiment: ExperimentArg,
    workers: WorkersOption = None,
    executor: Annotated[ExecutorKind, typer.Option(help="where runs execute")] = ExecutorKind.local,
    scheduler: Annotated[str | None, typer.Option(
        help="dask scheduler address, e.g. tcp://host:8786 (default: a LocalCluster)")] = None,
    out: Annotated[Path | None, typer.Option(help="results folder (default: results/NAME)")] = None,
    resume: Annotated[bool, typer.Option(help="continue a stopped sweep in --out")] = False,
    retry_failed: Annotated[bool, typer.Option(help="with --resume: rerun failed runs")] = False,
    flush_every: Annotated[int, typer.Option(min=1, hidden=True)] = 100,
) -> None:
    """Run every scenario × design point × replication of an experiment, resumably."""
    from simulation.analysis.workflow import default_out
    from simulation.analysis.workflow import sweep as run
    from simulation.sweeps.experiment import load_experiment

    with sweep_errors():
        plan = load_experiment(experiment)
        summary = run(plan, out or default_out(plan), console, executor=executor,
                      workers=workers, scheduler=scheduler, resume=resume,
                      retry_failed=retry_failed, flush_every=flush_every)
    raise typer.Exit(_exit_code(summary))


@app.command()
def compare(
    results: ResultsArg,
    csv: Annotated[Path | None, typer.Option(help="CSV file (default: RESULTS/comparison.csv)")]
    = None,
    all_rows: Annotated[bool, typer.Option("--all", help="show every comparison")] = False,
) -> None:
    """Means with bootstrap intervals, effect sizes and FDR-controlled tests per arm."""
    from simulation.analysis.workflow import compare_results

    with sweep_errors():
        compare_results(results, console, csv=csv, show_all=all_rows)


@app.command()
def report(
    results: ResultsArg,
    lang: LangOption = "nl",
    out: Annotated[Path | None, typer.Option(help="HTML file (default: RESULTS/report-LANG.html)")]
    = None,
) -> None:
    """An HTML report with plots and a plain-language summary, in Dutch or English."""
    from simulation.analysis.workflow import report_results

    with sweep_errors():
        report_results(results, lang, console, out=out)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="output folder")] = Path("samensturing-demo"),
    lang: LangOption = "nl",
    workers: WorkersOption = None,
    replications: Annotated[int | None, typer.Option(
        min=2, help="houses per arm (default: the experiment file's)")] = None,
) -> None:
    """Each intervention alone against the baseline: sweep, comparison table and HTML report."""
    from simulation.analysis.workflow import demo as run

    with sweep_errors():
        summary = run(console, out, lang=lang, workers=workers, replications=replications)
    raise typer.Exit(_exit_code(summary))


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    run_app: Callable[..., object] = app
    run_app(args=argv if argv is not None else sys.argv[1:], prog_name="samensturing")
