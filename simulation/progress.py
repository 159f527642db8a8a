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


def _rate(task: Task) -> float:
    """Runs per second since this sweep (re)started: steadier than rich's recent-window speed,
    which jumps when a batch of runs finishes at once."""
    new = task.completed - task.fields.get("skipped", 0)
    return new / task.elapsed if task.elapsed and new > 0 else 0.0


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = _rate(task)
        return Text(f"{rate:.1f} runs/s" if rate else "-- runs/s", style="progress.data.speed")


class EtaColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = _rate(task)
        left = (task.total or 0) - task.completed
        eta = str(timedelta(seconds=round(left / rate))) if rate else "--"
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
        self.task_id = self.progress.add_task(label, total=None, start=False)

    def start(self, total: int, done: int) -> None:
        self.progress.update(self.task_id, total=total, completed=done, skipped=done)
        self.progress.start_task(self.task_id)
        self.progress.start()

    def advance(self, failed: bool) -> None:
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
        self.total = self.done = self.failed = self.new = 0
        self.started = self.last = 0.0

    def start(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        self.started = self.last = time.monotonic()
        self._line()

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.new += 1
        self.failed += failed
        if time.monotonic() - self.last >= self.interval:
            self._line()

    def stop(self) -> None:
        self._line()

    def _line(self) -> None:
        self.last = time.monotonic()
        elapsed = self.last - self.started
        rate = self.new / elapsed if elapsed > 0 else 0.0
        eta = timedelta(seconds=round((self.total - self.done) / rate)) if rate else "--"
        failed = f", {self.failed} failed" if self.failed else ""
        self.console.print(f"{self.label}: {self.done}/{self.total} runs{failed}, "
                           f"{rate:.1f} runs/s, elapsed {timedelta(seconds=round(elapsed))}, "
                           f"ETA {eta}", highlight=False)


def reporter_for(console: Console, label: str) -> Reporter:
    """A bar on a terminal, status lines otherwise."""
    return BarReporter(console, label) if console.is_terminal else LineReporter(console, label)
