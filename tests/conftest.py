"""Shared fixtures: documents the tests write themselves, in every supported format."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import extract
from geo.layers.frame import entity_frame

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


@dataclass
class FakePlacement:
    country: str | None = "中国"
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    adcode: str | None = None
    precision: str | None = None
    confidence: float = 0.9
    geometry: object = None
    places: tuple[str, ...] = ()
    source: str | None = "name"


@dataclass
class FakeTags:
    codes: tuple[str, ...]
    primary: str
    evidence: tuple[str, ...] = ()


TEXT = (
    "推进丰镇瑞丰工业园区建设,重点发展氟化工。"
    "加快凉城光伏电站项目建设。"
    "推进丰镇—凉城天然气管道建设。"
    "依托商都县瑞达物流园区,发展“<b>商贸</b>”物流。"
)


@pytest.fixture(scope="session")
def sample_frame() -> gpd.GeoDataFrame:
    doc = document_from_bytes(TEXT.encode(), "t.txt")
    entities = extract([doc])
    by_name = {e.name: e for e in entities}
    assert {"丰镇瑞丰工业园区", "凉城光伏电站项目", "丰镇—凉城天然气管道", "商都县瑞达物流园区"} <= set(
        by_name
    )
    placements, tags = [], []
    for e in entities:
        if e.kind == "corridor":
            p = FakePlacement(
                province="内蒙古自治区",
                prefecture="乌兰察布市",
                adcode="150900000000",
                precision="multi",
                geometry=LineString([(113.1, 40.4), (112.5, 40.5)]),
                places=("丰镇市", "凉城县"),
            )
        elif e.name.startswith("丰镇"):
            p = FakePlacement(
                "中国",
                "内蒙古自治区",
                "乌兰察布市",
                "丰镇市",
                "150981000000",
                "county",
                0.9,
                Point(113.1, 40.4),
            )
        elif e.name.startswith("商都"):
            p = None  # unplaced: stays, with empty geometry
        else:
            p = FakePlacement(
                "中国",
                "内蒙古自治区",
                "乌兰察布市",
                "凉城县",
                "150925000000",
                "county",
                0.9,
                Point(112.5, 40.5),
            )
        placements.append(p)
        tags.append(
            FakeTags(("chemicals",), "chemicals", ("氟化工",))
            if "瑞丰" in e.name
            else FakeTags(("general",), "general")
        )
    return entity_frame(entities, placements, tags)
