"""Industry classification, on sentences and park names written for these tests (not the seeds)."""

import pytest

from geo.classify.tags import Evidence, IndustryTags, classify, classify_all, classify_text, keyword_hits
from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import extract
from geo.knowledge.industries import gbt4754_terms, industries, industry_keywords, keyword_codes
from geo.model import Entity, Mention


def entities(sentence: str, names: dict[str, str]) -> list[Entity]:
    """One entity per name (surface -> kind), each mentioned once in `sentence`."""
    out = []
    for surface, kind in names.items():
        at = sentence.index(surface)
        out.append(
            Entity(surface, kind, [Mention("t.txt", surface, kind, surface, at, at + len(surface), sentence)])
        )
    return out


def codes_by_name(sentence: str, names: dict[str, str]) -> dict[str, tuple[str, ...]]:
    found = entities(sentence, names)
    return {e.name: t.codes for e, t in zip(found, classify_all(found), strict=True)}


# --- the name first ---------------------------------------------------------------------------


def test_name_decides_and_loose_context_does_not_add():
    tags = classify_text("瑞丰氟化工园区", "推进瑞丰氟化工园区建设,发展现代物流。")
    assert tags == IndustryTags(("chemicals",), "chemicals", (Evidence("chemicals", "氟化工", "name"),))


def test_keyword_nearest_the_head_is_primary():
    tags = classify_text("瑞丰煤炭物流园区")
    assert tags.codes == ("logistics", "coal")
    assert tags.primary == "logistics"


def test_name_codes_come_before_framed_context():
    tags = classify_text("瑞丰现代物流园区", "瑞丰现代物流园区以煤炭储运为主。")
    assert tags.codes == ("logistics", "coal")
    assert Evidence("coal", "煤炭", "frame") in tags.evidence


# --- leftmost-longest -------------------------------------------------------------------------


def test_longest_keyword_wins_over_its_parts():
    assert [h.word for h in keyword_hits("风电设备煤化工新能源汽车")] == ["风电设备", "煤化工", "新能源汽车"]
    assert classify_text("瑞丰风电设备产业园").codes == ("equipment",)
    assert classify_text("瑞丰煤化工项目", kind="project").codes == ("chemicals",)
    assert classify_text("瑞丰新能源汽车产业园").codes == ("automotive",)


def test_one_word_may_name_two_industries():
    assert keyword_codes()["煤电"] == ("power", "coal")
    assert set(classify_text("瑞丰煤电基地", kind="base").codes) == {"power", "coal"}
    assert "煤电" in industry_keywords()


def test_place_names_are_no_industry_words():
    assert keyword_hits("铜川乳山工业园区") == []
    assert classify_text("铜川经济技术开发区").codes == ("general",)


# --- kinds ------------------------------------------------------------------------------------


def test_corridor_kinds_railway_pipeline_power_line():
    assert classify_text("瑞丰至金川铁路", kind="corridor").codes == ("transport",)
    assert classify_text("瑞丰至金川天然气管道", kind="corridor").codes == ("oil_gas",)
    assert classify_text("瑞丰至金川特高压输电通道", kind="corridor").codes == ("power",)


def test_corridor_without_a_carrier_word_takes_its_carrier_from_the_sentence():
    sentence = "推进瑞丰-金川、金川-青山等天然气管道建设,发展化工产业。"
    found = codes_by_name(sentence, {"瑞丰-金川": "corridor", "金川-青山": "corridor"})
    assert found == {"瑞丰-金川": ("oil_gas",), "金川-青山": ("oil_gas",)}


def test_port_at_the_end_of_a_road_is_a_place_and_a_park_is_not_its_railway():
    assert classify_text("瑞丰口岸-金川公路", kind="corridor").codes == ("transport",)
    assert classify_text("瑞丰公铁物流港").codes == ("logistics",)


def test_project_hosted_in_a_park_is_what_follows_the_park():
    assert classify_text("瑞丰建材工业园区电石项目", kind="project").codes == ("chemicals",)


def test_region_is_general_whatever_its_sentence_lists():
    tags = classify_text("瑞丰金川合作区", "共建瑞丰金川合作区,推进能源、化工、物流合作。", kind="region")
    assert tags.codes == ("general",)


# --- context frames ---------------------------------------------------------------------------


def test_frame_after_the_name():
    tags = classify_text("瑞丰工业园区", "瑞丰工业园区以氟化工为主,延伸下游产业链。")
    assert tags.codes == ("chemicals",)
    assert tags.evidence == (Evidence("chemicals", "氟化工", "frame"),)


def test_frame_listing_several_industries():
    tags = classify_text("瑞丰工业园区", "瑞丰工业园区重点发展新材料、装备制造。")
    assert tags.codes == ("new_materials", "equipment")
    assert [e.word for e in tags.evidence] == ["新材料", "装备制造"]


def test_frame_before_the_name():
    assert classify_text("瑞丰工业园区", "以羊绒纺织为主的瑞丰工业园区要加快升级。").codes == (
        "textiles_leather",
    )


def test_general_only_when_nothing_specific_is_said():
    tags = classify_text("瑞丰工业园区", "推动瑞丰工业园区与东部地区开展园区共建,承接产业转移。")
    assert tags == IndustryTags(("general",), "general", ())


def test_words_only_meaningful_inside_names_do_not_count_in_context():
    # every industry does 研发; 高速发展 is no highway
    assert classify_text("瑞丰工业园区", "瑞丰工业园区要加强研发,实现高速发展。").codes == ("general",)
    assert classify_text("瑞丰研发中心产业园").codes == ("services",)


# --- many parks in one sentence ---------------------------------------------------------------


def test_each_park_gets_its_own_clause():
    sentence = "瑞丰工业园区以氟化工为主,金川产业园重点发展装备制造,青山工业园区加快发展文化旅游。"
    found = codes_by_name(sentence, {"瑞丰工业园区": "park", "金川产业园": "park", "青山工业园区": "park"})
    assert found == {
        "瑞丰工业园区": ("chemicals",),
        "金川产业园": ("equipment",),
        "青山工业园区": ("tourism_culture",),
    }


def test_list_of_parks_does_not_share_names_industries():
    sentence = "重点推动瑞丰工业园区、金川氟化工园区、青山陶瓷产业园等共建产业园区建设。"
    found = codes_by_name(
        sentence, {"瑞丰工业园区": "park", "金川氟化工园区": "park", "青山陶瓷产业园": "park"}
    )
    assert found == {
        "瑞丰工业园区": ("general",),
        "金川氟化工园区": ("chemicals",),
        "青山陶瓷产业园": ("building_materials",),
    }


def test_list_of_parks_shares_what_follows_the_list():
    sentence = "以瑞丰工业园区、金川产业园为基地,发展稀土新材料。"
    found = codes_by_name(sentence, {"瑞丰工业园区": "park", "金川产业园": "park"})
    assert found == {"瑞丰工业园区": ("new_materials",), "金川产业园": ("new_materials",)}


def test_sibling_the_extractor_missed_is_still_masked():
    sentence = "支持瑞丰工业园区、金川钢铁集团固废综合利用项目建设。"
    (park,) = entities(sentence, {"瑞丰工业园区": "park"})
    assert classify(park).codes == ("general",)


def test_park_takes_the_industry_of_a_project_it_hosts():
    sentence = "积极推进瑞丰工业园区云计算数据中心项目建设。"
    found = codes_by_name(sentence, {"瑞丰工业园区": "park", "瑞丰工业园区云计算数据中心项目": "project"})
    assert found["瑞丰工业园区"] == ("digital",)
    assert found["瑞丰工业园区云计算数据中心项目"] == ("digital",)


def test_with_the_extractor():
    doc = document_from_bytes("瑞丰工业园区以氟化工为主,金川产业园重点发展装备制造。\n".encode(), "t.txt")
    found = extract([doc])
    codes = {e.name: t.codes for e, t in zip(found, classify_all(found), strict=True)}
    assert codes == {"瑞丰工业园区": ("chemicals",), "金川产业园": ("equipment",)}


def test_context_windows_are_read_in_order_of_strength():
    """A frame (以…为主) outranks what follows the name, which outranks the sentence's lead."""
    tags = classify_text("瑞丰工业园区", "以化工为主导的瑞丰工业园区,配套发展物流。")
    assert tags.codes[:2] == ("chemicals", "logistics") and tags.primary == "chemicals"
    lead_only = classify_text("瑞丰工业园区", "物流业方面,推进瑞丰工业园区建设。")
    after_wins = classify_text("瑞丰工业园区", "物流业方面,推进瑞丰工业园区建设,发展化工。")
    assert lead_only.primary == "logistics" and after_wins.primary == "chemicals"


# --- GB/T 4754 terms: the lead-industry phrases of real zones and projects ----------------------


@pytest.mark.parametrize(
    ("name", "kind", "codes"),
    [
        ("瑞丰农副产品加工园区", "park", {"agrifood"}),
        ("瑞丰电子产业园", "park", {"digital"}),
        ("瑞丰机电产业园", "park", {"equipment"}),
        ("瑞丰汽车及零部件产业园", "park", {"automotive"}),
        ("瑞丰卫浴产业园", "park", {"building_materials"}),
        ("瑞丰香菇产业园", "park", {"agrifood"}),
        ("瑞丰应急产业园", "park", {"equipment"}),
        ("瑞丰新型显示材料基地", "base", {"digital", "new_materials"}),
        ("瑞丰低空经济示范区", "park", {"equipment", "transport"}),
        ("瑞丰科技园", "park", {"digital", "services"}),
        ("瑞丰青年创新创业基地", "base", {"services"}),
        ("瑞丰百万吨乙烯项目", "project", {"chemicals"}),
        ("瑞丰煤炭储配基地工程", "project", {"coal", "logistics"}),
        ("瑞丰航电枢纽工程", "project", {"power", "transport"}),
        ("瑞丰垃圾焚烧发电项目", "project", {"circular", "power"}),
        ("瑞丰客运换乘中心", "project", {"transport"}),
        ("瑞丰河航道整治工程", "project", {"transport"}),
        ("瑞丰河整治工程", "project", {"water_env"}),
        ("瑞丰水厂工程", "project", {"water_env"}),
        ("瑞丰调蓄工程", "project", {"water_env"}),
        ("瑞丰至金川客专", "corridor", {"transport"}),
    ],
)
def test_gbt4754_terms_of_real_names(name, kind, codes):
    assert set(classify_text(name, kind=kind).codes) == codes


def test_every_gbt4754_term_maps_to_a_taxonomy_code():
    known = {i.code for i in industries()}
    rows = gbt4754_terms()
    assert len(rows) > 300 and all(r.code in known and r.term for r in rows)
    assert {"电子", "农副产品", "机电"} <= {r.term for r in rows}
    assert keyword_codes()["电子"] == ("digital",)


# --- lead-industry frames, every shape --------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "瑞丰经济开发区以铝、铜为主导产业。",
        "瑞丰经济开发区主导产业为铝、铜。",
        "瑞丰经济开发区,主导产业为铝、铜。",
        "瑞丰经济开发区的主导产业是铝、铜。",
        "瑞丰经济开发区(主导产业:铝、铜)",
        "瑞丰经济开发区,重点发展铝、铜。",
        "瑞丰经济开发区形成了以铝、铜为主导的产业体系。",
        "以铝、铜为主导产业的瑞丰经济开发区加快转型。",
        "重点发展铝、铜的瑞丰经济开发区加快转型。",
    ],
)
def test_lead_industry_frames_read_even_name_only_words(sentence):
    assert classify_text("瑞丰经济开发区", sentence).codes == ("metallurgy",)


def test_frame_adds_to_what_the_name_says():
    tags = classify_text("瑞丰化工园区", "瑞丰化工园区,主导产业为精细化工、电子。")
    assert tags.codes == ("chemicals", "digital")


def test_each_park_of_a_catalogue_list_gets_its_own_lead_industries():
    sentence = "瑞丰经济开发区(主导产业:农副产品加工、纺织服装)、金川工业园区(主导产业:机电、生物)"
    found = codes_by_name(sentence, {"瑞丰经济开发区": "park", "金川工业园区": "park"})
    assert found == {
        "瑞丰经济开发区": ("agrifood", "textiles_leather"),
        "金川工业园区": ("equipment", "biomedicine"),
    }


def test_a_purpose_clause_after_a_comma_is_no_lead_industry_frame():
    sentence = "以建设瑞丰装备制造园,发展金川新能源汽车、青山天然气重卡为重点,形成产业集群。"
    assert classify_text("瑞丰装备制造园", sentence).codes == ("equipment",)


def test_the_clause_after_a_base_frame_reads_no_name_only_words():
    sentence = "以瑞丰石墨产业园为重点,大力推进石墨烯产品的研发进度。"
    assert classify_text("瑞丰石墨产业园", sentence).codes == ("new_materials",)


# --- place words inside names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("瑞丰临港经济开发区", ("general",)),  # a district named 临港 is no port
        ("金川新港工业园区", ("general",)),
        ("瑞丰市大桥镇工业园区", ("general",)),  # nor is a town named 大桥 a bridge
        ("金川临港化工园区", ("chemicals",)),
        ("瑞丰新港", ("logistics",)),  # the head of a name is what it is, place-like or not
        ("瑞丰港口物流园", ("logistics",)),
        ("瑞丰至金川大桥", ("transport",)),
    ],
)
def test_place_words_in_a_name_are_no_industry(name, codes):
    kind = "corridor" if "至" in name else "park"
    assert classify_text(name, kind=kind).codes == codes


@pytest.mark.parametrize("name", ["瑞丰粤港澳青年创业基地", "深港瑞丰科技合作区", "港珠澳瑞丰通道"])
def test_hong_kong_abbreviated_is_no_port(name):
    assert "logistics" not in classify_text(name, kind="base").codes


def test_a_village_is_no_town_suffix():
    assert classify_text("瑞丰农业乡村振兴示范园").codes == ("agrifood",)


def test_a_place_word_running_into_the_head_is_no_place():
    assert classify_text("瑞丰科创园区").codes == ("digital", "services")


# --- the sentence's lead: only a frame or a topic speaks for the names after it ------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "获批全国首个生物医药全产业链试点,瑞丰工业园区在考核评价中稳居第一。",
        "青山、金川入选首批氢能区域试点,瑞丰工业园区入选零碳园区建设名单。",
        "重点围绕高端装备制造、新材料等领域,包括瑞丰工业园区新开工建设一批项目。",
    ],
)
def test_a_lead_about_something_else_gives_no_industry(sentence):
    assert classify_text("瑞丰工业园区", sentence).codes == ("general",)


def test_a_lead_frame_or_topic_gives_the_industry():
    sentence = "以青山丰富的石墨资源为基础,依托瑞丰工业园区,形成石墨生产基地。"
    assert classify_text("瑞丰工业园区", sentence).codes == ("new_materials",)
    assert classify_text("瑞丰工业园区", "物流业方面,推进瑞丰工业园区建设。").codes == ("logistics",)


def test_a_project_listed_under_a_topic_takes_the_whole_lead():
    sentence = "加快快速铁路建设,建成瑞丰至金川快速铁路,实施青山线电化扩能等项目。"
    found = codes_by_name(sentence, {"瑞丰至金川快速铁路": "corridor", "青山线电化扩能": "project"})
    assert found["青山线电化扩能"] == ("transport",)


# --- a name's own structure -------------------------------------------------------------------


def test_a_project_that_builds_a_park_is_the_park():
    assert classify_text("瑞丰大数据产业园项目", kind="project").codes == ("digital",)
    assert classify_text("瑞丰化工园区电石项目", kind="project").codes == ("chemicals",)


def test_research_as_a_stage_of_production_is_no_service():
    assert classify_text("瑞丰生物制药研发生产基地", kind="base").codes == ("biomedicine",)


def test_a_port_area_at_a_railways_end_is_a_place():
    assert classify_text("瑞丰站至金川港区铁路", kind="corridor").codes == ("transport",)


def test_innovation_zones_are_technology_and_services():
    assert set(classify_text("瑞丰金川国家自主创新示范区", kind="region").codes) == {"digital", "services"}


# --- neighbours in one sentence ---------------------------------------------------------------


def test_a_coordinated_mention_holding_this_name_is_no_longer_name_of_it():
    sentence = "物流站场有瑞丰物流产业园、金川综合客运换乘中心等项目8个。"
    found = codes_by_name(
        sentence, {"瑞丰物流产业园": "park", "瑞丰物流产业园、金川综合客运换乘中心等项目": "project"}
    )
    assert found["瑞丰物流产业园"] == ("logistics",)


def test_an_unnamed_sibling_behind_a_named_one_is_masked():
    sentence = "包括瑞丰智慧产业城(一期)、金川新能源汽车产业园以及年产8万吨新型建材生产线项目;"
    found = codes_by_name(sentence, {"瑞丰智慧产业城(一期)": "project", "金川新能源汽车产业园": "park"})
    assert found["瑞丰智慧产业城(一期)"] == ("general",)


def test_roads_around_a_park_say_how_it_is_reached():
    sentence = "完善瑞丰新区与外部连通的高速公路、干线公路网。"
    assert classify_text("瑞丰新区", sentence).codes == ("general",)


def test_catalogue_lines_with_the_extractor():
    text = "瑞丰经济开发区(主导产业:农副产品加工、纺织服装)、金川工业园区(主导产业:机电、生物)。\n"
    found = extract([document_from_bytes(text.encode(), "t.txt")])
    codes = {e.name: t.codes for e, t in zip(found, classify_all(found), strict=True)}
    assert codes == {
        "瑞丰经济开发区": ("agrifood", "textiles_leather"),
        "金川工业园区": ("equipment", "biomedicine"),
    }


def test_a_neighbours_frame_is_no_frame_before_the_next_name():
    sentence = "瑞丰工业园区重点发展化工、金川产业园重点发展物流。"
    found = codes_by_name(sentence, {"瑞丰工业园区": "park", "金川产业园": "park"})
    assert found == {"瑞丰工业园区": ("chemicals",), "金川产业园": ("logistics",)}
