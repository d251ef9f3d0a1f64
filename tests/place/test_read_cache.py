"""read_places is cached by (text, priors, near, loose): those must be all it reads of a context."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.knowledge.lexicon import HEAD_KIND
from geo.knowledge.store import clear_caches
from geo.place.candidates import Context, head_of, lineage, place_by_code, place_hits, read_places

TEXTS = ["推进集宁区瑞丰工业园区建设", "朝阳", "大同至朝阳", "太和经济开发区", "新建巴彦浩特"]


def _never() -> frozenset[str]:
    raise AssertionError("read_places read ctx.named: its cache key would be wrong")


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("loose", [False, True])
def test_read_places_never_reads_named_and_answers_as_uncached(text, loose):
    contexts = [
        Context(),
        Context((place_by_code("150900"),)),
        Context(near=(place_by_code("211300"), place_by_code("150400"))),
        Context((place_by_code("210000"),), (place_by_code("210700"),)),
    ]
    for ctx in contexts:
        first = read_places(text, Context(ctx.priors, ctx.near, _never), loose)
        clear_caches()
        fresh = read_places(text, Context(ctx.priors, ctx.near, _never), loose)
        assert first == fresh
        again = read_places(text, ctx, loose)
        assert again == fresh and again is not fresh  # a list of its own for each caller


def test_a_text_read_once_is_chosen_again_in_each_context():
    """The names a text holds are kept by text alone; which unit each one is, never: the same
    short name read in a Beijing report and then in a Liaoning one is two places."""
    beijing, liaoning = Context((place_by_code("110000"),)), Context((place_by_code("210000"),))
    text = "推进朝阳甲乙产业园建设"
    in_beijing = read_places(text, beijing)
    in_liaoning = read_places(text, liaoning)
    assert [c.place.code[:2] for _, c in in_beijing] == ["11"]
    assert [c.place.code[:2] for _, c in in_liaoning] == ["21"]
    clear_caches()
    assert read_places(text, liaoning) == in_liaoning and read_places(text, beijing) == in_beijing


def test_place_hits_answer_as_uncached_for_long_and_short_texts():
    short = "朝阳至锦州"
    long = "推进朝阳甲乙产业园建设," * 8  # longer than any cached text
    for text in (short, long):
        first = place_hits(text)
        clear_caches()
        assert place_hits(text) == first


def test_lineage_is_the_callers_own():
    """lineage is kept per unit: a caller that changes its answer changes no one else's."""
    county = place_by_code("150902")
    mine = lineage(county)
    mine["county"] = None
    assert lineage(county)["county"] == county


@given(st.text(alphabet="园区工业开发经济产业基地项目港甲", max_size=12))
def test_head_of_is_the_longest_head_the_text_ends_with(text):
    plain = next((h for h in sorted(HEAD_KIND, key=len, reverse=True) if text.endswith(h)), "")
    assert head_of(text) == plain
