"""Week-to-screen time of a role-play room: from the lecturer's "next week" until each student's
page shows the new week, for a class of students each in their own browser context.

    uv run python benchmarks/bench_roleplay_screens.py [--students 30] [--weeks 3]

Runs `samensturing app` (rooms in a temporary folder) and Debian's headless Chromium on this
machine, so the browsers and the server share the cores: an upper bound for a class whose
browsers run on their own laptops. Each student page records with a MutationObserver the moment
(`Date.now()`, one clock for all pages of the one browser) its week counter shows the new week;
the first week is played before the students join (a fresh server loads the compiled model).
Prints the first, median and last screen per week, and the CPU seconds the server and the
browser spent on that week (which share of the two cores each took); asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
from dataclasses import dataclass

import psutil
from playwright.async_api import Browser, Page, async_playwright

from simulation.app.server import CHROMIUM, CHROMIUM_ARGS, SEEN_WEEK, served
from simulation.app.shared import ROOMS_ENV

TIMEOUT = 120_000


async def person(browser: Browser, url: str) -> Page:
    context = await browser.new_context(viewport={"width": 1300, "height": 1400})
    page = await context.new_page()
    await page.goto(url)
    await page.locator(".sam-mode", has_text="Rollenspel").click(timeout=TIMEOUT)
    return page


async def join(page: Page, code: str, name: str) -> None:
    await page.locator(".sam-rp-code-input input").fill(code)
    await page.locator(".sam-rp-name-input input").fill(name)
    await page.locator(".sam-rp-mode button", has_text="toegewezen").click()
    await page.click(".sam-rp-enter")
    await page.locator(".sam-rp-student h3").wait_for(timeout=TIMEOUT)


@dataclass
class Week:
    screens: list[int]      # ms from the click to each student's screen, sorted
    server_cpu: float       # s of CPU the server process spent meanwhile
    browser_cpu: float      # s of CPU all of Chromium's processes spent meanwhile


def cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for proc in processes:
        try:
            total += sum(proc.cpu_times()[:2])
        except psutil.NoSuchProcess:
            continue
    return total


def chromium() -> list[psutil.Process]:
    """This benchmark's Chromium processes (children of the Playwright driver it started)."""
    return [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name()]


async def measure(url: str, server: psutil.Process, students: int, weeks: int) -> list[Week]:
    """Per week, the screens' times and what the server and the browser spent on it."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM),
                                           args=list(CHROMIUM_ARGS))
        lecturer = await person(browser, url)
        await lecturer.click(".sam-rp-create")
        code = lecturer.locator(".sam-rp-code")
        await code.wait_for(timeout=TIMEOUT)
        code_text = await code.inner_text()
        await lecturer.click(".sam-rp-next")   # a first week: the fresh server loads the model
        await lecturer.locator(".sam-rp-week", has_text="Week 1 /").wait_for(timeout=TIMEOUT)
        pages = []
        for k in range(students):   # one after the other: joining is not what is measured
            page = await person(browser, url)
            await join(page, code_text, f"Student {k + 1}")
            pages.append(page)
        spreads = []
        for week in range(2, weeks + 2):
            await asyncio.gather(*(page.evaluate(SEEN_WEEK, week) for page in pages))
            browser_processes = chromium()
            before = cpu([server]), cpu(browser_processes)
            clicked = await lecturer.evaluate("Date.now()")
            await lecturer.click(".sam-rp-next")
            await asyncio.gather(*(page.wait_for_function("window.samSeen !== null",
                                                          timeout=TIMEOUT) for page in pages))
            seen = await asyncio.gather(*(page.evaluate("window.samSeen") for page in pages))
            spreads.append(Week(sorted(s - clicked for s in seen), cpu([server]) - before[0],
                                cpu(browser_processes) - before[1]))
            await asyncio.sleep(2)   # the pages settle before the next week
        await browser.close()
    return spreads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--weeks", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as rooms:
        os.environ[ROOMS_ENV] = rooms
        with served() as (url, proc):
            print(f"baseline room, {args.students} students, load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            weeks = asyncio.run(measure(url, psutil.Process(proc.pid), args.students,
                                        args.weeks))
    print("week  first ms  median ms  last ms  server CPU s  browser CPU s")
    for k, week in enumerate(weeks, start=2):
        ms = week.screens
        print(f"{k:4d}  {ms[0]:8d}  {statistics.median(ms):9.0f}  {ms[-1]:7d}  "
              f"{week.server_cpu:12.2f}  {week.browser_cpu:13.2f}")
    every = sorted(m for week in weeks for m in week.screens)
    print(f"all   {every[0]:8d}  {statistics.median(every):9.0f}  {every[-1]:7d}  "
          f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
