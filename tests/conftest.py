"""Shared fixtures: documents the tests write themselves, in every supported format."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SAMPLE = (
    "甲市人民政府关于推进产业园区建设的通知\n"
    "甲政发〔2020〕12号\n"
    "各县区人民政府:\n"
    "为加快承接产业转移,推进园区建设。重点建设装备制造产业集群。\n"
    "2020年3月5日\n"
)


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "表格单元"
    table.rows[0].cells[1].text = "第二格"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(lines: list[str], password: str | None = None) -> bytes:
    """A PDF with a real Chinese text layer (reportlab's built-in CID font, no font file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=password)
    pdf.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        pdf.drawString(50, 800 - 20 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_image_only_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.rect(50, 50, 200, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture
def sample_text() -> str:
    return SAMPLE
