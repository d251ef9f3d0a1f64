"""The column-pass encoders give json.dumps' text of every value and geometry: numbers of any
size (orjson's text differs from repr below 1e-4), cells that are equal but not the same JSON
(1, 1.0, True), geometries of every kind, with holes, Z, M, NaN, empty parts or none."""

from __future__ import annotations

import json

import numpy as np
import shapely
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import GeometryCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon

from geo.layers.encode import cell_texts, geometry_texts, number_texts, plain, rfc7946_geometry


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=40))
def test_number_texts_are_json_of_any_float(values):
    rounded = np.round(np.asarray(values, dtype=np.float64), 6)
    assert number_texts(rounded) == [_dumps(v) for v in rounded.tolist()]
    assert number_texts(np.asarray(values, dtype=np.float64)) == [_dumps(v) for v in values]


def test_number_texts_of_small_large_and_signed_zero():
    values = np.array([0.0, -0.0, 1e-4, -1e-4, 9.9e-5, 5e-7, 1e-300, 123.456789, 1e16, 1.5e300, -2.5])
    assert number_texts(values) == [_dumps(v) for v in values.tolist()]


CELLS = [
    [1, 2, 3],
    [1.5, float("nan"), float("inf"), -0.0, 1e-7, 2.0],
    ["a", None, 'b\n"\\', "a", "😀\u200b"],
    [["x", "y"], [], ["x", "y"], ["z"]],
    [1, 1.0, True],
    [["a", 1], ["a", 1.0], ["a", True]],
    [None, None],
    [np.float64(0.5), None, np.int64(3)],
    [],
]


def test_cell_texts_are_json_of_each_cell():
    for values in CELLS:
        assert cell_texts(values) == [_dumps(plain(v)) for v in values], values


@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3)), max_size=20
    )
)
def test_cell_texts_of_text_and_lists(values):
    assert cell_texts(values) == [_dumps(plain(v)) for v in values]


def _expected(shape) -> str:
    return _dumps(rfc7946_geometry(shape))


SHAPES = [
    None,
    Point(),
    Point(113.1234567, 40.7654321),
    Point(100.5, 30.25, 12.0),
    Point(0.00001, -0.0000002),
    Point(float("nan"), 1.0),
    LineString([(113.1, 40.4), (112.5, 40.5), (112.123456789, 40.1)]),
    LineString([(0, 0, 1), (1, 1, 2)]),
    LineString(),
    MultiLineString([[(1, 1), (2, 2)], [(3, 3), (4, 4.0000001)]]),
    Polygon([(0, 0), (0, 1), (1, 1), (1, 0)]),  # clockwise: turned
    Polygon([(110, 30), (111, 30), (111, 31), (110, 31)], [[(110.2, 30.2), (110.2, 30.4), (110.4, 30.4)]]),
    Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 2)]),
    Polygon([(0.00001, 0), (1, 0), (1, 1)]),
    MultiPolygon([Polygon([(0, 0), (0, 1), (1, 1)]), Polygon([(2, 2), (3, 2), (3, 3)])]),
    shapely.from_wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), EMPTY)"),
    shapely.from_wkt("MULTILINESTRING ((0 0, 1 1), EMPTY)"),
    shapely.from_wkt("LINESTRING M (0 0 1, 1 1 2)"),
    GeometryCollection([Point(1, 2), Polygon([(0, 0), (0, 1), (1, 1)])]),
]


def test_geometry_texts_are_json_of_each_rfc7946_geometry():
    shapes = np.array(SHAPES, dtype=object)
    assert geometry_texts(shapes) == [
        _expected(s) if s is not None and not s.is_empty else "null" for s in SHAPES
    ]
    assert geometry_texts(shapes[::-1]) == geometry_texts(shapes)[::-1]
    assert geometry_texts(np.array([], dtype=object)) == []


@given(
    st.lists(
        st.lists(
            st.tuples(st.floats(-180, 180, allow_nan=False), st.floats(-90, 90, allow_nan=False)),
            min_size=3,
            max_size=6,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_geometry_texts_of_random_lines_and_polygons(rings):
    shapes = [LineString(rings[0]), Polygon(rings[0], rings[1:]), MultiLineString(rings)]
    shapes.append(MultiPolygon([Polygon(ring) for ring in rings]))
    assert geometry_texts(np.array(shapes, dtype=object)) == [_expected(s) for s in shapes]
