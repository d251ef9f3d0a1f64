"""Names shared by units of different levels (issue 12), on invented park and project names."""

from __future__ import annotations

import pytest

from geo.place.candidates import Context
from geo.place.geocode import from_name


@pytest.mark.parametrize("name", ["吉林经济技术开发区", "吉林高新区", "吉林综合保税区"])
def test_a_province_short_name_before_a_head_is_its_namesake_city(name):
    placement = from_name(name, Context())
    assert (placement.province, placement.prefecture) == ("吉林省", "吉林市")


@pytest.mark.parametrize("name", ["吉林省经济技术开发区", "吉林老工业基地振兴计划"])
def test_the_full_province_name_or_a_name_with_no_head_after_it_stays_at_the_province(name):
    placement = from_name(name, Context())
    assert (placement.province, placement.prefecture) == ("吉林省", None)


def test_a_namesake_prefecture_of_another_province_is_not_taken():
    placement = from_name("海南经济特区", Context())
    assert placement is None or placement.prefecture is None
