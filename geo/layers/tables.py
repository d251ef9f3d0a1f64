"""The GeoParquet and the GeoPackage of a table written chunk of rows by chunk.

Both need what only the whole table tells: the GeoParquet's schema (a column all null in the
whole table is Arrow's null type, not text; its `geo` metadata holds the bbox and the geometry
types of all rows) and each GeoPackage layer's geometry type. So each chunk's Arrow tables (as
geopandas and pyogrio convert a frame) are spooled to Arrow IPC files beside the build, and
the two files are written from them once the last chunk is in, one chunk in memory at a time:
the GeoParquet a row group per chunk, each GeoPackage layer by one `write_arrow` over a stream
of its chunks (GDAL builds its R-tree once). A table of one chunk gives the bytes
`GeoDataFrame.to_parquet` and `pyogrio.write_dataframe` give (tests/layers).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from geopandas.array import to_wkb

# Two private functions, so that a one-chunk GeoParquet has exactly to_parquet's bytes: a rename
# fails at import, a change of their output fails tests/layers/test_chunked.py's
# test_one_chunk_gives_the_bytes_of_geopandas_and_pyogrio; neither passes silently.
from geopandas.io.arrow import _geopandas_to_arrow  # to_parquet's conversion and metadata
from pyarrow.pandas_compat import get_logical_type

from geo.layers.io import KIND_LAYERS, gpkg_stream, layer_geometry_type

_EMPTY = (pa.null(), pa.list_(pa.null()))  # what Arrow infers of a column with no value


class TableSpool:
    """Chunks of a table (`add`, in order) kept on disk in `folder` until `write_parquet` and
    `write_gpkg` write them; the folder is the caller's (a temporary one inside the build)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schemas: list[pa.Schema] = []
        self.bounds: list[list[float]] = []
        self.geometry_types: set[str] = set()
        self.kinds: dict[str, set[str]] = {}  # kind -> geometry types of its rows
        self.part_kinds: list[set[str]] = []  # the kinds of each chunk's rows
        self.empty: gpd.GeoDataFrame | None = None

    def add(self, frame: gpd.GeoDataFrame, flat: gpd.GeoDataFrame) -> None:
        """One chunk: `frame` as the GeoParquet holds it, `flat` (list columns as JSON text)
        as the GeoPackage does."""
        if self.empty is None:
            self.empty = flat.iloc[:0]
        part = len(self.schemas)
        table = _geopandas_to_arrow(frame, index=False)  # to_parquet's own conversion
        geo = json.loads(table.schema.metadata[b"geo"])["columns"]["geometry"]
        self.bounds += [geo["bbox"]] if "bbox" in geo else []
        self.geometry_types.update(geo["geometry_types"])
        self.schemas.append(table.schema)
        _spool(self.folder / f"{part}.parquet.arrow", table)
        del table
        shapes = flat.geometry.array
        kinds = flat["kind"].to_numpy()
        self.part_kinds.append(set(pd.unique(kinds).tolist()))
        for kind in self.part_kinds[-1]:
            types = self.kinds.setdefault(kind, set())
            types.update(t for t in shapes[kinds == kind].geom_type if isinstance(t, str))
        _spool(self.folder / f"{part}.gpkg.arrow", ogr_table(flat))

    def parts(self, form: str, kind: str | None = None) -> Iterator[pa.Table]:
        """The spooled chunks of `form` ("parquet" or "gpkg"), one read at a time; with `kind`,
        only those holding rows of it (rows are sorted by kind: a few consecutive chunks)."""
        for part, kinds in enumerate(self.part_kinds):
            if kind is not None and kind not in kinds:
                continue
            with pa.OSFile(str(self.folder / f"{part}.{form}.arrow")) as source:
                yield pa.ipc.open_file(source).read_all()

    def write_parquet(self, path: Path) -> None:
        """The GeoParquet: the whole table's schema and `geo` metadata, a row group a chunk."""
        schema = self.schema()
        with pq.ParquetWriter(path, schema, compression="snappy") as writer:
            for table in self.parts("parquet"):
                writer.write_table(table.cast(schema) if table.schema != schema else table)
                del table
                pa.default_memory_pool().release_unused()  # one chunk's buffers at a time

    def schema(self) -> pa.Schema:
        """What Arrow infers of the whole table: a column's type as any chunk with a value has
        it, pandas' metadata of those types, and geopandas' `geo` metadata of all rows."""
        first = self.schemas[0]
        fields, changed = [], {}
        for index, field in enumerate(first):
            types = {schema.field(index).type for schema in self.schemas}
            full = {t for t in types if t not in _EMPTY} or types
            if len(full) > 1:
                raise ValueError(f"column {field.name!r} has types {sorted(map(str, full))} in chunks")
            wide = full.pop()
            fields.append(field.with_type(wide))
            if wide != field.type:
                changed[field.name] = get_logical_type(wide)
        metadata = dict(first.metadata)
        described = json.loads(metadata[b"pandas"])
        for column in described["columns"]:
            column["pandas_type"] = changed.get(column["name"], column["pandas_type"])
        metadata[b"pandas"] = json.dumps(described).encode("utf8")
        metadata[b"geo"] = json.dumps(self._geo(json.loads(metadata[b"geo"]))).encode("utf-8")
        return pa.schema(fields, metadata=metadata)

    def _geo(self, geo: dict) -> dict:
        """The first chunk's `geo` metadata with the bbox and geometry types of all chunks."""
        column = geo["columns"]["geometry"]
        column["geometry_types"] = sorted(self.geometry_types)
        column.pop("bbox", None)
        if self.bounds:
            boxes = np.asarray(self.bounds)
            column["bbox"] = [*boxes[:, :2].min(axis=0).tolist(), *boxes[:, 2:].max(axis=0).tolist()]
        return geo

    def write_gpkg(self, path: Path, write_empty: Callable[[gpd.GeoDataFrame], None]) -> None:
        """One GeoPackage layer per kind (geo.layers.io.KIND_LAYERS, in order), each by one
        `write_arrow` over its rows' batches; no row at all: `write_empty(empty flat frame)`."""
        for kind, layer in KIND_LAYERS.items():
            if kind in self.kinds:
                geometry_type = layer_geometry_type(self.kinds[kind])
                gpkg_stream(self._batches(kind), path, layer, geometry_type, append=path.exists())
        if not path.exists():
            write_empty(self.empty)

    def _batches(self, kind: str) -> pa.RecordBatchReader:
        """The GeoPackage form of the rows of `kind`, a stream of batches read chunk by chunk."""
        schema = next(self.parts("gpkg", kind)).schema

        def batches() -> Iterator[pa.RecordBatch]:
            for table in self.parts("gpkg", kind):
                rows = table.filter(pc.equal(table["kind"], kind))
                yield from rows.cast(schema).to_batches()

        return pa.RecordBatchReader.from_batches(schema, batches())


def _spool(path: Path, table: pa.Table) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def ogr_table(flat: gpd.GeoDataFrame) -> pa.Table:
    """A `_flat` frame as pyogrio's `write_dataframe(use_arrow=True)` hands it to GDAL: geometry
    as WKB, Arrow's null type as text (GDAL has no null field type). Every column is text but
    the numbers (confidence, mentions), so every chunk has the same schema."""
    frame = pd.DataFrame(flat, copy=False)
    frame["geometry"] = to_wkb(flat.geometry.values)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for index, field in enumerate(table.schema):
        if pa.types.is_null(field.type):
            table = table.set_column(index, field.with_type(pa.string()), table[index].cast(pa.string()))
    geometry = table.schema.get_field_index("geometry")
    if not pa.types.is_binary(table.schema.field(geometry).type):
        field = table.schema.field(geometry)
        table = table.set_column(geometry, field.with_type(pa.binary()), table[geometry].cast(pa.binary()))
    return table
