"""The faster writer paths give the bytes of the plain ones: the column-built frame equals the
table of rows pandas made of `entity_row`, the feature texts equal json.dumps of each feature
(in any chunking), the GeoPackage through Arrow equals the one written feature by feature,
and the streamed CSV equals `csv_text`. Entities, names and places are invented."""

from __future__ import annotations

import io as io_text
import json

import geopandas as gpd
import pandas as pd
import pytest
from conftest import FakePlacement as Place
from conftest import FakeTags as Tags
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon

import geo.layers.io as io
from geo.layers.csvrows import write_table
from geo.layers.encode import plain, rfc7946_geometry
from geo.layers.frame import COLUMNS, CRS, entity_frame, entity_row, industry_table
from geo.model import Entity, Mention

HOSTILE = [
    '青禾"引号"\\反斜杠产业园',
    '=HYPERLINK("http://x")工业园区',
    "换行\n与\t制表符科技园",
    "</script><b>粗体</b>物流园",
    "表情😀与零宽\u200b字符基地",
    "+1@SUM(A1)示范区",
]


def _entity(name: str, kind: str, docs: list[str]) -> Entity:
    mentions = [
        Mention(doc, name, kind, name, 0, len(name), f"“{name}”在{doc}中被提到，又一次。", ("某县",))
        for doc in docs
    ]
    return Entity(name, kind, mentions, aliases=[name[:3]] if len(name) > 4 else [])


def _shapes() -> list:
    clockwise = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    holed = Polygon(
        [(110, 30), (111, 30), (111, 31), (110, 31)], [[(110.2, 30.2), (110.2, 30.4), (110.4, 30.4)]]
    )
    return [
        Point(113.1234567, 40.7654321),
        None,
        Point(),
        clockwise,
        holed,
        MultiPolygon([clockwise, Polygon([(2, 2), (3, 2), (3, 3)])]),
        LineString([(113.1, 40.4), (112.5, 40.5), (112.123456789, 40.1)]),
        MultiLineString([[(1, 1), (2, 2)], [(3, 3), (4, 4.0000001)]]),
        Point(100.5, 30.25, 12.0),
        Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 2)]),
    ]


def _inputs() -> tuple[list, list, list, dict]:
    kinds = ["park", "project", "corridor", "region", "base"]
    entities, placements, tags = [], [], []
    for i, shape in enumerate(_shapes() * 2):
        name = HOSTILE[i % len(HOSTILE)] + f"{i}号" if i % 3 else f"星河{i}号产业园区"
        entities.append(
            _entity(
                name, kinds[i % len(kinds)], [f"d{(i // 2) % 4}.txt"] if i % 2 == 0 else ["d2.txt", "d0.txt"]
            )
        )
        placements.append(
            None
            if i % 7 == 6
            else Place(
                province="某省",
                adcode="150981000000" if i % 2 else None,
                geometry=shape,
                confidence=0.5 + i / 100,
            )
        )
        tags.append(Tags(("chemicals",), "chemicals", ("氟化工",)) if i % 4 == 0 else None)
    dates = {"d0.txt": "2020-01-02", "d1.txt": None, "d2.txt": "2019-05-06"}
    return entities, placements, tags, dates


@pytest.fixture(scope="module")
def odd_frame() -> gpd.GeoDataFrame:
    entities, placements, tags, dates = _inputs()
    return entity_frame(entities, placements, tags, dates, [f"Py {i}" for i in range(len(entities))])


def _row_table(entities, placements, tags, dates, spelled) -> gpd.GeoDataFrame:
    """The frame as it was made before: pandas' table of the row dicts, joined, sorted, nulls None."""
    rows = [
        entity_row(*args)
        for args in zip(entities, placements, tags, [dates] * len(entities), spelled, strict=True)
    ]
    frame = pd.DataFrame(
        rows,
        columns=[c for c in COLUMNS if not c.startswith(("industry_label", "prefecture_pinyin"))]
        + ["geometry"],
    )
    labels = industry_table().set_index("industry")
    frame["industry_label_zh"] = frame["primary_industry"].map(labels["industry_label_zh"])
    frame["industry_label_en"] = frame["primary_industry"].map(labels["industry_label_en"])
    frame["prefecture_pinyin"] = None
    frame = frame.sort_values(["kind", "name", "id"], kind="stable").reset_index(drop=True)[
        [*COLUMNS, "geometry"]
    ]
    text = [c for c in COLUMNS if c not in ("confidence", "mentions")]
    frame[text] = frame[text].astype(object).where(frame[text].notna(), None)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS)


def test_the_column_built_frame_equals_the_table_of_rows():
    entities, placements, tags, dates = _inputs()
    spelled = [f"Py {i}" for i in range(len(entities))]
    made = entity_frame(entities, placements, tags, dates, spelled)
    expected = _row_table(entities, placements, tags, dates, spelled)
    assert list(made.columns) == list(expected.columns) and made.crs == expected.crs
    assert made.dtypes.astype(str).tolist() == expected.dtypes.astype(str).tolist()
    for column in COLUMNS:
        assert made[column].tolist() == expected[column].tolist(), column
    assert [g.wkb if g is not None else None for g in made.geometry] == [
        g.wkb if g is not None else None for g in expected.geometry
    ]
    assert made["first_date"].tolist().count(None) > 0 and "NaN" not in repr(made["first_date"].tolist())


def test_an_empty_frame_has_every_column():
    frame = entity_frame([])
    assert list(frame.columns) == [*COLUMNS, "geometry"] and len(frame) == 0 and frame.crs == CRS


def _dumped(frame: gpd.GeoDataFrame) -> list[str]:
    """Each row as json.dumps of its feature dict, the way the writer made it before."""
    columns = [c for c in frame.columns if c != "geometry"]
    lines = []
    for record in frame.to_dict("records"):
        properties = {c: plain(record[c]) for c in columns}
        feature = {
            "type": "Feature",
            "id": properties["id"],
            "geometry": rfc7946_geometry(record["geometry"]),
            "properties": properties,
        }
        lines.append(json.dumps(feature, ensure_ascii=False))
    return lines


@pytest.mark.parametrize("chunk", [1, 3, 4096])
def test_feature_texts_are_json_dumps_of_each_feature_in_any_chunking(odd_frame, monkeypatch, chunk):
    monkeypatch.setattr(io, "_CHUNK", chunk)
    texts = [text for _, text in io.feature_texts(odd_frame)]
    assert texts == _dumped(odd_frame)
    assert any('"geometry": null' in t for t in texts) and any("Polygon" in t for t in texts)


def test_feature_texts_of_a_layer_read_back_are_json_dumps_too(odd_frame, tmp_path):
    path = io.write_layer(odd_frame, tmp_path / "e.parquet", "parquet")
    back = io.read_layer(path)  # numpy arrays and NaN where the frame had lists and None
    assert [text for _, text in io.feature_texts(back)] == _dumped(back)


@pytest.mark.parametrize("rows", ["all", "none", "one_kind"])
def test_the_geopackage_through_arrow_has_the_bytes_of_the_one_written_feature_by_feature(
    odd_frame, tmp_path, rows
):
    frame = {
        "all": odd_frame,
        "none": odd_frame.iloc[0:0],
        "one_kind": odd_frame[odd_frame["kind"] == "park"],
    }[rows]
    io.write_gpkg(frame, tmp_path / "arrow.gpkg", arrow=True)
    io.write_gpkg(frame, tmp_path / "plain.gpkg", arrow=False)
    assert (tmp_path / "arrow.gpkg").read_bytes() == (tmp_path / "plain.gpkg").read_bytes()


def test_the_streamed_csv_is_csv_text_and_pandas_to_csv(odd_frame, tmp_path):
    io.write_csv(odd_frame, tmp_path / "e.csv")
    data = (tmp_path / "e.csv").read_bytes()
    assert data == io.csv_text(odd_frame).encode("utf-8")
    assert data == io._csv_table(odd_frame).to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert "'=HYPERLINK" in data.decode("utf-8")  # formula cells still defused


def test_the_csv_module_writes_the_text_pandas_writes_of_odd_cells():
    table = pd.DataFrame(
        {
            "number": [0.5, float("nan"), float("inf"), 1e-05, 1e16, -0.0],
            "whole": [1, 2, 3, 4, 5, 6],
            "mixed": [None, float("nan"), pd.NA, 1.5, True, 'a "quoted",\nline'],
            "text": pd.array(["x", None, "", "y,z", "\r", "😀"], dtype="str"),
            "flag": [True, False, True, False, True, False],
        }
    )
    out = io_text.StringIO(newline="")
    write_table(table, out)
    assert out.getvalue() == table.to_csv(index=False, lineterminator="\n")


def _lines_by_splitting(data: bytes) -> int | None:
    """`feature_lines` as it was: the body split into lines, each line checked."""
    head, close = io._OPEN.encode(), ("\n" + io._CLOSE).encode()
    if not (data.startswith(head) and data.endswith(close)):
        return None
    body = data[len(head) : -len(close)]
    if not body:
        return 0
    lines = body[1:].split(b"\n")
    if not body.startswith(b"\n") or not all(
        line.startswith(b'{"type": "Feature", ') and line.endswith(b"},") for line in lines[:-1]
    ):
        return None
    return len(lines) if lines[-1].startswith(b'{"type": "Feature", ') and lines[-1].endswith(b"}") else None


PIECES = ['{"type": "Feature", "id": "a"}', "\n", ",\n", "},", "}", '{"type": "Feature", ', "x", ""]


@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_counting_feature_lines_in_place_agrees_with_splitting_them(pieces):
    data = (io._OPEN + "".join(pieces) + "\n" + io._CLOSE).encode()
    assert io.feature_lines(data) == _lines_by_splitting(data)
    assert io.feature_lines(data[:-1]) is None


def test_feature_lines_counts_what_the_writer_wrote(odd_frame):
    data = io.geojson_text(odd_frame).encode()
    assert io.feature_lines(data) == len(odd_frame) == _lines_by_splitting(data)


def test_the_publish_check_counts_a_csv_whose_cell_exceeds_the_csv_modules_field_limit(odd_frame, tmp_path):
    """An entity named in hundreds of documents has a sentences cell over 128 KB; the check of
    the written CSV must count it, not call the build unreadable (a 50 MiB corpus failed so)."""
    import csv

    from geo.layers.publish import _csv_rows

    frame = odd_frame.copy()
    frame.at[0, "mention_sentences"] = [f"第{i}句：某某新区再次被提到，内容很长。" * 20 for i in range(400)]
    io.write_csv(frame, tmp_path / "e.csv")
    assert (tmp_path / "e.csv").stat().st_size > 2 * 131072
    limit = csv.field_size_limit()
    assert _csv_rows(tmp_path / "e.csv") == len(frame)
    assert csv.field_size_limit() == limit
