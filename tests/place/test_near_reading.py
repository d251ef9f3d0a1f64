"""A corridor's ends are read a second time, with the other ends as `near`, only where nearness
can change the reading; whether it can is asked of the hits `read_member` reads. Units are real;
the ends are chosen to hold namesakes (朝阳, 南沙), towns, guarded names and brackets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import geo.place.candidates as candidates
from geo.knowledge.store import clear_caches
from geo.place.candidates import Context, place_by_code, read_members

ENDS = [
    "朝阳",
    "锦州",
    "赤峰",
    "呼和浩特",
    "包头",
    "新惠(敖汉旗)",
    "赤峰(元宝山)",
    "大同",
    "太和",
    "通化",
    "南沙",
    "吉林",
    "绥芬河口岸",
    "旗下营",
    "亦庄",
    "甲乙",
    "新港",
    "延长",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ENDS), min_size=1, max_size=4), st.sampled_from(["", "150000", "210000"]))
def test_ends_read_as_a_second_reading_of_every_end_reads_them(parts, prior):
    priors = (place_by_code(prior),) if prior else ()
    ctx = Context(priors)
    clear_caches()
    found = read_members(parts, ctx)
    original = candidates._near_may_settle
    candidates._near_may_settle = lambda _text: True  # always read every end again
    try:
        clear_caches()
        assert read_members(parts, ctx) == found
    finally:
        candidates._near_may_settle = original


def test_an_end_the_strict_reading_settles_is_not_read_loosely(monkeypatch):
    """呼和浩特 is one unit, read strictly: the loose reading cannot matter to `read_member`."""
    asked: list[tuple[str, bool]] = []
    plain = candidates.place_hits

    def spy(text: str, loose: bool = False):
        asked.append((text, loose))
        return plain(text, loose)

    monkeypatch.setattr(candidates, "place_hits", spy)
    assert not candidates._near_may_settle("呼和浩特")
    assert asked == [("呼和浩特", False)]
    assert candidates._near_may_settle("朝阳")  # several units: nearness may settle it
