"""Offline geocoding on entities and documents written for these tests (invented park names, real
administrative units); no network."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic
from geopy.location import Location
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo.corpus.documents import Document, document_from_bytes
from geo.knowledge.gazetteer import renamed_units, town_index
from geo.model import Entity, Mention
from geo.place.boundaries import boundary
from geo.place.candidates import place_by_code
from geo.place.datum import bd09_to_wgs84, gcj02_to_wgs84, wgs84_to_gcj02
from geo.place.gazetteer_geocoder import GazetteerGeocoder
from geo.place.geocode import place_entities
from geo.place.placement import Placement

ISSUERS = {
    "乌兰察布": "乌兰察布市人民政府关于推进产业园区建设的通知\n乌政发〔2020〕1号\n",
    "北京": "北京市人民政府关于推进产业园区建设的通知\n京政发〔2020〕1号\n",
    "南通": "南通市人民政府关于推进产业园区建设的通知\n通政发〔2020〕1号\n",
    "内蒙古": "内蒙古自治区人民政府关于推进产业园区建设的通知\n内政发〔2020〕1号\n",
    "吉林": "吉林省人民政府关于推进产业园区建设的通知\n吉政发〔2020〕1号\n",
    "none": "关于推进产业园区建设的通知\n",
}


def make_doc(issuer: str, body: str = "推进园区建设。", name: str = "t.txt") -> Document:
    return document_from_bytes((ISSUERS[issuer] + body + "\n").encode("utf-8"), name)


def make_entity(name: str, doc: Document, kind: str = "park", sentence: str = "", places=()) -> Entity:
    mention = Mention(
        doc.name, name, kind, name, 0, len(name), sentence or f"推进{name}建设。", tuple(places)
    )
    return Entity(name, kind, [mention], [name])


def place_one(name: str, doc: Document, kind: str = "park", **kwargs) -> Placement:
    return place_entities([make_entity(name, doc, kind, **kwargs)], [doc])[0]


def km(geometry, code: str) -> float:
    unit = place_by_code(code)
    return geodesic((geometry.y, geometry.x), (unit.lat, unit.lon)).km


# --- datum ------------------------------------------------------------------------------------

# Published test vectors of eviltransform (WGS-84 lat, lon -> GCJ-02 lat, lon).
REFERENCE_PAIRS = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE_PAIRS)
def test_gcj02_converts_to_the_reference_wgs84_point_within_one_metre(wgs, gcj):
    lon, lat = gcj02_to_wgs84(gcj[1], gcj[0])
    assert geodesic((lat, lon), wgs).m < 1.0
    lon, lat = wgs84_to_gcj02(wgs[1], wgs[0])
    assert geodesic((lat, lon), gcj).m < 1.0


def test_bd09_round_trip_within_one_metre_and_offset_is_real():
    import prcoords

    wgs = (40.4356, 113.1027)
    bd = prcoords.wgs_bd(wgs)
    lon, lat = bd09_to_wgs84(bd.lon, bd.lat)
    assert geodesic((lat, lon), wgs).m < 1.0
    assert geodesic((bd.lat, bd.lon), wgs).m > 300  # the datum shift is hundreds of metres


def test_points_abroad_are_not_shifted():
    assert gcj02_to_wgs84(27.56, 53.9) == (27.56, 53.9)


def test_placements_are_wgs84_not_cpca_gcj02():
    placement = place_one("丰镇瑞丰工业园区", make_doc("乌兰察布"))
    unit = place_by_code("150981").unit
    gcj = Point(unit.lon_gcj, unit.lat_gcj)
    moved = geodesic((gcj.y, gcj.x), (placement.geometry.y, placement.geometry.x)).m
    assert 100 < moved < 1500
    assert wgs84_to_gcj02(placement.geometry.x, placement.geometry.y) == pytest.approx(
        (gcj.x, gcj.y), abs=1e-5
    )


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "county", "code"),
    [
        ("丰镇瑞丰工业园区", "丰镇市", "150981"),
        ("集宁恒达物流园区", "集宁区", "150902"),
        ("察右后旗金石建材园区", "察哈尔右翼后旗", "150928"),
        ("卓资县旗下营宏图工业园区", "卓资县", "150921"),
    ],
)
def test_short_and_customary_county_names(name, county, code):
    placement = place_one(name, make_doc("乌兰察布"))
    assert (placement.province, placement.prefecture, placement.county) == (
        "内蒙古自治区",
        "乌兰察布市",
        county,
    )
    assert placement.adcode == code + "000000"
    assert placement.precision == "county" and placement.source == "name"
    assert km(placement.geometry, code) < 0.01


def test_customary_prefecture_abbreviation():
    placement = place_one("锡盟恒远煤电基地", make_doc("内蒙古"), kind="base")
    assert (placement.prefecture, placement.county, placement.precision) == ("锡林郭勒盟", None, "prefecture")
    assert placement.adcode == "152500000000"


def test_more_specific_unit_after_its_parent_wins():
    placement = place_one("乌兰察布集宁瑞达通用机场", make_doc("内蒙古"), kind="project")
    assert placement.county == "集宁区"


def test_town_resolves_to_its_county():
    assert town_index()["旗下营"] == ("150921",)
    placement = place_one("旗下营宏图新材料产业园", make_doc("乌兰察布"))
    assert (placement.county, placement.precision) == ("卓资县", "county")
    assert placement.confidence < 0.9  # a town is a little less sure than the county's own name


def test_town_in_two_provinces_is_settled_by_the_document():
    inner_mongolia = place_one("黑山头恒通口岸合作区", make_doc("内蒙古"))
    jilin = place_one("黑山头恒通口岸合作区", make_doc("吉林"))
    assert (inner_mongolia.province, inner_mongolia.county) == ("内蒙古自治区", "额尔古纳市")
    assert (jilin.province, jilin.county) == ("吉林省", "梅河口市")


def test_ambiguous_short_name_is_settled_by_the_document_prior():
    beijing = place_one("通州瑞达科技产业园", make_doc("北京"))
    nantong = place_one("通州瑞达科技产业园", make_doc("南通"))
    assert (beijing.province, beijing.county, beijing.adcode) == ("北京市", "通州区", "110112000000")
    assert (nantong.province, nantong.prefecture, nantong.county) == ("江苏省", "南通市", "通州区")


def test_ambiguous_short_name_without_prior_claims_no_county():
    placement = place_one("通州瑞达科技产业园", make_doc("none"))
    assert placement.county is None and placement.geometry is None and placement.precision is None


def test_higher_level_wins_a_shared_short_name():
    placement = place_one("大同恒信煤化工园区", make_doc("none"))
    assert (placement.province, placement.prefecture, placement.precision) == (
        "山西省",
        "大同市",
        "prefecture",
    )


def test_renamed_units_keep_resolving():
    assert [u.name for u in renamed_units()["襄樊"]] == ["襄阳市"]
    placement = place_one("云州区恒信农产品物流园", make_doc("none"))
    assert (placement.prefecture, placement.county, placement.adcode) == ("大同市", "云州区", "140215000000")
    former = place_one("大同县恒信农产品物流园", make_doc("none"))  # its name until 2018
    assert (former.county, former.adcode, former.former_name) == ("云州区", "140215000000", "大同县")


# --- abroad -----------------------------------------------------------------------------------


def test_park_abroad_named_by_its_country():
    placement = place_one("白俄罗斯明珠工业园", make_doc("none"))
    assert placement.country == "白俄罗斯" and placement.precision == "country"
    assert placement.province is None and placement.adcode is None
    assert 23 < placement.geometry.x < 33 and 51 < placement.geometry.y < 56


def test_bilateral_park_without_a_chinese_place_is_abroad():
    placement = place_one("中白明珠工业园", make_doc("内蒙古"))
    assert placement.country == "白俄罗斯" and placement.source == "name"


def test_bilateral_park_with_a_chinese_place_is_at_home():
    placement = place_one("丰镇中蒙恒通物流园区", make_doc("乌兰察布"))
    assert placement.country == "中国" and placement.county == "丰镇市"


def test_foreign_capital():
    placement = place_one("乌兰巴托恒通物流园区", make_doc("内蒙古"))
    assert placement.country == "蒙古国"
    assert geodesic((placement.geometry.y, placement.geometry.x), (47.92, 106.92)).km < 1


def test_ethnic_group_is_no_country():
    placement = place_one("蒙古族恒通民族用品产业园", make_doc("乌兰察布"))
    assert placement.country == "中国" and placement.source == "document"


# --- sentences, hosts and documents -----------------------------------------------------------


def test_name_without_place_takes_the_one_county_of_its_sentence():
    doc = make_doc("乌兰察布")
    sentence = "积极推动恒通口岸建设,发挥四子王旗靠近边境的优势,加强与蒙古国的合作。"
    placement = place_one("恒通口岸", doc, sentence=sentence)
    assert (placement.county, placement.source, placement.precision) == ("四子王旗", "sentence", "county")


def test_sentence_naming_other_entities_gives_no_place():
    doc = make_doc("内蒙古")
    sentence = "加快瑞丰水利枢纽工程前期工作,推进凉城县岱湖生态治理工程建设。"
    first = make_entity("瑞丰水利枢纽工程", doc, "project", sentence=sentence)
    other = make_entity("凉城县岱湖生态治理工程", doc, "project", sentence=sentence)
    placed = place_entities([first, other], [doc])
    assert placed[1].county == "凉城县"
    assert (placed[0].county, placed[0].source, placed[0].precision) == (None, "document", "province")


def test_project_in_a_park_is_where_the_park_is():
    doc = make_doc("乌兰察布")
    park = make_entity("集宁瑞丰工业园区", doc)
    project = make_entity("瑞丰工业园区云计算数据中心项目", doc, "project")
    placed = place_entities([park, project], [doc])
    assert placed[1].county == "集宁区" and placed[1].source == "name"


def test_name_without_place_falls_back_to_the_document():
    placement = place_one("恒通化工公司聚氯乙烯项目", make_doc("乌兰察布"), kind="project")
    assert (placement.prefecture, placement.county, placement.precision) == ("乌兰察布市", None, "prefecture")
    assert placement.source == "document" and placement.confidence <= 0.5
    assert km(placement.geometry, "150900") < 0.01


def test_unplaceable_entity_gets_no_geometry():
    placement = place_one("瑞丰工业园区", make_doc("none"))
    assert placement == Placement()
    assert placement.geometry is None and placement.precision is None and placement.places == []


# --- corridors and regions --------------------------------------------------------------------


def test_corridor_is_a_line_through_its_ordered_places():
    doc = make_doc("乌兰察布")
    placement = place_one("丰镇-集宁-二连浩特铁路", doc, kind="corridor", places=("丰镇", "集宁", "二连浩特"))
    assert isinstance(placement.geometry, LineString)
    assert placement.places == ["丰镇市", "集宁区", "二连浩特市"]
    for (lon, lat), code in zip(placement.geometry.coords, ("150981", "150902", "152501"), strict=True):
        assert km(Point(lon, lat), code) < 0.01
    assert placement.precision == "multi" and placement.province == "内蒙古自治区"
    assert placement.prefecture is None and placement.county is None and placement.adcode is None


def test_corridor_across_provinces_has_no_common_province():
    doc = make_doc("内蒙古")
    placement = place_one("蒙西至湘南输电通道", doc, kind="corridor", places=("蒙西", "湘南"))
    assert placement.places == ["内蒙古自治区", "湖南省"]
    assert placement.province is None and placement.country == "中国"


def test_corridor_end_in_brackets_explains_the_place():
    doc = make_doc("内蒙古")
    placement = place_one("新惠(敖汉旗)-朝阳公路", doc, kind="corridor", places=("新惠(敖汉旗)", "朝阳"))
    assert placement.places == ["敖汉旗", "朝阳市"]


def test_corridor_section_gives_its_ends():
    doc = make_doc("内蒙古")
    placement = place_one("京新高速临河至哈密段", doc, kind="corridor")
    assert placement.places == ["临河区", "哈密市"]


def test_corridor_abroad_and_at_home():
    doc = make_doc("内蒙古")
    places = ("乌兰巴托", "二连浩特", "天津港")
    placement = place_one("乌兰巴托-二连浩特-天津港大通道", doc, kind="corridor", places=places)
    assert placement.places == ["乌兰巴托", "二连浩特市", "天津市"]
    assert placement.country == "中国" and placement.province is None
    assert len(placement.geometry.coords) == 3


def test_region_members_from_an_abbreviation_the_text_spells_out():
    body = "加强呼和浩特、包头、鄂尔多斯协作,建设呼包鄂协同创新区。"
    doc = make_doc("内蒙古", body)
    placement = place_one("呼包鄂协同创新区", doc, kind="region")
    assert placement.places == ["呼和浩特市", "包头市", "鄂尔多斯市"]
    assert isinstance(placement.geometry, Polygon | MultiPolygon)  # the three cities' area
    assert placement.geometry.area > boundary("150200").area
    assert placement.province == "内蒙古自治区" and placement.precision == "multi"


def test_abbreviation_is_not_read_from_units_the_text_never_names():
    doc = make_doc("内蒙古", "建设呼包鄂协同创新区。")
    placement = place_one("呼包鄂协同创新区", doc, kind="region")
    assert placement.source == "document" and placement.places == []


def test_region_of_counties_in_one_prefecture():
    doc = make_doc("乌兰察布")
    placement = place_one("丰镇-凉城-兴和协作区", doc, kind="region", places=("丰镇", "凉城", "兴和"))
    assert (placement.province, placement.prefecture, placement.county) == (
        "内蒙古自治区",
        "乌兰察布市",
        None,
    )


@pytest.mark.parametrize("issuer", ["none", "北京"])
def test_a_region_named_by_a_macro_region_is_its_provinces(issuer):
    """长三角 and 珠三角 name their provinces whoever issues the text (a Beijing or Hong Kong text
    on a Pearl River Delta zone does not put it at home)."""
    delta = place_one("长三角绿色协同发展区", make_doc(issuer), kind="region")
    assert sorted(delta.places) == ["上海市", "安徽省", "江苏省", "浙江省"] and delta.province is None
    pearl = place_one("珠三角智能制造协同区", make_doc(issuer), kind="region")
    assert pearl.places == ["广东省"] and pearl.province == "广东省" and pearl.precision == "multi"


def test_region_narrowed_to_the_part_it_names():
    doc = make_doc("none")
    entity = make_entity("晋陕豫恒通合作示范区", doc, "region")
    entity.aliases.append("晋陕豫恒通合作示范区(山西片区)")
    placement = place_entities([entity], [doc])[0]
    assert placement.places == ["山西省"] and placement.province == "山西省"


# --- the geopy interface ----------------------------------------------------------------------


def test_gazetteer_is_a_geopy_geocoder():
    geocoder = GazetteerGeocoder()
    found = geocoder.geocode("察右后旗")
    assert isinstance(found, Location)
    assert found.raw["adcode"] == "150928000000" and found.raw["level"] == "county"
    assert found.raw["province"] == "内蒙古自治区" and found.raw["prefecture"] == "乌兰察布市"
    assert found.address == "内蒙古自治区乌兰察布市察哈尔右翼后旗"
    assert geocoder.geocode("瑞丰") is None


def test_gazetteer_geocoder_lists_candidates_and_takes_a_prior():
    geocoder = GazetteerGeocoder()
    codes = {loc.raw["code"] for loc in geocoder.geocode("通州", exactly_one=False)}
    assert codes == {"110112", "320612"}
    assert geocoder.geocode("通州") is None
    assert geocoder.geocode("通州", prior="南通市").raw["code"] == "320612"
    assert geocoder.geocode("通州", prior="110000").raw["code"] == "110112"


def test_properties_carry_the_layer_fields():
    properties = place_one("丰镇瑞丰工业园区", make_doc("乌兰察布")).properties()
    assert properties["county"] == "丰镇市" and properties["adcode"] == "150981000000"
    assert {"province", "prefecture", "precision", "places", "place_source", "place_confidence"} <= set(
        properties
    )
