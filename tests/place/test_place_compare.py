"""Places compared by code first: the same answers as comparing every field."""

from __future__ import annotations

from dataclasses import astuple, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.knowledge.gazetteer import admin_table, foreign_places
from geo.place.candidates import LEVEL_RANK, Place, place_of


def _pool() -> list[Place]:
    """Units of every level, places abroad, field-equal copies (another object, as a snapshot's
    places are beside place_of's) and namesakes that differ in one field only."""
    table = admin_table()
    units = [place_of(u) for u in table.units[:: max(1, len(table.units) // 300)]]
    units += [place_of(u) for u in table.units if u.level == "province"]
    abroad = [Place(p.name, p.level, p.country, p.lon, p.lat) for p in list(foreign_places().values())[:20]]
    copies = [replace(p) for p in units[:40] + abroad[:5]]
    moved = [replace(p, lon=p.lon + 1) for p in units[:10]] + [replace(p, name="甲") for p in abroad[:5]]
    return units + abroad + copies + moved


POOL = _pool()


def _plain_within(place: Place, other: Place) -> bool:
    """Place.within with equality read off every field."""
    if astuple(place) == astuple(other):
        return True
    if place.country != other.country:
        return False
    if other.level == "country":
        return True
    if not (place.code and other.code) or LEVEL_RANK[place.level] <= LEVEL_RANK[other.level]:
        return False
    if other.level == "province":
        return place.code[:2] == other.code[:2]
    unit = place.unit
    return other.level == "prefecture" and unit is not None and unit.prefecture_code == other.code


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(POOL), st.sampled_from(POOL))
def test_equality_and_inclusion_are_those_of_every_field(place, other):
    assert (place == other) == (astuple(place) == astuple(other))
    assert place.within(other) == _plain_within(place, other)


def test_a_copy_is_equal_and_within_its_original():
    place = POOL[0]
    copy = replace(place)
    assert copy is not place and copy == place and copy.within(place) and place.within(copy)
