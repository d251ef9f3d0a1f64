"""Ports of entry named after a village, a pass or a river crossing (issue 12): read before 口岸,
never as a bare word. Ports and their counties are real; the other names are invented."""

from __future__ import annotations

import pytest

from geo.knowledge.gazetteer import admin_table, port_index
from geo.knowledge.tables import read_rows
from geo.place import candidates
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


def _plain_with_ports(text, hits):
    """`_with_ports` as first written: every name compared with every port."""
    from geo.place.candidates import Hit, _port_scanner

    ports = [
        Hit(start, end, name, places, via)
        for start, end, name, (places, via) in _port_scanner().scan(text)
        if text.startswith(candidates._PORT_TAILS, end)
    ]
    if not ports:
        return hits
    kept = [
        h
        for h in hits
        if not any(h.start < p.end and p.start < h.end and h.end - h.start <= p.end - p.start for p in ports)
    ]
    ports = [p for p in ports if not any(h.start < p.end and p.start < h.end for h in kept)]
    return sorted([*kept, *ports], key=lambda h: h.start)


def test_ports_win_over_the_names_they_overlap_in_a_long_text_as_compared_one_by_one():
    """A document names many places and several ports: each name is compared only with the ports
    around it, with the answer of comparing it with all of them."""
    text = "。".join(
        f"推进珲春市圈河口岸、罗湖区文锦渡口岸和黑山头口岸建设,额尔古纳市{i}号线连通樟木口岸与聂拉木县"
        for i in range(8)
    )
    hits = candidates.scan(text)
    assert candidates._with_ports(text, hits) == _plain_with_ports(text, hits)
    assert sum(h.via == "port" for h in candidates._with_ports(text, hits)) >= 16
