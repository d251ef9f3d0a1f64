"""The build: documents in, tables out. Each stage is a function of the one before."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.classify.tags import classify_all
from geo.corpus.documents import DEFAULT_MAX_BYTES, Corpus, Document
from geo.extract.mentions import entities_of
from geo.knowledge.store import Knowledge, using
from geo.layers.files import write_text_atomic
from geo.layers.frame import entity_frame
from geo.layers.io import safe_cell, write_layers
from geo.layers.publish import BUILD_FILES, DOCUMENTS, REPORT, PublishError, publish, staging
from geo.layers.texts import TEXTS, texts_jsonl
from geo.model import KINDS, Rejection
from geo.parallel import read_corpus_mentions
from geo.place.geocode import place_entities
from geo.place.online import chain_from_config

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


def document_row(doc: Document) -> dict[str, object]:
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
        "characters": len(doc.original),
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


def write_build(folder: Path, corpus: Corpus, frame: gpd.GeoDataFrame, report: dict[str, object]) -> None:
    """Every file of a build, into one folder."""
    write_text_atomic(folder / DOCUMENTS, documents_csv(document_row(d) for d in corpus.documents))
    write_text_atomic(folder / REPORT, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(folder / TEXTS, texts_jsonl((d.name, d.text) for d in corpus.documents))
    write_layers(frame, folder)


def publish_build(
    out: Path, corpus: Corpus, frame: gpd.GeoDataFrame, report: dict[str, object], wait: bool = False
) -> Path:
    """Write the build beside `out`, check it, and switch `out` to it; any failure leaves the
    previous build published and is raised as one PublishError line."""
    with staging(out, wait) as folder:
        try:
            write_build(folder, corpus, frame, report)
            return publish(folder, out)
        except PublishError:
            raise
        except Exception as err:  # disk full, a writer's own error: the reason, not a traceback
            reason = str(err).splitlines()[0][:160] if str(err) else ""
            raise PublishError(f"writing the build failed ({type(err).__name__}: {reason})") from err


def build(
    inputs: Iterable[Path | str],
    out_dir: Path | str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[Path], None] | None = None,
    wait: bool = False,
    knowledge: Knowledge | None = None,
    jobs: int = 1,
) -> BuildResult:
    """Read the inputs and publish the build's tables at `out_dir` (None: only return them),
    reading `knowledge` (default: the packaged gazetteer, lexicons and taxonomy, loaded once per
    process).

    A build that read no document publishes nothing, so good layers are never replaced by empty
    ones; `wait` waits for another build of the same folder instead of failing with BuildBusy.
    `jobs` processes read the documents and find their mentions (one when `knowledge` is given).
    """
    jobs = 1 if knowledge is not None else jobs
    with using(knowledge):
        out = Path(out_dir) if out_dir is not None else None
        return _build(inputs, out, max_bytes, on_file, wait, jobs)


def _build(
    inputs: Iterable[Path | str],
    out: Path | None,
    max_bytes: int,
    on_file: Callable[[Path], None] | None,
    wait: bool,
    jobs: int,
) -> BuildResult:
    corpus, mentions = read_corpus_mentions(inputs, max_bytes, on_file, jobs)
    entities, rejected = entities_of(mentions)
    placed = place_entities(entities, corpus.documents, geocoder=chain_from_config())
    placements = [placed.get(i) for i in range(len(entities))]
    dates = {d.name: d.meta.date for d in corpus.documents}
    frame = entity_frame(entities, placements, classify_all(entities), dates)
    result = BuildResult(corpus, out, [], build_report(corpus, frame, rejected), frame)
    if out is None or not corpus.documents:
        return result
    publish_build(out, corpus, frame, result.report, wait)
    result.written, result.published = [out / name for name in BUILD_FILES], True
    return result
