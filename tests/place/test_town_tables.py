"""Towns that jionlp's table lists under a code the division table no longer has (issue 12): a
county moved to another prefecture under a new code, and a functional area the statistical codes
list like a county. Towns and units are real; the park names are invented."""

from __future__ import annotations

from geo.place.candidates import Context
from geo.place.geocode import from_name


def test_towns_of_a_county_moved_to_another_prefecture_are_todays_countys():
    placement = from_name("范家屯镇", Context())  # 公主岭市, moved from 四平 to 长春 under a new code
    assert (placement.prefecture, placement.county) == ("长春市", "公主岭市")


def test_a_town_of_a_functional_area_stands_for_its_prefecture():
    placement = from_name("白沟镇箱包产业园", Context())  # listed under 保定白沟新城
    assert (placement.province, placement.prefecture, placement.precision) == (
        "河北省",
        "保定市",
        "prefecture",
    )


def test_a_functional_area_town_does_not_outrank_a_countys_namesake():
    from geo.knowledge.gazetteer import town_index

    for codes in town_index().values():
        if any(not c.endswith("00") for c in codes):
            assert all(not c.endswith("00") for c in codes), codes
