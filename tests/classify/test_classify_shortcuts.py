"""The classifier's shortcuts give the answers of the long way, on names and sentences invented here."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.classify import tags
from geo.classify.tags import classify, classify_all, keyword_hits, name_hits
from geo.knowledge.store import clear_caches
from geo.model import Entity, Mention


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙、园区a", max_size=30), st.text(alphabet="甲乙、园区a", max_size=4))
def test_occurrences_are_the_regex_matches_of_the_word(text, part):
    expected = [m.start() for m in re.finditer(re.escape(part), text)] if part else []
    assert tags._occurrences(text, part) == expected


def test_occurrences_do_not_overlap():
    assert tags._occurrences("甲甲甲甲甲", "甲甲") == [0, 2]


def test_a_keyword_inside_an_admin_name_is_still_dropped():
    # 铜 stands inside 铜川: the shortcut must still scan for the administrative names
    assert [(h.word, h.start) for h in keyword_hits("铜川乳山铜冶炼项目")] == [("铜", 4), ("冶炼", 5)]
    assert [(h.word, h.start) for h in keyword_hits("瑞丰铜冶炼项目")] == [("铜", 2), ("冶炼", 3)]


def test_a_keyword_inside_a_town_of_a_name_is_dropped_and_elsewhere_kept():
    # 煤炭 stands inside the town 煤炭坝镇; where no place holds it the name is not scanned for places
    assert [h.word for h in name_hits("丰瑞煤炭坝镇钢铁项目")] == ["钢铁"]
    assert [h.word for h in name_hits("丰瑞煤炭钢铁项目")] == ["煤炭", "钢铁"]


def _entity(name: str, kind: str, doc: str, sentence: str) -> Entity:
    at = sentence.index(name)
    return Entity(name, kind, [Mention(doc, name, kind, name, at, at + len(name), sentence)])


def test_the_same_sentence_with_other_neighbours_is_read_again():
    """Windows are kept per sentence, name and neighbours: the same sentence in another document
    with no neighbour named in it reads the whole list."""
    sentence = "瑞丰工业园区、金川物流园区以氟化工为主。"
    both = [
        _entity("瑞丰工业园区", "park", "a.txt", sentence),
        _entity("金川物流园区", "park", "a.txt", sentence),
    ]
    alone = _entity("瑞丰工业园区", "park", "b.txt", sentence)
    for order in ((both, [alone]), ([alone], both)):
        clear_caches()
        results = {id(e): t for group in order for e, t in zip(group, classify_all(group), strict=True)}
        fresh = {}
        for group in order:
            for e, t in zip(group, classify_all(group), strict=True):
                clear_caches()
                neighbours = [m for o in group if o is not e for m in o.mentions]
                fresh[id(e)] = classify(e, neighbours)
                assert t == fresh[id(e)]
        assert results == fresh


def test_context_is_not_read_where_it_cannot_count():
    """A region, and a corridor whose name names its carrier, take nothing from their sentence."""
    sentence = "建设瑞丰金川合作区和瑞丰至金川铁路,发展氟化工、现代物流。"
    region, corridor = (
        _entity("瑞丰金川合作区", "region", "a.txt", sentence),
        _entity("瑞丰至金川铁路", "corridor", "a.txt", sentence),
    )
    found = classify_all([region, corridor])
    assert found[0].codes == ("general",)
    assert found[1].codes == ("transport",)


FRAME_BITS = [
    "以",
    "为",
    "主导",
    "依托",
    "产业",
    "的",
    "方面",
    "重点发展",
    "氟化工",
    "物流",
    ",",
    "甲" * 25,
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAME_BITS), max_size=10).map("".join))
def test_frames_at_the_end_are_found_where_a_whole_search_finds_them(text):
    lead = tags._LEAD_FRAME.search(text)
    assert tags._topic(text) == (" ".join(g for g in lead.groups() if g) if lead else "")
    found = tags._FRAME_BEFORE.search(text, max(0, len(text) - tags._FRAME_BEFORE_REACH))
    whole = tags._FRAME_BEFORE.search(text)
    assert (found and (found.span(), found.groups())) == (whole and (whole.span(), whole.groups()))
