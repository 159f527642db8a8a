"""The `samensturing` command line: thin wrappers that turn bad input into exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from simulation.scenario import ScenarioError, load_scenario

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
) -> None:
    """Run one house and print its final outcomes."""
    from simulation.runner import run_house, write_run
    from simulation.summary import summary_table

    with clear_errors():
        sc = load_scenario(scenario)
        result = run_house(sc, seed=seed, steps=steps)
        console.print(summary_table(result, title=f"{sc.meta.name} (seed {seed})"))
        if out is not None:
            paths = write_run(result, out)
            console.print(f"written: {', '.join(str(p) for p in paths)}")


@app.command("app")
def app_command(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8765,
) -> None:
    """Start the classroom app (Solara, works offline) in the browser at http://HOST:PORT."""
    from simulation.app_server import OfflineAssetsError, serve

    try:
        serve(host, port)
    except OfflineAssetsError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    run_app: Callable[..., object] = app
    run_app(args=argv if argv is not None else sys.argv[1:], prog_name="samensturing")
