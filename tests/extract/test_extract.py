"""Hard cases of extraction, on sentences written for these tests (not from the seeds)."""

import pytest

from geo.corpus.documents import document_from_bytes
from geo.extract.anchors import has_anchor
from geo.extract.mentions import extract, extract_mentions


def names(text: str) -> dict[str, str]:
    doc = document_from_bytes(text.encode("utf-8"), "t.txt")
    return {m.name: m.kind for m in extract_mentions(doc)}


def test_list_of_parks_gives_each_and_not_the_generic_one():
    found = names("重点推动丰镇工业园区、商都氟化工园区、凉城工业园区等共建产业园区建设。")
    assert found == {"丰镇工业园区": "park", "商都氟化工园区": "park", "凉城工业园区": "park"}


def test_ellipsis_expands_shared_head_and_drops_status_word():
    found = names("加快推进化德、兴和在建光伏项目。")
    assert found == {"化德光伏项目": "project", "兴和光伏项目": "project"}


def test_quantified_list_of_bases():
    found = names("建设赤峰、通辽、兴安三大风电基地。")
    assert found == {"赤峰风电基地": "base", "通辽风电基地": "base", "兴安风电基地": "base"}


def test_nested_projects_in_parks_keep_the_parks():
    found = names("以卓资工业园区、凉城工业园区硅材料项目为基础,延伸产业链。")
    assert found["卓资工业园区硅材料项目"] == "project"
    assert found["凉城工业园区硅材料项目"] == "project"
    assert found["卓资工业园区"] == "park" and found["凉城工业园区"] == "park"


@pytest.mark.parametrize(
    "sentence",
    ["依托丰镇现代物流园区发展商贸。", "以丰镇现代物流园区为依托,发展商贸。", "推进丰镇现代物流园区建设。"],
)
def test_framing_verbs_are_not_part_of_the_name(sentence):
    assert names(sentence) == {"丰镇现代物流园区": "park"}


def test_generic_mentions_are_not_entities():
    text = "支持各类园区、重点园区和省级经济开发区承接产业转移,实施一批重大项目,建设承接产业转移示范区。"
    assert names(text) == {}


def test_corridors_with_ordered_places():
    doc = document_from_bytes("开工建设赤峰至锦州高铁,建成通辽-白城-长春公路。".encode(), "t.txt")
    mentions = {m.name: m for m in extract_mentions(doc)}
    assert mentions["赤峰至锦州高铁"].kind == "corridor"
    assert mentions["赤峰至锦州高铁"].places == ("赤峰", "锦州")
    assert mentions["通辽-白城-长春公路"].places == ("通辽", "白城", "长春")


def test_corridor_name_drops_works_but_keeps_surface():
    doc = document_from_bytes("实施集宁至包头铁路扩能改造。".encode(), "t.txt")
    (mention,) = extract_mentions(doc)
    assert mention.name == "集宁至包头铁路" and mention.kind == "corridor"
    assert mention.surface == "集宁至包头铁路扩能改造"


def test_region_over_several_units():
    found = names("共建大同-朔州-忻州文化产业发展区。")
    assert found == {"大同-朔州-忻州文化产业发展区": "region"}


def test_park_abroad_is_kept():
    assert names("推动中哈工业园建设。") == {"中哈工业园": "park"}


def test_shortened_repeat_joins_the_full_name_and_documents_merge():
    first = document_from_bytes("建设集宁瑞丰工业园区。瑞丰工业园区发展云计算。".encode(), "a.txt")
    second = document_from_bytes("支持集宁瑞丰工业园区扩区。".encode(), "b.txt")
    entities = extract([first, second])
    parks = [e for e in entities if e.kind == "park"]
    assert [e.name for e in parks] == ["集宁瑞丰工业园区"]
    assert parks[0].docs == ["a.txt", "b.txt"]
    assert "瑞丰工业园区" in parks[0].aliases


def test_mentions_locate_the_original_text():
    raw = "推進豐鎮現代物流園區建設。"
    doc = document_from_bytes(raw.encode("utf-8"), "t.txt")
    (mention,) = extract_mentions(doc)
    assert mention.name == "丰镇现代物流园区"
    assert doc.quote(mention.start, mention.end) == "豐鎮現代物流園區"


def test_anchor():
    assert has_anchor("丰镇") and has_anchor("中白") and not has_anchor("重点") and not has_anchor("省级经济")


def test_items_that_are_names_of_their_own_are_not_joined_to_a_class_head():
    found = names("支持凉城县南部引水供水工程、瑞丰储罐扩建等生态保护项目建设。")
    assert found == {"凉城县南部引水供水工程": "project", "瑞丰储罐扩建": "project"}


def test_company_with_a_list_of_products_is_one_project():
    found = names("进一步扩大瑞丰化工公司聚氯乙烯、烧碱深加工项目。")
    assert found == {"瑞丰化工公司聚氯乙烯、烧碱深加工项目": "project"}


@pytest.mark.parametrize(
    "sentence",
    [
        "支持内蒙古文化产业园区发展。",  # a province and a generic park: a class of parks
        "依托兴和新区精细化工园区一批重大项目,延伸产业链。",  # 一批: a class of projects
        "推进甲盟电力外送通道建设。",  # a channel without its two ends
        "在空间上要以工业园区为主要载体。",  # function characters are no proper name
        "推广四子王肉羊遗传工程成果。",  # a field of study, not a works
        "(责任单位:太原铁路局)",  # a railway bureau, not a railway
        "建设丰镇煤电基地大型坑口电站。",  # the base, and a class of power plants in it
        "实施新建和技改项目准入管理。",  # status words name nothing
    ],
)
def test_generic_and_false_heads(sentence):
    found = names(sentence)
    assert all(kind != "project" or "坑口电站" not in name for name, kind in found.items())
    assert set(found) <= {"丰镇煤电基地", "兴和新区精细化工园区"}


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("依托兴和新区精细化工园区一批重大项目,延伸产业链。", {"兴和新区精细化工园区"}),
        ("建设丰镇煤电基地大型坑口电站。", {"丰镇煤电基地"}),
    ],
)
def test_false_heads_beside_a_real_name_keep_the_real_one(sentence, kept):
    """The subset check above passes on an empty result; these sentences must still find the name."""
    assert set(names(sentence)) == kept


def test_resolve_orders_entities_by_document_then_first_mention():
    docs = [
        document_from_bytes("建设丙丁物流园区。推进瑞丰工业园区建设。".encode(), "b.txt"),
        document_from_bytes("推进戊己产业园建设。建设丙丁物流园区。".encode(), "a.txt"),
    ]
    found = [(e.docs[0], e.name) for e in extract(docs)]
    assert found == [("a.txt", "戊己产业园"), ("a.txt", "丙丁物流园区"), ("b.txt", "瑞丰工业园区")]


def test_channel_between_two_named_ends_is_a_corridor():
    found = names("研究锡盟至张北电力外送通道。")
    assert found == {"锡盟至张北电力外送通道": "corridor"}


def test_two_spellings_of_one_corridor_or_park_are_one_entity():
    doc = document_from_bytes(
        "加快丰镇—凉城天然气管道建设。推进丰镇—凉城长输管道项目。"
        "建设卓资县瑞丰工业园区。卓资瑞丰工业园区重点发展化工。".encode(),
        "t.txt",
    )
    entities = {e.name: e for e in extract([doc])}
    assert set(entities) == {"丰镇—凉城天然气管道", "卓资县瑞丰工业园区"}
    assert "丰镇—凉城长输管道" in entities["丰镇—凉城天然气管道"].aliases
    assert entities["丰镇—凉城天然气管道"].places == ("丰镇", "凉城")
    assert "卓资瑞丰工业园区" in entities["卓资县瑞丰工业园区"].aliases


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("积极参与中白工业园建设。", "中白工业园"),
        ("支持企业在白俄罗斯明斯克建设瑞丰工业园区。", "瑞丰工业园区"),
        ("支持在哈萨克斯坦建设中哈产能合作园区。", "中哈产能合作园区"),
    ],
)
def test_parks_abroad_are_kept(sentence, name):
    assert names(sentence) == {name: "park"}


def entity_names(text: str) -> dict[str, str]:
    doc = document_from_bytes(text.encode("utf-8"), "t.txt")
    return {e.name: e.kind for e in extract([doc])}


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("开工建设瑞丰水库。", "瑞丰水库", "project"),
        ("推进禾沅灌区现代化改造。", "禾沅灌区现代化改造", "project"),
        ("加快澄岭机场三期建设。", "澄岭机场三期", "project"),
        ("建设宁溪国家物流枢纽。", "宁溪国家物流枢纽", "park"),
        ("推进禾沅北站建设。", "禾沅北站", "project"),
        ("建设瑞丰经开区。", "瑞丰经开区", "park"),
        ("推动瑞丰禾沅产业带建设。", "瑞丰禾沅产业带", "region"),
    ],
)
def test_new_heads_and_phase_tails(sentence, name, kind):
    assert entity_names(sentence) == {name: kind}


def test_coordinated_items_share_a_longer_head():
    found = entity_names("瑞丰、禾沅水电站投产发电。")
    assert found == {"瑞丰水电站": "project", "禾沅水电站": "project"}


@pytest.mark.parametrize(
    ("sentence", "surface"),
    [
        ("开工建设瑞丰铁路湖南段。", "瑞丰铁路湖南段"),
        ("推进禾沅高速合肥至芜湖段扩容。", "禾沅高速合肥至芜湖段扩容"),
        ("建成瑞丰高速公路芜湖北段。", "瑞丰高速公路芜湖北段"),
    ],
)
def test_a_section_named_by_its_places_stays_with_the_corridor(sentence, surface):
    doc = document_from_bytes(sentence.encode("utf-8"), "t.txt")
    (entity,) = extract([doc])
    assert entity.kind == "corridor" and surface in [entity.name, *entity.aliases]


def test_bare_abbreviations_before_a_corridor_class_are_corridors():
    found = entity_names("加快推进瑞丰、禾沅、澄岭北站等高铁项目。")
    assert found == {"瑞丰高铁": "corridor", "禾沅高铁": "corridor", "澄岭北站": "project"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("中央将芜湖市瑞丰基地纳入支持范围。", "芜湖市瑞丰基地"),
        ("国家对合肥禾沅装备项目给予支持。", "合肥禾沅装备项目"),
    ],
)
def test_a_subject_and_preposition_before_a_name_are_cut(sentence, name):
    assert set(entity_names(sentence)) == {name}


def test_a_place_designated_as_a_zone_is_the_zone():
    found = entity_names("芜湖、合肥入选国家数据产业集聚区。")
    assert "合肥国家数据产业集聚区" in found


def test_items_ending_with_the_shared_words_take_only_the_head():
    found = entity_names("完善瑞丰口岸、禾沅口岸后方通道建设。")
    assert found == {"瑞丰口岸后方通道": "project", "禾沅口岸后方通道": "project"}


def test_items_ending_with_a_phase_share_the_words_after_them():
    found = entity_names("加快推进瑞丰电三期、禾沅电四期外送直供电项目。")
    assert set(found) == {"瑞丰电三期外送直供电项目", "禾沅电四期外送直供电项目"}


def test_items_sharing_a_head_before_a_list_marker_without_a_later_head():
    found = entity_names("瑞丰、禾沅水电站等大国重器投产发电。")
    assert found == {"瑞丰水电站": "project", "禾沅水电站": "project"}


def test_a_highway_section_named_by_a_place():
    doc = document_from_bytes("开工建设瑞丰高速芜湖段。".encode(), "t.txt")
    (entity,) = extract([doc])
    assert "瑞丰高速芜湖段" in [entity.name, *entity.aliases]


def test_an_enumerated_heading_with_three_digits_is_no_part_of_the_name():
    assert set(entity_names("126.芜湖瑞丰化工基地\n")) == {"芜湖瑞丰化工基地"}


def test_an_item_after_a_conjunction_that_names_nothing_rejoins_the_item_before():
    found = entity_names("推进瑞丰动力电池及储能、禾沅光伏等项目建设。")
    assert found == {"瑞丰动力电池及储能项目": "project", "禾沅光伏项目": "project"}


def test_items_before_a_quoted_class_with_a_label_share_it():
    found = entity_names("推进瑞丰、禾沅等一批“绿电制氢”标志性项目建成。")
    assert set(found) == {"瑞丰“绿电制氢”项目", "禾沅“绿电制氢”项目"}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("实施瑞丰至禾沅铁路改造项目。", "corridor"),
        ("推进瑞丰航道整治工程。", "corridor"),
        ("实施禾沅高速芜湖段扩容工程。", "corridor"),
        ("建设瑞丰黄河大桥及引线。", "project"),
    ],
)
def test_works_on_a_line_are_the_line(sentence, kind):
    assert set(entity_names(sentence).values()) == {kind}


def test_words_after_ji_that_name_nothing_join_the_words_before_into_one_name():
    assert entity_names("建设瑞丰创新及科技园。") == {"瑞丰创新及科技园": "park"}


def test_works_words_at_the_front_are_frames():
    assert set(entity_names("改扩建瑞丰高速芜湖至合肥段。")) == {"瑞丰高速芜湖至合肥段"}


def test_a_province_written_out_before_a_name_gives_a_short_alias():
    doc = document_from_bytes("116.安徽省芜湖市瑞丰新区\n".encode(), "t.txt")
    (entity,) = extract([doc])
    assert entity.name == "安徽省芜湖市瑞丰新区" and "芜湖瑞丰新区" in entity.aliases


def test_listed_places_that_each_get_a_class_of_works_name_one_each():
    found = entity_names("在芜湖、合肥、宣城等3个重点市建设露地蔬菜基地6万亩。")
    assert found == {"芜湖露地蔬菜基地": "base", "合肥露地蔬菜基地": "base", "宣城露地蔬菜基地": "base"}


def test_a_size_class_shared_by_listed_items_is_no_part_of_their_names():
    assert entity_names("推进瑞丰、禾沅大型水库建设。") == {"瑞丰水库": "project", "禾沅水库": "project"}


def test_only_clauses_holding_a_head_or_a_dash_are_read_whole():
    from geo.extract.mentions import _clauses_to_read

    text = "甲乙工业园区建成,丙丁戊;推进己庚铁路。辛壬-癸\n无名之地"
    spans = _clauses_to_read(text)
    assert [text[s:e] for s, e in spans] == ["甲乙工业园区建成", "推进己庚铁路", "辛壬-癸"]
    assert _clauses_to_read("铁路") == [(0, 2)] and _clauses_to_read("丙丁,戊") == []


def test_clauses_are_found_where_the_head_pattern_would_find_them():
    """The automaton only proposes places; a head the pattern rejects there (铁路局, 园区公司)
    or one overlapping another (高速公路, 公路) must give the spans a plain search gives."""
    from geo.extract.mentions import _CLAUSE_BREAK, _HEAD_OR_DASH, _clauses_to_read

    def searched(text: str) -> list[tuple[int, int]]:
        spans, hit = [], _HEAD_OR_DASH.search(text)
        while hit:
            start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, hit.start())), default=0)
            after = _CLAUSE_BREAK.search(text, hit.start())
            end = after.start() if after else len(text)
            spans.append((start, end))
            hit = _HEAD_OR_DASH.search(text, end)
        return spans

    for text in (
        "甲乙铁路局,丙丁产业园区公司和戊己物流园区",
        "庚辛高速公路段;壬癸公路二期\n子丑3号线路,寅卯二线",
        "辰巳—午未,申酉高速发展",
    ):
        assert _clauses_to_read(text) == searched(text), text


def test_heads_tried_at_the_automatons_offsets_are_the_heads_the_pattern_finds():
    """A window's heads are tried only where the document's automaton saw a head begin; the
    lookbehind (3号线), lookaheads (铁路局, 高速公路段) and a head cut by the window's end
    must give what a search of the window gives."""
    from geo.extract.mentions import _HEAD, _head_or_dash_starts, _heads_in

    text = "甲乙铁路局,丙丁产业园区公司和戊己物流园区;庚辛高速公路段,3号线和二线\n壬癸高速发展,子丑工业园"
    starts = _head_or_dash_starts(text)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1, 3):
            window = text[start:end]
            inside = [at - start for at in starts if start <= at < end]
            spans = [m.span() for m in _heads_in(window, inside)]
            assert spans == [m.span() for m in _HEAD.finditer(window)], (start, end)


def test_sentence_at_finds_the_sentence_holding_an_offset_or_none():
    from geo.corpus.sentences import sentence_at, split_sentences

    sentences = split_sentences("甲乙丙。  丁戊己。")
    assert [
        sentence_at(sentences, i).text if sentence_at(sentences, i) else None for i in (0, 3, 4, 6, 9, 20)
    ] == [
        "甲乙丙。",
        "甲乙丙。",
        None,
        "丁戊己。",
        "丁戊己。",
        None,
    ]


def test_list_items_jieba_reads_as_common_words_are_named_by_their_anchored_siblings():
    found = names("加快苍岩、凤栖、牛角坝等水电站建设。")
    assert found == {"苍岩水电站": "project", "凤栖水电站": "project", "牛角坝水电站": "project"}
    assert set(names("建成青杠、木瓜坪大型水库。")) == {"青杠水库", "木瓜坪水库"}


def test_list_of_products_or_a_works_tail_is_not_a_list_of_names():
    """Items holding industry words (种植) or joined by 及 lend no anchor to each other."""
    assert names("推进高山茶叶、专用马铃薯等种植基地合作建设。") == {}
    found = names("加快推进青杠大桥及引线、苍岩高速公路等项目。")
    assert "引线高速公路" not in found and "青杠大桥及引线" in found


def test_entities_of_listed_names_pass_the_validator():
    doc = document_from_bytes("建成投产凤栖、牛角坝等煤电项目。".encode(), "t.txt")
    assert {e.name for e in extract([doc])} == {"凤栖煤电项目", "牛角坝煤电项目"}


def entity_kinds(text: str) -> dict[str, str]:
    doc = document_from_bytes(text.encode("utf-8"), "t.txt")
    return {e.name: e.kind for e in extract([doc])}


def test_region_and_base_heads_of_real_documents():
    found = entity_kinds(
        "积极融入渝黔桂湘产业科技创新走廊建设，深化环青湖科创圈建设，带动瑞丰航空产业生态圈做大。"
    )
    assert found == {
        "渝黔桂湘产业科技创新走廊": "region",
        "环青湖科创圈": "region",
        "瑞丰航空产业生态圈": "base",
    }
    assert entity_kinds("加快建设黄龙江国家文化公园。") == {"黄龙江国家文化公园": "region"}


def test_strategy_corridors_are_left_out():
    doc = document_from_bytes("推动共建中吉乌经济走廊。".encode(), "t.txt")
    assert extract([doc]) == []


def test_a_quarter_of_a_province_anchors_a_name():
    found = entity_kinds("推进豫东南高效、鲁西北绿色两大特色农业产业带建设。")
    assert found == {"豫东南高效特色农业产业带": "region", "鲁西北绿色特色农业产业带": "region"}


def test_abbreviated_park_heads_and_function_areas():
    found = entity_kinds("推进瑞丰综保区扩区，建设禾沅国家农高区、禾沅国际陆港核心功能区。")
    assert found == {"瑞丰综保区": "park", "禾沅国家农高区": "park", "禾沅国际陆港核心功能区": "park"}
    assert entity_kinds("加强禾沅草原国家级重点生态功能区保护。") == {}


def test_waterways_express_lines_nuclear_plants_and_their_units():
    found = entity_kinds(
        "推进青溪运河三级航道、瑞丰市域快线建设，瑞丰核电二期投入运行，瑞丰核电3号机组并网。"
    )
    assert found == {
        "青溪运河三级航道": "corridor",
        "瑞丰市域快线": "corridor",
        "瑞丰核电二期": "project",
        "瑞丰核电3号机组": "project",
    }
    assert entity_kinds("瑞丰国际机场东二跑道投入使用。") == {"瑞丰国际机场东二跑道": "project"}


def test_an_item_with_its_own_head_takes_no_class_head():
    found = entity_kinds("加快禾沅国际航空枢纽、瑞丰等5个国家物流枢纽建设。")
    assert "禾沅国际航空枢纽国家物流枢纽" not in found and "禾沅国际航空枢纽" in found
    assert entity_kinds("推进禾沅国际旅游岛、“青山绿水”旅游公路等建设。") == {}


def test_a_river_crossing_between_two_places_side_by_side():
    assert entity_kinds("建成泰兴常熟等过江通道。") == {"泰兴常熟过江通道": "corridor"}


def test_one_line_named_as_客专_and_客专铁路_is_one_corridor():
    found = entity_kinds("加快禾沅至瑞丰客专、青溪至凤栖铁路改造等工程建设。建成禾沅至瑞丰客专铁路。")
    assert "禾沅至瑞丰客专铁路" not in found and found["禾沅至瑞丰客专"] == "corridor"


def test_listed_sequences_keep_their_own_first_place():
    found = entity_kinds("贵州省人民政府工作报告。开工青岩至遵义、威宁至铜仁等铁路，推进前期工作。")
    assert found == {"青岩至遵义铁路": "corridor", "威宁至铜仁铁路": "corridor"}


def test_rebuilt_bridges_lettered_lines_and_first_sections():
    found = entity_kinds("瑞丰市G999国道青溪大桥重建等12个国省道干线公路建成。")
    assert found == {"瑞丰市G999国道青溪大桥重建": "project"}
    found = entity_kinds("禾沅高铁、瑞丰S9线先行段建成。")
    assert found == {"禾沅高铁": "corridor", "瑞丰S9线先行段": "corridor"}


def test_a_province_in_brackets_names_its_one_zone_of_a_national_kind():
    assert entity_kinds("积极申建中国（湖南）自由贸易试验区。") == {"中国(湖南)自由贸易试验区": "park"}


def test_投产_frames_a_list():
    assert entity_kinds("建成投产牛角坝、凤栖等煤电项目。") == {
        "牛角坝煤电项目": "project",
        "凤栖煤电项目": "project",
    }


def test_a_yearly_capacity_beside_a_maker_singles_out_a_plant():
    assert entity_kinds("抓好中储粮油年产30万吨油料等项目建设。") == {"中储粮油年产30万吨油料项目": "project"}
    assert entity_kinds("推动一批年产10万吨以上项目建设。") == {}


def test_one_letter_names_of_paired_places_anchor_a_name():
    text = " •深港海洋创新基地   \n •港深数字科技园   \n •深化改革试验区   \n"
    assert entity_kinds(text) == {"深港海洋创新基地": "base", "港深数字科技园": "park"}


def test_a_compass_point_before_a_conjunction_ends_the_item_before_it():
    found = entity_kinds("丰林北、青岗南和石湾/柳塘新发展区都已制定图则。")
    assert found == {"丰林北新发展区": "park", "青岗南新发展区": "park", "石湾/柳塘新发展区": "park"}
    # the county of that shape, alone or after its own prefecture or province, stays one name
    assert entity_kinds("推进南和经济开发区建设。") == {"南和经济开发区": "park"}
    assert entity_kinds("支持邢台南和经济开发区发展。") == {"邢台南和经济开发区": "park"}
    assert entity_kinds("支持甘肃西和工业园区发展。") == {"甘肃西和工业园区": "park"}


def test_a_note_mark_at_a_line_start_is_no_part_of_a_name():
    assert entity_kinds("[3] 丰林北、青岗南新发展区已有图则。") == {
        "丰林北新发展区": "park",
        "青岗南新发展区": "park",
    }


def test_way_points_after_经_run_on_across_a_list_comma():
    assert entity_kinds("加快禾丰经青溪、白沙至红岩高铁前期工作。") == {
        "禾丰经青溪、白沙至红岩高铁": "corridor"
    }
    assert entity_kinds("开工禾丰至青溪、白沙至红岩铁路。") == {
        "禾丰至青溪铁路": "corridor",
        "白沙至红岩铁路": "corridor",
    }
    assert entity_kinds("开工建设禾丰至青溪至白沙客专。") == {"禾丰至青溪至白沙客专": "corridor"}


def test_abbreviations_under_a_sector_heading_are_lines_of_that_sector():
    found = entity_kinds("铁路方面抓好禾青丰、白红等项目建设,力争年内通车。")
    assert found == {"禾青丰铁路": "corridor", "白红铁路": "corridor"}
    # no heading, no line: the same list is a class of projects
    assert entity_kinds("抓好禾青丰、白红等项目建设。") == {}


def test_works_on_an_abbreviated_line_follow_the_shared_head():
    found = entity_kinds("公路方面加快禾丰、青溪扩容、白沙高速建设。")
    assert found == {"禾丰高速": "corridor", "青溪高速扩容": "corridor", "白沙高速": "corridor"}
    found = entity_kinds("启动禾丰白红、青溪和白沙扩能等铁路项目。")
    assert found["白沙铁路扩能"] == "corridor" and "白沙扩能" not in found
    # a works item that names its own line is a name of its own, sharing nothing
    found = entity_kinds("实施禾青线电化扩能、白红铁路丰林至青岗段扩能等项目。")
    assert "禾青线电化铁路扩能" not in found and "白红铁路" not in found


def test_a_port_is_named_when_built_or_reported_on_not_when_it_modifies_a_noun():
    found = entity_kinds("积极推动青岗口岸建设。加强与丰林口岸的业务合作。发挥禾丰、白沙口岸优势。")
    assert found == {"青岗口岸": "park"}
    assert entity_kinds("推动禾丰白红机场航空口岸正式开放。") == {"禾丰白红机场航空口岸": "park"}
    assert entity_kinds("禾丰口岸和白沙口岸正式开放。") == {"禾丰口岸": "park", "白沙口岸": "park"}
    assert entity_kinds("提升禾丰、白沙等航空口岸综合服务能力。") == {}
    # a list of ports before a shared head: the works at the ports, not the ports
    found = entity_kinds("完善禾丰口岸、白沙口岸后方通道建设。")
    assert "禾丰口岸" not in found and "白沙口岸" not in found


def test_提质_and_确定_frame_a_name():
    assert entity_kinds("扩能提质边境口岸。") == {}
    assert entity_kinds("科学确定禾丰新区发展规模。") == {"禾丰新区": "park"}


def test_a_plant_head_names_no_product_list():
    assert entity_kinds("推进禾丰直连、虚拟电厂等项目。") == {}
    # under 项目 a maker's product list is still one project
    found = entity_kinds("建设禾丰化工公司聚氯乙烯、烧碱深加工项目。")
    assert found == {"禾丰化工公司聚氯乙烯、烧碱深加工项目": "project"}


def test_key_parks_are_a_class_not_a_park():
    assert entity_kinds("推动禾青“6+6”重点园区共建。") == {}
    assert entity_kinds("推进禾丰重点产业园区建设。") == {}
