"""The `samensturing` command line: thin wrappers that turn bad input into exit code 2."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text
from typer._click import exceptions as click_errors  # typer vendors click (typer>=0.29)

from simulation.house.scenario import ScenarioError, load_scenario
from simulation.i18n import Lang
from simulation.sweeps.executors import ExecutorError, ExecutorKind

if TYPE_CHECKING:
    from simulation.sweeps.engine import Summary
    from simulation.sweeps.slurm import SlurmSettings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Agent-based simulation of co-steering (samensturing) in neighbourhood houses.",
    pretty_exceptions_enable=False,
)
console = Console()
# Errors are read by scripts and CI logs as much as by people: never wrapped at the (assumed,
# when stderr is not a terminal: 80) width, so one problem stays one line whatever its path.
err_console = Console(stderr=True, soft_wrap=True)

EXIT_BAD_INPUT = 2


def print_error(message: object, label: str = "error") -> None:
    """`label: message` on stderr, one line per problem, the message printed as it is.

    A Text, not a markup string: a path or TOML snippet with `[brackets]` or `:name:` in it must
    not be read as rich markup or emoji.
    """
    err_console.print(Text.assemble((f"{label}:", "bold red"), " ", str(message)))


class UserError(Exception):
    """Input the user can fix; reported as one message with exit code 2."""


@contextmanager
def clear_errors() -> Iterator[None]:
    """Turn input errors into a readable message and exit code 2, never a traceback."""
    try:
        yield
    except (ScenarioError, UserError) as exc:
        print_error(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except OSError as exc:   # a path given on the command line that cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        print_error(f"{where}{exc.strerror or exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from None


ScenarioArg = Annotated[Path, typer.Argument(help="scenario file (TOML)")]


def prepared() -> None:
    """Compile the model first if this machine has not yet, with a one-line notice."""
    from simulation.house.prepare import prepare

    seconds = prepare(lambda notice: err_console.print(notice, highlight=False))
    if seconds is not None:
        err_console.print(f"model ready in {seconds:.0f} s", highlight=False)


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="scenario files (TOML)")]) -> None:
    """Check scenario files; report every problem with its field and allowed range."""
    bad = 0
    for file in files:
        try:
            load_scenario(file)
        except ScenarioError as exc:
            print_error(exc, "invalid")
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
        prepared()
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
    diff: Annotated[Path | None, typer.Option(
        help="show only what this scenario file changes, against the defaults and its parent")]
    = None,
) -> None:
    """List every scenario parameter with its default, range, unit, meaning and source."""
    if diff is not None:
        with clear_errors():
            _print_diff(diff, section)
        return
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


def _print_diff(file: Path, section: str | None) -> None:
    """One row per parameter the file changes: default, parent's value (if any) and its own."""
    from rich.table import Table

    from simulation.house.scenario import differences

    parent, rows = differences(file)
    table = Table(title=f"what {file} changes",
                  caption=f"parent: {parent} (extends)" if parent else "no parent (no extends)")
    table.add_column("name", no_wrap=True)
    for column in ["default", *(["parent"] if parent else []), "this file"]:
        table.add_column(column, overflow="fold")
    for name, default, inherited, value in rows:
        if section and not name.startswith(section):
            continue
        shown = [default, *([inherited] if parent else []), value]
        table.add_row(name, *(json.dumps(v, ensure_ascii=False) for v in shown))
    console.print(table)


@app.command("app")
def app_command(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8765,
) -> None:
    """Start the classroom app (Solara, works offline) in the browser at http://HOST:PORT."""
    from simulation.app.server import OfflineAssetsError, serve

    prepared()
    try:
        serve(host, port)
    except OfflineAssetsError as exc:
        print_error(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@app.command()
def decompose(
    scenario: ScenarioArg,
    intervention: Annotated[str, typer.Option(help="the intervention whose channels to weigh")],
    seeds: Annotated[int, typer.Option(min=2, help="paired seeds (each runs every arm)")] = 30,
    steps: Annotated[int | None, typer.Option(min=1, help="override run.steps")] = None,
    outcomes: Annotated[list[str] | None, typer.Option(
        help="outcomes to decompose (repeat or separate by commas; default: a few key ones)")]
    = None,
    seed: Annotated[int, typer.Option(min=0, help="root of the SeedSequence of run seeds")] = 0,
    out: Annotated[Path | None, typer.Option(help="CSV file for the table")] = None,
) -> None:
    """Each channel's share of an intervention's effect, over paired seeds with intervals."""
    from rich.progress import Progress

    from simulation.analysis import decompose as dc
    from simulation.analysis.compare import write_csv

    with clear_errors():
        try:
            names = dc.check_outcomes([n for o in outcomes or dc.DEFAULT_OUTCOMES
                                       for n in o.split(",") if n])
            plan = dc.arms(load_scenario(scenario), intervention)
        except dc.DecomposeError as exc:
            raise UserError(str(exc)) from None
        run_steps = steps or plan.scenarios[dc.ON].run.steps
        run_seeds = dc.paired_seeds(seeds, seed)
        prepared()
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("runs", total=len(plan.scenarios) * seeds)
            finals = dc.run_arms(plan, run_seeds, run_steps, names,
                                 lambda: bar.advance(task))
        table = dc.decompose(finals, plan, names)
        console.print(dc.rich_table(table, f"{intervention} in {scenario.name}: {seeds} paired "
                                    f"seeds, {run_steps} weeks"))
        if out is not None:
            console.print(f"written: {write_csv(table, out)}")


# --------------------------------------------------------------------------- house

house_app = typer.Typer(no_args_is_help=True,
                        help="Describe your own neighbourhood house (no Python needed).")
app.add_typer(house_app, name="house")


@house_app.command("new")
def house_new(
    out: Annotated[Path, typer.Argument(help="scenario file to write (TOML)")] = Path("huis.toml"),
    lang: Annotated[Lang, typer.Option(help="language of the questions and the file's comments")]
    = "nl",
    answers: Annotated[Path | None, typer.Option(
        help='answers file (TOML: question = "choice"), instead of asking in the terminal')]
    = None,
    force: Annotated[bool, typer.Option(help="overwrite OUT if it exists")] = False,
) -> None:
    """Plain questions about your house become a scenario file with guesses and ranges."""
    from simulation.analysis.profile import interview, read_answers, write_profile
    from simulation.i18n import t

    with clear_errors():
        if out.exists() and not force:
            raise UserError(t("intake_exists", lang, path=out))
        if answers is not None:
            name, chosen = read_answers(answers, lang)
        else:
            try:
                name, chosen = interview(console, lang)
            except EOFError:
                raise UserError(t("intake_no_answers", lang)) from None
        write_profile(out, name, chosen, lang)
        console.print(t("intake_written", lang, path=out), highlight=False, markup=False)


# --------------------------------------------------------------------------- sweeps

ExperimentArg = Annotated[Path, typer.Argument(help="experiment file (TOML)")]
WorkersOption = Annotated[int | None, typer.Option(min=1, help="parallel runs (default: cores)")]
ResultsArg = Annotated[Path, typer.Argument(help="results folder written by `sweep`")]
LangOption = Annotated[Lang, typer.Option(help="language of the report")]
SLURM = "SLURM (--executor slurm; the config file gives defaults, these override it)"
ExecutorOption = Annotated[ExecutorKind, typer.Option(help="where runs execute")]
SchedulerOption = Annotated[str | None, typer.Option(
    help="dask scheduler address, e.g. tcp://host:8786 (default: a LocalCluster)")]
ListenOption = Annotated[str | None, typer.Option(
    help="address a scheduler we start listens on (default 127.0.0.1: this machine only)")]
ClusterConfigOption = Annotated[Path | None, typer.Option(
    help="TOML file with a \\[slurm] table of defaults", rich_help_panel=SLURM)]
PartitionOption = Annotated[str | None, typer.Option(help="partition", rich_help_panel=SLURM)]
CoresOption = Annotated[int | None, typer.Option(
    min=1, help="cores per job (default 1)", rich_help_panel=SLURM)]
MemoryOption = Annotated[str | None, typer.Option(
    help="memory per job (default 2GB)", rich_help_panel=SLURM)]
WalltimeOption = Annotated[str | None, typer.Option(
    help="time limit per job (default 01:00:00)", rich_help_panel=SLURM)]
JobsOption = Annotated[int | None, typer.Option(
    min=1, help="worker jobs (default 2)", rich_help_panel=SLURM)]


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
            print_error(exc)
            raise typer.Exit(1) from None


def _exit_code(summary: Summary) -> int:
    if summary.interrupted is not None:
        return 128 + summary.interrupted.value
    return 1 if summary.failed else 0


@app.command()
def sweep(
    experiment: ExperimentArg,
    workers: WorkersOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    out: Annotated[Path | None, typer.Option(help="results folder (default: results/NAME)")] = None,
    resume: Annotated[bool, typer.Option(help="continue a stopped sweep in --out")] = False,
    retry_failed: Annotated[bool, typer.Option(help="with --resume: rerun failed runs")] = False,
    batch_size: Annotated[int, typer.Option(
        min=1, help="runs of one design point a worker gets at once (one model call)")] = 64,
    flush_every: Annotated[int, typer.Option(min=1, hidden=True)] = 100,
    listen: ListenOption = None,
    cluster_config: ClusterConfigOption = None,
    partition: PartitionOption = None,
    cores: CoresOption = None,
    memory: MemoryOption = None,
    walltime: WalltimeOption = None,
    jobs: JobsOption = None,
) -> None:
    """Run every scenario × design point × replication of an experiment, resumably."""
    from simulation.analysis.workflow import default_out
    from simulation.analysis.workflow import sweep as run
    from simulation.sweeps.experiment import load_experiment
    from simulation.sweeps.slurm import LOOPBACK

    with sweep_errors():
        plan = load_experiment(experiment)
        out = out or default_out(plan)
        slurm = _slurm(executor, out, cluster_config, listen=listen, partition=partition,
                       cores=cores, memory=memory, walltime=walltime, jobs=jobs)
        workers = workers or (slurm.workers if slurm else None)
        prepared()
        summary = run(plan, out, console, executor=executor,
                      workers=workers, scheduler=scheduler, resume=resume,
                      retry_failed=retry_failed, batch_size=batch_size, flush_every=flush_every,
                      listen=listen or LOOPBACK, slurm=slurm)
    raise typer.Exit(_exit_code(summary))


def _slurm(executor: ExecutorKind, out: Path, config: Path | None, listen: str | None,
           **options: str | int | None) -> SlurmSettings | None:
    """The settings of `--executor slurm` (job output in OUT/slurm-logs unless the config says
    otherwise); SLURM options with another executor are a mistake, not something to ignore."""
    from simulation.sweeps.slurm import slurm_settings

    given = [f"--{name}" for name, value in {"cluster-config": config, **options}.items()
             if value is not None]
    if executor != ExecutorKind.slurm:
        if given:
            raise UserError(f"{', '.join(given)}: only for --executor slurm")
        return None
    slurm = slurm_settings(config, listen=listen, **options)
    if slurm.log_directory is None:
        slurm = slurm.model_copy(update={"log_directory": str(out / "slurm-logs")})
    return slurm


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
        prepared()
        summary = run(console, out, lang=lang, workers=workers, replications=replications)
    raise typer.Exit(_exit_code(summary))


@app.command("explore")
def explore_command(
    house: ScenarioArg,
    interventions: Annotated[list[str] | None, typer.Option(
        help="interventions to compare (repeat or separate by commas; default: all seven)")]
    = None,
    pairs: Annotated[list[str] | None, typer.Option(
        help="pairs to try together, as first+second (repeat or separate by commas)")] = None,
    houses: Annotated[int, typer.Option(
        min=1, help="plausible houses sampled over the file's [uncertain] ranges")] = 32,
    replications: Annotated[int, typer.Option(min=1, help="runs per house and arm")] = 4,
    goals: Annotated[list[str] | None, typer.Option(
        help="outcomes to judge by (default: voice, implemented decisions, trust, dropout)")]
    = None,
    steps: Annotated[int | None, typer.Option(min=1, help="override run.steps")] = None,
    seed: Annotated[int, typer.Option(min=0, help="root of the houses' seeds")] = 0,
    out: Annotated[Path | None, typer.Option(
        help="results folder, resumable (default: results/explore-NAME)")] = None,
    lang: LangOption = "nl",
    workers: WorkersOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    listen: ListenOption = None,
    cluster_config: ClusterConfigOption = None,
    partition: PartitionOption = None,
    cores: CoresOption = None,
    memory: MemoryOption = None,
    walltime: WalltimeOption = None,
    jobs: JobsOption = None,
) -> None:
    """Which interventions help in a house like this one, how robustly, and when they backfire:
    the advice card in the terminal and as advice.html, the tables as CSV, all in --out. The
    runs go through the sweep engine on any of its executors, so a stopped exploration
    continues where it stopped when run again."""
    from simulation.analysis.card import card_html, card_text
    from simulation.analysis.explore import DEFAULT_GOALS, explore
    from simulation.house.outcomes import OUTCOMES
    from simulation.interventions.config import TABLES
    from simulation.sweeps.executors import ExecutorKind as Kind
    from simulation.sweeps.executors import open_executor
    from simulation.sweeps.slurm import LOOPBACK

    with sweep_errors():
        scenario = load_scenario(house)
        names = [n for o in interventions or list(TABLES) for n in o.split(",") if n]
        tried = [tuple(p.split("+")) for o in pairs or [] for p in o.split(",") if p]
        unknown = [n for n in [*names, *(n for pair in tried for n in pair)] if n not in TABLES]
        if unknown or any(len(pair) != 2 for pair in tried):
            raise UserError(f"--interventions/--pairs: unknown {', '.join(unknown) or 'pair'}; "
                            f"allowed: {', '.join(TABLES)}, pairs as first+second")
        judged = [n for o in goals or DEFAULT_GOALS for n in o.split(",") if n]
        if not_outcomes := [n for n in judged if n not in OUTCOMES]:
            raise UserError(f"--goals: unknown {', '.join(not_outcomes)}; allowed: "
                            f"{', '.join(OUTCOMES)}")
        folder = out or Path("results") / f"explore-{house.stem}"
        slurm = _slurm(executor, folder, cluster_config, listen=listen, partition=partition,
                       cores=cores, memory=memory, walltime=walltime, jobs=jobs)
        workers = workers or (slurm.workers if slurm else None)
        kind = Kind.serial if workers == 1 and executor == Kind.local else executor
        prepared()
        with open_executor(kind, workers, scheduler, listen=listen or LOOPBACK,
                           slurm=slurm) as pool:
            found = explore(scenario, scenario.uncertain, names, tried, houses=houses,
                            replications=replications, steps=steps, seed=seed,
                            goals=judged, executor=pool, folder=folder)
        # as text (a [range] is no markup), each paragraph one line for the terminal to wrap
        console.print(Text(card_text(found, lang)), soft_wrap=True)
        for name in ("houses", "effects", "robustness", "boxes", "sensitivity", "warnings"):
            # the houses keep their number, which the effects refer to
            getattr(found, name).to_csv(folder / f"{name}.csv", index=name == "houses")
        (folder / "advice.html").write_text(card_html(found, lang), encoding="utf-8")
        console.print(f"written: {folder}/advice.html and "
                      "{houses,effects,robustness,boxes,sensitivity,warnings}.csv")


def main(argv: list[str] | None = None) -> None:
    """Console entry point. A usage error (unknown option, a value out of range) is one line on
    stderr with exit code 2, like every other error, not a framed panel wrapped at 80 columns."""
    run_app: Callable[..., object] = app
    try:
        code = run_app(args=argv if argv is not None else sys.argv[1:], prog_name="samensturing",
                       standalone_mode=False)
    except click_errors.NoArgsIsHelpError:
        run_app(args=["--help"], prog_name="samensturing")   # prints the help and exits 0
    except click_errors.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "samensturing"
        print_error(f"{command}: {exc.format_message()} (see {command} --help)")
        raise SystemExit(2) from None
    except click_errors.ClickException as exc:
        print_error(exc.format_message())
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        print_error("aborted", label="stopped")
        raise SystemExit(130) from None
    raise SystemExit(code if isinstance(code, int) else 0)
