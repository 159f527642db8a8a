"""Step-to-screen time of the classroom app: from a click on Step until the browser shows the new
week in the counter and the charts, for 1 and for several sessions stepping at the same moment.

    uv run python benchmarks/bench_app.py [--sessions 1 10 30] [--rounds 10]

Runs `samensturing app` and Debian's headless Chromium on this machine, so browser and server
share the cores: the latencies are an upper bound for a class whose browsers run on their own
laptops. Measured inside each page (performance.now() from the click to the DOM change), so
Playwright's own overhead is not counted. The server's CPU time per step (model step, render,
websocket messages) is measured separately: it is what a class costs the lecturer's laptop.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics

import psutil
from playwright.async_api import Page, async_playwright

from simulation.app.server import CHROMIUM, CHROMIUM_ARGS, served

# Click Step, resolve with the milliseconds until both the week counter and the first chart show
# the new week (one render message updates the room, counter and charts together).
STEP_TO_SCREEN_JS = """
() => new Promise(resolve => {
  const week = () => parseInt(document.querySelector('.sam-week').innerText.split(' ')[1]);
  const target = week() + 1;
  const shown = () => week() === target && document.querySelector('.sam-chart polyline')
      .getAttribute('data-points') === String(target);
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (shown()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(document.querySelector('.sam-run'),
                   {childList: true, subtree: true, characterData: true, attributes: true});
  document.querySelector('.sam-step').click();
})
"""


async def open_session(browser, url: str) -> Page:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_function(
        "document.querySelector('.sam-week')?.innerText.startsWith('Week 0')", timeout=120_000)
    return page


async def measure(url: str, server: psutil.Process, sessions: int,
                  rounds: int) -> tuple[list[float], float]:
    """Step latencies (ms) of every session in every round, all sessions clicking together,
    and the server's CPU milliseconds per step over those rounds."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM),
                                           args=list(CHROMIUM_ARGS))
        pages = [await open_session(browser, url) for _ in range(sessions)]
        await asyncio.gather(*(page.evaluate(STEP_TO_SCREEN_JS) for page in pages))  # warm-up
        cpu_before = sum(server.cpu_times()[:2])
        latencies: list[float] = []
        for _ in range(rounds):
            latencies += await asyncio.gather(*(page.evaluate(STEP_TO_SCREEN_JS)
                                                for page in pages))
        cpu_ms = (sum(server.cpu_times()[:2]) - cpu_before) * 1000 / len(latencies)
        await browser.close()
    return latencies, cpu_ms


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with served() as (url, server):
        print(f"baseline house, {args.rounds} rounds, load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("sessions  steps  median ms  p95 ms  max ms  server CPU ms/step")
        for sessions in args.sessions:
            ms, cpu = asyncio.run(measure(url, psutil.Process(server.pid), sessions, args.rounds))
            print(f"{sessions:8d}  {len(ms):5d}  {statistics.median(ms):9.0f}  "
                  f"{percentile(ms, 0.95):6.0f}  {max(ms):6.0f}  {cpu:18.1f}")

if __name__ == "__main__":
    main()
