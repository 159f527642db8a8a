"""Progress of a sweep: a rich bar on a terminal, one status line at intervals in a log."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class Reporter(Protocol):
    """What the sweep engine tells about its progress."""

    def start(self, total: int, done: int) -> None: ...
    def advance(self, failed: bool) -> None: ...
    def stop(self) -> None: ...


class Pace:
    """Runs per second since the first run of this session finished. Counting from the start
    would include the workers' start-up (seconds of imports) and make early ETAs far too long;
    rich's own recent-window speed jumps when a batch of runs finishes at once."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.count = 0

    def tick(self) -> None:
        if self.first is None:
            self.first = time.monotonic()
        self.count += 1

    def rate(self) -> float:
        elapsed = time.monotonic() - self.first if self.first is not None else 0.0
        return (self.count - 1) / elapsed if self.count > 1 and elapsed > 0 else 0.0

    def eta(self, left: float) -> str:
        rate = self.rate()
        return str(timedelta(seconds=round(left / rate))) if rate else "--"


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = task.fields["pace"].rate()
        return Text(f"{rate:.1f} runs/s" if rate else "-- runs/s", style="progress.data.speed")


class EtaColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        eta = task.fields["pace"].eta((task.total or 0) - task.completed)
        return Text(f"ETA {eta}", style="progress.remaining")


class BarReporter:
    """A live bar with count, rate, elapsed time and ETA; failures shown in the description."""

    def __init__(self, console: Console, label: str):
        self.label = label
        self.failed = 0
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
            TimeElapsedColumn(), EtaColumn(), console=console,
        )
        self.pace = Pace()
        self.task_id = self.progress.add_task(label, total=None, start=False, pace=self.pace)

    def start(self, total: int, done: int) -> None:
        self.progress.update(self.task_id, total=total, completed=done)
        self.progress.start_task(self.task_id)
        self.progress.start()

    def advance(self, failed: bool) -> None:
        self.pace.tick()
        if failed:
            self.failed += 1
            self.progress.update(self.task_id,
                                 description=f"{self.label} [red]({self.failed} failed)[/]")
        self.progress.advance(self.task_id)

    def stop(self) -> None:
        self.progress.stop()


class LineReporter:
    """One status line every `interval` seconds, for logs and batch jobs (no terminal)."""

    def __init__(self, console: Console, label: str, interval: float = 10.0):
        self.console = console
        self.label = label
        self.interval = interval
        self.pace = Pace()
        self.total = self.done = self.failed = 0
        self.started = self.last = 0.0

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        self.started = self.last = time.monotonic()
        self._line()

    def advance(self, failed: bool) -> None:
        self.pace.tick()
        self.done += 1
        self.failed += failed
        if time.monotonic() - self.last >= self.interval:
            self._line()

    def stop(self) -> None:
        self._line()

    def _line(self) -> None:
        self.last = time.monotonic()
        elapsed = timedelta(seconds=round(self.last - self.started))
        failed = f", {self.failed} failed" if self.failed else ""
        self.console.print(f"{self.label}: {self.done}/{self.total} runs{failed}, "
                           f"{self.pace.rate():.1f} runs/s, elapsed {elapsed}, "
                           f"ETA {self.pace.eta(self.total - self.done)}", highlight=False)


def reporter_for(console: Console, label: str) -> Reporter:
    """A bar on a terminal, status lines otherwise."""
    return BarReporter(console, label) if console.is_terminal else LineReporter(console, label)
