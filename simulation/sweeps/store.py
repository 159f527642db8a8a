"""A sweep's results folder: Parquet part files committed atomically, read back exactly once.

A part is written as ``series-N.parquet`` first and ``final-N.parquet`` second, each to a temporary
name and then renamed (``os.replace`` is atomic), so the final part is the commit mark: a run counts
as done only once its final row is on disk, and a series part without its final part is a leftover
of an interrupted write and is removed. A key that appears in several parts (a failed run that was
retried) counts once, with its latest record.

Every part carries the plan digest in its Parquet metadata, so a part of another sweep is told
apart and a damaged manifest can be rebuilt by ``--resume``. Whatever is read is checked first
(a regular file, a whole Parquet file, this sweep's columns, a manifest of the right shape): a
damaged file is named in one line that says what to do, never a traceback, and costs only its
own runs: moved aside, ``--resume`` runs exactly those again.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulation.house.outcomes import OUTCOMES

MANIFEST = "manifest.json"
LOCK = ".sweep.lock"
TMP_SUFFIX = ".tmp"
_PART = re.compile(r"^(final|series)-(\d{6})\.parquet$")
ID_COLUMNS = ("key", "scenario", "point", "replication", "seed")
DIGEST_KEY = b"samensturing.plan_digest"


class ResultsError(Exception):
    """The folder is not usable: locked, not a sweep's folder, mismatched or damaged."""


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary sibling and rename, so readers never see half a file.

    A failed write (a full disk, no permission) names the file; what was committed before is
    untouched, and the temporary leftover is removed."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_error(path, exc) from None


def write_error(path: Path, exc: OSError) -> ResultsError:
    """A file that could not be written, with the reason and what to do next."""
    fix = "free some space" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "fix that"
    return ResultsError(f"cannot write {path}: {exc.strerror or exc}; the runs committed before "
                        f"are kept: {fix} and run the same command with --resume")


def write_json(path: Path, data: Any) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(data, indent=1), encoding="utf-8"))


# --------------------------------------------------------------------------- the manifest


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class _Point(_Strict):
    scenario: str
    label: str
    reference: str
    settings: dict[str, bool | int | float | str]
    scenario_digest: str


class _Run(_Strict):
    key: str
    scenario: str
    point: str
    replication: int = Field(ge=0)
    seed: int = Field(ge=0)


class _Session(_Strict):
    git: dict[str, Any]
    versions: dict[str, str]


class _Manifest(_Strict):
    """What readers of a manifest rely on (written by the sweep engine)."""

    experiment: str
    plan_digest: str
    outcomes: list[str] = Field(min_length=1)
    points: list[_Point] = Field(min_length=1)
    runs: list[_Run] = Field(min_length=1)
    replications: int = Field(ge=1)
    root_seed: int = Field(ge=0)
    sessions: list[_Session] = Field(min_length=1)


def _manifest_problem(data: Any) -> str | None:
    """What is wrong with a manifest's content, in a few words; None if nothing."""
    try:
        manifest = _Manifest.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        return f"{where}: {err['msg']}"
    unknown = [name for name in manifest.outcomes if name not in OUTCOMES]
    if unknown:
        return f"outcomes: unknown outcome '{unknown[0]}'"
    labels = {(p.scenario, p.label) for p in manifest.points}
    if len(labels) != len(manifest.points):
        return "points: a design point is listed twice"
    bad_ref = next((p for p in manifest.points if (p.scenario, p.reference) not in labels), None)
    if bad_ref is not None:
        return f"points: reference '{bad_ref.reference}' of '{bad_ref.label}' is not a point"
    stray = next((r for r in manifest.runs if (r.scenario, r.point) not in labels), None)
    if stray is not None:
        return f"runs: run {stray.key} is of design point '{stray.point}', which is not listed"
    if len({r.key for r in manifest.runs}) != len(manifest.runs):
        return "runs: a run key is listed twice"
    return None


# --------------------------------------------------------------------------- parts


def _columns_problem(schema: pa.Schema, expected: pa.Schema) -> str | None:
    """How a part's columns differ from this sweep's, in a few words; None if they match."""
    have = {f.name: f.type for f in schema}
    want = {f.name: f.type for f in expected}
    missing = [n for n in want if n not in have]
    extra = [n for n in have if n not in want]
    wrong = [n for n in want if n in have and have[n] != want[n]]
    parts = [f"{label} {', '.join(names[:3])}{' …' if len(names) > 3 else ''}"
             for label, names in (("lacks", missing), ("has unexpected", extra),
                                  ("has the wrong type in", wrong)) if names]
    return f"its columns are not this sweep's: it {'; '.join(parts)}" if parts else None


def _table(columns: Mapping[str, Any], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_arrays([pa.array(columns[f.name], type=f.type) for f in schema],
                                schema=schema)


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
        self.last_part: int | None = None   # the number written last, once a part is written

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

    def write_part(self, finals: Mapping[str, Any], series: Mapping[str, Any] | None,
                   outcomes: Sequence[str], digest: str = "") -> None:
        """Commit one batch of finished runs: the series first, the final rows last.

        Both come column by column (arrays or lists, by the schemas' names); a failed run's
        outcomes are stored as missing."""
        if self.last_part is None:   # listed once: the lock keeps other writers out
            self.last_part = max([*self.parts("final"), *self.parts("series")], default=0)
        self.last_part = number = self.last_part + 1
        mark = {DIGEST_KEY: digest.encode()}
        if series is not None:
            table = _table(series, series_schema(outcomes).with_metadata(mark))
            write_atomic(self.folder / f"series-{number:06d}.parquet",
                         lambda tmp: pq.write_table(table, tmp))
        failed = np.asarray(finals["status"]) != "ok"
        finals_table = _table({**finals, **{name: pa.array(finals[name], mask=failed)
                                            for name in outcomes}},
                              final_schema(outcomes).with_metadata(mark))
        write_atomic(self.folder / f"final-{number:06d}.parquet",
                     lambda tmp: pq.write_table(finals_table, tmp))

    # ----------------------------------------------------------------------- reading, checked

    def check(self, outcomes: Sequence[str], digest: str | None) -> None:
        """Every committed part a whole Parquet file of this sweep (from its footer only, so it
        is quick however large the folder); a ResultsError naming the first one that is not."""
        committed = self.parts("final")
        expected = {"final": final_schema(outcomes), "series": series_schema(outcomes)}
        for kind, schema in expected.items():
            for number, path in self.parts(kind).items():
                if number not in committed:
                    continue   # a leftover of an interrupted write: the resume removes it
                found = self._schema(path)
                problem = _columns_problem(found, schema)
                mark = (found.metadata or {}).get(DIGEST_KEY)
                if problem is None and digest is not None and mark and mark.decode() != digest:
                    problem = f"it belongs to another sweep (plan digest {mark.decode()})"
                if problem:
                    raise damaged(path, problem)

    def digests(self) -> set[str]:
        """The plan digests the final parts carry ('' for parts written before digests)."""
        return {(self._schema(path).metadata or {}).get(DIGEST_KEY, b"").decode()
                for path in self.parts("final").values()}

    def _schema(self, path: Path) -> pa.Schema:
        _regular(path)
        try:
            return pq.read_schema(path)
        except (pa.ArrowException, OSError) as exc:
            raise damaged(path, _parquet_problem(path, exc)) from None

    def _read(self, path: Path, expected: pa.Schema | None) -> pd.DataFrame:
        _regular(path)
        try:
            table = pq.read_table(path)
        except (pa.ArrowException, OSError) as exc:
            raise damaged(path, _parquet_problem(path, exc)) from None
        problem = None if expected is None else _columns_problem(table.schema, expected)
        if problem:
            raise damaged(path, problem)
        return table.to_pandas()

    def final_parts(self, outcomes: Sequence[str] | None = None
                    ) -> list[tuple[Path, pd.DataFrame]]:
        """Each final part with its rows; with `outcomes`, each must have this sweep's columns."""
        expected = None if outcomes is None else final_schema(outcomes)
        return [(path, self._read(path, expected)) for path in self.parts("final").values()]

    def finals(self, outcomes: Sequence[str] | None = None) -> pd.DataFrame:
        """Every run's latest record (ok or failed), one row per key, sorted by key."""
        return latest([frame for _, frame in self.final_parts(outcomes)])

    def series(self, keys: Sequence[str] | None = None,
               outcomes: Sequence[str] | None = None) -> pd.DataFrame:
        """The thinned time series of committed runs (of `keys`, if given), one copy per key."""
        committed = self.parts("final")
        expected = None if outcomes is None else series_schema(outcomes)
        frames = [self._read(path, expected)
                  for number, path in self.parts("series").items() if number in committed]
        if not frames:
            return pd.DataFrame(columns=["key", "scenario", "point", "replication", "step"])
        table = pd.concat(frames, ignore_index=True)
        table = table.drop_duplicates(["key", "step"], keep="last")
        if keys is not None:
            table = table[table["key"].isin(set(keys))]
        return table.sort_values(["key", "step"], ignore_index=True)

    def read_manifest(self) -> dict[str, Any]:
        """The manifest, checked for the shape its readers rely on."""
        if not self.manifest_path.exists():
            raise ResultsError(f"{self.folder} has no {MANIFEST}: not a sweep's results folder")
        _regular(self.manifest_path)
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(
                exc, json.JSONDecodeError) else ""
            raise damaged_manifest(self.manifest_path, f"not valid JSON{where}") from None
        problem = _manifest_problem(manifest)
        if problem:
            raise damaged_manifest(self.manifest_path, problem)
        return manifest


def _regular(path: Path) -> None:
    """Only regular files are read: a FIFO or a device named like a part would block or never
    end."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:   # e.g. a dangling link
        raise damaged(path, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        raise damaged(path, "not a regular file")


def _parquet_problem(path: Path, exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if path.stat().st_size == 0:
        return "the file is empty"
    return "not a whole Parquet file: cut short, or not written by a sweep"


def damaged(path: Path, problem: str) -> ResultsError:
    """A damaged part: what to move aside so that --resume runs exactly its runs again."""
    match = _PART.match(path.name)
    if match and match.group(1) == "series":
        final = path.with_name(f"final-{match.group(2)}.parquet").name
        move, held = f"move it and {final} out of the folder", "they held"
    else:
        move, held = "move it out of the folder", "it held"
    return ResultsError(f"{path} is damaged ({problem}); {move}, then run the sweep again with "
                        f"--resume: it reruns exactly the runs {held}")


def damaged_manifest(path: Path, problem: str) -> ResultsError:
    return ResultsError(f"{path} is damaged ({problem}); move it out of the folder, then run the "
                        "sweep again with --resume: it writes the manifest anew and keeps the runs "
                        "in the parts")


def latest(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """One row per key, the last committed one (a retried failure counts once), sorted by key."""
    if not frames:
        return pd.DataFrame(columns=[*ID_COLUMNS, "status", "error"])
    table = pd.concat(frames, ignore_index=True).drop_duplicates("key", keep="last")
    return table.sort_values("key", ignore_index=True)


def check_runs(parts: Sequence[tuple[Path, pd.DataFrame]],
               planned: Mapping[str, tuple[str, str]], lister: str) -> None:
    """Every committed run one of the plan, of the design point the plan gives it."""
    for path, frame in parts:
        for key, scenario, point in zip(frame["key"], frame["scenario"], frame["point"],
                                        strict=True):
            if planned.get(key) != (scenario, point):
                raise damaged(path, f"it holds run {key} of design point '{point}' of "
                                    f"{scenario}, which {lister} does not list")


def read_results(folder: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Every run's latest record (ok or failed) and the manifest, checked: every part whole and
    of this sweep, every run one the manifest lists; a ResultsError naming the damaged file."""
    store = ResultStore(folder)
    manifest = store.read_manifest()
    store.check(manifest["outcomes"], manifest["plan_digest"])
    parts = store.final_parts(manifest["outcomes"])
    check_runs(parts, {r["key"]: (r["scenario"], r["point"]) for r in manifest["runs"]},
               MANIFEST)
    return latest([frame for _, frame in parts]), manifest


def successful(finals: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """The runs that ended well; a ResultsError if there are none to compare."""
    ok = finals[finals["status"] == "ok"].reset_index(drop=True)
    if ok.empty:
        raise ResultsError(f"{folder} has no finished runs yet")
    return ok


def load_finals(folder: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Successful runs' final values and the manifest of a results folder."""
    finals, manifest = read_results(folder)
    return successful(finals, folder), manifest
