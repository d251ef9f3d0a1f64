"""The read text of every document, kept beside the layers so the app can show a document with
its entities marked: one JSON line per document, {"file", "text"}.

The text is the normalized one the extractor read, so every mention's sentence is found in it.
A build made before this file existed simply has none: the app says so instead of failing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

TEXTS = "texts.jsonl"


def texts_jsonl(documents: Iterable[tuple[str, str]]) -> str:
    """(file, text) pairs as JSON lines; ensure_ascii keeps any odd character one escape."""
    return "".join(json.dumps({"file": f, "text": t}, ensure_ascii=True) + "\n" for f, t in documents)


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
