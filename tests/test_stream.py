"""The streamed build keeps compact records, not documents' text."""

from __future__ import annotations

import zlib
from pathlib import Path

from geo.build import build
from geo.corpus.documents import DocumentSummary, read_document
from geo.layers.texts import text_line
from geo.place.geocode import named_codes
from geo.stream import DocRecord, process


def test_a_record_keeps_what_placement_needs_and_no_text(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("关于瑞丰的通知\n推进集宁区瑞丰工业园区和丰镇市恒昌物流园区建设。", encoding="utf-8")
    record, seconds, text = process(str(path))
    doc = read_document(path)
    assert isinstance(record, DocRecord) and set(seconds) == {"read", "mentions", "context"}
    assert text is None  # no text line unless a cache asks for one
    assert record.summary.named == named_codes(doc) and record.summary.named
    assert record.summary.characters == len(doc.original) and not hasattr(record.summary, "text")
    assert [m.name for m in record.mentions] and all(m.doc == "a.txt" for m in record.mentions)


def test_a_worker_for_a_cache_sends_the_document_line_of_texts_jsonl(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("关于瑞丰的通知\n推进集宁区瑞丰工业园区建设。", encoding="utf-8")
    _, _, text = process(str(path), keep_text=True)
    assert zlib.decompress(text).decode("utf-8") == text_line("a.txt", read_document(path).text)


def test_a_build_returns_summaries_not_documents(tmp_path: Path):
    (tmp_path / "a.txt").write_text("推进集宁区瑞丰工业园区建设。", encoding="utf-8")
    result = build([tmp_path], None)
    assert [type(d) for d in result.corpus.documents] == [DocumentSummary]
    assert result.report["speed"]["documents_processed"] == 1
