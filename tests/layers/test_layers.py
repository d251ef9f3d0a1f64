"""Layers: every format opens with geopandas/pyogrio and round-trips; GeoJSON follows RFC 7946."""

from __future__ import annotations

import json

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Polygon

from geo.layers.chunked import write_layers
from geo.layers.frame import LIST_COLUMNS, pinyin
from geo.layers.io import KIND_LAYERS, geojson_text, read_layer, write_layer


def test_frame_is_epsg4326_with_codes_joined(sample_frame):
    frame = sample_frame
    assert frame.crs.to_epsg() == 4326
    row = frame[frame["name"] == "丰镇瑞丰工业园区"].iloc[0]
    assert (row["province_code"], row["prefecture_code"], row["county_code"]) == (
        "150000",
        "150900",
        "150981",
    )
    assert row["industry_label_en"].startswith("Chemicals")
    assert row["prefecture_pinyin"] == "Wulanchabu"
    assert row["industries"] == ["chemicals"] and row["mentions"] == 1
    unplaced = frame[frame["name"] == "商都县瑞达物流园区"].iloc[0]
    assert unplaced["geometry"] is None and unplaced["precision"] is None


def test_pinyin_by_word():
    assert pinyin("丰镇工业园区") == "Fengzhen Gongye Yuanqu"


def test_geojson_is_rfc7946(sample_frame):
    frame = sample_frame
    collection = json.loads(geojson_text(frame))
    assert "crs" not in collection
    for feature in collection["features"]:
        geometry = feature["geometry"]
        for key in LIST_COLUMNS:
            assert isinstance(feature["properties"][key], list)
        if geometry and geometry["type"] == "Point":
            lon, lat = geometry["coordinates"]
            assert 73 < lon < 136 and 3 < lat < 54  # lon first, then lat
    text = geojson_text(frame)
    assert "丰镇瑞丰工业园区" in text and "\\u" not in text  # UTF-8, unescaped


def test_polygons_follow_the_right_hand_rule(sample_frame):
    frame = sample_frame
    clockwise = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    assert not clockwise.exterior.is_ccw
    one = frame.iloc[[0]].copy()
    one["geometry"] = [clockwise]
    ring = json.loads(geojson_text(one))["features"][0]["geometry"]["coordinates"][0]
    assert Polygon(ring).exterior.is_ccw


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "csv", "kml"])
def test_every_format_opens_and_round_trips(sample_frame, tmp_path, fmt):
    frame = sample_frame
    path = write_layer(frame, tmp_path / f"x.{fmt}", fmt)
    if fmt == "csv":
        import pandas as pd

        table = pd.read_csv(path)
        assert list(table["name"]) == list(frame["name"])
        assert {"lon", "lat", "wkt"} <= set(table.columns)
        return
    if fmt == "kml":
        assert len(gpd.read_file(path)) == frame.geometry.notna().sum() or len(gpd.read_file(path)) == len(
            frame
        )
        return
    if fmt == "gpkg":
        layers = {name for name, _ in pyogrio.list_layers(path)}
        assert layers == {KIND_LAYERS[k] for k in frame["kind"].unique()}
        back = gpd.GeoDataFrame(
            gpd.pd.concat([gpd.read_file(path, layer=layer) for layer in sorted(layers)], ignore_index=True)
        )
        assert sorted(back["name"]) == sorted(frame["name"])
        return
    back = read_layer(path)
    assert list(back["name"]) == list(frame["name"])
    assert list(back["aliases"]) == list(frame["aliases"])
    placed = frame.geometry.notna()
    assert back.geometry[placed].geom_equals_exact(frame.geometry[placed], 1e-6).all()


def test_rebuilding_gives_identical_bytes(sample_frame, tmp_path):
    frame = sample_frame
    first = write_layers(frame, tmp_path / "a")
    second = write_layers(frame.copy(), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_one_geojson_per_kind(sample_frame, tmp_path):
    frame = sample_frame
    written = {p.name for p in write_layers(frame, tmp_path)}
    assert {f"{layer}.geojson" for layer in KIND_LAYERS.values()} <= written
    parks = json.loads((tmp_path / "parks.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["kind"] for f in parks["features"]} == {"park"}


def test_no_temporary_files_are_left(sample_frame, tmp_path):
    frame = sample_frame
    write_layers(frame, tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_entity_id_depends_on_kind_and_name():
    from geo.layers.frame import entity_id
    from geo.model import Entity

    ids = {entity_id(Entity(name, kind)) for name in ("甲乙港", "丙丁港") for kind in ("park", "project")}
    assert len(ids) == 4
    assert entity_id(Entity("甲乙港", "park")) == entity_id(Entity("甲乙港", "park"))


def test_each_kind_file_holds_exactly_that_kind_and_all_files_agree(sample_frame, tmp_path):
    write_layers(sample_frame, tmp_path)
    every = json.loads((tmp_path / "entities.geojson").read_text(encoding="utf-8"))["features"]
    for kind, layer in KIND_LAYERS.items():
        own = json.loads((tmp_path / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]
        assert own == [f for f in every if f["properties"]["kind"] == kind], kind
    assert json.loads(geojson_text(sample_frame))["features"] == every


def test_a_failure_while_writing_the_geojsons_leaves_the_old_files(sample_frame, tmp_path, monkeypatch):
    from geo.layers import io

    write_layers(sample_frame, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(frame, known=None):
        yield "park", "{}"
        raise OSError("disk full")

    monkeypatch.setattr(io, "feature_texts", broken)
    with pytest.raises(OSError, match="disk full"):
        write_layers(sample_frame.iloc[:1], tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


class _Texts:
    """Known texts of some rows (geo.layers.io.Known); `lost` rows are known but gone on reading."""

    def __init__(self, texts: dict[int, str], lost: set[int], size: int):
        self.texts, self.lost, self.size, self.asked = texts, lost, size, []

    def __len__(self) -> int:
        return self.size

    def has(self, row: int) -> bool:
        return row in self.texts or row in self.lost

    def text(self, row: int) -> str | None:
        self.asked.append(row)
        return self.texts.get(row)


def test_known_feature_texts_are_copied_and_only_the_others_made(sample_frame, tmp_path):
    from geo.layers.io import feature_texts

    full = list(feature_texts(sample_frame))
    assert len(full) >= 3
    known = _Texts({0: "COPIED"}, lost={1}, size=len(full))
    made: list[int] = []
    write_layers(sample_frame, tmp_path, known, lambda row, text: made.append(row))
    lines = (tmp_path / "entities.geojson").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "COPIED,"  # the stored text, as it was: nothing checks it against the row
    assert lines[2:-1] == [text + "," for _, text in full[1:-1]] + [full[-1][1]]  # a lost one made again
    assert known.asked == [0, 1] and made == list(range(2, len(full)))
