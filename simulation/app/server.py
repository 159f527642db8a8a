"""Start the classroom app with Solara's front-end served from the installed `solara-assets`.

Solara's page loads Vue, Vuetify, fonts and require.js from a CDN unless its server proxies them
from a local cache directory. The `solara-assets` wheel (pinned to solara's version in
pyproject.toml) installs exactly that cache under ``<prefix>/share/solara/cdn``; pointing the proxy
there, and switching off the version check, telemetry and the development-mode "call home" frame,
makes a page load with no request leaving the machine (a classroom with bad Wi-Fi, CI).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import IO

APP_FILE = Path(__file__).with_name("app.py")
# Debian's Chromium and the flags the browser tests and the benchmark drive it with: headless, no
# sandbox (containers), and none of the background traffic that would leave the machine.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic")
# How long a session whose browser went away without closing the tab (a laptop shut, the Wi-Fi
# gone) keeps its house for a reconnect. Solara's default is 24 h, so a day of such sessions only
# added up; a closed tab is freed at once (its close beacon). A lesson's break fits in this.
CULL_TIMEOUT = "15m"


class OfflineAssetsError(RuntimeError):
    """The local copy of Solara's front-end is missing or does not match solara's version."""


SEEN_WEEK = """week => {
    window.samSeen = null;
    const check = () => {
        const shown = document.querySelector('.sam-rp-week');
        if (window.samSeen === null && shown && shown.textContent.startsWith(`Week ${week} /`)) {
            window.samSeen = Date.now();
        }
    };
    new MutationObserver(check).observe(document.body,
                                        {subtree: true, childList: true, characterData: true});
}"""
"""A script for a role-play page in Chromium (with the week as its argument): `window.samSeen`
becomes the moment its week counter shows that week; the browser tests and the week-to-screen
benchmark read it."""


def local_assets_dir() -> Path:
    """The directory where `solara-assets` put the CDN files, checked against solara's version."""
    try:
        dist = metadata.distribution("solara-assets")
    except metadata.PackageNotFoundError:
        raise OfflineAssetsError(
            "solara-assets is not installed; run `uv sync` (it is pinned next to solara)") from None
    solara_version = metadata.version("solara")
    if dist.version != solara_version:
        raise OfflineAssetsError(
            f"solara-assets {dist.version} does not match solara {solara_version}; "
            "pin both to the same version in pyproject.toml")
    for file in dist.files or ():
        parts = Path(file).parts
        if "cdn" in parts:
            cdn = Path(dist.locate_file(Path(*parts[: parts.index("cdn") + 1])))
            return cdn.resolve()
    raise OfflineAssetsError("solara-assets contains no cdn directory")


def offline_environment() -> dict[str, str]:
    """Solara settings (read from the environment at import) for a fully local page."""
    return {
        "SOLARA_ASSETS_PROXY": "true",
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(local_assets_dir()),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
        "SOLARA_THEME_TITLE": "Samensturing",
        "SOLARA_THEME_SHOW_BANNER": "false",
        "SOLARA_KERNEL_CULL_TIMEOUT": os.environ.get("SOLARA_KERNEL_CULL_TIMEOUT", CULL_TIMEOUT),
    }


def serve(host: str, port: int) -> None:
    """Run the Solara server on the app until interrupted (blocks)."""
    os.environ.update(offline_environment())
    # Imported only now: solara reads its settings from the environment when first imported.
    from solara.__main__ import cli

    cli.main(
        args=["run", str(APP_FILE), "--host", host, "--port", str(port), "--production",
              "--no-open", "--no-check-version"],
        prog_name="samensturing app",
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spawn(port: int, output: IO[str], timeout_s: float = 120) -> subprocess.Popen[str]:
    """`samensturing app` in a child process on 127.0.0.1, returned once it serves the page.

    Used by the browser tests and the benchmark, which must see the app exactly as a lecturer
    starts it. Raises RuntimeError if it exits or does not answer within `timeout_s`.
    """
    exe = Path(sys.executable).with_name("samensturing")
    proc = subprocess.Popen([str(exe), "app", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=output, stderr=subprocess.STDOUT, text=True)
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            direct.open(f"http://127.0.0.1:{port}/", timeout=5).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"samensturing app did not start on port {port}") from None
            time.sleep(0.5)


@contextmanager
def served() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The app spawned on a free port with its log in a temporary file: (its URL, the process).

    For the benchmarks, which measure the server process; it is stopped on the way out.
    """
    port = free_port()
    with tempfile.TemporaryDirectory() as folder, (Path(folder) / "server.log").open("w") as out:
        proc = spawn(port, out)
        try:
            yield f"http://127.0.0.1:{port}/", proc
        finally:
            proc.terminate()
            proc.wait(timeout=20)
