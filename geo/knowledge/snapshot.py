"""A snapshot of the loaded knowledge, so that a fresh process does not build it again.

Building the knowledge (the administrative table, towns, renamed units, jieba's dictionary, the
place and name scanners made of them) is 7-9 s of CPU in every `geo build`: parsing tables and
filtering a few hundred thousand names, the same work on the same files each time. Each part
listed in `PARTS` is a pure function of the package's files and of the packages named in the
pipeline's version (geo.cache.pipeline_version), so the built parts are pickled once (protocol 5,
one pickle, so parts that share objects still share them) and a later process loads them in
about a seventh of the time. A scanner is pickled as its word list and values, and its automaton
made again on loading (ahocorasick-rs automata do not pickle; making them is a small part of
building a scanner: the work is in choosing its words).

The file is named by a key of the pipeline's version, this interpreter and the installation's
paths (parts hold paths of installed data files), so a change of code, lexicon, table or
dependency makes another file and a stale one is never read. It is written whole to a temporary
file and renamed into place, so a reader sees the old file or the new one, never a part; its
header holds a digest of the pickle, so a truncated or damaged file is detected before anything
is unpickled. Any failure (no file, another key, a bad digest, a pickle that does not load, a
folder that cannot be written) only means the knowledge is built as without a snapshot.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import time
from array import array
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from geo.knowledge.scanner import Scanner
from geo.knowledge.store import Knowledge, current, packaged
from geo.knowledge.tables import user_cache_dir

# The parts a snapshot holds: each a pure function of packaged files (none reads the
# environment, a user's file or the network), and none a handle or a cache filled as the build
# runs (the boundaries read so far, the boundaries' disk cache, the jieba module).
PARTS = (
    "ethnic_groups",
    "admin",
    "jieba_words",
    "admin_scanner",
    "industries",
    "gbt4754_terms",
    "keyword_codes",
    "industry_keywords",
    "renamed",
    "foreign",
    "towns",
    "place_scanner:strict",
    "place_scanner:loose",
    "ports",
    "port_scanner",
    "guarded_names",
    "macro_regions",
    "macro_region_words",
    "validator_tagged_words",
    "zones",
    "boundary_index",
    "industry_scanner",
    "generic_patterns",
    "t2s_changes",
    "jieba_pairs",
)
# Not a part: jieba's own prefix dictionary (jieba.dt), which it loads from its marshal cache on
# the first cut in 1.0-1.3 s of CPU, and a pickle in 0.5 s. The pipeline never adds a word to it.
JIEBA = "jieba.dt"
PREFIX = "knowledge-"
SUFFIX = ".pickle"
MAGIC = b"parkatlas-knowledge-1\n"
STALE_SECONDS = 7 * 86400  # snapshots of other versions unused this long are removed on a save
# Snapshots of other versions kept beside the one written, the most recently used first: each is
# about 19 MB, and every upgrade, worktree or virtual environment makes another key.
KEEP_OTHERS = 2
_PACKAGE = Path(__file__).resolve().parent.parent


def snapshot_key(version: str | None = None) -> str:
    """The snapshot's name under this pipeline `version` (default: the package's), interpreter and
    installation."""
    if version is None:
        from geo.cache import pipeline_version  # the store's version: code, lexicons, tables, packages

        version = pipeline_version()
    where = f"{version}\0{sys.version}\0{sys.prefix}\0{_PACKAGE}"
    return hashlib.blake2b(where.encode(), digest_size=10).hexdigest()


def snapshot_path(key: str | None = None, folder: Path | None = None) -> Path:
    """Where the snapshot of `key` (default: this pipeline's) is kept: the user's cache folder."""
    return (folder or user_cache_dir()) / f"{PREFIX}{key or snapshot_key()}{SUFFIX}"


def _rebuild_scanner(words: list[str], values: list[Any], match_type: Any) -> Scanner:
    return Scanner(dict(zip(words, values, strict=True)), match_type)


class _Words:
    """The words of jieba's two dictionaries, pickled once as one string (they hold no line
    end), so that loading makes each word and its hash once for both dictionaries."""

    def __init__(self, words: Iterable[str]):
        self.words = list(words)

    def __reduce__(self) -> tuple:
        return _split_words, ("\n".join(self.words),)


def _split_words(joined: str) -> list[str]:
    return joined.split("\n") if joined else []


def _frequencies(words: list[str], counts: array) -> dict[str, int]:
    """jieba's prefix dictionary (word or prefix -> frequency) from its columns."""
    return dict(zip(words, counts.tolist(), strict=True))


def _tagged(words: list[str], where: array, counts: array, tags: list[str], tag_of: array) -> dict:
    """jieba's word list (word -> (frequency, part of speech)) from its columns: `where` holds the
    position of each word in `words`, in the list's own order."""
    picked = [words[i] for i in where.tolist()]
    return dict(zip(picked, zip(counts.tolist(), [tags[t] for t in tag_of], strict=True), strict=True))


class _Reduced:
    """Pickles as `function(*args)`: a stand-in for a dict, which the pickler never asks
    reducer_override about."""

    def __init__(self, function: Any, *args: Any):
        self.reduced = (function, args)

    def __reduce__(self) -> tuple:
        return self.reduced


def _jieba_columns(parts: dict[str, object]) -> dict[str, object]:
    """`parts` with jieba's two dictionaries as columns over one shared word list, unless their
    shapes are not the expected ones (then as they are). Unpickled as dicts they made 850,000
    strings and 350,000 tuples one opcode at a time: 0.7 s, the largest part of a load."""
    words, prefix = parts.get("jieba_words"), parts.get(JIEBA)
    if not (isinstance(words, dict) and isinstance(prefix, tuple) and len(prefix) == 2):
        return parts
    freq = prefix[0]
    if not isinstance(freq, dict) or "" in freq or any(type(w) is not str or "\n" in w for w in freq):
        return parts
    try:
        position = {word: i for i, word in enumerate(freq)}
        shared = _Words(freq)
        tags = sorted({tag for _, tag in words.values()})
        index = {tag: i for i, tag in enumerate(tags)}
        tag_of = array("H", [index[tag] for _, tag in words.values()])
        where = array("q", [position[w] for w in words])
        counts = array("q", [f for f, _ in words.values()])
        columns = {
            "jieba_words": _Reduced(_tagged, shared, where, counts, tags, tag_of),
            JIEBA: (_Reduced(_frequencies, shared, array("q", freq.values())), prefix[1]),
        }
    except (KeyError, TypeError, ValueError, OverflowError):
        return parts
    return {name: columns.get(name, part) for name, part in parts.items()}


class _Pickler(pickle.Pickler):
    """Pickles a Scanner as what it was made of (its automaton does not pickle)."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Scanner:
            return _rebuild_scanner, (obj._words, obj._values, obj._make)
        return NotImplemented


def _header(names: Iterable[str], digest: str) -> bytes:
    return MAGIC + f"{digest}\t{','.join(names)}\n".encode()


def _read_header(data: bytes) -> tuple[str, tuple[str, ...], int] | None:
    """The digest, part names and payload offset of a snapshot file's bytes, if it is one."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        digest, names = data[len(MAGIC) : end].decode().split("\t")
    except ValueError:
        return None
    return digest, tuple(n for n in names.split(",") if n), end + 1


def _digest(payload: bytes | memoryview) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def held_parts(path: Path) -> tuple[str, ...]:
    """The parts a snapshot file holds (none if it is missing or no snapshot)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(MAGIC) + 4096)
    except OSError:
        return ()
    header = _read_header(head)
    return header[1] if header else ()


def read_snapshot(path: Path) -> dict[str, object] | None:
    """The parts a snapshot file holds, or None if it is missing, truncated, damaged or does not
    load. The collector is off while it loads: millions of new objects, all kept, would set off
    collections that walk them again and again."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _read_header(data)
    if header is None:
        return None
    digest, names, start = header
    payload = memoryview(data)[start:]
    if _digest(payload) != digest:
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        parts = pickle.loads(payload)
    except Exception:  # a pickle of another code version: any error means no snapshot
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(parts, dict) or tuple(parts) != names:
        return None
    return parts


def write_snapshot(path: Path, parts: dict[str, object]) -> bool:
    """Write `parts` to `path` whole or not at all (a temporary file renamed into place, so a
    concurrent reader or writer sees one whole file); False if it could not be written."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = _dumps(parts)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_header(parts, _digest(payload)))
            fh.write(payload)
        os.replace(tmp, path)
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
        return False


def _dumps(parts: dict[str, object]) -> bytes:
    import io

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=5).dump(_jieba_columns(parts))
    return buffer.getvalue()


def load_knowledge(knowledge: Knowledge | None = None, path: Path | None = None) -> tuple[str, ...]:
    """Take the snapshot's parts into `knowledge` (default: the current one, if it is the packaged
    knowledge) when none of them is loaded yet (parts of two loads would not share objects);
    the parts taken."""
    knowledge = knowledge if knowledge is not None else current() if packaged() else None
    if knowledge is None or set(knowledge.loaded()) & set(PARTS):
        return ()
    path = path or snapshot_path()
    parts = read_snapshot(path)
    if not parts:
        return ()
    _touch(path)
    _install_jieba(parts.pop(JIEBA, None))
    knowledge.adopt(parts)
    return tuple(parts)


def save_knowledge(knowledge: Knowledge | None = None, path: Path | None = None) -> bool:
    """Save the loaded parts of `knowledge` (default: the current one, if it is the packaged
    knowledge) unless the snapshot already holds them all; whether a snapshot was written."""
    knowledge = knowledge if knowledge is not None else current() if packaged() else None
    if knowledge is None:
        return False
    parts = knowledge.parts(PARTS)
    if parts and (prefix_dict := _jieba_prefix_dict()) is not None:
        parts[JIEBA] = prefix_dict
    path = path or snapshot_path()
    if not parts or set(parts) <= set(held_parts(path)):
        return False
    written = write_snapshot(path, parts)
    if written:
        _remove_stale(path)
    return written


def _jieba_prefix_dict() -> tuple[dict[str, int], int] | None:
    """jieba's prefix dictionary and total frequency, if jieba has loaded its default one."""
    jieba = sys.modules.get("jieba")
    tokenizer = getattr(jieba, "dt", None)
    if tokenizer is None or not tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return None
    return tokenizer.FREQ, tokenizer.total


def _install_jieba(prefix_dict: object) -> None:
    """Give jieba its default prefix dictionary from a snapshot, unless it has loaded one."""
    if not (isinstance(prefix_dict, tuple) and len(prefix_dict) == 2):
        return
    import jieba

    tokenizer = jieba.dt
    with tokenizer.lock:
        if not tokenizer.initialized and tokenizer.dictionary == jieba.DEFAULT_DICT:
            tokenizer.FREQ, tokenizer.total = prefix_dict
            tokenizer.initialized = True


def _remove_stale(kept: Path) -> None:
    """Remove snapshots of other versions (an upgrade, another worktree or environment leaves
    one behind) not used for a week, and all but the KEEP_OTHERS most recently used, so the
    folder holds a bounded number; a left-over temporary file only once a week old, as it may be
    a concurrent writer's."""
    now = time.time()
    others: list[tuple[float, Path]] = []
    for other in kept.parent.glob(f"{PREFIX}*{SUFFIX}*"):
        with suppress(OSError):
            if other == kept:
                continue
            age = now - other.stat().st_mtime
            if age > STALE_SECONDS:
                other.unlink()
            elif other.name.endswith(SUFFIX):
                others.append((age, other))
    for _, other in sorted(others)[KEEP_OTHERS:]:
        with suppress(OSError):
            other.unlink()


def _touch(path: Path) -> None:
    """Mark a snapshot as used now (its modification time), so that pruning keeps the ones in use."""
    with suppress(OSError):
        os.utime(path)


def clear_snapshots(folder: Path | None = None) -> int:
    """Remove every snapshot (and any left-over temporary file) from `folder` (default: the user's
    cache folder); how many snapshots there were."""
    count = 0
    for path in (folder or user_cache_dir()).glob(f"{PREFIX}*{SUFFIX}*"):
        with suppress(OSError):
            path.unlink()
            count += path.name.endswith(SUFFIX)
    return count
