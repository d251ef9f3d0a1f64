"""The early exits of a head's reading (speed work, issue 11): a head that can yield nothing is
decided before the list readings, yet every reading that can yield still does. Invented sentences."""

from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import _split_items, extract_mentions


def names(text: str) -> list[tuple[str, str]]:
    doc = document_from_bytes(text.encode("utf-8"), "t.txt")
    return [(m.name, m.kind) for m in extract_mentions(doc)]


def test_items_carry_their_offsets_in_the_clause():
    assert _split_items("甲乙、丙丁和戊己", 3) == [(3, "甲乙"), (6, "丙丁"), (9, "戊己")]
    assert _split_items("甲乙丙丁", 5) == [(5, "甲乙丙丁")]


def test_a_head_whose_qualifier_names_nothing_yields_nothing():
    assert names("加快重点项目建设,推进各类园区和一批项目。") == []


def test_an_unanchored_name_built_by_listed_places_still_yields_one_per_place():
    assert names("支持丰镇、凉城打造盐穴储能基地。") == [("丰镇盐穴储能基地", "base"), ("凉城盐穴储能基地", "base")]


def test_a_product_list_under_a_bare_project_head_still_yields():
    assert names("推动宁城安泰化工公司聚氯乙烯、纯碱精加工项目建设。") == [
        ("宁城安泰化工公司聚氯乙烯、纯碱精加工项目", "project")
    ]


def test_a_place_sequence_inside_a_name_is_no_name_of_its_own_but_one_outside_is():
    assert names("加快丰镇—凉城—集宁铁路建设。") == [("丰镇—凉城—集宁铁路", "corridor")]
    assert names("推动丰镇—凉城—集宁协同发展。") == [("丰镇—凉城—集宁", "region")]


def test_a_bracketed_phase_after_the_head_belongs_to_the_name_only_when_it_is_one():
    assert names("推进丰镇光伏(一期)项目、凉城风电基地建设。") == [
        ("丰镇光伏(一期)项目", "project"),
        ("凉城风电基地", "base"),
    ]


def test_a_list_of_commas_alone_splits_as_one_with_conjunctions_and_brackets():
    assert _split_items("甲乙、丙丁、戊", 2) == [(2, "甲乙"), (5, "丙丁"), (8, "戊")]
    assert _split_items("甲乙、、丙", 0) == [(0, "甲乙"), (3, ""), (4, "丙")]
    assert _split_items("甲(乙、丙)、丁", 0) == [(0, "甲(乙、丙)"), (7, "丁")]


def test_a_park_that_opens_a_project_name_hosts_it_and_unrelated_names_both_stay():
    assert names("推进丰镇工业园区硅材料项目建设。") == [
        ("丰镇工业园区", "park"),
        ("丰镇工业园区硅材料项目", "project"),
    ]
    assert names("推进丰镇工业园区、凉城风电基地建设。") == [("丰镇工业园区", "park"), ("凉城风电基地", "base")]


def test_the_generic_word_automata_load_together_with_the_first_anchor_question():
    """warm() asks has_anchor before workers fork: the shorter-words automaton (generic_pattern(2),
    asked of list items) must not be left for each worker to build again."""
    from geo.extract.anchors import generic_pattern, has_anchor
    from geo.knowledge.store import Knowledge, current, using

    with using(Knowledge()):
        has_anchor("瑞丰")
        loaded = set(current().loaded())
        assert generic_pattern(2).search("甲重点乙").group() == "重点"
        assert set(current().loaded()) == loaded
