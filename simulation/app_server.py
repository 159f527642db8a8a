"""Start the classroom app with Solara's front-end served from the installed `solara-assets`.

Solara's page loads Vue, Vuetify, fonts and require.js from a CDN unless its server proxies them
from a local cache directory. The `solara-assets` wheel (pinned to solara's version in
pyproject.toml) installs exactly that cache under ``<prefix>/share/solara/cdn``; pointing the proxy
there, and switching off the version check, telemetry and the development-mode "call home" frame,
makes a page load with no request leaving the machine (a classroom with bad Wi-Fi, CI).
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

APP_FILE = Path(__file__).with_name("app.py")


class OfflineAssetsError(RuntimeError):
    """The local copy of Solara's front-end is missing or does not match solara's version."""


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
