"""Word questions about one place of a long text, answered from the block around it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.knowledge.segment import is_word_bound, word_bounds, word_end_from, word_ends

# Han words, letters, digits, punctuation and spaces: every kind of block jieba cuts apart.
PIECES = [
    "工业园区",
    "太和",
    "通化",
    "恒通化工",
    "经济开发区",
    "推进",
    "建设",
    "AB",
    "12",
    "。",
    ",",
    " ",
    "\n",
    "\r\n",
    "\r",
    "—",
    "甲",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_local_answers_are_the_whole_text_answers(pieces):
    text = "".join(pieces)
    bounds, ends = word_bounds(text), word_ends(text)
    for position in range(len(text) + 1):
        assert is_word_bound(text, position) == (position in bounds), (text, position)
        if position < len(text):
            assert word_end_from(text, position) == ends.get(position), (text, position)


# Characters of many overlapping dictionary words, every non-Han character jieba keeps inside a
# block (ASCII letters and digits, +#&._%-), the ends of its Han range and one past it.
BLOCK_ALPHABET = "中华人民共和国产业园区发展合作新城市场经济开发工业通化恒大同朝阳北京天安门双流机场港口岸镇乡县aZ09+#&._%-\u4e00\u9fd5\u9fd6"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=BLOCK_ALPHABET, min_size=1, max_size=30))
def test_compiled_blocks_cut_as_jieba_cuts(text):
    """Blocks are cut by jieba-rs: every word bound and word end is still jieba's own."""
    bounds, ends = word_bounds(text), word_ends(text)
    for position in range(len(text) + 1):
        assert is_word_bound(text, position) == (position in bounds), (text, position)
        if position < len(text):
            assert word_end_from(text, position) == ends.get(position), (text, position)
