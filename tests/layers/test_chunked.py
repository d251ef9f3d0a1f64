"""The layers written chunk of rows by chunk (geo.layers.chunked) equal the layers of the whole
table: the GeoJSON files and the CSV byte for byte, the GeoParquet and the GeoPackage read back
equal (and byte for byte when the table is one chunk), with the whole table's schema and
metadata; a build never makes more rows at once than a chunk. Names are invented."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
from conftest import FakePlacement, FakeTags
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

import geo.layers.frame as frame_module
from geo.build import build
from geo.layers.chunked import geojson_paths, write_chunks
from geo.layers.frame import FrameRows, entity_frame
from geo.layers.io import KIND_LAYERS, GeoJSONFiles, _flat, _write_ogr, read_layer
from geo.model import Entity, Mention

KINDS = ["park", "project", "corridor", "region", "base"]


@dataclass
class Renamed(FakePlacement):
    former_name: str | None = None


def _shape(i: int):
    square = Polygon([(100 + i % 7, 30), (101 + i % 7, 30), (101 + i % 7, 31)])
    shapes = [
        Point(100 + i / 10, 20 + i / 20),
        None,
        square,
        MultiPolygon([square]),
        LineString([(90, 10 + i), (91, 11 + i)]),
        Point(95, 25, 3.0),
    ]
    return shapes[i % len(shapes)]


def _inputs(count: int) -> tuple[list, list, list, dict]:
    """`count` invented entities of every kind, a few unplaced, one with a former name late in
    the order (its column is null in every chunk but one), and an alias on every other."""
    entities, placements, tags = [], [], []
    for i in range(count):
        name = f"青禾{i:03d}号{'工业园区' if i % 2 else '产业基地'}"
        doc = f"d{i % 5}.txt"
        mention = Mention(doc, name, KINDS[i % 5], name, 0, len(name), f"“{name}”在{doc}中。", ("某县",))
        entities.append(Entity(name, KINDS[i % 5], [mention], aliases=[name[:4]] if i % 2 else []))
        former = "旧县名" if i == count - 3 else None
        placements.append(
            None if i % 9 == 4 else Renamed(province="某省", geometry=_shape(i), former_name=former)
        )
        tags.append(FakeTags(("chemicals",), "chemicals", ("氟化工",)) if i % 4 == 0 else None)
    return entities, placements, tags, {"d0.txt": "2020-01-02", "d2.txt": "2019-05-06"}


@pytest.fixture(scope="module")
def rows() -> FrameRows:
    entities, placements, tags, dates = _inputs(60)
    return FrameRows(entities, placements, tags, dates, [f"Py {i}" for i in range(60)])


def _written(rows: FrameRows, folder: Path, size: int) -> Path:
    write_chunks(rows.chunks(size), folder)
    return folder


def test_chunks_are_the_whole_table_in_order(rows):
    whole = rows.frame()
    pieces = list(rows.chunks(7))
    assert [len(p) for p in pieces] == [7] * 8 + [4]
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True), whole)
    pd.testing.assert_frame_equal(
        whole, entity_frame(rows.entities, rows.placements, rows.tags, rows.dates, rows.spelled)
    )


def test_text_layers_written_by_chunks_equal_the_whole_tables_bytes(rows, tmp_path):
    one, many = _written(rows, tmp_path / "one", 10_000), _written(rows, tmp_path / "many", 7)
    names = ["entities.csv", "entities.geojson", *(f"{layer}.geojson" for layer in KIND_LAYERS.values())]
    for name in names:
        assert (many / name).read_bytes() == (one / name).read_bytes(), name


def test_one_chunk_gives_the_bytes_of_geopandas_and_pyogrio(rows, tmp_path):
    """The spooled writers give, for a table of one chunk, what `to_parquet` and pyogrio's
    `write_dataframe` (one call per kind) give: the bytes every earlier build wrote."""
    whole = rows.frame()
    _written(rows, tmp_path, 10_000)
    whole.to_parquet(tmp_path / "plain.parquet", index=False)
    assert (tmp_path / "entities.parquet").read_bytes() == (tmp_path / "plain.parquet").read_bytes()
    flat, plain = _flat(whole), tmp_path / "plain.gpkg"
    for kind, layer in KIND_LAYERS.items():
        part = flat[flat["kind"] == kind]
        types = {g.geom_type for g in part.geometry if g is not None}
        geometry_type = types.pop() if len(types) == 1 else "Unknown"
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"})
        pyogrio.write_dataframe(
            part,
            plain,
            layer=layer,
            driver="GPKG",
            geometry_type=geometry_type,
            promote_to_multi=False,
            use_arrow=True,
            append=plain.exists(),
        )
    assert (tmp_path / "entities.gpkg").read_bytes() == plain.read_bytes()


def test_tables_written_by_chunks_read_back_as_the_whole_table(rows, tmp_path):
    one, many = _written(rows, tmp_path / "one", 10_000), _written(rows, tmp_path / "many", 7)
    pd.testing.assert_frame_equal(
        gpd.read_parquet(many / "entities.parquet"), gpd.read_parquet(one / "entities.parquet")
    )
    assert pq.read_metadata(many / "entities.parquet").num_row_groups == 9  # a row group a chunk
    schema = pq.read_schema(many / "entities.parquet")
    assert schema == pq.read_schema(one / "entities.parquet")
    assert schema.metadata == pq.read_schema(one / "entities.parquet").metadata  # bbox of all rows
    assert str(schema.field("former_name").type) == "string"  # null in all chunks but one
    geo = json.loads(schema.metadata[b"geo"])["columns"]["geometry"]
    assert geo["bbox"] == list(rows.frame().total_bounds)
    for layer in KIND_LAYERS.values():
        a = pyogrio.read_dataframe(many / "entities.gpkg", layer=layer)
        b = pyogrio.read_dataframe(one / "entities.gpkg", layer=layer)
        pd.testing.assert_frame_equal(a, b)
        assert (
            pyogrio.read_info(many / "entities.gpkg", layer=layer)["geometry_type"]
            == pyogrio.read_info(one / "entities.gpkg", layer=layer)["geometry_type"]
        )


def test_a_column_null_in_every_chunk_stays_arrows_null_type(tmp_path):
    entities, placements, tags, dates = _inputs(12)
    placements = [None if p is None else Renamed(province="某省", geometry=p.geometry) for p in placements]
    rows = FrameRows(entities, placements, tags, dates, ["Py"] * 12)
    whole = rows.frame()
    _written(rows, tmp_path, 5)
    whole.to_parquet(tmp_path / "plain.parquet", index=False)
    assert pq.read_schema(tmp_path / "entities.parquet") == pq.read_schema(tmp_path / "plain.parquet")
    assert str(pq.read_schema(tmp_path / "entities.parquet").field("former_name").type) == "null"
    pd.testing.assert_frame_equal(
        read_layer(tmp_path / "entities.parquet"), read_layer(tmp_path / "plain.parquet")
    )


def test_an_empty_table_still_gives_every_layer(tmp_path):
    rows = FrameRows([])
    _written(rows, tmp_path / "a", 5)
    _write_ogr(_flat(rows.frame()), tmp_path / "plain.gpkg", "GPKG", layer="entities", arrow=True)
    assert len(read_layer(tmp_path / "a" / "entities.parquet")) == 0
    assert json.loads((tmp_path / "a" / "entities.geojson").read_text())["features"] == []
    assert [name for name, _ in pyogrio.list_layers(tmp_path / "a" / "entities.gpkg")] == ["entities"]


DOC = "推进青禾{n}号工业园区建设，重点发展氟化工。加快星河{n}号光伏电站项目建设。\n"


def test_a_build_makes_no_more_rows_at_once_than_a_chunk_and_writes_the_same_layers(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(6):
        (docs / f"d{n}.txt").write_text("".join(DOC.format(n=f"{n}{k}") for k in range(3)), encoding="utf-8")
    whole = build([docs], tmp_path / "whole")
    count = len(whole.frame)
    made: list[int] = []
    real = FrameRows.rows

    def counted(self, positions):
        made.append(len(positions))
        return real(self, positions)

    monkeypatch.setattr(FrameRows, "rows", counted)
    monkeypatch.setattr(frame_module, "CHUNK", 5)
    chunked = build([docs], tmp_path / "chunked")
    assert made and max(made) <= 5 and sum(made) == count > 10
    assert chunked.report["entities"] == whole.report["entities"]
    for name in ["entities.csv", "entities.geojson", "parks.geojson", "texts.jsonl", "documents.csv"]:
        assert (tmp_path / "chunked" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    for name in ["entities.parquet", "entities.gpkg"]:
        pd.testing.assert_frame_equal(
            read_layer(tmp_path / "chunked" / name), read_layer(tmp_path / "whole" / name)
        )
    pd.testing.assert_frame_equal(chunked.frame, whole.frame)


def test_the_publish_check_counts_features_without_reading_a_layer_whole(rows, tmp_path, monkeypatch):
    """A layer of 1 GB of documents is gigabytes: the check reads it a feature at a time."""
    from geo.layers import publish

    _written(rows, tmp_path, 7)

    def whole(path: Path) -> bytes:
        raise AssertionError(f"{path.name} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    assert publish._features(tmp_path / "entities.geojson") == len(rows)
    assert publish._features(tmp_path / "parks.geojson") == rows.frame()["kind"].eq("park").sum()


def test_chunks_hold_a_bounded_number_of_coordinates(rows, tmp_path, monkeypatch):
    """A chunk of outlines (regions, corridors) weighs many times one of points in the writers:
    chunks are cut by their geometries' points too, and the layers stay the same."""
    import shapely

    monkeypatch.setattr(frame_module, "COORDINATES", 9)
    pieces = list(rows.chunks(10_000))
    weights = [int(shapely.get_num_coordinates(p.geometry.array).sum()) for p in pieces]
    assert len(pieces) > 3 and all(w <= 9 or len(p) == 1 for w, p in zip(weights, pieces, strict=True))
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True), rows.frame())
    write_chunks(pieces, tmp_path / "cut")
    monkeypatch.setattr(frame_module, "COORDINATES", 1 << 20)
    _written(rows, tmp_path / "whole", 10_000)
    for name in ["entities.csv", "entities.geojson", "regions.geojson"]:
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()


def test_geojson_files_leave_no_temporary_file_when_closing_them_fails(tmp_path):
    files = GeoJSONFiles(geojson_paths(tmp_path)).__enter__()

    class DiskFull:
        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

    files.files[None] = DiskFull()  # the closing line of all entities' file cannot be written
    with pytest.raises(OSError):
        files.__exit__(None, None, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
