"""Word bounds from jieba's dictionary: the shortcut always gives jieba's own answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.knowledge.segment import is_word_bound, word_end_from
from geo.place.words import certain_bounds, crossed, word_bound, word_end

# Characters that make many dictionary words in many overlapping ways, with ASCII runs, \r\n and
# punctuation (where jieba's own rules, not its dictionary, decide).
ALPHABET = "中华人民共和国产业园区发展合作新城市场经济开发工业通化恒大同朝阳甲乙ab12\r\n,。 \u9fd6·"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_word_bound_is_jiebas_answer_at_every_position(text):
    positions = range(len(text) + 1)
    certain = certain_bounds(text, positions)
    for position in positions:
        expected = is_word_bound(text, position)
        assert word_bound(text, position) == expected
        assert word_bound(text, position, certain) == expected
        assert position not in certain or expected


def test_a_pair_inside_a_dictionary_word_is_not_certain():
    text = "推进恒通化工建设"  # 通化 is read inside 恒通化工, a word across its start
    assert crossed(text, 3)
    assert 3 not in certain_bounds(text, [3])
    assert not word_bound(text, 3)


def test_ascii_runs_and_crlf_are_left_to_jieba():
    """No dictionary word crosses inside "ab12" or "\\r\\n", yet jieba joins them."""
    for text, position in (("甲ab乙", 2), ("甲12乙", 2), ("甲\r\n乙", 2)):
        assert not certain_bounds(text, [position])
        assert word_bound(text, position) == is_word_bound(text, position) is False


def test_positions_where_no_word_crosses_are_certain():
    text = "甲市。乙县"
    assert certain_bounds(text, [2, 3]) == frozenset({2, 3})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET + "\u3400", min_size=1, max_size=40))
def test_the_word_read_from_a_block_is_jiebas_word(text):
    """word_end reads the block around a position, not the whole text: the same word ends."""
    for start in range(len(text) + 1):
        assert word_end(text, start) == word_end_from(text, start)


def _plain_crossed(text: str, position: int) -> bool:
    """Whether a dictionary word covers text[position - 1] and text[position], walked from every
    start up to the longest word before it (crossed without its shortcuts)."""
    from geo.place.words import _loaded

    freq, longest, _ = _loaded()
    for start in range(position - 1, max(position - longest, -1), -1):
        for end in range(position + 1, min(len(text), start + longest) + 1):
            count = freq.get(text[start:end])
            if count is None:
                break
            if count:
                return True
    return False


# Runs of characters that chain into long dictionary words (中华人民共和国, 经济开发区) and break
# off mid-word, so that the walk back from a position meets pairs no word holds at every depth.
WORDS = [
    "中华人民共和国",
    "经济技术开发区",
    "高新技术产业开发区",
    "人民",
    "共和",
    "华人",
    "开发",
    "甲",
    "乙",
    "。",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(alphabet=ALPHABET, max_size=4), max_size=12))
def test_crossed_stops_its_walk_only_where_no_word_can_cross(pieces):
    """crossed stops walking back at a pair of characters no dictionary word holds: its answer
    is the full walk's at every position."""
    text = "".join(pieces)
    for position in range(1, len(text)):
        assert crossed(text, position) == _plain_crossed(text, position)
