"""The build: documents in, tables out. Each stage is a function of the one before."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.cache import DocumentCache, StoredFeatures, memo_mapper
from geo.classify.tags import classify_all, classify_batch
from geo.corpus.documents import DEFAULT_MAX_BYTES, Corpus, Document, DocumentSummary
from geo.extract.mentions import entities_of
from geo.knowledge.store import Knowledge, using
from geo.layers.files import write_atomic, write_text_atomic
from geo.layers.frame import entity_frame, pinyin_all, pinyin_batch
from geo.layers.io import safe_cell, write_layers
from geo.layers.publish import BUILD_FILES, DOCUMENTS, REPORT, PublishError, publish, staging
from geo.layers.reuse import stored_features
from geo.layers.texts import TEXTS, TextSpool, write_texts
from geo.model import KINDS, Rejection
from geo.parallel import engine
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
    """What a build read and found; `published` is False when it left the output as it was."""

    corpus: Corpus
    out_dir: Path | None
    written: list[Path]
    report: dict[str, object]
    frame: gpd.GeoDataFrame
    published: bool = False


def build_report(corpus: Corpus, frame, rejected: Iterable[Rejection] = ()) -> dict[str, object]:
    """What was read and skipped, what was found, which names failed the well-formedness check
    (so a reader sees what was left off the map and why), and which could not be placed."""
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


def write_build(
    folder: Path,
    corpus: Corpus,
    frame: gpd.GeoDataFrame,
    report: dict[str, object],
    speed: Callable[[], dict[str, object]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    texts: TextSpool | None = None,
    stored: StoredText | None = None,
    features: StoredFeatures | None = None,
) -> None:
    """Every file of a build, into one folder; the report last, so that `speed` (how fast the
    build ran, called once the layers are written) counts the writing too. `texts`: the texts
    the build read; `stored`: the lines of texts.jsonl a cache holds, so that no document is
    read again; `features`: the GeoJSON texts a cache holds of the frame's rows."""
    write_text_atomic(folder / DOCUMENTS, documents_csv(document_row(d) for d in corpus.documents))
    write_layers(frame, folder, features, features.made if features is not None else None)
    write_atomic(folder / TEXTS, lambda tmp: write_texts(tmp, corpus.documents, max_bytes, texts, stored))
    if speed is not None:
        report["speed"] = speed()
    write_text_atomic(folder / REPORT, json.dumps(report, ensure_ascii=False, indent=1) + "\n")


def publish_build(
    out: Path,
    corpus: Corpus,
    frame: gpd.GeoDataFrame,
    report: dict[str, object],
    wait: bool = False,
    speed: Callable[[], dict[str, object]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    texts: TextSpool | None = None,
    stored: StoredText | None = None,
    features: StoredFeatures | None = None,
) -> Path:
    """Write the build beside `out`, check it, and switch `out` to it; any failure leaves the
    previous build published and is raised as one PublishError line."""
    with staging(out, wait) as folder:
        try:
            write_build(folder, corpus, frame, report, speed, max_bytes, texts, stored, features)
            return publish(folder, out)
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
) -> BuildResult:
    """Read the inputs and publish the build's tables at `out_dir` (None: only return them),
    reading `knowledge` (default: the packaged gazetteer, lexicons and taxonomy, loaded once per
    process).

    A build that read no document publishes nothing, so good layers are never replaced by empty
    ones; `wait` waits for another build of the same folder instead of failing with BuildBusy.
    `jobs` workers of `engine` (local processes, or Dask at `scheduler`) make the documents'
    records; `cache` (a folder) keeps them for the next build. A build given its own `knowledge`
    runs in one process and without the cache: workers and stored records know only the packaged one.
    """
    run = Run(jobs, engine, scheduler, Path(cache) if cache is not None else None)
    if knowledge is not None:
        run = Run()
    out = Path(out_dir) if out_dir is not None else None
    with using(knowledge), TextSpool() if out is not None else nullcontext() as texts:
        return _build(inputs, out, max_bytes, on_file, wait, run, texts)


class _Clock:
    """Wall seconds of the corpus-wide stages, in order."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = self.start = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self.last, 3)
        self.last = now


def speed_report(clock: _Clock, stats: StreamStats, corpus: Corpus) -> dict[str, object]:
    """Documents and characters a second over the whole build, and where the time went: CPU
    seconds of each per-document stage summed over the workers, wall seconds of the others."""
    total = time.perf_counter() - clock.start
    characters = sum(d.characters for d in corpus.documents)
    return {
        "seconds": round(total, 3),
        "documents_per_second": round(len(corpus.documents) / total, 2) if total else None,
        "characters_per_second": round(characters / total) if total else None,
        "documents_from_cache": stats.cached,
        "documents_processed": stats.read,
        "document_stages_cpu_seconds": {k: round(v, 3) for k, v in stats.seconds.items()},
        "corpus_stages_seconds": clock.seconds,
    }


def _stored_text(cache: DocumentCache | None, stats: StreamStats) -> StoredText | None:
    if cache is None:
        return None
    return lambda doc: cache.text(key) if (key := stats.keys.get(doc.path)) else None


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
            corpus, mentions = read_corpus_mentions(
                inputs, max_bytes, on_file, run.jobs, run.engine, None, cache, stats, mapper, texts
            )
            clock.lap("documents")
            entities, rejected = entities_of(mentions)
            del mentions
            clock.lap("resolve")
            # With a cache, an entity's placement by name and its tags are computed only when
            # their inputs are new (geo.cache.memo_mapper); the other work passes through.
            memo = {own_placements: "place", classify_batch: "classify", pinyin_batch: "pinyin"}
            run_on = memo_mapper(mapper, cache, memo) if cache else mapper
            placed = place_entities(entities, corpus.documents, chain_from_config(), run_on)
            placements = [placed.get(i) for i in range(len(entities))]
            clock.lap("place")
            tags = classify_all(entities, run_on)
            clock.lap("classify")
            spelled = pinyin_all([e.name for e in entities], run_on)
        dates = {d.name: d.meta.date for d in corpus.documents}
        frame = entity_frame(entities, placements, tags, dates, spelled)
        features = stored_features(cache, frame)
        clock.lap("frame")
        report = build_report(corpus, frame, rejected)
        result = BuildResult(corpus, out, [], report, frame)

        def speed() -> dict[str, object]:
            clock.lap("layers")
            return speed_report(clock, stats, corpus)

        if out is None or not corpus.documents:
            report["speed"] = speed()
            return result
        stored = _stored_text(cache, stats)
        publish_build(out, corpus, frame, report, wait, speed, max_bytes, texts, stored, features)
    result.written, result.published = [out / name for name in BUILD_FILES], True
    return result
