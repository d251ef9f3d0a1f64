"""Ports of entry named after a village, a pass or a river crossing (issue 12): read before 口岸,
never as a bare word. Ports and their counties are real; the other names are invented."""

from __future__ import annotations

import pytest

from geo.knowledge.gazetteer import admin_table, port_index
from geo.knowledge.tables import read_rows
from geo.place.candidates import Context
from geo.place.geocode import from_name


@pytest.mark.parametrize(
    ("name", "county"),
    [
        ("圈河口岸", "珲春市"),
        ("文锦渡口岸", "罗湖区"),
        ("友谊关口岸", "凭祥市"),
        ("樟木口岸", "聂拉木县"),
        ("吐尔尕特口岸", "乌恰县"),
        ("黑山头口岸", "额尔古纳市"),  # not 黑山县, read inside the port's name
        ("天保铁路口岸", "麻栗坡县"),
        ("孟定清水河口岸联检设施项目", "耿马傣族佤族自治县"),
    ],
)
def test_a_port_of_entry_is_placed_in_its_county(name, county):
    placement = from_name(name, Context())
    assert (placement.county, placement.precision) == (county, "county")


def test_a_port_name_that_is_a_common_word_counts_only_before_its_head():
    assert (
        from_name("水口科技产业园", Context()) is None
        or from_name("水口科技产业园", Context()).county != "龙州县"
    )
    assert from_name("水口口岸", Context()).county == "龙州县"


def test_every_port_row_names_one_county_of_its_province():
    table = admin_table()
    rows = read_rows("ports_of_entry")
    for row in rows:
        counties = [
            u
            for u in table.by_name.get(row["county"], ())
            if u.level == "county" and table.province_of(u).name == row["province"]
        ]
        assert len(counties) == 1, row
        assert row["port"] not in table.by_name, row  # a unit's own name needs no port row
    assert len(port_index()) >= len(rows)
