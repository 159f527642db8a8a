"""The compiler of the house's mechanisms: numba, with its cache on disk in a writable place.

numba compiles each function on first use, which takes tens of seconds for the whole week on a
busy machine; its on-disk cache makes that once per machine. The cache must live somewhere
writable even when the package is installed read-only, so it goes to `SAMENSTURING_CACHE`
(or numba's own `NUMBA_CACHE_DIR`) if set, else the user's cache folder, else the temporary
folder. The location is fixed before numba is imported, because numba reads it then.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def cache_folder() -> Path:
    """Where compiled functions are kept: the first writable of the configured places."""
    configured = os.environ.get("SAMENSTURING_CACHE") or os.environ.get("NUMBA_CACHE_DIR")
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    places = [Path(configured)] if configured else []
    places += [Path(home) / "samensturing" / "numba",
               Path(tempfile.gettempdir()) / f"samensturing-numba-{os.getuid()}"]
    for place in places:
        if _writable(place):
            return place
    raise OSError(f"no writable folder for the compiled model among {', '.join(map(str, places))}"
                  "; set SAMENSTURING_CACHE to one")


CACHE = cache_folder()
os.environ["NUMBA_CACHE_DIR"] = str(CACHE)

import numba  # noqa: E402  (after the cache folder is fixed)

numba.config.CACHE_DIR = str(CACHE)


def jit[F: Callable[..., Any]](fn: F) -> F:
    """Compile `fn` in nopython mode, cached on disk; numpy's rules for division by zero."""
    return numba.njit(cache=True, nogil=True, error_model="numpy")(fn)  # type: ignore[no-any-return]


def fingerprint() -> str:
    """What numba's cache depends on: the compiled sources (where they are, when they changed)
    and numba's version. A new fingerprint means the next run compiles."""
    digest = hashlib.sha256(numba.__version__.encode())
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        stat = source.stat()
        digest.update(f"{source}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:20]


def ready() -> bool:
    """Whether this machine has compiled the model as it now is."""
    return (CACHE / f"ready-{fingerprint()}").exists()


def mark_ready() -> None:
    (CACHE / f"ready-{fingerprint()}").touch()
