"""Recall classes of real documents (issue 11), on sentences written for these tests."""

from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import extract_checked, extract_mentions


def entities(text: str) -> dict[str, str]:
    """Names and kinds of the entities that pass the validator."""
    doc = document_from_bytes(text.encode("utf-8"), "t.txt")
    return {e.name: e.kind for e in extract_checked([doc])[0]}


def test_a_maker_jieba_reads_as_common_words_is_named_by_its_listed_siblings():
    found = entities(
        "加快推进瑞丰乘用车技改、泰隆新能源商用车、北辰时代电池二期、中创新远动力电池及储能等项目。"
    )
    assert found == {
        "瑞丰乘用车技改项目": "project",
        "泰隆新能源商用车项目": "project",
        "北辰时代电池二期项目": "project",
        "中创新远动力电池及储能项目": "project",
    }


def test_stations_listed_before_a_further_head_share_it():
    found = entities("推进丰镇北站、凉城北站综合枢纽等重大工程开工建设。")
    assert found == {"丰镇北站综合枢纽": "project", "凉城北站综合枢纽": "project"}


def test_plants_listed_before_a_bare_project_head_stay_plants():
    assert entities("建设丰镇电站、凉城电站项目。") == {"丰镇电站": "project", "凉城电站项目": "project"}


def test_new_lines_listed_by_abbreviations_are_railways_even_when_jieba_knows_the_words():
    found = entities("美好、丰凉、长远等新线投入运营,新增铁路里程300公里。")
    assert found == {"美好铁路": "corridor", "丰凉铁路": "corridor", "长远铁路": "corridor"}


def test_new_lines_of_no_named_line_are_nothing():
    assert entities("地铁新线投入运营,重点、各类等新线加快建设。") == {}


def test_valley_hub_and_district_heads_name_parks():
    found = entities(
        "丰镇农谷、凉城国家农高区加快建设。完善卓资量子谷产业生态。持续释放集宁中欧班列集结中心辐射带动力。"
        "兴和中央法务区揭牌运行。在全国率先建成国际道路运输集结中心。加快中欧（亚）班列集结中心建设。"
    )
    assert found == {
        "丰镇农谷": "park",
        "凉城国家农高区": "park",
        "卓资量子谷": "park",
        "集宁中欧班列集结中心": "park",
        "兴和中央法务区": "park",
    }


def test_a_bridge_and_its_approach_are_no_list_of_lines():
    found = entities("加快推进丰镇黄河大桥及引线、凉兴高速卓资黄河大桥连接线等项目建设。")
    assert not any(name.startswith("引线") for name in found)


def test_a_verb_after_化_stays_inside_the_name():
    found = entities("推进粮食产能提升重点县和丰镇平原200万亩整区域工程化建设高标准农田项目。")
    assert found == {"丰镇平原200万亩整区域工程化建设高标准农田项目": "project"}


def test_places_listed_before_the_verb_each_build_a_base_with_综合利用_in_its_name():
    found = entities("支持丰镇、凉城打造盐穴综合利用示范基地。支持企业、高校打造创新示范基地。")
    assert found == {"丰镇盐穴综合利用示范基地": "base", "凉城盐穴综合利用示范基地": "base"}


def test_a_name_keeps_the_quotes_of_its_own_quoted_part():
    found = entities("推进丰镇工业园区、“山水画廊·魅力凉城”旅游公路等建设。")
    assert found["“山水画廊·魅力凉城”旅游公路"] == "corridor"


def test_a_quoted_slogan_after_a_proper_name_or_closing_after_the_head_is_part_of_the_name():
    found = entities("加快丰镇河“通港达园”项目建设。全面完成凉城山区“山水工程”建设。全面推进“山水工程”建设。")
    assert found == {"丰镇河“通港达园”项目": "project", "凉城山区“山水工程”": "project"}


def test_places_listed_in_brackets_name_one_zone_each():
    names = sorted(entities("建设中国(丰镇、凉城)“侨梦苑”华侨华人创新产业聚集区。"))
    assert names == ["中国(丰镇)“侨梦苑”华侨华人创新产业聚集区", "中国(凉城)“侨梦苑”华侨华人创新产业聚集区"]


def test_river_works_named_by_what_they_do_before_a_class_label():
    found = entities("加快丰镇水利枢纽、凉城河干流防洪提升等重大工程建设。")
    assert found == {"丰镇水利枢纽": "project", "凉城河干流防洪提升工程": "project"}


def test_a_county_read_across_two_generic_words_anchors_nothing():
    found = entities(
        "产业及创新平台项目73个,包括丰镇数字经济产业园。重点抓好黑臭水体整治、城镇生活垃圾焚烧处理等重大项目建设。"
    )
    assert found == {"丰镇数字经济产业园": "park"}


def test_a_link_between_two_lines_is_one_name():
    assert entities("新开工丰镇城际铁路与集凉线间联络线等。") == {"丰镇城际铁路与集凉线间联络线": "corridor"}


def test_a_line_listed_after_its_sector_and_a_status_word():
    found = entities("高速公路续建丰镇至凉城等7个项目722公里。")
    assert found == {"丰镇至凉城高速公路": "corridor"}


def test_city_subcentres_and_zones_of_multi_province_regions():
    found = entities(
        "推动丰镇新区与集宁城市副中心协同。建设珠三角数字经济综合试验区。推进长三角一体化发展。"
        "建设北部湾数字贸易综合试验区。"  # any macro-region of the gazetteer's table
    )
    assert found == {
        "丰镇新区": "park",
        "集宁城市副中心": "park",
        "珠三角数字经济综合试验区": "region",
        "北部湾数字贸易综合试验区": "region",
    }


def test_belts_along_a_river_the_coast_or_a_line_between_provinces_are_named():
    found = entities(
        "深化沿晋冀产业创新带建设,打造沿江科技发展带。积极谋划沿黄高铁通道建设。推进沿线园区和沿边开放。"
    )
    assert found == {"沿晋冀产业创新带": "region", "沿江科技发展带": "region", "沿黄高铁通道": "corridor"}


def test_a_line_joined_by_和_to_one_with_works_shares_the_works():
    found = entities("启动丰凉、集卓和兴商扩能等铁路项目。")
    assert found == {"丰凉铁路": "corridor", "集卓铁路扩能": "corridor", "兴商铁路扩能": "corridor"}


def test_a_port_area_opening_the_name_of_its_channel_is_a_park_of_its_own():
    found = entities("实施丰镇集宁港区疏港航道等项目。")
    assert found.get("丰镇集宁港区") == "park"
    assert set(found) == {"丰镇集宁港区", "丰镇集宁港区疏港航道"}


def test_china_and_a_country_letter_name_a_line():
    assert entities("口岸通关能力提升,中缅铁路发展远超预期。中老年活动中心开放。") == {"中缅铁路": "corridor"}


def test_a_port_opening_a_route_to_other_places_is_no_park_of_its_own():
    found = entities("共同推进丰镇口岸-凉城-卓资公路建设。推进集宁铁路丰镇站至兴和港区铁路项目。")
    assert "丰镇口岸" not in found and not any(name.endswith("港区") for name in found)


def test_youth_workshops_and_start_up_platforms_are_bases():
    lines = ["(3)丰镇青年梦工场", "(4)凉城(国际)学子创新工场", "(5)集宁青年创新创业合作平台"]
    found = entities("".join(f" {line}   \n" for line in lines))
    assert set(found.values()) == {"base"}
    assert sorted(found) == ["丰镇青年梦工场", "凉城(国际)学子创新工场", "集宁青年创新创业合作平台"]


def test_corner_quotes_of_traditional_texts_become_simplified_quotes_in_names():
    assert entities("建設禾沅「瑞豐谷」數字產業園。") == {"禾沅“瑞丰谷”数字产业园": "park"}


def test_a_cultural_park_keeps_the_provincial_section_named_after_it():
    """A national cultural park runs through provinces, each building its own section: 长城国家文化
    公园山西段 is Shanxi's, not the whole park (nor to be merged with another province's)."""
    assert entities("加快建设长城国家文化公园山西段。") == {"长城国家文化公园山西段": "region"}
    assert entities("加快建设长城国家文化公园。") == {"长城国家文化公园": "region"}


def test_a_mention_named_as_written_holds_one_string_for_name_and_surface():
    """Half the mentions are written as named: a build keeps them all to its end, so the surface
    is the name's own string, not an equal copy."""
    doc = document_from_bytes("推进集宁区瑞丰工业园区建设。".encode(), "t.txt")
    mention = next(m for m in extract_mentions(doc) if m.name == "集宁区瑞丰工业园区")
    assert mention.surface is mention.name
