"""Well-formed names: frames, counts, quotes, labels, reporting verbs and programmes, on sentences
written for these tests (瑞丰, 禾沅, 澄岭 are invented names)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import extract, extract_checked
from geo.extract.validate import (
    _FAILURES,
    _SCREENED,
    Check,
    _first_word,
    _joined,
    _lists_in,
    _tagged,
    check_name,
    head_length,
)


def entities(text: str) -> dict[str, str]:
    doc = document_from_bytes(text.encode("utf-8"), "t.txt")
    return {e.name: e.kind for e in extract([doc])}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("力促瑞丰高铁早日开工。", "瑞丰高铁"),
        ("关于澄岭新机场,要抓紧论证。", "澄岭新机场"),
        ("做大做强禾沅国际陆港。", "禾沅国际陆港"),
        ("申建瑞丰重点开发开放试验区。", "瑞丰重点开发开放试验区"),
        ("但因应禾沅铁路的走向,线位调整。", "禾沅铁路"),
        ("加快推 进澄岭机场建设。", "澄岭机场"),  # a line break inside the framing verb
    ],
)
def test_framing_word_at_the_front_is_stripped(sentence, name):
    assert set(entities(sentence)) == {name}


@pytest.mark.parametrize(
    "sentence",
    [
        "规划芜湖4个抽水蓄能电站。",
        "瑞丰1700多个新项目落地。",
        "改造瑞丰11条国省干线公路。",
    ],
)
def test_a_count_inside_a_name_is_no_entity(sentence):
    assert entities(sentence) == {}


def test_a_count_after_coordinated_items_is_a_list_marker():
    found = entities("推进瑞丰、禾沅、澄岭等3个百亿级氢能一体化项目建设。")
    assert found == {
        "瑞丰氢能一体化项目": "project",
        "禾沅氢能一体化项目": "project",
        "澄岭氢能一体化项目": "project",
    }
    found = entities("推进瑞丰、禾沅 2个多式联运示范工程建设。")
    assert set(found) == {"瑞丰多式联运示范工程", "禾沅多式联运示范工程"}


def test_unbalanced_quotes_are_rejected_and_balanced_ones_kept():
    assert entities("推进瑞丰禾沅”六期工程。") == {}
    assert check_name("“瑞丰”禾沅经济合作示范区", "park").ok
    assert not check_name("建强“瑞丰基地", "base").ok


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("加快瑞丰电厂重大项目建设。", "瑞丰电厂"),
        ("推进禾沅数据中心集群重点项目。", "禾沅数据中心集群"),
        ("推进澄岭乙烯重大产业项目。", "澄岭乙烯项目"),
    ],
)
def test_a_class_label_at_the_end_is_stripped(sentence, name):
    assert set(entities(sentence)) == {name}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("瑞丰工业园入选首批国家级零碳园区。", "瑞丰工业园"),
        ("禾沅公路获评全国最美公路。", "禾沅公路"),
    ],
)
def test_a_name_ends_before_a_reporting_verb(sentence, name):
    assert set(entities(sentence)) == {name}


@pytest.mark.parametrize(
    "sentence",
    [
        "实施教育提质工程、民生实事工程和人才工程。",
        "办好瑞丰便民服务项目。",
        "实施禾沅校长工程。",
        "培育更多世界级产业集群。",
        "打造数智产业集群。",
    ],
)
def test_programmes_slogans_and_generic_classes_are_no_entities(sentence):
    assert entities(sentence) == {}


def test_rejections_say_name_reason_and_document():
    doc = document_from_bytes("规划芜湖4个抽水蓄能电站。推进瑞丰工业园区建设。".encode(), "r.txt")
    found, rejected = extract_checked([doc])
    assert [e.name for e in found] == ["瑞丰工业园区"]
    assert [(r.name, r.reason, r.doc) for r in rejected] == [
        ("芜湖4个抽水蓄能电站", "count inside the name", "r.txt")
    ]


def test_a_list_marker_glued_to_the_head_goes():
    assert check_name("禾沅等高铁", "corridor") == Check("禾沅高铁")
    assert check_name("澄岭等产业带", "region") == Check("澄岭产业带")


@pytest.mark.parametrize(
    "sentence",
    [
        "乘客经瑞丰口岸来往这机场。",
        "他说禾沅核心区要提速。",
        "建设瑞丰绿氢中试基地。",
        "建设禾沅重点实验室。",
        "实施两通工程和天保工程。",
    ],
)
def test_pieces_of_sentences_science_bases_and_unplaced_programmes_are_no_entities(sentence):
    assert entities(sentence) == {}


def test_a_works_without_a_place_is_kept_when_it_names_what_it_builds():
    assert set(entities("推进瑞丰乙烯项目和禾沅调蓄工程。")) == {"瑞丰乙烯项目", "禾沅调蓄工程"}


@pytest.mark.parametrize(
    "sentence",
    [
        "瑞丰结束不通高铁的历史。",  # a negation: a piece of a sentence
        "芜湖入围全球百强创新集群。",  # a ranking, not a designation of a place
        "建设五百亿级开发区。",  # a size class names nothing
        "发展虚拟电厂和超算先进算力中心。",  # concepts, not places
        "实施村道公路安全生命防护工程。",  # a safety programme
    ],
)
def test_negations_rankings_size_classes_and_concepts_are_no_entities(sentence):
    assert entities(sentence) == {}


def test_a_bracketed_section_after_the_head_ends_a_name():
    assert check_name("瑞丰大桥(芜湖段)", "project").ok


def test_sentence_words_before_a_verb_and_a_place_go():
    """湖南采购用于长沙机场: the name opens at the place after the verb."""
    assert check_name("湖南采购用于长沙机场", "project") == Check("长沙机场")
    assert check_name("湖南长沙工业园区", "park") == Check("湖南长沙工业园区")


def test_schools_hospitals_and_talent_places_are_no_entities():
    for name, kind in (
        ("禾沅国际教育合作区", "park"),
        ("瑞丰职业学院改扩建", "project"),
        ("瑞丰人才创新基地", "base"),
    ):
        assert not check_name(name, kind).ok


def test_definite_references_and_bare_slogans_are_no_names():
    assert not check_name("禾沅最大储能项目", "project").ok
    assert not check_name("禾沅首座智能工厂项目", "project").ok
    assert not check_name("“百村示范千村提升”工程", "project").ok
    assert check_name("瑞丰储能项目", "project").ok


def test_a_numbered_slogan_in_quotes_is_a_programme_but_a_quoted_road_name_is_kept():
    assert check_name("“两山”实践创新基地", "base").reason == "a numbered slogan in quotes, no place"
    assert check_name("“三城双园”合作基地", "base").reason == "a numbered slogan in quotes, no place"
    assert check_name("“山水画廊·魅力禾沅”旅游公路", "corridor").ok


def test_a_name_does_not_run_on_across_a_head_the_conventions_leave_out():
    check = check_name("禾沅中药研究国家重点实验室瑞丰中医药科技产业园", "park")
    assert check == Check("瑞丰中医药科技产业园")
    assert check_name("禾沅重点实验室", "base").reason


_SCREENED_WORDS = sorted({w for words in _SCREENED for w in words})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_SCREENED_WORDS, "瑞", "丰", "园", "区", "甲乙", "-", "1"]), max_size=6))
def test_the_screen_says_which_lists_a_name_holds_words_of(parts):
    """The rules skip a list the screen says a name holds no word of: it must see every word,
    those inside another word too (扩建 in 改扩建, 和 in 和平)."""
    text = "".join(parts)
    for bit, words in enumerate(_SCREENED):
        assert bool(_lists_in(text) >> bit & 1) == any(w in text for w in words), (text, words[:3])


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("开化县瑞丰工业园区", "开化县瑞丰工业园区"),  # 开化 reads as a verb, and is a county
        ("安化瑞丰工业园区", "安化瑞丰工业园区"),
        ("确保瑞丰工业园区", "瑞丰工业园区"),  # a framing verb that is no place goes
        ("科学确定开化县瑞丰新区", "开化县瑞丰新区"),  # a verb ends where a place starts
        ("支持怀化瑞丰产业园", "怀化瑞丰产业园"),
    ],
)
def test_a_place_that_reads_as_a_verb_stays_and_a_verb_before_a_place_goes(name, kept):
    """The validator segments a name only where a verb may open it or end before a place;
    the shortcuts must not keep a framing verb nor cut a place that reads as one."""
    assert check_name(name, "park") == Check(kept)


_RULE_PARTS = [
    *_SCREENED_WORDS[::7],
    *"瑞丰禾沅澄岭“”()《》个条家座最首等级",
    "3个",
    "二期",
    "(东段)",
    "乙省段",
    "五百亿级",
    "工业园区",
    "铁路",
    "工程",
    "项目",
    "重大项目",
    "入选",
    " ",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_RULE_PARTS), min_size=1, max_size=6),
    st.sampled_from(["park", "project", "base", "corridor", "region"]),
    st.booleans(),
)
def test_screened_rules_give_the_verdict_of_every_rule_asked(parts, kind, listed):
    """check_name asks a rule only when the name holds what the rule needs (a word of its list,
    a bracket, a measure word, 最 or 首): the verdict must be the first failing rule's, as if
    every rule were asked."""
    name = "".join(parts)
    check = check_name(name, kind, listed)
    expected = next((reason for reason, fails, _ in _FAILURES if fails(check.name, kind, listed)), "")
    assert check.reason == expected, (name, check)


@pytest.mark.parametrize(
    ("name", "qualifier"),
    [
        ("瑞丰工业园区二期", "瑞丰"),  # a phase after the head
        ("禾沅铁路段", "禾沅"),  # a section
        ("禾沅铁路段(东段)", "禾沅"),  # a section in brackets
        ("瑞丰电厂3号机组", "瑞丰"),
        ("瑞丰工业园区东扩", "瑞丰"),
        ("瑞丰工业园区", "瑞丰"),
        ("瑞丰期", "瑞丰期"),  # ends as a phase does, holds none and no head
    ],
)
def test_the_qualifier_is_what_comes_before_the_head_and_a_phase_or_section(name, qualifier):
    assert name[: len(name) - head_length(name)] == qualifier


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        ("瑞丰工业 园区", "瑞丰工业园区"),  # a line break inside a word
        (" 瑞丰工业园区\n", "瑞丰工业园区"),
        ("瑞丰\u3000工业园区", "瑞丰工业园区"),  # an ideographic space
        ("禾沅、澄岭等高铁", "禾沅、澄岭高铁"),
        ("瑞丰工业园区", "瑞丰工业园区"),
    ],
)
def test_spaces_and_a_glued_list_marker_go(name, joined):
    assert _joined(name) == joined


def test_a_framing_word_is_read_only_when_one_opens_the_name():
    """_first_word segments only names that a framing word of jieba's dictionary opens; the
    first two characters of every such word are known, so no other name is segmented."""
    tagged = _tagged()
    opener = next(w for w in sorted(tagged.framing) if len(w) == 4 and w[:2] not in tagged.framing)
    assert _first_word(opener + "瑞丰工业园区") != opener[:1]  # jieba reads it
    assert _first_word("瑞丰工业园区") == "瑞"
    assert all(w[:2] in tagged.framing_openings for w in tagged.framing if len(w) >= 2)
