"""The read text of every document, kept beside the layers so the app can show a document with
its entities marked: one JSON line per document, {"file", "text"}.

The text is the normalized one the extractor read, so every mention's sentence is found in it.
A streamed build keeps no text in memory: the file is written by reading each document again from
its path, one at a time, after the layers (reading is deterministic, so it is the same text). A
build made before this file existed simply has none: the app says so instead of failing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from geo.corpus.documents import DEFAULT_MAX_BYTES, Document, DocumentSummary, read_document

TEXTS = "texts.jsonl"


def text_line(file: str, text: str) -> str:
    """One JSON line; ensure_ascii keeps any odd character one escape."""
    return json.dumps({"file": file, "text": text}, ensure_ascii=True) + "\n"


def texts_jsonl(documents: Iterable[tuple[str, str]]) -> str:
    """(file, text) pairs as JSON lines."""
    return "".join(text_line(f, t) for f, t in documents)


def texts_of(
    documents: Iterable[Document | DocumentSummary], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[str, str]]:
    """(file, read text) of each document, read again from its path when only its summary was
    kept; a file gone or changed since is left out (the app says its text was not kept)."""
    for doc in documents:
        if isinstance(doc, Document):
            yield doc.name, doc.text
            continue
        read = read_document(Path(doc.path), max_bytes)
        if isinstance(read, Document):
            yield doc.name, read.text


def write_texts(
    path: Path,
    documents: Iterable[Document | DocumentSummary],
    max_bytes: int,
    stored: Callable[[Document | DocumentSummary], str | None] | None = None,
) -> None:
    """Stream the texts into `path`: one document in memory at a time; a document's line is
    taken from `stored` (a build's cache) when it has it, else the document is read again."""
    with path.open("w", encoding="utf-8") as out:
        for doc in documents:
            line = stored(doc) if stored else None
            out.write(line if line is not None else texts_jsonl(texts_of([doc], max_bytes)))


def parse_texts(text: str) -> dict[str, str]:
    """JSON lines back to file -> text; a damaged line is skipped, never the whole file."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("file"), str):
            out[record["file"]] = str(record.get("text") or "")
    return out


def read_texts(folder: Path) -> dict[str, str]:
    """file -> text of a build folder; empty when the build kept no texts."""
    path = folder / TEXTS
    return parse_texts(path.read_text(encoding="utf-8")) if path.is_file() else {}
