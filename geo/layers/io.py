"""Layers: the entity GeoDataFrame written as GeoJSON, GeoPackage, GeoParquet, CSV and KML.

GeoJSON follows RFC 7946 (lon/lat, no `crs` member, counter-clockwise exterior rings), list
properties are JSON arrays and text is UTF-8, unescaped. Every file is written atomically, and
the same table always gives the same bytes (sorted rows, fixed float precision, a fixed
GeoPackage timestamp).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.layers.files import write_atomic
from geo.layers.frame import LIST_COLUMNS, missing

KIND_LAYERS = {
    "park": "parks",
    "project": "projects",
    "base": "bases",
    "corridor": "corridors",
    "region": "regions",
}
FORMATS = ("geojson", "gpkg", "parquet", "csv", "kml")
_DIGITS = 6  # about 0.1 m: more than any gazetteer point deserves
# GeoPackage stamps the write time into gpkg_contents; a fixed stamp keeps rebuilds identical.
_GPKG_OPTIONS = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}


def _rounded(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda coords: np.round(coords, _DIGITS))


def rfc7946_geometry(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """GeoJSON geometry with RFC 7946's right-hand rule (exterior rings counter-clockwise)."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type == "Polygon":
        geometry = orient(geometry, sign=1.0)
    elif geometry.geom_type == "MultiPolygon":
        geometry = type(geometry)([orient(p, sign=1.0) for p in geometry.geoms])
    return mapping(_rounded(geometry))


def _plain(value: Any) -> Any:
    """A JSON-ready property value: NaN/NA to null, numpy scalars to Python ones. Text, whole
    numbers and lists of text (most cells) return at once: this ran for every cell of every layer."""
    kind = type(value)
    if kind is str or kind is int or value is None or (kind is list and all(type(v) is str for v in value)):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _plain(value.tolist())
    return None if missing(value) else value


def _feature(record: dict[str, Any]) -> dict[str, Any]:
    geometry = record.pop("geometry")
    properties = {key: _plain(value) for key, value in record.items()}
    return {
        "type": "Feature",
        "id": properties["id"],
        "geometry": rfc7946_geometry(geometry),
        "properties": properties,
    }


def feature_collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [_feature(r._asdict()) for r in frame.itertuples(index=False)],
    }


def geometry_objects(geometries: Iterable[BaseGeometry | None]) -> list[dict[str, Any] | None]:
    """`rfc7946_geometry` of each; points (most rows) in one vectorised pass."""
    array = np.asarray(list(geometries), dtype=object)
    found: list[dict[str, Any] | None] = [None] * len(array)
    points = (shapely.get_type_id(array) == 0) & ~shapely.is_empty(array)
    rounded = np.round(shapely.get_coordinates(array[points]), _DIGITS).tolist()
    for i, xy in zip(np.flatnonzero(points).tolist(), rounded, strict=True):
        found[i] = {"type": "Point", "coordinates": tuple(xy)}
    for i in np.flatnonzero(~points).tolist():
        found[i] = rfc7946_geometry(array[i])
    return found


class Known(Protocol):
    """The GeoJSON texts of a frame's rows made before (by an earlier build), where there are."""

    def __len__(self) -> int: ...

    def has(self, row: int) -> bool: ...

    def text(self, row: int) -> str | None:
        """The row's text (asked in row order, each once: a store may read them in blocks);
        None if it is lost after all (a store cleared meanwhile): the writer makes it."""
        ...


Made = Callable[[int, str], None]  # told each feature text made, with its row


def feature_texts(frame: gpd.GeoDataFrame, known: Known | None = None) -> Iterator[tuple[str, str]]:
    """(kind, GeoJSON text) of each row, in order, one line each: json's C encoder (an indented
    dump is its pure-Python one, ten times slower), and each feature made once for every file it
    is in. `known`: texts made of the same rows before (a rebuild's unchanged entities), copied."""
    kinds = frame["kind"].tolist()
    columns = [c for c in frame.columns if c != "geometry"]
    if known is None:
        yield from zip(kinds, _texts_of(frame, columns), strict=True)
        return
    made = _texts_of(frame.iloc[[j for j in range(len(frame)) if not known.has(j)]], columns)
    for j, kind in enumerate(kinds):
        if not known.has(j):
            yield kind, next(made)
        elif (text := known.text(j)) is not None:
            yield kind, text
        else:  # lost after all (the store cleared meanwhile): made from the row
            yield kind, next(_texts_of(frame.iloc[[j]], columns))


def _texts_of(frame: gpd.GeoDataFrame, columns: list[str]) -> Iterator[str]:
    rows = frame[columns].itertuples(index=False, name=None)
    for geometry, row in zip(geometry_objects(frame["geometry"]), rows, strict=True):
        yield _feature_text(columns, geometry, row)


def _feature_text(columns: list[str], geometry: dict[str, Any] | None, row: tuple) -> str:
    properties = {key: _plain(value) for key, value in zip(columns, row, strict=True)}
    feature = {"type": "Feature", "id": properties["id"], "geometry": geometry, "properties": properties}
    return json.dumps(feature, ensure_ascii=False)


_OPEN = '{"type": "FeatureCollection", "features": ['
_CLOSE = "]}\n"


def feature_lines(data: bytes) -> int | None:
    """How many features a FeatureCollection in the layout `write_geojsons` writes holds (the
    header line, one feature a line, the closing line), or None if `data` is not in that layout
    (cut short, or written otherwise): a check of what a build just wrote, without parsing it."""
    head, close = _OPEN.encode(), ("\n" + _CLOSE).encode()
    if not (data.startswith(head) and data.endswith(close)):
        return None
    body = data[len(head) : -len(close)]
    if not body:
        return 0
    lines = body[1:].split(b"\n")  # the first feature follows the header's line break
    if not body.startswith(b"\n") or not all(
        line.startswith(b'{"type": "Feature", ') and line.endswith(b"},") for line in lines[:-1]
    ):
        return None
    return len(lines) if lines[-1].startswith(b'{"type": "Feature", ') and lines[-1].endswith(b"}") else None


def _collection(features: Iterable[str]) -> Iterator[str]:
    """A FeatureCollection's text in pieces, one feature a line."""
    yield _OPEN
    for i, text in enumerate(features):
        yield ("\n" if i == 0 else ",\n") + text
    yield "\n" + _CLOSE


def geojson_text(frame: gpd.GeoDataFrame) -> str:
    return "".join(_collection(text for _, text in feature_texts(frame)))


def write_geojsons(
    frame: gpd.GeoDataFrame,
    paths: dict[str | None, Path],
    known: Known | None = None,
    made: Made | None = None,
) -> None:
    """Every row into `paths[None]` and into its kind's file `paths[kind]`, in one pass over the
    rows with no file's text held in memory; each file written atomically. `known`: the rows'
    texts made before, if any; `made` is told each text made here (to keep it for the next build)."""
    with ExitStack() as stack:
        tmps = {key: stack.enter_context(_atomic_text(path)) for key, path in paths.items()}
        first = dict.fromkeys(tmps, True)
        for out in tmps.values():
            out.write(_OPEN)
        for j, (kind, text) in enumerate(feature_texts(frame, known)):
            if made is not None and (known is None or not known.has(j)):
                made(j, text)
            for key in (None, kind):
                if key in tmps:
                    tmps[key].write(("\n" if first[key] else ",\n") + text)
                    first[key] = False
        for out in tmps.values():
            out.write("\n" + _CLOSE)


@contextmanager
def _atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file written beside `path` and renamed over it only if the writing succeeds."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # opened anew below, so the file gets the usual permissions, not mkstemp's 0600
    try:
        with open(tmp, "x", encoding="utf-8") as out:
            yield out
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _flat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """List columns as JSON text, for formats without list fields (GeoPackage, CSV, KML)."""
    flat = frame.copy()
    for column in LIST_COLUMNS:
        flat[column] = [json.dumps(_plain(v), ensure_ascii=False) for v in flat[column]]
    return flat


def csv_text(frame: gpd.GeoDataFrame, flat: pd.DataFrame | None = None) -> str:
    """CSV with lon/lat of a point on the feature (its own point for points) and the WKT.
    `flat`: the frame's `_flat` form, if the caller made it already."""
    flat = pd.DataFrame((_flat(frame) if flat is None else flat).drop(columns="geometry"))
    geometries = np.asarray(list(frame.geometry), dtype=object)
    present = np.flatnonzero(~(shapely.is_missing(geometries) | shapely.is_empty(geometries))).tolist()
    shapes = geometries[present]
    lon: list[float | None] = [None] * len(frame)
    lat: list[float | None] = [None] * len(frame)
    wkt = [""] * len(frame)
    points = shapely.point_on_surface(shapes)
    texts = shapely.to_wkt(
        shapely.transform(shapes, lambda coords: np.round(coords, _DIGITS)), rounding_precision=-1
    )
    for i, x, y, text in zip(
        present, shapely.get_x(points).tolist(), shapely.get_y(points).tolist(), texts, strict=True
    ):
        lon[i], lat[i], wkt[i] = round(x, _DIGITS), round(y, _DIGITS), text
    flat.insert(len(flat.columns), "lon", lon)
    flat.insert(len(flat.columns), "lat", lat)
    flat["wkt"] = wkt
    for column in flat.columns:
        values = flat[column].tolist()
        if any(type(v) is str and v.startswith(_FORMULA_START) for v in values):
            flat[column] = flat[column].map(safe_cell)
    return flat.to_csv(index=False, lineterminator="\n")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, @SUM) gets a
    leading ' so it shows as text (OWASP CSV injection); numbers and other values stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_ogr(flat: gpd.GeoDataFrame, path: Path, driver: str, layer: str | None = None, **options) -> None:
    """Write a `_flat` frame with GDAL."""
    import pyogrio  # GDAL, loaded only for GeoPackage layers

    types = {g.geom_type for g in flat.geometry if g is not None}
    geometry_type = types.pop() if len(types) == 1 else "Unknown"
    pyogrio.set_gdal_config_options(_GPKG_OPTIONS)
    pyogrio.write_dataframe(
        flat, path, driver=driver, layer=layer, geometry_type=geometry_type, promote_to_multi=False, **options
    )


def write_gpkg(frame: gpd.GeoDataFrame, path: Path, flat: gpd.GeoDataFrame | None = None) -> None:
    """One GeoPackage layer per kind (kinds without entities get no layer). `flat`: the frame's
    `_flat` form, if the caller made it already."""
    flat = _flat(frame) if flat is None else flat

    def write(tmp: Path) -> None:
        for kind, layer in KIND_LAYERS.items():
            part = flat[flat["kind"] == kind]
            if len(part):
                _write_ogr(part, tmp, "GPKG", layer=layer, append=tmp.exists())
        if not tmp.exists():  # nothing found: still a valid, empty GeoPackage
            _write_ogr(flat, tmp, "GPKG", layer="entities")

    write_atomic(path, write)


def write_layer(frame: gpd.GeoDataFrame, path: Path, fmt: str) -> Path:
    """Write one table in one format, atomically."""
    writers: dict[str, Callable[[Path], None]] = {
        "geojson": lambda tmp: tmp.write_text(geojson_text(frame), encoding="utf-8"),
        "csv": lambda tmp: tmp.write_text(csv_text(frame), encoding="utf-8"),
        "parquet": lambda tmp: frame.to_parquet(tmp, index=False),
        "kml": lambda tmp: _write_ogr(
            _flat(frame.rename(columns={"name": "Name"})), tmp, "KML", layer="entities"
        ),
    }
    if fmt == "gpkg":
        write_gpkg(frame, path)
    elif fmt in writers:
        write_atomic(path, writers[fmt])
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return path


def write_layers(
    frame: gpd.GeoDataFrame, out_dir: Path, known: Known | None = None, made: Made | None = None
) -> list[Path]:
    """The build's layers: all entities in every format, and one GeoJSON per kind; `known` and
    `made`: the rows' GeoJSON texts made before, and who keeps the new ones (`write_geojsons`)."""
    return write_geojson_layers(frame, out_dir, known, made) + write_table_layers(frame, out_dir)


def write_geojson_layers(
    frame: gpd.GeoDataFrame, out_dir: Path, known: Known | None = None, made: Made | None = None
) -> list[Path]:
    """All entities' GeoJSON and one per kind: the half of `write_layers` a build may write in
    another process while it writes the other (`write_table_layers`)."""
    geojsons: dict[str | None, Path] = {None: out_dir / "entities.geojson"}
    geojsons |= {kind: out_dir / f"{layer}.geojson" for kind, layer in KIND_LAYERS.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    write_geojsons(frame, geojsons, known, made)
    return list(geojsons.values())


def write_table_layers(frame: gpd.GeoDataFrame, out_dir: Path) -> list[Path]:
    """The GeoPackage, the CSV and the GeoParquet of all entities."""
    out_dir.mkdir(parents=True, exist_ok=True)
    flat = _flat(frame)  # once for the GeoPackage and the CSV
    write_gpkg(frame, out_dir / "entities.gpkg", flat)
    write_atomic(
        out_dir / "entities.csv", lambda tmp: tmp.write_text(csv_text(frame, flat), encoding="utf-8")
    )
    return [
        out_dir / "entities.gpkg",
        write_layer(frame, out_dir / "entities.parquet", "parquet"),
        out_dir / "entities.csv",
    ]


def _as_list(value: Any) -> list:
    if isinstance(value, str):
        return json.loads(value)
    return [] if value is None else list(value)


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """Read a built layer back with its list columns as lists (GeoParquet keeps them)."""
    if path.suffix == ".parquet":
        frame = gpd.read_parquet(path)
        for column in LIST_COLUMNS:
            frame[column] = [list(v) if v is not None else [] for v in frame[column]]
        return frame
    frame = gpd.read_file(path)
    for column in LIST_COLUMNS:
        if column in frame:
            frame[column] = [_as_list(v) for v in frame[column]]
    return frame
