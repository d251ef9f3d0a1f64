"""The build: documents in, tables out. Each stage is a function of the one before."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from geo.classify.tags import classify_all
from geo.corpus.documents import DEFAULT_MAX_BYTES, Corpus, Document, read_corpus
from geo.extract.mentions import extract_checked
from geo.layers.files import write_text_atomic
from geo.layers.frame import entity_frame
from geo.layers.io import write_layers
from geo.model import KINDS, Rejection
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
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


@dataclass
class BuildResult:
    corpus: Corpus
    out_dir: Path
    written: list[Path]
    report: dict[str, object]


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


def build(
    inputs: Iterable[Path | str],
    out_dir: Path | str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Read the inputs and write the build's tables into `out_dir`."""
    out = Path(out_dir)
    corpus = read_corpus(inputs, max_bytes=max_bytes, on_file=on_file)
    entities, rejected = extract_checked(corpus.documents)
    placed = place_entities(entities, corpus.documents, geocoder=chain_from_config())
    placements = [placed.get(i) for i in range(len(entities))]
    frame = entity_frame(entities, placements, classify_all(entities))
    report = build_report(corpus, frame, rejected)
    write_text_atomic(out / "documents.csv", documents_csv(document_row(d) for d in corpus.documents))
    write_text_atomic(out / "report.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    written = [out / "documents.csv", out / "report.json", *write_layers(frame, out)]
    return BuildResult(corpus, out, written, report)
