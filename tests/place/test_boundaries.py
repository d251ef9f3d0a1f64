"""Boundaries: a point inside its unit, regions as areas, online answers checked by polygon, and
names of municipality districts, province-governed cities, fused words and former units."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo.build import build
from geo.knowledge.store import Knowledge, using
from geo.model import Entity, Mention
from geo.place.boundaries import boundary, contains, inside_point, union_of
from geo.place.candidates import Context, place_by_code
from geo.place.geocode import from_name, place_entities
from geo.place.online import plausible
from geo.place.placement import members_placement, placement_of

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "dev" / "docs"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def with_boundaries(**areas):
    index = {code: ("county", Path("/nonexistent")) for code in areas}
    return Knowledge(boundary_index=index, boundaries=dict(areas))


def test_a_seat_outside_its_unit_is_moved_inside():
    area = box(0, 0, 1, 1)
    with using(with_boundaries(**{"990102": area})):
        assert inside_point("990102", 0.5, 0.5) == (0.5, 0.5)
        moved = inside_point("990102", 5.0, 5.0)
        assert area.contains(Point(moved))
        assert inside_point("990103", 5.0, 5.0) == (5.0, 5.0)  # no boundary: the seat stays
        assert contains("990103", 0, 0) is None


def test_a_region_is_the_union_of_its_units_and_never_smaller():
    with using(with_boundaries(**{"990101": box(0, 0, 1, 1), "990102": box(2, 0, 3, 1)})):
        assert isinstance(union_of(["990101", "990102"]), MultiPolygon)
        assert union_of(["990101", "990109"]) is None  # one member without a boundary


def test_region_geometry_from_real_boundaries_covers_its_members():
    members = [place_by_code(c) for c in ("150900", "150200", "150100")]
    placement = members_placement("region", members, 0.8)
    assert isinstance(placement.geometry, Polygon | MultiPolygon)
    for member in members:
        assert placement.geometry.covers(Point(inside_point(member.code, member.lon, member.lat)))
    corridor = members_placement("corridor", members, 0.8)
    assert corridor.geometry.geom_type == "LineString"


def test_online_answers_are_checked_against_the_polygon():
    place = place_by_code("150981")
    placement = placement_of(place, "document", 0.4)
    area = boundary("150981")
    inside = area.representative_point()
    assert plausible(placement, inside.x, inside.y)
    assert not plausible(placement, place.lon + 1.5, place.lat)  # near enough a centroid, but outside


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("重庆市璧山区瑞丰产业园", ("重庆市", "重庆市", "璧山区")),  # a municipality's district
        ("天门市瑞丰工业园", ("湖北省", "省直辖县级行政区划", "天门市")),  # governed by the province
        ("成都双流机场", ("四川省", "成都市", None)),  # jieba reads the name as one word
        ("莱芜市瑞丰工业园", ("山东省", "济南市", None)),  # a prefecture merged into another
    ],
)
def test_names_to_todays_units(name, expected):
    placement = from_name(name, Context())
    assert (placement.province, placement.prefecture, placement.county) == expected


def test_a_former_unit_is_recorded_beside_todays():
    placement = from_name("长乐市瑞丰工业园", Context())
    assert (placement.county, placement.former_name) == ("长乐区", "长乐市")
    assert placement.adcode == "350112000000"


def test_a_two_character_name_inside_a_word_is_still_no_place():
    entity = Entity(
        "恒通化工园区", "park", [Mention("a", "恒通化工园区", "park", "恒通化工园区", 0, 6, "恒通化工园区")]
    )
    assert place_entities([entity], [])[0].precision is None


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared/dev is not beside the checkout")
@pytest.mark.parametrize("corpus", [SEEDS, SHARED_DEV], ids=["seeds", "dev"])
def test_every_point_of_a_build_lies_inside_its_own_unit(corpus, tmp_path):
    build([corpus], tmp_path)
    frame = gpd.read_file(tmp_path / "entities.geojson")
    points = frame[(frame.geom_type == "Point") & frame["adcode"].notna() & (frame["country"] == "中国")]
    assert len(points) > 50
    outside = [row.name for row in points.itertuples() if not boundary(row.adcode).covers(row.geometry)]
    assert outside == []
    # regions, and parks or bases spanning units (a name abbreviating three cities), are areas
    areas = frame[
        (frame["kind"] != "corridor") & (frame["precision"] == "multi") & (frame["country"] == "中国")
    ]
    assert (areas["kind"] == "region").any()
    assert set(areas.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    ("name", "county"),
    [
        ("北京榆垡瑞丰产业园", "大兴区"),  # a town's stem right after the unit that holds it
        ("采育工业园", "大兴区"),  # a town's stem right before a head, borne by one town only
        ("外冈镇瑞丰工业园", "嘉定区"),  # a town's full name
        ("通道县瑞丰工业园", "通道侗族自治县"),  # an autonomous county by its stem and 县
    ],
)
def test_towns_and_autonomous_counties_by_the_names_texts_use(name, county):
    assert from_name(name, Context()).county == county


def test_a_short_town_stem_outside_the_documents_provinces_is_a_word():
    inner_mongolia = place_by_code("150000")
    assert from_name("采育工业园", Context((inner_mongolia,))) is None
    assert from_name("采育瑞丰工业园", Context()) is None  # neither after its unit nor before a head


@pytest.mark.parametrize(
    ("name", "units"),
    [
        ("虎门镇瑞丰工业园", ("东莞市", None)),  # a town of a prefecture-level city with no counties
        ("太仓港", ("苏州市", "太仓市")),  # a two-character name jieba fuses with the port word
        ("常熟港", ("苏州市", "常熟市")),
    ],
)
def test_ports_and_towns_of_cities_without_counties(name, units):
    placement = from_name(name, Context())
    assert (placement.prefecture, placement.county) == units


def test_a_county_name_that_is_a_common_word_counts_before_a_head_in_its_province():
    qinghai, guangdong = place_by_code("630000"), place_by_code("440000")
    assert from_name("互助工业园", Context((qinghai,))).county == "互助土族自治县"
    assert from_name("互助工业园", Context((guangdong,))) is None  # elsewhere it is the word 互助
    assert from_name("互助合作产业园", Context((qinghai,))) is None  # not right before the head


def test_a_place_name_before_a_river_word_is_the_river():
    gansu = place_by_code("620000")
    assert from_name("黑河干流综合治理工程", Context((gansu,))) is None  # the river, not 黑河市
    assert from_name("黑河瑞丰工业园", Context()).prefecture == "黑河市"


def test_a_town_name_before_a_unit_word_is_no_town():
    """六盘山区 is the mountain area, not 六盘山镇 of 泾源县: a town's name followed by 区, 县 or
    旗 would be another unit's name, so the town is not meant (its own name still is)."""
    assert from_name("六盘山区生态修复工程", Context()) is None
    assert from_name("六盘山区域协作产业园", Context()).county == "泾源县"  # 区域: the town's area
    assert from_name("六盘山生态修复工程", Context()).county == "泾源县"
