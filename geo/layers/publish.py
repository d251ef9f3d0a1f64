"""Publish a build as a whole: readers see the previous complete build or the next one, never a mix.

`--out DIR` is a symbolic link to a versioned folder, `.DIR.builds/b-<time>` beside it, so
`DIR/entities.geojson` keeps working for every reader. A build writes all its files into a fresh
`tmp-*` folder there, checks that the files agree on their counts, and only then renames the link
(one atomic `rename(2)`). The previous build stays until the switch and one build after it (a
reader that resolved the old link can finish). A lock file (`flock`) stops two builds from
writing one DIR; whoever holds it removes the `tmp-*` folders of builds that died (kill -9, full
disk). A DIR that is a plain folder from before is moved into the builds folder on the first
publish; a plain folder holding anything but layers is refused rather than replaced.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geo.forked import both
from geo.layers.io import KIND_LAYERS, feature_lines_of
from geo.layers.texts import TEXTS

REPORT = "report.json"
DOCUMENTS = "documents.csv"
ALL_GEOJSON = "entities.geojson"
LAYER_FILES = (
    ALL_GEOJSON,
    "entities.gpkg",
    "entities.parquet",
    "entities.csv",
    *(f"{layer}.geojson" for layer in KIND_LAYERS.values()),
)
BUILD_FILES = (DOCUMENTS, REPORT, *LAYER_FILES)
OPTIONAL_FILES = (TEXTS,)  # a build made before they existed is still a whole build
_KEEP = 2  # the published build and the one before it


class PublishError(Exception):
    """The build cannot be published; the message is a one-line reason. The previous build stays."""


class BuildBusy(PublishError):
    """Another build holds the lock of the same output folder."""


def builds_root(out: Path) -> Path:
    """The hidden folder beside `out` that holds its versioned builds."""
    return out.parent / f".{out.name}.builds"


def lock_file(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextmanager
def locked(out: Path, wait: bool = False) -> Iterator[None]:
    """Hold the build lock of `out` (released by the kernel if the process dies)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file(out), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as err:
            raise BuildBusy(f"another build is writing {str(out)!r}; try again when it ends") from err
        yield
    finally:
        os.close(fd)


def published(out: Path) -> Path | None:
    """The folder of the build published at `out`, or None when there is none."""
    if not out.is_symlink():
        return None
    target = Path(os.path.realpath(out))
    if target.parent != Path(os.path.realpath(builds_root(out))) or not target.is_dir():
        return None
    return target


def _features(path: Path) -> int:
    """Features of a GeoJSON layer; one in the writer's layout (geo.layers.io: a feature a line)
    is counted by its lines, read one at a time, as parsing it again cost as much as writing it
    and reading it whole held the largest file in memory."""
    with path.open("rb") as handle:
        counted = feature_lines_of(handle)
    if counted is not None:
        return counted
    return len(json.loads(path.read_bytes().decode("utf-8"))["features"])


def _csv_rows(path: Path) -> int:
    """Records of the CSV, as the csv module reads them, counted on the bytes: a line break ends
    a record unless it lies inside a quoted cell, that is after an odd number of quotes in the
    record (the writer quotes every cell holding a quote, a comma or a line break, and doubles
    its quotes). Parsing every cell (sentences: most of the file's bytes) was the longest part of
    a build's check. A file with a carriage return (which the reader also takes as a line's end,
    quoted or not by the writer) is read by the csv module."""
    records, inside, pending = 0, False, False
    with path.open("rb") as handle:
        for line in handle:
            if b"\r" in line:
                return _csv_records(path)
            if line.count(b'"') % 2:
                inside = not inside
            pending = inside
            records += not inside
    return records + pending - 1  # a record cut inside its quotes counts, as the reader takes it


_FIELD_LIMIT = 2**31 - 1  # the csv module's bound is a C long


def _csv_records(path: Path) -> int:
    """Records of the CSV by the csv module, without its 128 KB field limit: a cell holds all
    the sentences that name an entity, and one named in hundreds of documents exceeded it (a 50
    MiB corpus failed its publish check). The limit is module-wide, so it is put back after."""
    previous = csv.field_size_limit(_FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    finally:
        csv.field_size_limit(previous)


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


def _gpkg_rows(path: Path) -> int:
    import pyogrio

    return sum(pyogrio.read_info(path, layer=name)["features"] for name, _ in pyogrio.list_layers(path))


_COUNTERS: dict[str, Callable[[Path], int]] = {
    ".geojson": _features,
    ".csv": _csv_rows,
    ".parquet": _parquet_rows,
    ".gpkg": _gpkg_rows,
}


def _count(path: Path, counter: Callable[[Path], Any]) -> Any:
    """What `counter` reads from a build file; any failure of its reader makes the build invalid."""
    try:
        return counter(path)
    except Exception as err:  # whatever a reader raises on a damaged file (ArrowInvalid, JSON, GDAL)
        reason = str(err).splitlines()[0] if str(err) else ""
        raise PublishError(
            f"unreadable build file {path.name} ({type(err).__name__}: {reason})"[:200]
        ) from err


def expected_counts(report: dict) -> dict[str, int]:
    """How many rows each file of a build must hold, from its report."""
    entities = report["entities"]
    counts = {name: sum(entities.values()) for name in LAYER_FILES}
    counts |= {f"{layer}.geojson": entities.get(kind, 0) for kind, layer in KIND_LAYERS.items()}
    counts[DOCUMENTS] = report["documents_read"]
    return counts


def validate(folder: Path, jobs: int = 1) -> dict[str, int]:
    """Check that every file of a build is there, readable, and agrees with the report; with two
    jobs or more, a forked process parses the all-entities GeoJSON (a third of the reading) while
    this one reads the others."""
    missing = [name for name in BUILD_FILES if not (folder / name).is_file()]
    if missing:
        raise PublishError(f"incomplete build: {', '.join(missing)} missing")
    expected = _count(
        folder / REPORT, lambda path: expected_counts(json.loads(path.read_text(encoding="utf-8")))
    )

    def counts(names: list[str]) -> dict[str, int]:
        return {name: _count(folder / name, _COUNTERS[Path(name).suffix]) for name in names}

    apart = [name for name in expected if name == ALL_GEOJSON]
    rest = [name for name in expected if name not in apart]
    theirs, mine = both(lambda: counts(apart), lambda: counts(rest), jobs)
    found = {name: (theirs | mine)[name] for name in expected}
    wrong = [f"{name} has {found[name]}, expected {n}" for name, n in expected.items() if found[name] != n]
    if wrong:
        raise PublishError(f"inconsistent build: {'; '.join(wrong)}")
    return found


def _sync(folder: Path) -> None:
    """Flush the build's files and folder to disk before the switch (a power cut keeps them)."""
    for path in [*folder.iterdir(), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _adopt_plain_folder(out: Path, root: Path) -> None:
    """Make room for the link: an empty folder goes, a folder of old layers joins the builds."""
    names = {p.name for p in out.iterdir()}
    if not names:
        out.rmdir()
        return
    foreign = sorted(n for n in names if n not in (*BUILD_FILES, *OPTIONAL_FILES) and not n.startswith("."))
    if foreign:
        raise PublishError(
            f"{str(out)!r} holds files that are not layers ({', '.join(map(repr, foreign[:3]))});"
            " choose an empty or new output folder"
        )
    out.rename(root / "b-00000000000000000000-legacy")


def _switch(out: Path, build: Path) -> None:
    """Point `out` at `build` with one atomic rename of a new link over the old one."""
    if out.exists() and not out.is_symlink():
        if not out.is_dir():
            raise PublishError(f"{str(out)!r} is a file, not a layers folder")
        _adopt_plain_folder(out, build.parent)
    elif out.is_symlink() and published(out) is None and out.exists():
        raise PublishError(f"{str(out)!r} links to {os.readlink(out)!r}, not to a ParkAtlas build")
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(build, out.parent), link)
    os.replace(link, out)
    _sync_parent(out)


def _sync_parent(out: Path) -> None:
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale(out: Path) -> list[Path]:
    """Remove what dead builds left (temporary folders and links) and builds older than the
    previous one; only the lock holder may call this."""
    root = builds_root(out)
    current = published(out)
    builds = sorted(p for p in root.glob("b-*") if p.is_dir()) if root.is_dir() else []
    keep = {current, *[b for b in builds if b != current][-(_KEEP - 1) :]} if current else set(builds)
    stale = [p for p in root.glob("tmp-*")] if root.is_dir() else []
    stale += [b for b in builds if b not in keep]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    for link in out.parent.glob(f".{out.name}.link-*"):
        link.unlink(missing_ok=True)
    return stale


@contextmanager
def staging(out: Path, wait: bool = False) -> Iterator[Path]:
    """Under the lock of `out`, a fresh empty folder to write a build into; removed on failure."""
    with locked(out, wait):
        root = builds_root(out)
        root.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        folder = Path(tempfile.mkdtemp(prefix="tmp-", dir=root))
        folder.chmod(0o755)  # readable like any folder, not private as mkdtemp makes it
        try:
            yield folder
        finally:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)


def publish(folder: Path, out: Path, jobs: int = 1) -> Path:
    """Validate a staged build (on `jobs` processes) and make it the one `out` shows; returns its
    final folder."""
    validate(folder, jobs)
    _sync(folder)
    final = folder.with_name(f"b-{time.time_ns():020d}")
    folder.rename(final)
    try:
        _switch(out, final)
    except BaseException:
        if published(out) != final:
            shutil.rmtree(final, ignore_errors=True)
        raise
    clean_stale(out)
    return final
