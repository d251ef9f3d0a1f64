"""read_places is cached by (text, priors, near, loose): those must be all it reads of a context."""

from __future__ import annotations

import pytest

from geo.knowledge.store import clear_caches
from geo.place.candidates import Context, place_by_code, read_places

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
