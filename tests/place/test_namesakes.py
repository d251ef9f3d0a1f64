"""Names shared by units of different levels (issue 12), on invented park and project names."""

from __future__ import annotations

import pytest

from geo.knowledge.gazetteer import admin_table
from geo.place.candidates import Context, place_by_code
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


@pytest.mark.parametrize(
    ("name", "county"),
    [
        ("亦庄", "大兴区"),  # a two-character town alone
        ("博鳌康养先行区", "琼海市"),  # opening a name whose head the lexicon lacks
        ("光明未来城", "光明区"),  # a district named like a common word
    ],
)
def test_the_place_a_name_opens_with_is_where_it_is(name, county):
    assert from_name(name, Context()).county == county


def test_an_opening_town_of_several_counties_or_outside_the_documents_provinces_is_not_taken():
    assert from_name("大江东产业集聚区", Context()) is None  # 大江 towns in two counties
    jilin = place_by_code(admin_table().by_name["吉林省"][0].code)
    assert from_name("博鳌康养先行区", Context((jilin,))) is None
