"""JSON text of a layer's cells and geometries, made in column passes with the bytes json.dumps
gives of each value: the writers of GeoJSON and of the list columns of CSV and GeoPackage spent
most of their time encoding one value at a time, most of them repeated (kinds, provinces, lists
of documents) or numbers of a geometry (float repr, the costliest part, made in one pass).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import chain, pairwise
from json.encoder import encode_basestring  # json's C escaper (ensure_ascii=False)
from typing import Any

import numpy as np
import orjson
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.layers.frame import missing

DIGITS = 6  # about 0.1 m: more than any gazetteer point deserves
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps(value, ensure_ascii=False), made once


def to_json(value: Any) -> str:
    return _ENCODER.encode(value)


def plain(value: Any) -> Any:
    """A JSON-ready property value: NaN/NA to null, numpy scalars to Python ones. Text, whole
    numbers and lists of text (most cells) return at once."""
    kind = type(value)
    if kind is str or kind is int or value is None or (kind is list and all(type(v) is str for v in value)):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return plain(value.tolist())
    return None if missing(value) else value


def cell_texts(values: Sequence[Any]) -> list[str]:
    """`to_json(plain(v))` of each value, encoded once per distinct value where the values are
    text (or None), or lists of text; any other column cell by cell. Keys are the values
    themselves only where equal means the same JSON (1 == 1.0 == True do not)."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        return list(map(_texts_of_strings(set(values)).__getitem__, values))
    if kinds == {list}:
        keys = list(map(tuple, values))
        if set(map(type, chain.from_iterable(keys))) <= {str}:
            strings = _texts_of_strings(set(chain.from_iterable(keys)))
            lists = {key: "[" + ", ".join(map(strings.__getitem__, key)) + "]" for key in set(keys)}
            return list(map(lists.__getitem__, keys))
    if kinds == {int}:
        return list(map(int.__repr__, values))
    if kinds == {float}:
        numbers = np.asarray(values, dtype=np.float64)
        texts = number_texts(numbers)
        for i in np.flatnonzero(np.isnan(numbers)).tolist():
            texts[i] = "null"  # `plain`: NaN is a missing value
        return texts
    return [to_json(plain(v)) for v in values]


def _texts_of_strings(values: set[str | None]) -> dict[str | None, str]:
    """json's text of each string (or None), by json's own C escaper."""
    return {v: "null" if v is None else encode_basestring(v) for v in values}


def _rounded(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda coords: np.round(coords, DIGITS))


def _oriented(geometry: BaseGeometry) -> BaseGeometry:
    """RFC 7946's right-hand rule: exterior rings counter-clockwise."""
    if geometry.geom_type == "Polygon":
        return orient(geometry, sign=1.0)
    if geometry.geom_type == "MultiPolygon":
        return type(geometry)([orient(p, sign=1.0) for p in geometry.geoms])
    return geometry


def rfc7946_geometry(geometry: BaseGeometry | None) -> dict[str, Any] | None:
    """GeoJSON geometry with RFC 7946's right-hand rule (exterior rings counter-clockwise)."""
    if geometry is None or geometry.is_empty:
        return None
    return mapping(_rounded(_oriented(geometry)))


def shape_text(geometry: BaseGeometry | None) -> str:
    """`rfc7946_geometry` as JSON text ("null" for none or empty), one geometry at a time."""
    shape = rfc7946_geometry(geometry)
    return "null" if shape is None else to_json(shape)


_POINT, _LINE, _POLYGON, _LINES, _POLYGONS = 0, 1, 3, 5, 6
_NUMPY = orjson.OPT_SERIALIZE_NUMPY
_NAMES = {_LINE: "LineString", _POLYGON: "Polygon", _LINES: "MultiLineString", _POLYGONS: "MultiPolygon"}


def geometry_texts(geometries: np.ndarray) -> list[str]:
    """`shape_text` of each geometry (an object array). Points, lines and polygons in two
    dimensions (all but odd ones) in column passes: oriented and rounded all at once, every
    number's repr made in one map, each ring joined from its points' texts."""
    texts = ["null"] * len(geometries)
    kinds = shapely.get_type_id(geometries)
    present = (kinds >= 0) & ~shapely.is_empty(geometries)
    flat = ~shapely.has_z(geometries) & ~shapely.has_m(geometries)
    points = np.flatnonzero(present & (kinds == _POINT))
    xy = _pair_texts(shapely.get_coordinates(geometries[points]))
    for i, pair in zip(points.tolist(), xy, strict=True):
        texts[i] = '{"type": "Point", "coordinates": ' + pair + "}"
    done = present & (kinds == _POINT)
    for family in ((_LINE, _LINES), (_POLYGON, _POLYGONS)):
        rows = np.flatnonzero(present & flat & np.isin(kinds, family))
        made = _family_texts(geometries[rows], kinds[rows])
        for i, text in zip(rows.tolist(), made, strict=True):
            if text is not None:
                texts[i] = text
                done[i] = True
    for i in np.flatnonzero(present & ~done).tolist():
        texts[i] = shape_text(geometries[i])
    return texts


def _family_texts(geometries: np.ndarray, kinds: np.ndarray) -> list[str | None]:
    """Texts of lines and multi-lines, or of polygons and multi-polygons (oriented first);
    None for one with an empty part (left to `shape_text`)."""
    if not len(geometries):
        return []
    polygons = bool(np.isin(kinds, (_POLYGON, _POLYGONS)).all())
    if polygons:
        geometries = shapely.orient_polygons(geometries)
    parts, part_of = shapely.get_parts(geometries, return_index=True)
    odd = set(part_of[shapely.is_empty(parts)].tolist())
    if polygons:
        lines, line_of = shapely.get_rings(parts, return_index=True)
    else:
        lines, line_of = parts, np.arange(len(parts))
    coords, coord_of = shapely.get_coordinates(lines, return_index=True)
    line_texts = _array_texts(np.round(coords, DIGITS), coord_of, len(lines))
    part_texts = _grouped(line_texts, line_of, len(parts)) if polygons else line_texts
    multi_texts = _grouped(part_texts, part_of, len(geometries))
    starts = np.searchsorted(part_of, np.arange(len(geometries))).tolist()
    made: list[str | None] = []
    for j, kind in enumerate(kinds.tolist()):
        if j in odd:
            made.append(None)
            continue
        coordinates = multi_texts[j] if kind in (_LINES, _POLYGONS) else part_texts[starts[j]]
        made.append('{"type": "' + _NAMES[kind] + '", "coordinates": ' + coordinates + "}")
    return made


def _grouped(texts: list[str], group_of: np.ndarray, groups: int) -> list[str]:
    """The JSON array text of each group's texts (`group_of`: ascending group of each text)."""
    bounds = np.searchsorted(group_of, np.arange(groups + 1)).tolist()
    return ["[" + ", ".join(texts[a:b]) + "]" for a, b in pairwise(bounds)]


def _array_texts(coords: np.ndarray, line_of: np.ndarray, lines: int) -> list[str]:
    """The JSON text of each line's (ring's) rounded coordinates: orjson's text of the block,
    spaced as json spaces it (only numbers, brackets and commas), where every number is one
    orjson writes as repr does (`number_texts`); else made pair by pair."""
    size = np.abs(coords)
    if not (np.isfinite(coords).all() and ((size >= 1e-4) | (size == 0)).all()):
        return _grouped(_pair_texts(coords), line_of, lines)
    bounds = np.searchsorted(line_of, np.arange(lines + 1)).tolist()
    return [orjson.dumps(coords[a:b], option=_NUMPY).decode().replace(",", ", ") for a, b in pairwise(bounds)]


def _pair_texts(coords: np.ndarray) -> list[str]:
    """ "[x, y]" of each row of an (n, 2) array, rounded to DIGITS, as json writes a pair."""
    numbers = number_texts(np.round(coords, DIGITS).ravel())
    return list(map("[{}, {}]".format, numbers[0::2], numbers[1::2]))


def number_texts(values: np.ndarray) -> list[str]:
    """json's text of each float: its repr, and NaN, Infinity, -Infinity where not finite.
    orjson writes the same shortest digits as repr, five times faster, and the same text from
    1e-4 on (and zero); below that, repr's exponent form (1e-05) differs from orjson's (1e-5),
    so those few numbers, and the ones not finite (orjson's null), are made by json itself."""
    if not len(values):
        return []
    texts = orjson.dumps(values, option=_NUMPY).decode()[1:-1].split(",")
    size = np.abs(values)
    for i in np.flatnonzero(~np.isfinite(values) | ((size < 1e-4) & (size > 0))).tolist():
        texts[i] = to_json(float(values[i]))
    return texts
