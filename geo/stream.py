"""The streamed build's per-document stage: each file read, normalized, its mentions found and
its placement context read, then reduced to a compact record.

A record keeps the document's metadata and size, the codes of the units it names and its
mentions (each with its evidence sentence); the text itself is dropped as soon as the record is
made, so a build's memory grows with what it found, not with what it read. Records come back in
input order from any engine. The names of a record's mentions are checked
(geo.extract.validate) as the record arrives, in the driver, while the workers read the next
documents: the check reads one mention at a time, done there it is not serial work of the
corpus-wide step, and the names it passed as they stand are handed to the gate that follows.
The record stored and read back is the checked one (`CheckedRecord`): a rebuild takes each
stored document's verdicts as they were reached, instead of checking all its names again.

With a cache, a file whose record is stored (same bytes, same name, same pipeline) is not read
again, and a file whose stat is as when it was last hashed is not even read to be hashed. The
text a worker sends back goes to the build's spool and, with a cache, as its compressed line of
texts.jsonl into the store, so a later build writes that file from there
instead of reading every document again.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from geo.cache import DocumentCache
from geo.corpus.documents import (
    DEFAULT_MAX_BYTES,
    Corpus,
    Document,
    DocumentSummary,
    SkippedFile,
    expand_inputs,
    read_document,
)
from geo.extract.mentions import extract_mentions
from geo.extract.validate import Standing, validated
from geo.knowledge.snapshot import load_knowledge
from geo.layers.texts import TextSpool, text_line
from geo.model import Mention, Rejection, pickled_by_fields
from geo.parallel import Mapper, documents_stage, engine
from geo.place.geocode import named_codes

DOCUMENT_STAGES = ("read", "mentions", "context")
BATCH = 64  # records per cache transaction


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class DocRecord:
    """What the corpus-wide steps need of one document."""

    summary: DocumentSummary
    mentions: tuple[Mention, ...]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class CheckedRecord:
    """A record after the name check (geo.extract.validate.validated), as the store keeps it:
    the mentions kept (repaired where they were), the names that failed, and which kept mentions
    stood as they were (their names go to the gate's `Standing`). The check is a function of the
    mentions alone under one pipeline (its version keys the store), so the verdicts stored are
    the ones a new check would reach."""

    summary: DocumentSummary
    mentions: tuple[Mention, ...]
    rejected: tuple[Rejection, ...]
    stood: tuple[bool, ...]

    @classmethod
    def of(cls, record: DocRecord, standing: Standing | None = None) -> CheckedRecord:
        """`record` checked; `standing`: the build's names passed so far (asked first, and given
        the names this record passes)."""
        kept, rejected = validated(list(record.mentions), standing)
        raw = {id(m) for m in record.mentions}  # a repaired mention is a new object
        return cls(record.summary, tuple(kept), tuple(rejected), tuple(id(m) in raw for m in kept))

    def stand(self, standing: Standing) -> None:
        """Give `standing` the names this record's check passed as they stood."""
        for mention, stood in zip(self.mentions, self.stood, strict=True):
            if stood:
                standing.add(mention.name, mention.kind, mention.listed)


class Shared(dict):
    """One string for each of the values that recur across records: the codes of the units the
    documents name, the mentions' names and surfaces, and their places. A record comes from a
    worker (or the store) as its own copies of them; a corpus names a few thousand units, so each
    build kept hundreds of copies of each, to its end, in the driver and in every worker forked
    from it; and a name recurs in the documents that name it (1,000 MB: 2.0 M mentions of 0.77 M
    entities), each mention with its own copy of the name and of the surface."""

    def __call__(self, value: str) -> str:
        return self.setdefault(value, value)

    def record(self, record: CheckedRecord) -> CheckedRecord:
        """`record` with its repeated strings shared (equal to it)."""
        summary = replace(record.summary, named=tuple(map(self, record.summary.named)))
        mentions = tuple(self._mention(m) for m in record.mentions)
        return replace(record, summary=summary, mentions=mentions)

    def _mention(self, m: Mention) -> Mention:
        name, surface = self(m.name), self(m.surface)
        places = tuple(map(self, m.places)) if m.places else m.places
        if name is m.name and surface is m.surface and not m.places:
            return m
        return Mention(
            m.doc, name, m.kind, surface, m.start, m.end, m.sentence, places, m.confidence, m.listed
        )


Read = DocRecord | SkippedFile
Checked = CheckedRecord | SkippedFile


def record_of(doc: Document, clock: Callable[[], float] = time.process_time) -> tuple[DocRecord, dict]:
    """The document's record and the CPU seconds of its stages after reading."""
    start = clock()
    mentions = tuple(extract_mentions(doc))
    found = clock()
    named = named_codes(doc) if mentions else frozenset()  # a document with no mention is no context
    return DocRecord(DocumentSummary.of(doc, named), mentions), {
        "mentions": found - start,
        "context": clock() - found,
    }


def process(path: str, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> tuple[Read, dict]:
    """One file's record (or why it was skipped), with the CPU seconds of each stage; runs on any
    worker. `data`: the file's bytes, for a worker that cannot open the path."""
    read, times, _ = process_with_text(path, max_bytes, data)
    return read, times


@cache
def _knowledge_from_snapshot() -> None:
    """A worker of its own process (Dask's) takes the packaged knowledge from its snapshot, if this
    machine has one, before its first document; forked workers have their parent's already."""
    load_knowledge()


@documents_stage
def process_with_text(
    path: str, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None
) -> tuple[Read, dict, str | None]:
    """`process`, and the document's normalized text (None for a skipped file), for the build's
    texts.jsonl: sent back once rather than read a second time."""
    _knowledge_from_snapshot()
    start = time.process_time()
    read = read_document(Path(path), max_bytes, data)
    times = {"read": time.process_time() - start}
    if isinstance(read, SkippedFile):
        return read, times, None
    record, more = record_of(read)
    return record, times | more, read.text


@dataclass
class StreamStats:
    """What the per-document stage did: files read or taken from the cache, CPU seconds per stage."""

    read: int = 0
    cached: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(DOCUMENT_STAGES, 0.0))
    keys: dict[str, str] = field(default_factory=dict)  # path -> cache key of its record and text

    def add(self, times: dict) -> None:
        self.read += 1
        for stage, seconds in times.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


def _lookup(path: Path, max_bytes: int, cache: DocumentCache) -> tuple[str | None, CheckedRecord | None]:
    """The cache key of a file and its stored record, if any; no key for a file the build will
    skip anyway (too large, unreadable). The key is taken by the file's stat when it is as it was
    when last hashed, else by reading and hashing the file."""
    try:
        stat = path.stat()
        if stat.st_size > max_bytes:
            return None, None
        key = cache.seen_key(path, stat)
        found = cache.get(key) if key else None
        if not isinstance(found, CheckedRecord):
            key = cache.key(path.name, path.read_bytes())
            found = cache.get(key)
        cache.see(path, stat, key)
    except OSError:
        return None, None
    if isinstance(found, CheckedRecord):
        return key, replace(found, summary=replace(found.summary, path=str(path)))
    return key, None


def _jobs(paths: Iterable[Path], max_bytes: int, send_data: bool) -> Iterator[tuple]:
    for path in paths:
        data = None
        if send_data:
            try:
                data = path.read_bytes() if path.stat().st_size <= max_bytes else None
            except OSError:
                data = None
        yield (str(path), max_bytes, data)


def stream_records(
    files: list[Path],
    mapper: Mapper,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: DocumentCache | None = None,
    send_data: bool = False,
    stats: StreamStats | None = None,
    texts: TextSpool | None = None,
    standing: Standing | None = None,
) -> Iterator[tuple[Path, Checked]]:
    """(file, checked record or skip) for every file, in input order; records not in `cache` are
    made by `mapper`'s workers, checked here and stored, one transaction per batch, and their
    texts kept in `texts`; `standing` gets the names passed as they stand, of stored records too."""
    stats = stats if stats is not None else StreamStats()
    shared = Shared()
    planned = [_lookup(p, max_bytes, cache) if cache else (None, None) for p in files]
    todo = [p for p, (_, hit) in zip(files, planned, strict=True) if hit is None]
    jobs = _jobs(todo, max_bytes, send_data)
    results = mapper(process_with_text, jobs if send_data else list(jobs))
    for path, (key, hit) in zip(files, planned, strict=True):
        if key is not None:
            stats.keys[str(path)] = key
        if hit is not None:
            stats.cached += 1
            if standing is not None:
                hit.stand(standing)
            yield path, shared.record(hit)
            continue
        made, times, text = next(results)
        stats.add(times)
        if texts is not None and text is not None:
            texts.add(str(path), text)
        read = CheckedRecord.of(made, standing) if isinstance(made, DocRecord) else made
        if cache is not None and key is not None and isinstance(read, CheckedRecord):
            cache.put(key, read)
            if text is not None:
                cache.put_text(key, zlib.compress(text_line(read.summary.name, text).encode("utf-8"), 1))
            if len(cache.pending) >= BATCH:
                cache.commit()
        yield path, shared.record(read) if isinstance(read, CheckedRecord) else read
    if cache is not None:
        cache.commit()


def read_corpus_mentions(
    inputs: Iterable[Path | str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[Path], None] | None = None,
    jobs: int = 1,
    engine_name: str = "local",
    scheduler: str | None = None,
    cache: DocumentCache | None = None,
    stats: StreamStats | None = None,
    mapper: Mapper | None = None,
    texts: TextSpool | None = None,
    standing: Standing | None = None,
) -> tuple[Corpus, list[Mention], list[Rejection]]:
    """Every document under `inputs` as a summary (unreadable ones skipped with a reason), the
    well-formed mentions of all of them and the names that failed the check, in input order; on
    `mapper` if given (an engine the caller keeps open for later stages), else on an engine of
    its own; the texts read go to `texts`, the names that passed the check as they stand to
    `standing` (for the gate)."""
    stats = stats if stats is not None else StreamStats()
    files, skipped = expand_inputs(Path(p) for p in inputs)
    corpus = Corpus(skipped=skipped)
    mentions: list[Mention] = []
    rejected: list[Rejection] = []
    with nullcontext(mapper) if mapper else engine(engine_name, jobs, scheduler) as run:
        records = stream_records(files, run, max_bytes, cache, engine_name != "local", stats, texts, standing)
        for path, read in records:
            if on_file:
                on_file(path)
            if isinstance(read, CheckedRecord):
                if cache is not None and (key := stats.keys.get(str(path))) is not None:
                    cache.stand_for(read.mentions, key)
                corpus.add(read.summary)
                mentions += read.mentions
                rejected += read.rejected
            else:
                corpus.add(read)
    return corpus, mentions, rejected
