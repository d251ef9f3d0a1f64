"""CSV cells that a spreadsheet would run as formulas are written as text (issue 13, defect 8;
OWASP: a leading = + - @ tab or carriage return gets a ' prefix)."""

from __future__ import annotations

import csv
import io

import pytest

from geo.app import services
from geo.build import document_row, documents_csv
from geo.corpus.documents import document_from_bytes
from geo.layers.io import csv_text, safe_cell

FORMULAS = ['=HYPERLINK("http://127.0.0.1:9/x","点我")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_cell_gets_a_quote_prefix(value):
    assert safe_cell(value) == "'" + value


def test_plain_text_and_numbers_are_left_alone():
    assert safe_cell("甲乙工业园区") == "甲乙工业园区"
    assert safe_cell(-12.5) == -12.5 and safe_cell(None) is None


def hostile(frame):
    frame = frame.copy()
    frame.loc[0, "name"] = FORMULAS[0]
    frame.loc[0, "evidence"] = "-2+3 推进建设"
    frame.loc[0, "evidence_doc"] = "@SUM(A1).txt"
    return frame


def test_entities_csv_and_downloads_neutralise_formulas(sample_frame):
    frame = hostile(sample_frame)
    for text in (csv_text(frame), services.layer_bytes(frame, "csv").decode("utf-8")):
        first = rows(text)[0]
        assert first["name"] == "'" + FORMULAS[0]
        assert first["evidence"] == "'-2+3 推进建设" and first["evidence_doc"] == "'@SUM(A1).txt"
        assert not any(cell.startswith(tuple("=+-@\t\r")) for row in rows(text) for cell in row.values())


def test_documents_csv_neutralises_formulas(sample_text):
    doc = document_from_bytes(("=1+1\n" + sample_text).encode(), "+cmd.txt")
    (row,) = rows(documents_csv([document_row(doc)]))
    assert row["file"] == "'+cmd.txt" and row["title"].startswith("'=")
