"""The place scan of a whole document: its shortcuts give the answers of the plain reading."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.knowledge.store import current
from geo.place.candidates import Hit, _guarded_scanner, _overlaps, before_head, county_over_districts


@given(
    st.lists(st.tuples(st.integers(0, 400), st.integers(1, 6)), max_size=40),
    st.integers(0, 420),
    st.integers(1, 8),
)
def test_overlap_by_binary_search_is_the_plain_overlap(spans, start, size):
    hits, position = [], 0
    for gap, length in spans:  # disjoint hits in text order, as the scanner gives them
        position += gap
        hits.append(Hit(position, position + length, "甲" * length, (), "admin"))
        position += length
    end = start + size
    plain = any(h.start < end and start < h.end for h in hits)
    assert _overlaps(hits, [h.start for h in hits], start, end) == plain


def test_a_guarded_name_deep_inside_a_long_text_is_not_the_end_of_a_short_name():
    """before_head's generic reading (乙绿色产业园) is about short names; in a long text the rest
    of the text is no short name, however it ends."""
    assert before_head("太和绿色产业园", 2)
    long_text = "太和" + "这是一段很长的正文。" * 50 + "绿色产业园"
    assert not before_head(long_text, 2)


def test_a_guarded_name_s_one_place_kept_per_word_is_the_plain_rule_for_every_word():
    """`_Spans.one_place` answers once per word what `_guarded` asked at each match."""
    names = current().part("guarded_names", _guarded_scanner)
    for index, (places, _via) in enumerate(names.values):
        plain = len(set(places)) == 1 or county_over_districts(places) is not None
        assert names.one_place(index) == plain
        assert names.one_place(index) == plain  # and read back the same
    assert any(names.one_place(i) for i in range(len(names.words)))
    assert not all(names.one_place(i) for i in range(len(names.words)))
