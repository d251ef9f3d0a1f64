"""The read text of every document, kept beside the layers so the app can show a document with
its entities marked: one JSON line per document, {"file", "text"}.

The text is the normalized one the extractor read, so every mention's sentence is found in it.
A streamed build keeps no text in memory: each text is spooled to an anonymous temporary file as
its document is read (`TextSpool`), and copied from there after the layers. A document whose record
came from the cache, never read in this build, is read again from its path (reading is
deterministic, so it is the same text). A build made before this file existed simply has none:
the app says so instead of failing.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType

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


class TextSpool:
    """The texts of the documents read in a build, by path, in an anonymous temporary file (gone
    with the process, even after kill -9): re-reading every document to write texts.jsonl cost
    as much as reading it the first time."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close or the with block)
        self.spans: dict[str, tuple[int, int]] = {}

    def add(self, path: str, text: str) -> None:
        data = text.encode("utf-8")
        self.spans[path] = (self.file.seek(0, 2), len(data))
        self.file.write(data)

    def get(self, path: str) -> str | None:
        span = self.spans.get(path)
        if span is None:
            return None
        self.file.seek(span[0])
        return self.file.read(span[1]).decode("utf-8")

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> TextSpool:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()


def write_texts(
    path: Path,
    documents: Iterable[Document | DocumentSummary],
    max_bytes: int,
    spool: TextSpool | None = None,
    stored: Callable[[Document | DocumentSummary], str | None] | None = None,
) -> None:
    """Stream the texts into `path`, from `spool` where it holds them, else the line `stored`
    (a build's cache) holds, else read again: one document in memory at a time."""
    with path.open("w", encoding="utf-8") as out:
        for doc in documents:
            text = spool.get(doc.path) if spool is not None else None
            line = text_line(doc.name, text) if text is not None else (stored(doc) if stored else None)
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
