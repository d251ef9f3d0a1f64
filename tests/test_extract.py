"""Hard cases of extraction, on sentences written for these tests (not from the seeds)."""

import pytest

from geo.corpus import document_from_bytes
from geo.extract import extract, extract_mentions, has_anchor


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
