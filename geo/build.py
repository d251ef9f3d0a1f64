"""The build: documents in, tables out. Each stage is a function of the one before."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd

from geo.cache import DocumentCache, memo_mapper
from geo.classify.tags import IndustryTags, classify_all, classify_batch
from geo.corpus.documents import DEFAULT_MAX_BYTES, Corpus, Document, DocumentSummary
from geo.extract.mentions import entities_of_checked
from geo.extract.validate import Standing
from geo.forked import both
from geo.interned import shared_placements, shared_tags
from geo.knowledge.snapshot import load_knowledge, save_knowledge
from geo.knowledge.store import Knowledge, clear_caches, using
from geo.layers.chunked import CSV, GEOJSON, TABLES, Reused, Stored, write_chunks
from geo.layers.files import write_atomic, write_text_atomic
from geo.layers.frame import FrameRows, pinyin_all, pinyin_batch, warm_rows
from geo.layers.io import safe_cell
from geo.layers.publish import BUILD_FILES, DOCUMENTS, REPORT, PublishError, publish, staging
from geo.layers.reuse import stored_features, stored_lines
from geo.layers.texts import TEXTS, TextSpool, write_texts
from geo.model import KINDS, Entity, Rejection
from geo.parallel import Mapper, engine, settle_heap, warm_documents
from geo.place.geocode import own_placements, place_entities
from geo.place.online import chain_from_config
from geo.stream import StreamStats, read_corpus_mentions

DOCUMENT_COLUMNS = [
    "file",
    "title",
    "issuer",
    "number",
    "date",
    "province",
    "prefecture",
    "county",
    "jurisdiction_code",
    "characters",
    "encoding",
    "script",
]


def document_row(doc: Document | DocumentSummary) -> dict[str, object]:
    meta, where = doc.meta, doc.meta.jurisdiction
    return {
        "file": doc.name,
        "title": meta.title,
        "issuer": meta.issuer,
        "number": meta.number,
        "date": meta.date,
        "province": where.province,
        "prefecture": where.prefecture,
        "county": where.county,
        "jurisdiction_code": where.code,
        "characters": doc.characters,
        "encoding": doc.encoding,
        "script": doc.script,
    }


def documents_csv(rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DOCUMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
    return out.getvalue()


@dataclass
class BuildResult:
    """What a build read and found; `published` is False when it left the output as it was.
    `rows`: the table's rows, made in chunks by the writers; `frame` makes the whole table when
    first asked (the app and tests ask; the build itself never holds it)."""

    corpus: Corpus
    out_dir: Path | None
    written: list[Path]
    report: dict[str, object]
    rows: FrameRows | gpd.GeoDataFrame
    published: bool = False

    @cached_property
    def frame(self) -> gpd.GeoDataFrame:
        return self.rows if isinstance(self.rows, gpd.GeoDataFrame) else self.rows.frame()


def build_report(corpus: Corpus, frame, rejected: Iterable[Rejection] = ()) -> dict[str, object]:
    """What was read and skipped, what was found, which names failed the well-formedness check
    (so a reader sees what was left off the map and why), and which could not be placed.
    `frame`: the table, or its `FrameRows.summary` (the columns read here)."""
    unplaced = frame[frame.geometry.isna()]
    return {
        "documents_read": len(corpus.documents),
        "documents_skipped": [{"file": s.path, "reason": s.reason} for s in corpus.skipped],
        "entities": {kind: int((frame["kind"] == kind).sum()) for kind in KINDS},
        "placed_by_precision": {
            str(level): int(count) for level, count in frame["precision"].value_counts().sort_index().items()
        },
        "rejected": [{"name": r.name, "reason": r.reason, "document": r.doc} for r in rejected],
        "unplaced": [
            {"name": row.name, "kind": row.kind, "docs": list(row.docs)} for row in unplaced.itertuples()
        ],
    }


StoredText = Callable[[Document | DocumentSummary], str | None]


def _reused(cache: DocumentCache | None) -> Stored | None:
    """What the writers reuse of a chunk's rows from the store: their GeoJSON texts and CSV
    lines (geo.layers.reuse), looked up chunk by chunk; None without a store."""
    if cache is None:
        return None

    def reused(chunk: gpd.GeoDataFrame) -> Reused:
        features = stored_features(cache, chunk)
        lines = stored_lines(features)
        assert features is not None and lines is not None
        return features, features.made, lines, lines.made

    return reused


def _write_apart(
    chunks: Callable[[], Iterator[gpd.GeoDataFrame]],
    folder: Path,
    cache: DocumentCache | None,
    parts: tuple[str, ...],
) -> list[Path]:
    """The GeoJSON layers (and the CSV: `parts`), in a forked child: with a store, through a
    connection of the child's own (a forked process must not use its parent's), which keeps
    the texts it makes."""
    if cache is None:
        return write_chunks(chunks(), folder, parts)
    with cache.for_child() as own:
        return write_chunks(chunks(), folder, parts, _reused(own))


def _split(jobs: int, cache: DocumentCache | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The layer parts a forked child writes and those this process writes. With a store the
    child writes the CSV too: its lines are keyed as the GeoJSON texts are (one key a row, made
    once), and a rebuild copies nearly all of both, so this process (which then keys nothing)
    is left the GeoPackage and GeoParquet, made anew of every row; without one, the CSV is
    made here of the frame's flat form, which the GeoPackage needs too. One job: all here."""
    if jobs <= 1:
        return (), (GEOJSON, CSV, TABLES)
    return ((GEOJSON, CSV), (TABLES,)) if cache is not None else ((GEOJSON,), (CSV, TABLES))


def write_build(
    folder: Path,
    corpus: Corpus,
    rows: FrameRows | gpd.GeoDataFrame,
    report: dict[str, object],
    speed: Callable[[], dict[str, object]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    texts: TextSpool | None = None,
    stored: StoredText | None = None,
    jobs: int = 1,
    cache: DocumentCache | None = None,
) -> None:
    """Every file of a build, into one folder; the report last, so that `speed` (how fast the
    build ran, called once the layers are written) counts the writing too. `rows`: the table,
    written chunk by chunk (geo.layers.chunked), or a whole frame; `texts`: the texts the build
    read; `stored`: the lines of texts.jsonl a cache holds, so that no document is read again;
    `cache`: the store of the GeoJSON texts and CSV lines of rows an earlier build wrote. With
    two jobs or more the GeoJSON layers (the costliest writer, serial in pure Python) are
    written by a forked process, which makes the rows again, while this one writes the others
    (`_split`: with a store the child writes the CSV too); with a store, the child reads and
    keeps its texts through a connection of its own."""

    def chunks() -> Iterator[gpd.GeoDataFrame]:
        return iter([rows]) if isinstance(rows, gpd.GeoDataFrame) else rows.chunks()

    apart, here = _split(jobs, cache)

    def the_others() -> None:
        write_text_atomic(folder / DOCUMENTS, documents_csv(document_row(d) for d in corpus.documents))
        reused = _reused(cache) if GEOJSON in here or CSV in here else None  # rows keyed only for those
        write_chunks(chunks(), folder, here, reused)
        write_atomic(folder / TEXTS, lambda tmp: write_texts(tmp, corpus.documents, max_bytes, texts, stored))

    if apart:
        warm_rows()  # once here, before the fork
        both(lambda: _write_apart(chunks, folder, cache, apart), the_others, jobs)
    else:
        the_others()
    if speed is not None:
        report["speed"] = speed()
    write_text_atomic(folder / REPORT, json.dumps(report, ensure_ascii=False, indent=1) + "\n")


def publish_build(
    out: Path,
    corpus: Corpus,
    rows: FrameRows | gpd.GeoDataFrame,
    report: dict[str, object],
    wait: bool = False,
    speed: Callable[[], dict[str, object]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    texts: TextSpool | None = None,
    stored: StoredText | None = None,
    jobs: int = 1,
    cache: DocumentCache | None = None,
) -> Path:
    """Write the build beside `out`, check it, and switch `out` to it; any failure leaves the
    previous build published and is raised as one PublishError line."""
    with staging(out, wait) as folder:
        try:
            write_build(folder, corpus, rows, report, speed, max_bytes, texts, stored, jobs, cache)
            return publish(folder, out, jobs)
        except PublishError:
            raise
        except Exception as err:  # disk full, a writer's own error: the reason, not a traceback
            reason = str(err).splitlines()[0][:160] if str(err) else ""
            raise PublishError(f"writing the build failed ({type(err).__name__}: {reason})") from err


@dataclass(frozen=True)
class Run:
    """How a build runs: its engine and workers, and where its document cache is (None: none)."""

    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    cache: Path | None = None
    snapshot: bool = False


def build(
    inputs: Iterable[Path | str],
    out_dir: Path | str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[Path], None] | None = None,
    wait: bool = False,
    knowledge: Knowledge | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache: Path | str | None = None,
    snapshot: bool = False,
) -> BuildResult:
    """Read the inputs and publish the build's tables at `out_dir` (None: only return them),
    reading `knowledge` (default: the packaged gazetteer, lexicons and taxonomy, loaded once per
    process).

    A build that read no document publishes nothing, so good layers are never replaced by empty
    ones; `wait` waits for another build of the same folder instead of failing with BuildBusy.
    `jobs` workers of `engine` (local processes, or Dask at `scheduler`) make the documents'
    records; `cache` (a folder) keeps them for the next build. A build given its own `knowledge`
    runs in one process and without the cache: workers and stored records know only the packaged one.
    The packaged knowledge is taken from its snapshot when there is one (geo.knowledge.snapshot);
    `snapshot` also saves one when it lacks a part this build loaded (the command line does: a
    fresh process, whose parts nothing but the packaged files made).
    """
    run = Run(jobs, engine, scheduler, Path(cache) if cache is not None else None, snapshot)
    if knowledge is not None:
        run = Run()
    out = Path(out_dir) if out_dir is not None else None
    with using(knowledge), TextSpool() if out is not None else nullcontext() as texts:
        result = _build(inputs, out, max_bytes, on_file, wait, run, texts)
        if run.snapshot:
            save_knowledge()  # after publishing: the layers do not wait for it
        return result


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its ended children (local workers, once their pool
    has closed): on a loaded machine wall time says little, these say who did the work."""
    times = os.times()
    return times.user + times.system, times.children_user + times.children_system


class _Clock:
    """Wall seconds of the stages, in order, and the CPU seconds of the driver and its workers."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, dict[str, float]] = {}
        self.last = self.start = time.perf_counter()
        self.last_cpu = self.start_cpu = _cpu()

    def lap(self, stage: str) -> None:
        now, cpu = time.perf_counter(), _cpu()
        self.seconds[stage] = round(now - self.last, 3)
        self.cpu[stage] = {
            "driver": round(cpu[0] - self.last_cpu[0], 3),
            "workers": round(cpu[1] - self.last_cpu[1], 3),
        }
        self.last, self.last_cpu = now, cpu


def speed_report(
    clock: _Clock, stats: StreamStats, corpus: Corpus, from_snapshot: int = 0
) -> dict[str, object]:
    """Documents and characters a second over the whole build, and where the time went: CPU
    seconds of each per-document stage summed over the workers, wall seconds of every stage, and
    CPU seconds of every stage split between the driver and its (local) workers; and how many
    parts of the knowledge came from its snapshot."""
    total = time.perf_counter() - clock.start
    characters = sum(d.characters for d in corpus.documents)
    return {
        "seconds": round(total, 3),
        "documents_per_second": round(len(corpus.documents) / total, 2) if total else None,
        "characters_per_second": round(characters / total) if total else None,
        "documents_from_cache": stats.cached,
        "documents_processed": stats.read,
        "knowledge_parts_from_snapshot": from_snapshot,
        "document_stages_cpu_seconds": {k: round(v, 3) for k, v in stats.seconds.items()},
        "corpus_stages_seconds": clock.seconds,
        "stages_cpu_seconds": clock.cpu,
    }


def _stored_text(cache: DocumentCache | None, stats: StreamStats) -> StoredText | None:
    if cache is None:
        return None
    return lambda doc: cache.text(key) if (key := stats.keys.get(doc.path)) else None


# With a cache, an entity's placement by name, its tags and its pinyin are computed only when
# their inputs are new (geo.cache.memo_mapper); the other work passes through.
_MEMO = {own_placements: "place", classify_batch: "classify", pinyin_batch: "pinyin"}


def _tags_and_spellings(
    entities: list[Entity], parent: DocumentCache | None = None
) -> tuple[list[IndustryTags], list[str]]:
    """Every entity's industry tags and the pinyin of its name, in this process alone; with the
    `parent`'s store, memoized there through a connection of this process's own
    (`DocumentCache.for_child`: its version and its forms of what it read)."""
    names = [e.name for e in entities]
    if parent is None:
        return classify_all(entities), pinyin_all(names)
    with parent.for_child() as cache, engine("local", 1) as serial:
        run_on = memo_mapper(serial, cache, _MEMO)
        return classify_all(entities, run_on), pinyin_all(names, run_on)


def _place_and_tag(
    entities: list[Entity],
    corpus: Corpus,
    run_on: Mapper,
    run: Run,
    clock: _Clock,
    cache: DocumentCache | None = None,
) -> tuple[dict, list[IndustryTags], list[str]]:
    """Every entity's placement, industry tags and pinyin. With local workers, the tags and
    spellings (which read the entities alone) are made by a forked child on one core while this
    process places, whose serial parts (priors, fallbacks) left the other core idle; the child
    opens the store anew, since a forked process must not use this one's SQLite connection."""

    def place() -> dict:
        return place_entities(entities, corpus.documents, chain_from_config(), run_on)

    if run.engine == "local" and run.jobs > 1:
        (tags, spelled), placed = both(lambda: _tags_and_spellings(entities, cache), place, 2)
        clock.lap("place")  # classify and pinyin included
        clock.lap("classify")
        return placed, tags, spelled
    placed = place()
    clock.lap("place")
    tags = classify_all(entities, run_on)
    clock.lap("classify")
    return placed, tags, pinyin_all([e.name for e in entities], run_on)


def _build(
    inputs: Iterable[Path | str],
    out: Path | None,
    max_bytes: int,
    on_file: Callable[[Path], None] | None,
    wait: bool,
    run: Run,
    texts: TextSpool | None = None,
) -> BuildResult:
    clock, stats = _Clock(), StreamStats()
    cache = DocumentCache(run.cache) if run.cache is not None else None
    with cache or nullcontext():
        with engine(run.engine, run.jobs, run.scheduler) as mapper:
            from_snapshot = len(load_knowledge())  # the packaged knowledge's snapshot, if any
            if run.engine == "local" and run.jobs > 1:
                warm_documents()  # before the workers fork: the serial part, timed apart
            settle_heap()
            clock.lap("knowledge")
            standing = Standing()  # the names the check passed, so the gate need not ask again
            corpus, mentions, rejected = read_corpus_mentions(
                inputs, max_bytes, on_file, run.jobs, run.engine, None, cache, stats, mapper, texts, standing
            )
            clock.lap("documents")
            settle_heap()  # the records and the knowledge loaded while reading stay to the end
            entities, rejected = entities_of_checked(mentions, rejected, standing)
            del mentions, standing
            clear_caches()  # the validator's and resolve's memos: placement reads names anew
            clock.lap("resolve")
            run_on = memo_mapper(mapper, cache, _MEMO) if cache else mapper
            placed, tags, spelled = _place_and_tag(entities, corpus, run_on, run, clock, cache)
            # One object per distinct placement and tags: held to the last chunk of rows.
            placements = shared_placements([placed.get(i) for i in range(len(entities))])
            tags = shared_tags(tags)
            if cache is not None:
                cache.seen = {}  # the forms of what the stages keyed: no later stage keys them
        # The stages' memos (place names read per text, scans, unions: tens of MB, bounded by
        # their LRU sizes) serve no later stage: freed before the frame and the writers allocate.
        clear_caches()
        dates = {d.name: d.meta.date for d in corpus.documents}
        # The table's rows, made chunk by chunk as the writers write them: never held whole.
        rows = FrameRows(entities, placements, tags, dates, spelled)
        del placed  # `rows` holds the entities, placements, tags and spellings until written
        clock.lap("frame")
        report = build_report(corpus, rows.summary(), rejected)
        result = BuildResult(corpus, out, [], report, rows)

        def speed() -> dict[str, object]:
            clock.lap("layers")
            return speed_report(clock, stats, corpus, from_snapshot)

        if out is None or not corpus.documents:
            report["speed"] = speed()
            return result
        stored = _stored_text(cache, stats)
        # Fork a writer only from a process whose threads are its own: a Dask client may leave some.
        writers = run.jobs if run.engine == "local" else 1
        publish_build(out, corpus, rows, report, wait, speed, max_bytes, texts, stored, writers, cache)
    result.written, result.published = [out / name for name in BUILD_FILES], True
    return result
