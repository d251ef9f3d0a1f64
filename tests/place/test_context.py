"""Placement classes found on real text (issue 12), each on names and sentences written for these
tests: listed zones known by their own name, sub-district names inside a head, places outside the
documents' provinces, a prefecture's namesake seat, one-unit sections, the sentence a mention
opens or is labelled by, and municipalities as their own prefecture. Administrative units and the
listed zones are real; park and project names are invented."""

from __future__ import annotations

import pytest

from geo.corpus.documents import Document, document_from_bytes
from geo.model import Entity, Mention
from geo.place.candidates import Context
from geo.place.geocode import from_name, place_entities
from geo.place.placement import Placement


def make_doc(issuer: str, body: str = "推进园区建设。", name: str = "t.txt") -> Document:
    header = f"{issuer}人民政府关于推进产业园区建设的通知\n" if issuer else "关于推进产业园区建设的通知\n"
    return document_from_bytes((header + body + "\n").encode("utf-8"), name)


def entity(name: str, doc: Document, kind: str = "park", sentence: str = "") -> Entity:
    sentence = sentence or f"推进{name}建设。"
    start = max(sentence.find(name), 0)
    mention = Mention(doc.name, name, kind, name, start, start + len(name), sentence)
    return Entity(name, kind, [mention], [name])


def place_one(name: str, doc: Document, kind: str = "park", sentence: str = "") -> Placement:
    return place_entities([entity(name, doc, kind, sentence)], [doc])[0]


# --- listed zones and sub-districts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "county"),
    [
        ("腾格里经济技术开发区", "阿拉善左旗"),  # a listed zone by its own name only
        ("杨林经济技术开发区", "嵩明县"),  # listed with its county's name in front (嵩明杨林…)
        ("鸿盛高科技园区", "新城区"),
    ],
)
def test_a_listed_zone_is_placed_by_its_own_name(name, county):
    placement = from_name(name, Context())
    assert (placement.county, placement.precision) == (county, "county")


def test_a_listed_zone_of_another_unit_is_not_taken():
    assert from_name("昆明杨林经济技术开发区", Context()).county == "嵩明县"  # inside 昆明
    assert from_name("曲靖杨林经济技术开发区", Context()).county is None  # not inside 曲靖


def test_a_zone_name_without_a_proper_qualifier_is_no_listed_zone():
    assert from_name("生态工业园区", Context()) is None


def test_beijing_area_offices_are_towns():
    assert from_name("北京金盏瑞丰产业园", Context()).county == "朝阳区"


def test_a_sub_district_named_like_a_park_is_no_place_inside_a_head():
    assert place_one("瑞丰科创园区", make_doc("")) == Placement()


def test_a_district_named_with_the_head_is_still_read():
    assert from_name("上海市浦东新区", Context()).county == "浦东新区"


# --- the documents' provinces -----------------------------------------------------------------


def test_a_county_of_another_province_the_documents_never_name_is_a_word():
    placement = place_one("临清水库", make_doc("吉林省"), kind="project")
    assert (placement.province, placement.source) == ("吉林省", "document")


def test_a_county_of_another_province_counts_where_the_documents_name_it():
    doc = make_doc("吉林省", "学习山东聊城经验,推进临清水库建设。")
    assert place_one("临清水库", doc, kind="project").county == "临清市"


def test_a_county_of_another_province_counts_under_its_own_prefecture():
    assert place_one("聊城临清水库", make_doc("吉林省"), kind="project").county == "临清市"


def test_a_company_named_after_another_province_yields_to_the_place_inside():
    placement = place_one("北京瑞丰通榆风电项目", make_doc("吉林省"), kind="project")
    assert (placement.province, placement.county) == ("吉林省", "通榆县")


def test_a_corridor_end_outside_that_nothing_supports_is_dropped():
    doc = make_doc("湖北省")
    placement = place_one("蔡甸至南岸嘴航道整治工程", doc, kind="corridor")
    assert placement.places == ["蔡甸区"] and placement.province == "湖北省"


def test_an_abbreviation_member_outside_that_nothing_supports_is_dropped():
    doc = make_doc("贵州省", "做优贵阳、安顺,支持新建瑞丰产业。")
    placement = place_one("贵安新区", doc)
    assert placement.province == "贵州省"


# --- names -----------------------------------------------------------------------------------


def test_a_zone_named_by_an_autonomous_prefecture_lies_in_its_namesake_seat():
    placement = from_name("楚雄瑞丰工业园区", Context())
    assert (placement.prefecture, placement.county) == ("楚雄彝族自治州", "楚雄市")


def test_a_prefecture_level_city_keeps_its_name_beside_a_rural_namesake():
    placement = from_name("抚顺瑞丰工业园区", Context())
    assert (placement.prefecture, placement.county, placement.precision) == ("抚顺市", None, "prefecture")


def test_a_section_named_by_one_unit_is_in_that_unit():
    placement = place_one("丹东瑞丰高速通榆段", make_doc("吉林省"), kind="corridor")
    assert placement.places == ["通榆县"] and placement.province == "吉林省"


def test_a_new_line_of_an_abbreviated_route():
    doc = make_doc("内蒙古自治区", "加强呼和浩特、包头、鄂尔多斯协作。")
    placement = place_one("新呼包鄂高速公路", doc, kind="corridor")
    assert placement.places == ["呼和浩特市", "包头市", "鄂尔多斯市"]


def test_a_municipality_is_its_own_prefecture():
    placement = from_name("上海市瑞丰保税区", Context())
    assert (placement.province, placement.prefecture, placement.county) == ("上海市", "上海市", None)
    assert placement.precision == "province"


# --- sentences --------------------------------------------------------------------------------


def test_a_corridor_without_places_takes_the_one_unit_of_its_sentence():
    placement = place_one("瑞丰河复航工程", make_doc(""), "corridor", "在山东,瑞丰河复航工程进入收尾阶段。")
    assert (placement.province, placement.source) == ("山东省", "sentence")


def test_entities_of_a_crowded_sentence_take_the_unit_opening_their_clause():
    doc = make_doc("内蒙古自治区")
    sentence = "赤峰瑞丰工业园新开工瑞丰云计算中心项目、瑞丰数据产业园项目。"
    names = [("赤峰瑞丰工业园", "park"), ("瑞丰云计算中心项目", "project"), ("瑞丰数据产业园项目", "project")]
    placed = place_entities([entity(n, doc, k, sentence) for n, k in names], [doc])
    assert [placed[i].prefecture for i in (1, 2)] == ["赤峰市", "赤峰市"]
    assert placed[1].source == "sentence"


def test_a_clause_naming_several_units_places_no_one():
    doc = make_doc("内蒙古自治区")
    sentence = "赤峰瑞丰工业园、通辽瑞丰物流园以及瑞丰数据产业园项目开工。"
    names = [("赤峰瑞丰工业园", "park"), ("通辽瑞丰物流园", "park"), ("瑞丰数据产业园项目", "project")]
    placed = place_entities([entity(n, doc, k, sentence) for n, k in names], [doc])
    assert (placed[2].prefecture, placed[2].source) == (None, "document")


def test_a_province_named_in_the_name_is_narrowed_by_its_sentence():
    doc = make_doc("内蒙古自治区")
    placement = place_one(
        "内蒙古瑞丰数据产业园项目", doc, "project", "集宁区新开工内蒙古瑞丰数据产业园项目。"
    )
    assert (placement.county, placement.source) == ("集宁区", "sentence")


def test_a_unit_labelling_a_list_item_places_it_outside_the_documents_provinces():
    doc = make_doc("吉林省")
    placement = place_one("瑞丰湾经济区", doc, sentence="(3)大连:瑞丰湾经济区")
    assert (placement.province, placement.prefecture) == ("辽宁省", "大连市")


# --- namesakes and former names -----------------------------------------------------------------


def test_a_bare_name_before_a_head_is_the_county_not_the_urban_district():
    assert from_name("东山工业园", Context()).county == "东山县"
    assert place_one("东山工业园", make_doc("黑龙江省")).county == "东山区"  # the document settles it


def test_the_county_rule_yields_to_the_unit_named_before():
    placement = from_name("郴州云龙产业园", Context())  # 云龙区 and 云龙县 lie elsewhere
    assert (placement.prefecture, placement.county) == ("郴州市", None)


def test_a_guarded_county_name_before_generic_words_and_a_head():
    assert from_name("通道绿色食品产业园", Context()).county == "通道侗族自治县"
    assert from_name("通道瑞丰产业园", Context()) is None  # a proper name between: no place


def test_a_one_character_county_renamed_to_its_old_zhou():
    assert from_name("开县瑞丰工业园", Context()).county == "开州区"


def test_a_name_opening_with_a_named_units_side():
    doc = make_doc("", "加强珠海与澳门合作,建设珠方瑞丰产业园。")
    assert place_one("珠方瑞丰产业园", doc).prefecture == "珠海市"
    doc = make_doc("", "加强东莞与香港合作,建设东方瑞丰产业园。")
    assert place_one("东方瑞丰产业园", doc).prefecture is None  # 东方 is a word, not 东莞's side


def test_a_unit_inside_an_earlier_list_item_is_not_the_next_items():
    doc = make_doc("内蒙古自治区")
    sentence = "赤峰瑞丰工业园、瑞丰数据产业园项目开工。"
    names = [("赤峰瑞丰工业园", "park"), ("瑞丰数据产业园项目", "project")]
    placed = place_entities([entity(n, doc, k, sentence) for n, k in names], [doc])
    assert (placed[1].prefecture, placed[1].source) == (None, "document")


def test_a_province_named_in_the_name_is_narrowed_only_by_a_unit_opening_the_clause():
    doc = make_doc("内蒙古自治区")
    sentence = "内蒙古瑞丰数据产业园项目落户,毗邻集宁区。"
    placement = place_one("内蒙古瑞丰数据产业园项目", doc, "project", sentence)
    assert (placement.precision, placement.source) == ("province", "name")
