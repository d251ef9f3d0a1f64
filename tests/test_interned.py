"""One object per distinct placement and tags: equal to what it replaces, field for field."""

from __future__ import annotations

import pickle

from shapely.geometry import LineString, Point

from geo.classify.tags import Evidence, IndustryTags
from geo.interned import one_each, shared_placements, shared_tags
from geo.place.placement import Placement


def _county(**changes) -> Placement:
    fields = {"country": "中国", "province": "甲省", "county": "金川县", "adcode": "150000000000"}
    fields |= {"precision": "county", "confidence": 0.8, "geometry": Point(112.5, 40.25), "source": "name"}
    return Placement(**(fields | changes))


def test_equal_values_become_the_first_object_and_none_stays():
    a, b, c = "瑞丰" * 3, "".join(["瑞丰"] * 3), "金川"
    assert a is not b
    kept = one_each([a, None, b, c], key=lambda s: s)
    assert kept == [a, None, a, c] and kept[2] is a


def test_placements_read_back_equal_and_repeats_are_one_object():
    # from a worker each comes back unpickled: equal, but objects (and geometries) of their own
    placements = [pickle.loads(pickle.dumps(_county())) for _ in range(3)] + [None, Placement()]
    placements += [pickle.loads(pickle.dumps(Placement()))]
    kept = shared_placements(placements)
    assert kept == placements
    assert kept[0] is kept[1] is kept[2] and kept[3] is None and kept[4] is kept[5]


def test_placements_differing_in_any_field_stay_apart():
    base = _county()
    others = [
        _county(confidence=0.75),
        _county(places=["金川县"]),
        _county(source="sentence"),
        _county(geometry=Point(112.5, 40.250001)),
        _county(geometry=LineString([(112.5, 40.25), (113, 41)])),
        _county(geometry=None),
        Placement(confidence=-0.0),
        Placement(confidence=0.0),
    ]
    kept = shared_placements([base, *others])
    assert kept == [base, *others]
    assert len({id(p) for p in kept}) == len(kept)
    assert repr(kept[-2].confidence) == "-0.0"


def test_distinct_placements_share_one_geometry_of_equal_coordinates():
    first, second = _county(), pickle.loads(pickle.dumps(_county(source="sentence")))
    assert first.geometry is not second.geometry
    kept = shared_placements([first, second])
    assert kept == [first, second] and kept[0].geometry is kept[1].geometry


def test_equal_tags_are_one_object():
    def tags() -> IndustryTags:
        return pickle.loads(
            pickle.dumps(IndustryTags(("chemicals",), "chemicals", (Evidence("chemicals", "化工", "name"),)))
        )

    other = IndustryTags(("energy",), "energy", ())
    values = [tags(), other, tags(), None]
    kept = shared_tags(values)
    assert kept == values and kept[0] is kept[2] and kept[1] is other and kept[3] is None
