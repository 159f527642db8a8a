"""Does a closed browser tab free its house? The app server's memory over rounds of heavy sessions.

    uv run python benchmarks/bench_app_memory.py [--sessions 10] [--rounds 3] [--close tab|lost]

Each round opens `--sessions` pages in Debian's headless Chromium, makes each one heavy (side by
side, both houses stepped to the end of the run), notes the server's resident memory (RSS), closes
the pages and notes it again 20 s later. `tab` closes them as a student closes a tab (the page's
unload handlers run, so Solara's close beacon is sent); `lost` drops the browser context without
them, as a laptop that is shut or leaves the Wi-Fi does, which leaves the session to the cull
timeout (`server.CULL_TIMEOUT`; run with SOLARA_KERNEL_CULL_TIMEOUT=10s to see it act within the
20 s). If closed sessions are freed, rounds after the first reuse the memory the first one took
and the figure stays level; if they are kept, it grows with every round. Prints a table; asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio

import psutil
from playwright.async_api import Browser, Page, async_playwright

from simulation.app.server import CHROMIUM, CHROMIUM_ARGS, served

SETTLE_S = 20

# Click Step until the run is over (the button is disabled in the last week), one week at a time.
STEP_TO_END_JS = """
async () => {
  const step = () => document.querySelector('.sam-step');
  const week = () => parseInt(document.querySelector('.sam-week').innerText.split(' ')[1]);
  while (!step().disabled && !step().classList.contains('v-btn--disabled')) {
    const target = week() + 1;
    step().click();
    while (week() < target) await new Promise(r => setTimeout(r, 5));
  }
  return week();
}
"""


async def open_heavy(browser: Browser, url: str) -> Page:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_function(
        "document.querySelector('.sam-week')?.innerText.startsWith('Week 0')", timeout=120_000)
    await page.locator(".sam-compare input").check()
    await page.wait_for_function("document.querySelectorAll('.sam-room').length === 2",
                                 timeout=60_000)
    await page.evaluate(STEP_TO_END_JS)
    return page


async def close(page: Page, how: str) -> None:
    if how == "tab":
        await page.close(run_before_unload=True)
        await asyncio.sleep(1)   # the beacon is sent as the page unloads
    await page.context.close()


def rss_mb(server: psutil.Process) -> float:
    return server.memory_info().rss / 2**20


async def measure(url: str, server: psutil.Process, sessions: int, rounds: int,
                  how: str) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM),
                                           args=list(CHROMIUM_ARGS))
        await close(await open_heavy(browser, url), how)   # warm-up: imports, first render
        await asyncio.sleep(SETTLE_S)
        print(f"after warm-up: {rss_mb(server):.0f} MB")
        print("round  open (MB)  closed + 20 s (MB)")
        for number in range(1, rounds + 1):
            pages = await asyncio.gather(*(open_heavy(browser, url) for _ in range(sessions)))
            opened = rss_mb(server)
            await asyncio.gather(*(close(page, how) for page in pages))
            await asyncio.sleep(SETTLE_S)
            print(f"{number:5d}  {opened:9.0f}  {rss_mb(server):18.0f}")
        await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--close", choices=("tab", "lost"), default="tab")
    args = parser.parse_args()
    with served() as (url, server):
        print(f"{args.sessions} heavy sessions per round, closed as: {args.close}")
        asyncio.run(measure(url, psutil.Process(server.pid), args.sessions, args.rounds,
                            args.close))

if __name__ == "__main__":
    main()
