"""Reading's shortcuts give what the plain patterns give, on invented text (Simplified, Traditional,
GB18030 and Big5 bytes, boilerplate, glosses and headers)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.corpus import metadata
from geo.corpus.documents import document_from_bytes
from geo.corpus.normalize import _BOILERPLATE, _TONED, PINYIN_GLOSS, boilerplate_spans, to_simplified
from geo.corpus.sentences import _SENTENCE, split_sentences

LINES = [
    "- 1、下载文档前请自行甄别文档内容",
    "- 1、",
    "“仅部分预览”的文档",
    "  ",
    "\u3000",
    "\t",
    "\x0b",
    "\n",
    "\n",
    "------",
    "—— ——",
    "编辑:张三",
    "联系电话:0471-1234567",
    "商务合作:13800000000",
    "推进瑞丰物流园区建设,",
    "版权所有",
    "转载请注明出处",
    "甲@乙.com",
    "TOP",
    "【字体:大 中 小】",
    "正文:",
    "上一篇:丰瑞新区",
    "发展新材料产业" * 12,
    "发展新材料产业" * 12 + "联系13800000000",  # seven digits in a line too long for a phone's
    "甲园区13800000000号地块",
    "\u3000\u300013800000000\u3000",
    "2024年",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=14).map("".join))
def test_boilerplate_spans_are_the_patterns_matches(text):
    assert boilerplate_spans(text) == [m.span() for m in _BOILERPLATE.finditer(text)]


def test_boilerplate_before_a_notice_on_the_next_line_goes_with_it():
    text = "推进园区建设。\n  \n\n下载文档前请自行甄别文档内容\n" + "发展新材料产业" * 20 + "\n"
    assert boilerplate_spans(text) == [m.span() for m in _BOILERPLATE.finditer(text)] == [(8, 27)]


def _sentences_by_match(text: str) -> list[tuple[int, int, str]]:
    """The definition: each match of the pattern, stripped, blank ones left out."""
    out = []
    for m in _SENTENCE.finditer(text):
        chunk = m.group()
        if chunk.strip():
            start = m.start() + len(chunk) - len(chunk.lstrip())
            out.append((start, start + len(chunk.strip()), chunk.strip()))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="园区。！？!?;；”’\"')）」』\n \u3000\x85\u2028甲", max_size=40))
def test_sentences_are_the_stripped_matches(text):
    assert [tuple(s) for s in split_sentences(text)] == _sentences_by_match(text)


_GLOSS_BY_LOOKBEHIND = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="網業a(（)）wǎngyèPVA ", max_size=30))
def test_gloss_pattern_finds_what_the_lookbehind_first_one_did(text):
    assert [m.span() for m in PINYIN_GLOSS.finditer(text)] == [
        m.span() for m in _GLOSS_BY_LOOKBEHIND.finditer(text)
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["", "  ", "甲" * 7, "乙" * 300, "丙\r", "丁\u2028"]), max_size=80))
def test_first_lines_from_the_head_are_the_first_lines_of_the_whole(lines):
    text = "\n".join(lines)
    expected = [line.strip() for line in text.splitlines() if line.strip()][:30]
    assert metadata._lines(text, 30) == expected


NEWS = [
    "瑞丰市发展和改革委员会",
    "近日",
    "印发了",
    "发布",
    "《关于推进园区建设的实施意见》",
    "(丰政发〔2021〕3号)",
    "甲" * 30,
    ",",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NEWS), max_size=12).map("".join))
def test_news_lead_is_the_patterns_first_match(text):
    found, expected = metadata._news_issue(text), metadata._NEWS_ISSUE.search(text)
    assert (found and found.groups()) == (expected and expected.groups())


def test_a_name_named_again_counts_again_for_its_province():
    text = "兰州市、兰州市、兰州市加快发展,天水市配合。"
    assert metadata._province_counts(text) == {"620000": 4}


TRADITIONAL = "甘肅省工業和信息化廳關於推進產業園區建設的通知\n張掖市循環經濟產業園加快發展。\n"


def test_traditional_text_reads_the_same_from_utf8_gb18030_and_big5():
    read = {
        enc: document_from_bytes(TRADITIONAL.encode(enc), "a.txt") for enc in ("utf-8", "gb18030", "big5")
    }
    assert {doc.script for doc in read.values()} == {"traditional"}
    assert {doc.text for doc in read.values()} == {to_simplified(TRADITIONAL)}
    assert read["utf-8"].encoding == "utf-8" and read["gb18030"].encoding == "gb18030"
    assert read["big5"].encoding.startswith("big5")
    assert [tuple(s) for s in read["big5"].sentences] == [tuple(s) for s in read["utf-8"].sentences]
