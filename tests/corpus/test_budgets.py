"""Every input is bounded: zip bombs, tag floods, endless PDFs, huge documents and endless clauses
are refused or cut with a one-line reason, never read without limit (issue 13, defects 4, 5)."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import make_docx, make_pdf

from geo.corpus import documents, readers
from geo.corpus.documents import document_from_bytes
from geo.corpus.readers import UnreadableFile
from geo.extract import mentions
from geo.extract.mentions import extract_mentions


def docx_with_body(body: bytes) -> bytes:
    """A real .docx (python-docx's own parts) whose document.xml is replaced by `body`."""
    source = zipfile.ZipFile(io.BytesIO(make_docx(["甲乙工业园区"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, body if name == "word/document.xml" else source.read(name))
    return out.getvalue()


NS = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def test_a_docx_that_unpacks_beyond_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1_000_000)
    bomb = docx_with_body(
        NS + "<w:p><w:r><w:t>甲</w:t></w:r></w:p>".encode() * 100_000 + b"</w:body></w:document>"
    )
    assert len(bomb) < 100_000
    with pytest.raises(UnreadableFile, match=r"unpacks to 4\.\d MB; the limit is 1\.0 MB"):
        document_from_bytes(bomb, "bomb.docx")


def test_a_docx_with_too_many_xml_nodes_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_XML_NODES", 10_000)
    flood = docx_with_body(
        NS
        + b"<w:p/>" * 20_000
        + "<w:p><w:r><w:t>甲乙工业园区</w:t></w:r></w:p>".encode()
        + b"</w:body></w:document>"
    )
    with pytest.raises(UnreadableFile, match="more than 10,000 XML elements"):
        document_from_bytes(flood, "flood.docx")


def test_a_docx_with_a_dtd_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>' + NS + b"&a;</w:body></w:document>"
    )
    with pytest.raises(UnreadableFile, match="DTD"):
        document_from_bytes(docx_with_body(laughs), "laughs.docx")


def test_an_ordinary_docx_is_still_read():
    doc = document_from_bytes(make_docx(["推进甲乙工业园区建设。"]), "ok.docx")
    assert "甲乙工业园区" in doc.text


def test_an_html_page_with_too_many_tags_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_HTML_TAGS", 1_000)
    page = b"<html><body>" + b"<div><b>" * 5_000 + "推进甲乙工业园区建设。".encode()
    with pytest.raises(UnreadableFile, match="more than 1,000 tags"):
        document_from_bytes(page, "flood.html")


def test_a_pdf_beyond_the_page_budget_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_PDF_PAGES", 0)
    with pytest.raises(UnreadableFile, match="1 pages; the limit is 0"):
        document_from_bytes(make_pdf(["推进甲乙工业园区建设。"]), "long.pdf")


def test_a_pdf_beyond_the_time_budget_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "PDF_SECONDS", 0.0)
    with pytest.raises(UnreadableFile, match=r"reading its text took over 0 s \(page 1 of 1\)"):
        document_from_bytes(make_pdf(["推进甲乙工业园区建设。"]), "slow.pdf")


def test_a_document_beyond_the_character_budget_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCUMENT_CHARS", 100)
    with pytest.raises(UnreadableFile, match="too long: 2,000 characters; the limit is 100"):
        document_from_bytes(("甲" * 2_000).encode(), "long.txt")


def test_an_endless_clause_is_read_in_bounded_windows(monkeypatch):
    """Time linear in length: no stage scans more than a window of one clause per name."""
    line = "推进岚曦工业园区和汀兰光伏电站项目建设" * 500  # 9,500 characters, no clause break
    read: list[int] = []
    real = mentions._clause_mentions
    monkeypatch.setattr(
        mentions,
        "_clause_mentions",
        lambda doc, clause, base, *heads: read.append(len(clause)) or real(doc, clause, base, *heads),
    )
    found = extract_mentions(document_from_bytes(line.encode(), "line.txt"))
    assert max(read) <= mentions.MAX_CLAUSE_CHARS and sum(read) == len(line)
    assert len(found) > 500
    assert max(len(m.sentence) for m in found) <= mentions.MAX_EVIDENCE_CHARS
    assert all(m.surface in m.sentence for m in found)
    assert {"岚曦工业园区", "汀兰光伏电站项目"} <= {m.name for m in found}
