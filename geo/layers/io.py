"""Layers: the entity GeoDataFrame written as GeoJSON, GeoPackage, GeoParquet, CSV and KML.

GeoJSON follows RFC 7946 (lon/lat, no `crs` member, counter-clockwise exterior rings), list
properties are JSON arrays and text is UTF-8, unescaped. Every file is written atomically, and
the same table always gives the same bytes (sorted rows, fixed float precision, a fixed
GeoPackage timestamp).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TextIO

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.layers.csvrows import header_line, row_lines, write_rows, write_table
from geo.layers.encode import DIGITS as _DIGITS
from geo.layers.encode import cell_texts, geometry_texts, to_json
from geo.layers.files import write_atomic
from geo.layers.frame import CRS, LIST_COLUMNS

KIND_LAYERS = {
    "park": "parks",
    "project": "projects",
    "base": "bases",
    "corridor": "corridors",
    "region": "regions",
}
FORMATS = ("geojson", "gpkg", "parquet", "csv", "kml")
# GeoPackage stamps the write time into gpkg_contents; a fixed stamp keeps rebuilds identical.
_GPKG_OPTIONS = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}


class Known(Protocol):
    """The GeoJSON texts of a frame's rows made before (by an earlier build), where there are."""

    def __len__(self) -> int: ...

    def has(self, row: int) -> bool: ...

    def text(self, row: int) -> str | None:
        """The row's text (asked in row order, each once: a store may read them in blocks);
        None if it is lost after all (a store cleared meanwhile): the writer makes it."""
        ...


Made = Callable[[int, str], None]  # told each feature text made, with its row


_CHUNK = 4096  # rows a writer converts at once: its memory is a chunk's, not the table's


def feature_texts(frame: gpd.GeoDataFrame, known: Known | None = None) -> Iterator[tuple[str, str]]:
    """(kind, GeoJSON text) of each row, in order, one line each: json's C encoder (an indented
    dump is its pure-Python one, ten times slower), and each feature made once for every file it
    is in. `known`: texts made of the same rows before (a rebuild's unchanged entities), copied."""
    kinds = frame["kind"].tolist()
    columns = [c for c in frame.columns if c != "geometry"]
    if known is None:
        yield from zip(kinds, _texts_of(frame, columns, range(len(frame))), strict=True)
        return
    texts = with_known(len(frame), known, lambda rows: _texts_of(frame, columns, rows))
    yield from zip(kinds, texts, strict=True)


def with_known(count: int, known: Known, make: Callable[[list[int]], Iterator[str]]) -> Iterator[str]:
    """Each of `count` rows' texts, in order: copied from `known` where it holds the row, else
    made by `make` (all such rows in one call); a row whose known text is lost after all (the
    store cleared meanwhile) is made alone. The GeoJSON features and the CSV lines of a rebuild."""
    made = make([j for j in range(count) if not known.has(j)])
    for j in range(count):
        if not known.has(j):
            yield next(made)
        elif (text := known.text(j)) is not None:
            yield text
        else:
            yield next(make([j]))


def _texts_of(frame: gpd.GeoDataFrame, columns: list[str], rows: Sequence[int]) -> Iterator[str]:
    """The feature text of each of `rows` (positions), a chunk of rows converted at a time, each
    column's cells encoded in one pass (`cell_texts`)."""
    arrays = [frame[c].to_numpy() for c in columns]
    keys = [to_json(c) + ": " for c in columns]
    ident = columns.index("id")
    shapes = np.asarray(frame.geometry.array, dtype=object)
    for start in range(0, len(rows), _CHUNK):
        chunk = np.asarray(rows[start : start + _CHUNK], dtype=np.intp)
        cells = [cell_texts(array[chunk].tolist()) for array in arrays]
        for geometry, row in zip(geometry_texts(shapes[chunk]), zip(*cells, strict=True), strict=True):
            yield _feature_text(keys, geometry, row, ident)


def _feature_text(keys: list[str], geometry: str, row: tuple[str, ...], ident: int) -> str:
    """One feature's JSON: the text json.dumps gives of {type, id, geometry, properties}, from
    the JSON texts of its cells (`row`; its id at `ident`) and of its geometry, each made apart."""
    properties = ", ".join(map(str.__add__, keys, row))
    return (
        f'{{"type": "Feature", "id": {row[ident]}, "geometry": {geometry}, "properties": {{{properties}}}}}'
    )


_OPEN = '{"type": "FeatureCollection", "features": ['
_CLOSE = "]}\n"


_LINE = b'{"type": "Feature", '  # how every feature line starts


def feature_lines(data: bytes) -> int | None:
    """`feature_lines_of` a FeatureCollection's bytes."""
    return feature_lines_of(io.BytesIO(data))


def feature_lines_of(stream: BinaryIO) -> int | None:
    """How many features a FeatureCollection in the layout `GeoJSONFiles` writes holds (the
    header line, one feature a line, the closing line), or None if the text is not in that
    layout (cut short, or written otherwise): a check of what a build just wrote, without
    parsing it. Read line by line (a feature text holds no raw line break), so the check holds
    one feature at a time: reading the whole file held the largest layer (gigabytes at 1 GB of
    documents)."""
    if stream.readline() != _OPEN.encode() + b"\n":
        return None
    count, before, last = 0, None, None
    for line in stream:
        if before is not None:  # a feature followed by another one
            if not (before.startswith(_LINE) and before.endswith(b"},\n")):
                return None
            count += 1
        before, last = last, line
    if last != _CLOSE.encode():
        return None
    if before is None:
        return count
    whole = before.startswith(_LINE) and before.endswith(b"}\n") and not before.endswith(b",\n")
    return count + 1 if whole else None


def _collection(features: Iterable[str]) -> Iterator[str]:
    """A FeatureCollection's text in pieces, one feature a line."""
    yield _OPEN
    for i, text in enumerate(features):
        yield ("\n" if i == 0 else ",\n") + text
    yield "\n" + _CLOSE


def geojson_text(frame: gpd.GeoDataFrame) -> str:
    return "".join(_collection(text for _, text in feature_texts(frame)))


class GeoJSONFiles:
    """The GeoJSON files of a build, open while chunks of rows are added in order (`add`): a
    file's text is the rows' features joined, so chunk by chunk gives the same bytes as the
    whole table at once. Each file replaces its path only if every chunk was written."""

    def __init__(self, paths: dict[str | None, Path]) -> None:
        self.paths, self.stack = paths, ExitStack()

    def __enter__(self) -> GeoJSONFiles:
        with ExitStack() as stack:
            self.files = {key: stack.enter_context(_atomic_file(path)) for key, path in self.paths.items()}
            self.first = dict.fromkeys(self.files, True)
            for out in self.files.values():
                out.write(_OPEN.encode())
            self.stack = stack.pop_all()
        return self

    def add(self, frame: gpd.GeoDataFrame, known: Known | None = None, made: Made | None = None) -> None:
        """The chunk's rows; `known`: their texts made before, if any, by row of the chunk; `made` is
        told each text made here (to keep it for the next build)."""
        files, first = self.files, self.first
        for j, (kind, text) in enumerate(feature_texts(frame, known)):
            if made is not None and (known is None or not known.has(j)):
                made(j, text)
            data = text.encode()  # once for the two files it goes into
            for key in (None, kind):
                if key in files:  # the separator apart: no copy of the feature's bytes
                    files[key].write(b"\n" if first[key] else b",\n")
                    files[key].write(data)
                    first[key] = False

    def __exit__(self, kind: type | None, *rest: Any) -> None:
        """Close every file; a failure here too (disk full) discards them all, never left behind."""
        try:
            if kind is None:
                for out in self.files.values():
                    out.write(("\n" + _CLOSE).encode())
        except BaseException as err:
            if not self.stack.__exit__(type(err), err, err.__traceback__):
                raise
        else:
            self.stack.__exit__(kind, *rest)


@contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file written beside `path` and renamed over it only if the writing succeeds."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # opened anew below, so the file gets the usual permissions, not mkstemp's 0600
    try:
        with open(tmp, "xb") as out:
            yield out
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _flat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """List columns as JSON text, for formats without list fields (GeoPackage, CSV, KML)."""
    flat = frame.copy(deep=False)  # copy-on-write: the frame's own columns stay as they are
    for column in LIST_COLUMNS:
        flat[column] = cell_texts(flat[column].tolist())
    return flat


def csv_text(frame: gpd.GeoDataFrame, flat: pd.DataFrame | None = None) -> str:
    """CSV with lon/lat of a point on the feature (its own point for points) and the WKT.
    `flat`: the frame's `_flat` form, if the caller made it already."""
    out = io.StringIO(newline="")
    write_table(_csv_table(frame, flat), out)
    return out.getvalue()


def write_csv(
    frame: gpd.GeoDataFrame,
    path: Path,
    flat: pd.DataFrame | None = None,
    known: Known | None = None,
    made: Made | None = None,
) -> None:
    """`csv_text` written into `path` by the csv module (geo.layers.csvrows: pandas' bytes).
    `known`: the rows' CSV lines made before (a row's line is a function of the row alone: each
    cell converted by itself), copied; `made` is told each line made here."""
    with path.open("w", encoding="utf-8", newline="") as out:
        CsvLines(out).add(frame, flat, known, made)


class CsvLines:
    """The CSV of a table written into `out` chunk of rows by chunk (`add`), in order: the
    header before the first, then each row's line, a function of the row alone."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.started = out, False

    def add(
        self,
        frame: gpd.GeoDataFrame,
        flat: pd.DataFrame | None = None,
        known: Known | None = None,
        made: Made | None = None,
    ) -> None:
        """The chunk's lines; `flat`: its `_flat` form if made (else made here, of the rows whose
        lines are not `known` alone: a line is a function of its row); `known`, `made`:
        `write_csv`'s."""
        if not self.started:
            head = _flat(frame.iloc[:0]) if flat is None else flat.iloc[:0]
            self.out.write(header_line(_csv_table(frame.iloc[:0], head)))
            self.started = True
        if known is None:
            write_rows(_csv_table(frame, flat), self.out)
            return

        def lines_of(todo: list[int]) -> Iterator[str]:
            part = None if flat is None else flat.iloc[todo]
            return iter(row_lines(_csv_table(frame.iloc[todo], part)))

        for j, line in enumerate(with_known(len(frame), known, lines_of)):
            if made is not None and not known.has(j):
                made(j, line)
            self.out.write(line)


def _csv_table(frame: gpd.GeoDataFrame, flat: pd.DataFrame | None = None) -> pd.DataFrame:
    """The CSV's table: `_flat` without geometry, with lon, lat and WKT, formula cells defused."""
    flat = pd.DataFrame((_flat(frame) if flat is None else flat).drop(columns="geometry"))
    geometries = np.asarray(frame.geometry.array, dtype=object)
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
    flat["wkt"] = pd.Series(wkt, index=flat.index, dtype=object)  # no Arrow copy to convert back
    for column in flat.columns:
        if _has_formula(flat[column].tolist()):
            flat[column] = flat[column].map(safe_cell)
    return flat


def _has_formula(values: list[Any]) -> bool:
    """Whether a text cell starts as a formula (`safe_cell`). A column of text and None is
    searched as one joined string by the regex engine (a NUL inside a cell may match too: the
    column is then mapped by `safe_cell`, which changes only the true ones); others cell by cell."""
    kinds = set(map(type, values))
    if str not in kinds:
        return False
    if kinds <= {str, type(None)}:
        return _FORMULA_AFTER_NUL.search("\x00" + "\x00".join(filter(None, values))) is not None
    return any(type(v) is str and v.startswith(_FORMULA_START) for v in values)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_AFTER_NUL = re.compile("\x00[" + re.escape("".join(_FORMULA_START)) + "]")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, @SUM) gets a
    leading ' so it shows as text (OWASP CSV injection); numbers and other values stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_ogr(
    flat: gpd.GeoDataFrame, path: Path, driver: str, layer: str | None = None, arrow: bool = False, **options
) -> None:
    """Write a `_flat` frame with GDAL; `arrow`: through GDAL's Arrow stream (pyogrio's
    use_arrow), which hands GDAL whole columns instead of setting each field of each feature
    from Python, about twice as fast, and gives a GeoPackage the same bytes (tests/layers)."""
    import pyogrio  # GDAL, loaded only for GeoPackage layers

    geometry_type = layer_geometry_type({g.geom_type for g in flat.geometry if g is not None})
    pyogrio.set_gdal_config_options(_GPKG_OPTIONS)
    pyogrio.write_dataframe(
        flat,
        path,
        driver=driver,
        layer=layer,
        geometry_type=geometry_type,
        promote_to_multi=False,
        use_arrow=arrow,
        **options,
    )


def layer_geometry_type(types: set[str]) -> str:
    """The geometry type a GDAL layer is declared with: its rows' one type, else "Unknown" (a
    layer of mixed or no geometries). The frame's writer and the chunked one (geo.layers.tables)
    both ask here, so the app's export and the build declare a kind's layer alike."""
    return next(iter(types)) if len(types) == 1 else "Unknown"


def gpkg_stream(batches: Any, path: Path, layer: str, geometry_type: str, append: bool) -> None:
    """One GeoPackage layer from a stream of Arrow batches (geo.layers.tables.ogr_table's form),
    as `_write_ogr` with `arrow` writes a frame: one GDAL write, one R-tree."""
    import pyogrio
    from pyogrio.raw import write_arrow

    pyogrio.set_gdal_config_options(_GPKG_OPTIONS)
    write_arrow(
        batches,
        path,
        layer=layer,
        driver="GPKG",
        geometry_name="geometry",
        geometry_type=geometry_type,
        crs=CRS,
        encoding=None,
        append=append,
    )


def write_gpkg(
    frame: gpd.GeoDataFrame, path: Path, flat: gpd.GeoDataFrame | None = None, arrow: bool = True
) -> None:
    """One GeoPackage layer per kind (kinds without entities get no layer). `flat`: the frame's
    `_flat` form, if the caller made it already; `arrow`: see `_write_ogr`."""
    flat = _flat(frame) if flat is None else flat

    def write(tmp: Path) -> None:
        for kind, layer in KIND_LAYERS.items():
            part = flat[flat["kind"] == kind]
            if len(part):
                _write_ogr(part, tmp, "GPKG", layer=layer, arrow=arrow, append=tmp.exists())
        if not tmp.exists():  # nothing found: still a valid, empty GeoPackage
            _write_ogr(flat, tmp, "GPKG", layer="entities", arrow=arrow)

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


def _release_arrow_memory() -> None:
    """Return what Arrow's allocator (mimalloc) keeps of the buffers it freed: about 70 MB on
    15,000 entities, otherwise held to the end of the build."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def release_memory() -> None:
    """Return the freed memory of a chunk of rows to the system: Arrow's (`_release_arrow_memory`)
    and the C heap's (glibc's malloc_trim; elsewhere nothing). Without it each chunk's buffers,
    freed in another order than made, left the heap fragmented and the next chunk grew it: the
    writers held 130-300 MB more after a few chunks of 16,384 rows (bench/README.md)."""
    _release_arrow_memory()
    if (trim := _malloc_trim()) is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, looked up on first use (find_library runs `ldconfig -p`: not at import)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


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
