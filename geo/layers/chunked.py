"""A build's layers written chunk of rows by chunk, so that the whole table is never held.

The rows come in chunks of the layers' order (geo.layers.frame.FrameRows.chunks); each chunk
goes to every writer and is dropped. The GeoJSON files and the CSV are the rows' texts joined,
so they are written as the chunks come (same bytes as the whole table at once); the GeoParquet
and the GeoPackage need the whole table's schema and geometry types, so their chunks are
spooled to disk and written at the end (geo.layers.tables). At 100 MiB the whole table and the
writers' copies of it (Arrow tables, the flat text table) were 10-13 KB an entity at the peak;
a chunk's are a fixed few tens of MB (bench/README.md).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path

import geopandas as gpd

from geo.layers.files import write_atomic
from geo.layers.io import (
    KIND_LAYERS,
    CsvLines,
    GeoJSONFiles,
    Known,
    Made,
    _atomic_file,
    _flat,
    _release_arrow_memory,
    _write_ogr,
    release_memory,
)
from geo.layers.tables import TableSpool

GEOJSON, CSV, TABLES = "geojson", "csv", "tables"  # TABLES: the GeoPackage and the GeoParquet
# What a writer reuses of a chunk's rows (a rebuild's store): the GeoJSON texts known and who
# keeps new ones, then the same for the CSV lines; None where nothing is reused.
Reused = tuple[Known | None, Made | None, Known | None, Made | None]
Stored = Callable[[gpd.GeoDataFrame], Reused]


def geojson_paths(out_dir: Path) -> dict[str | None, Path]:
    """All entities' GeoJSON (key None) and one per kind."""
    paths: dict[str | None, Path] = {None: out_dir / "entities.geojson"}
    return paths | {kind: out_dir / f"{layer}.geojson" for kind, layer in KIND_LAYERS.items()}


TABLE_FILES = ("entities.gpkg", "entities.parquet")
CSV_FILE = "entities.csv"


def write_chunks(
    chunks: Iterable[gpd.GeoDataFrame],
    out_dir: Path,
    parts: tuple[str, ...] = (GEOJSON, CSV, TABLES),
    stored: Stored | None = None,
) -> list[Path]:
    """Write `parts` of the layers (GEOJSON: all entities' and one per kind; CSV; TABLES: the
    GeoPackage and GeoParquet) from `chunks`, consecutive pieces of the table in order;
    `stored(chunk)`: what is reused of its rows (`Reused`). Returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix=".spool-", dir=out_dir) as spool_dir:
        spool = TableSpool(Path(spool_dir))
        with ExitStack() as stack:
            geojsons = stack.enter_context(GeoJSONFiles(geojson_paths(out_dir))) if GEOJSON in parts else None
            lines = None
            if CSV in parts:
                raw = stack.enter_context(_atomic_file(out_dir / CSV_FILE))
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
                lines = CsvLines(text)
            for chunk in chunks:
                known, made, known_lines, made_lines = stored(chunk) if stored else (None,) * 4
                if geojsons is not None:
                    geojsons.add(chunk, known, made)
                # once for the CSV and the GeoPackage; the CSV alone makes it of its new rows only
                flat = _flat(chunk) if TABLES in parts else None
                if lines is not None:
                    lines.add(chunk, flat, known_lines, made_lines)
                if flat is not None:
                    spool.add(chunk, flat)
                del flat
                del chunk
                release_memory()
            if lines is not None:
                text.detach()  # the file is closed, and renamed, by its own context
        if geojsons is not None:
            written += list(geojson_paths(out_dir).values())
        if CSV in parts:
            written.append(out_dir / CSV_FILE)
        if TABLES in parts:
            written += _write_tables(spool, out_dir)
    return written


def write_layers(
    frame: gpd.GeoDataFrame, out_dir: Path, known: Known | None = None, made: Made | None = None
) -> list[Path]:
    """The build's layers: all entities in every format, and one GeoJSON per kind; `known` and
    `made`: the rows' GeoJSON texts made before, and who keeps the new ones (`GeoJSONFiles.add`)."""
    return write_chunks([frame], out_dir, stored=lambda _: (known, made, None, None))


def _write_tables(spool: TableSpool, out_dir: Path) -> list[Path]:
    """The GeoParquet and the GeoPackage from the spooled chunks, Arrow's pool handed back to the
    system after each."""
    write_atomic(out_dir / "entities.parquet", spool.write_parquet)
    _release_arrow_memory()

    def gpkg(tmp: Path) -> None:
        spool.write_gpkg(tmp, lambda empty: _write_ogr(empty, tmp, "GPKG", layer="entities", arrow=True))

    write_atomic(out_dir / "entities.gpkg", gpkg)
    _release_arrow_memory()
    return [out_dir / name for name in TABLE_FILES]
