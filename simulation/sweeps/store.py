"""A sweep's results folder: Parquet part files committed atomically, read back exactly once.

A part is written as ``series-N.parquet`` first and ``final-N.parquet`` second, each to a temporary
name and then renamed (``os.replace`` is atomic), so the final part is the commit mark: a run counts
as done only once its final row is on disk, and a series part without its final part is a leftover
of an interrupted write and is removed. A key that appears in several parts (a failed run that was
retried) counts once, with its latest record.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

MANIFEST = "manifest.json"
LOCK = ".sweep.lock"
TMP_SUFFIX = ".tmp"
_PART = re.compile(r"^(final|series)-(\d{6})\.parquet$")
ID_COLUMNS = ("key", "scenario", "point", "replication", "seed")


# what readers of a manifest rely on (written by the sweep engine)
MANIFEST_KEYS = ("experiment", "plan_digest", "outcomes", "points", "runs", "replications",
                 "root_seed", "sessions")


class ResultsError(Exception):
    """The folder is not usable: locked by another sweep, not a sweep's folder, or mismatched."""


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary sibling and rename, so readers never see half a file."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    write(tmp)
    os.replace(tmp, path)


def write_json(path: Path, data: Any) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(data, indent=1), encoding="utf-8"))


def final_schema(outcomes: Sequence[str]) -> pa.Schema:
    return pa.schema([
        ("key", pa.string()), ("scenario", pa.string()), ("point", pa.string()),
        ("replication", pa.int64()), ("seed", pa.uint64()),
        ("status", pa.string()), ("error", pa.string()),
        *[(name, pa.float64()) for name in outcomes],
    ])


def series_schema(outcomes: Sequence[str]) -> pa.Schema:
    return pa.schema([
        ("key", pa.string()), ("scenario", pa.string()), ("point", pa.string()),
        ("replication", pa.int64()), ("step", pa.int64()),
        *[(name, pa.float64()) for name in outcomes],
    ])


class ResultStore:
    """Reads and writes the part files of one results folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's lock; the OS releases it if the process dies, even by SIGKILL."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.folder / LOCK)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise ResultsError(f"another sweep is writing to {self.folder}; wait for it to end "
                               "or choose another --out folder") from None
        try:
            yield
        finally:
            lock.release()

    def parts(self, kind: str) -> dict[int, Path]:
        found = {}
        for path in self.folder.glob(f"{kind}-*.parquet"):
            match = _PART.match(path.name)
            if match:
                found[int(match.group(2))] = path
        return dict(sorted(found.items()))

    def has_results(self) -> bool:
        return bool(self.parts("final"))

    def clean(self) -> None:
        """Remove leftovers of an interrupted write: temporary files and uncommitted series."""
        for tmp in self.folder.glob(f"*{TMP_SUFFIX}"):
            tmp.unlink()
        committed = self.parts("final")
        for number, path in self.parts("series").items():
            if number not in committed:
                path.unlink()

    def write_part(self, finals: list[dict[str, Any]], series: list[pd.DataFrame],
                   outcomes: Sequence[str]) -> None:
        """Commit one batch of finished runs: the series first, the final rows last."""
        existing = [*self.parts("final"), *self.parts("series")]
        number = max(existing, default=0) + 1
        if series:
            table = pa.Table.from_pandas(pd.concat(series, ignore_index=True),
                                         schema=series_schema(outcomes), preserve_index=False)
            write_atomic(self.folder / f"series-{number:06d}.parquet",
                         lambda tmp: pq.write_table(table, tmp))
        finals_table = pa.Table.from_pylist(finals, schema=final_schema(outcomes))
        write_atomic(self.folder / f"final-{number:06d}.parquet",
                     lambda tmp: pq.write_table(finals_table, tmp))

    def finals(self) -> pd.DataFrame:
        """Every run's latest record (ok or failed), one row per key, sorted by key."""
        paths = list(self.parts("final").values())
        if not paths:
            return pd.DataFrame(columns=[*ID_COLUMNS, "status", "error"])
        frames = [pq.read_table(p).to_pandas() for p in paths]
        table = pd.concat(frames, ignore_index=True)
        latest = table.drop_duplicates("key", keep="last")
        return latest.sort_values("key", ignore_index=True)

    def series(self, keys: Sequence[str] | None = None) -> pd.DataFrame:
        """The thinned time series of committed runs (of `keys`, if given), one copy per key."""
        committed = self.parts("final")
        frames = [pq.read_table(path).to_pandas()
                  for number, path in self.parts("series").items() if number in committed]
        if not frames:
            return pd.DataFrame(columns=["key", "scenario", "point", "replication", "step"])
        table = pd.concat(frames, ignore_index=True)
        table = table.drop_duplicates(["key", "step"], keep="last")
        if keys is not None:
            table = table[table["key"].isin(set(keys))]
        return table.sort_values(["key", "step"], ignore_index=True)

    def read_manifest(self) -> dict[str, Any]:
        if not self.manifest_path.exists():
            raise ResultsError(f"{self.folder} has no {MANIFEST}: not a sweep's results folder")
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ResultsError(f"{self.manifest_path} is damaged (not valid JSON: {exc}); "
                               "start the sweep again in a new folder") from None
        missing = [key for key in MANIFEST_KEYS if key not in manifest] \
            if isinstance(manifest, dict) else list(MANIFEST_KEYS)
        if missing:
            raise ResultsError(f"{self.manifest_path} is damaged: it lacks {', '.join(missing)}")
        return manifest


def load_results(folder: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Successful runs' final values and the manifest of a results folder."""
    store = ResultStore(folder)
    manifest = store.read_manifest()
    finals = store.finals()
    ok = finals[finals["status"] == "ok"].reset_index(drop=True)
    if ok.empty:
        raise ResultsError(f"{folder} has no finished runs yet")
    return ok, manifest
