"""The place scan of a whole document: its shortcuts give the answers of the plain reading."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.knowledge.store import current
from geo.place.candidates import (
    _GUARDED_VIAS,
    _RIVER_WORDS,
    Context,
    Hit,
    _before_unit_word,
    _credible,
    _guarded,
    _guarded_scanner,
    _not_outread,
    _overlaps,
    _several,
    _stands_alone,
    _with_ports,
    before_head,
    certain_bounds,
    choose,
    county_over_districts,
    place_hits,
    province_place,
    read_places,
    scan,
)


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


def _disjoint(spans: list[tuple[int, int]], kind: str) -> list[Hit]:
    hits, position = [], 0
    for gap, length in spans:  # disjoint hits in text order, as the scanner gives them
        position += gap
        hits.append(Hit(position, position + length, "甲" * length, (), kind))
        position += length
    return hits


span_lists = st.lists(st.tuples(st.integers(0, 12), st.integers(1, 8)), max_size=30)


@given(span_lists, span_lists)
def test_names_outread_by_ports_are_those_the_plain_rule_drops(names, ports):
    """A name is dropped where a port at least as long overlaps it: found by binary searches
    per port, the same names as a comparison of every name with every port."""
    hits, found = _disjoint(names, "admin"), _disjoint(ports, "port")
    plain = [
        h
        for h in hits
        if not any(p.start < h.end and h.start < p.end and p.end - p.start >= h.end - h.start for p in found)
    ]
    assert _not_outread(hits, found) == plain


def _plain_hits(text: str, loose: bool) -> tuple:
    """place_hits' reading step by step, each name through every rule in turn."""
    hits = scan(text, loose)
    if not loose and (two := [h for h in hits if len(h.surface) == 2]):
        certain = certain_bounds(text, [p for h in two for p in (h.start, h.end)]) if len(two) > 4 else ()
        hits = [h for h in hits if len(h.surface) > 2 or _stands_alone(h, text, certain)]
    hits = _with_ports(text, hits)
    if not loose:
        hits = sorted([*hits, *_guarded(text, hits)], key=lambda h: h.start)
    return tuple(
        (h, _several(h.candidates) and before_head(text, h.end))
        for h in hits
        if not text.startswith(_RIVER_WORDS, h.end) and not _before_unit_word(h, text)
    )


def _plain_read(text: str, ctx: Context, loose: bool) -> list:
    """read_places with `choose` asked at every name, one candidate or several."""
    out, inside = [], None
    for hit, headed in _plain_hits(text, loose):
        choice = choose(hit, ctx, inside, headed)
        if choice is None:
            continue
        guarded = hit.via in _GUARDED_VIAS and not (inside and choice.place.within(inside))
        if guarded and not _credible(hit, choice, ctx):
            continue
        out.append((hit, choice))
        inside = choice.place if choice.place.code else inside
    return out


# Names of one candidate and of several, towns, words a name runs into (县, 干流), heads and
# ports, and filler: what each shortcut of the reading decides on.
FRAGMENTS = ["朝阳", "大同", "通化", "恒通化工", "太和", "东方", "新港", "天竺", "北京", "内蒙古"]
FRAGMENTS += ["县", "区", "镇", "干流", "上游", "工业园", "经济开发区", "口岸", "甲", "乙", "，", "。"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.booleans(), st.sampled_from(["", "晋", "辽"]))
def test_the_reading_of_a_text_is_the_plain_reading(pieces, loose, province):
    """read_places' shortcuts (one candidate chosen at once, the names filtered in one pass, the
    ports' binary searches) give the plain reading's places, in short texts and long ones."""
    text = "".join(pieces)
    prior = province_place(province) if province else None
    ctx = Context((prior,) if prior else ())
    assert place_hits(text, loose) == _plain_hits(text, loose)
    assert read_places(text, ctx, loose) == _plain_read(text, ctx, loose)
