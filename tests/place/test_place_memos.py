"""What placement keeps between entities and between runs answers as if it had worked it out
afresh, and never for another knowledge, boundary or document."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box

from geo.knowledge.store import Knowledge, using
from geo.place import boundaries
from geo.place.boundaries import boundary, inside_point, union_of
from geo.place.candidates import Context, abbreviation_members, place_by_code
from geo.place.placement import placement_of, seat_point

# A county whose seat lies inside it and one whose seat (its gazetteer point) lies outside it: real units,
# with a boundary in the data package.
INSIDE, OUTSIDE = "150902", "210421"


def _plain_inside_point(code: str, lon: float, lat: float) -> tuple[float, float]:
    area = boundary(code)
    if area is None or area.covers(Point(lon, lat)):
        return lon, lat
    point = area.representative_point()
    return point.x, point.y


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """A fresh disk cache, and a fresh knowledge per `using(Knowledge())`."""
    monkeypatch.setenv("PARKATLAS_CACHE_DIR", str(tmp_path))
    return tmp_path


def _no_boundaries(*_args):
    raise AssertionError("read a boundary although its inside point was stored")


@pytest.mark.parametrize("code", [INSIDE, OUTSIDE])
def test_an_inside_point_is_stored_and_read_back_without_the_boundary(disk, monkeypatch, code):
    unit = place_by_code(code)
    with using(Knowledge()):
        first = inside_point(code, unit.lon, unit.lat)
        assert first == _plain_inside_point(code, unit.lon, unit.lat)
    assert (Path(disk) / "boundaries.sqlite").exists()
    monkeypatch.setattr(boundaries, "_load", _no_boundaries)
    with using(Knowledge()):  # a new run: nothing in memory, the point on disk
        assert inside_point(code, unit.lon, unit.lat) == first


def test_the_seat_outside_its_unit_is_moved_and_the_stored_point_lies_inside(disk):
    unit = place_by_code(OUTSIDE)
    with using(Knowledge()):
        inside_point(OUTSIDE, unit.lon, unit.lat)
    with using(Knowledge()):
        moved = inside_point(OUTSIDE, unit.lon, unit.lat)
        assert moved != (unit.lon, unit.lat)
        assert boundary(OUTSIDE).covers(Point(moved))


def test_a_boundary_given_to_a_knowledge_is_never_stored_nor_answered_from_the_store(disk):
    """A test's or a caller's own polygon for a real unit moves its seat in that knowledge only:
    another run reads the package's boundary, and the given one does not take the stored point."""
    unit = place_by_code(INSIDE)
    with using(Knowledge()):
        real = inside_point(INSIDE, unit.lon, unit.lat)  # stored
    far = box(0, 0, 1, 1)
    given = Knowledge(boundary_index={INSIDE: ("county", Path("/nonexistent"))}, boundaries={INSIDE: far})
    with using(given):
        moved = inside_point(INSIDE, unit.lon, unit.lat)
        assert far.covers(Point(moved)) and moved != real
    with using(Knowledge()):
        assert inside_point(INSIDE, unit.lon, unit.lat) == real


def test_a_placement_shares_its_seat_point_and_gives_the_plain_one(disk):
    place = place_by_code(OUTSIDE)
    with using(Knowledge()):
        one, two = placement_of(place, "name", 0.9), placement_of(place, "document", 0.4)
        assert one.geometry is two.geometry is seat_point(place)
        assert (one.geometry.x, one.geometry.y) == _plain_inside_point(OUTSIDE, place.lon, place.lat)


def test_a_union_is_kept_per_knowledge_and_per_units():
    def areas(**given):
        return Knowledge(
            boundary_index={c: ("county", Path("/nonexistent")) for c in given}, boundaries=given
        )

    with using(areas(**{"990101": box(0, 0, 1, 1), "990102": box(1, 0, 2, 1)})):
        assert union_of(["990101", "990102"]).equals(box(0, 0, 2, 1))
        assert union_of(["990102", "990101", "990102"]).equals(box(0, 0, 2, 1))
        assert union_of(["990101"]).equals(box(0, 0, 1, 1))
    with using(areas(**{"990101": box(5, 5, 6, 6), "990102": box(6, 5, 7, 6)})):
        assert union_of(["990101", "990102"]).equals(box(5, 5, 7, 6))


def test_letters_stand_for_the_units_each_documents_name():
    """The same letters in documents naming different units are different units: what one
    document's named set gave is never another's answer."""
    baotou_ordos = frozenset({"150100", "150200", "150600"})  # 呼和浩特, 包头, 鄂尔多斯
    huzhou_bozhou = frozenset({"330500", "341600", "420700"})  # 湖州, 亳州, 鄂州
    first = abbreviation_members("呼包鄂甲乙协同区", baotou_ordos, Context())
    assert [p.code for p in first] == ["150100", "150200", "150600"]
    other = abbreviation_members("湖亳鄂甲乙协同区", huzhou_bozhou, Context())
    assert [p.code for p in other] == ["330500", "341600", "420700"]
    again = abbreviation_members("呼包鄂甲乙协同区", huzhou_bozhou, Context())
    assert [p.code for p in again] != [p.code for p in first]


# Three real prefectures and a county inside one of them (boundaries in the data package).
REGION = ["150900", "150200", "150100"]


@pytest.mark.parametrize("codes", [REGION, [*REGION, INSIDE], [INSIDE, "150900"], [OUTSIDE]])
def test_a_union_is_stored_and_read_back_exactly_without_its_boundaries(disk, monkeypatch, codes):
    with using(Knowledge()):
        made = union_of(codes)
    plain = shapely.union_all([boundary(c) for c in dict.fromkeys(codes)])
    assert shapely.to_wkb(made) == shapely.to_wkb(plain)
    monkeypatch.setattr(boundaries, "_load", _no_boundaries)
    with using(Knowledge()):  # a new run: nothing in memory, the union on disk
        assert shapely.to_wkb(union_of(codes)) == shapely.to_wkb(plain)


def test_a_union_of_boundaries_given_to_the_knowledge_is_never_stored_nor_read(disk):
    with using(Knowledge()):
        real = union_of(REGION)
    given = {code: box(i, 0, i + 1, 1) for i, code in enumerate(REGION)}
    index = {code: ("prefecture", Path("/nonexistent")) for code in REGION}
    with using(Knowledge(boundary_index=index, boundaries=dict(given))):
        assert union_of(REGION).equals(box(0, 0, 3, 1))
    with using(Knowledge()):
        assert union_of(REGION).equals(real)  # the given boxes were not kept for the real units


def test_a_union_stored_under_another_geos_is_made_afresh(disk, monkeypatch):
    with using(Knowledge()):
        made = union_of(REGION)
    loads = []
    real_load = boundaries._load
    monkeypatch.setattr(boundaries, "_load", lambda code: loads.append(code) or real_load(code))
    monkeypatch.setattr(shapely, "geos_version_string", "0.0.0-other")
    with using(Knowledge()):
        assert shapely.to_wkb(union_of(REGION)) == shapely.to_wkb(made)
    assert sorted(loads) == sorted(REGION)  # its members were read: the stored union was not
