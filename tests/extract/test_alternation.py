"""The word alternations of geo.extract.mentions, grouped by first character for speed, match
what a plain alternation of the same words matches (invented strings)."""

import random
import re

from geo.extract.mentions import _CUT, _CUT_BEFORE, _HEAD, _plain
from geo.knowledge.scanner import by_first_char as _by_first_char


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int] | None]:
    return [m.span() if (m := pattern.match(text, at)) else None for at in range(len(text) + 1)]


def test_grouped_alternation_keeps_the_order_of_words_sharing_a_first_character():
    words = ["甲乙", "丙", "甲", "甲乙丁", "丙丁"]  # not sorted: the first listed word wins
    plain = re.compile("|".join(words))
    grouped = re.compile(_by_first_char(_plain(words)))
    for text in ["甲乙丁丙丁", "丙丁甲", "乙甲乙", "甲丙丁丙", ""]:
        assert _spans(grouped, text) == _spans(plain, text)
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_grouped_alternation_backtracks_into_a_shorter_word_of_the_group():
    grouped = re.compile(f"(?:{_by_first_char(_plain(['甲乙丙', '甲乙']))})(?!丙)")
    assert grouped.match("甲乙丙").group() == "甲乙丙"
    assert grouped.match("甲乙丙丙") is None  # 甲乙丙 then 丙: 甲乙 is followed by 丙 too


def test_a_cut_word_after_hua_or_ending_a_noun_is_no_cut():
    assert [m.group() for m in _CUT.finditer("甲乙工程化建设")] == []  # 化建设: a compound
    assert [m.group() for m in _CUT.finditer("甲乙盐穴综合利用示范")] == []
    assert [m.group() for m in _CUT.finditer("加快利用甲乙")] == ["加快", "利用"]
    assert [m.group() for m in _CUT.finditer("利用甲乙")] == ["利用"]  # at the start: nothing before it
    assert _CUT_BEFORE.search("甲乙推进", 0, 4) and not _CUT_BEFORE.search("甲乙工程化推进", 0, 7)


def test_a_line_after_a_number_and_new_lines_after_deng_are_heads():
    assert _HEAD.match("甲乙3线", 3).group() == "线"
    assert _HEAD.match("甲乙线", 2) is None  # no number before 线
    assert _HEAD.match("甲乙等新线", 3).group() == "新线"
    assert "新线" not in [m.group() for m in _HEAD.finditer("甲乙丙新线")]  # no 等 before it


def test_the_validators_head_at_the_end_starts_where_the_plain_alternation_does():
    """head_length and ends_with_head ask only whether and where the head at the end starts,
    which grouping the heads by first character does not change (invented names)."""
    from geo.extract.validate import _head_at_end, _tail_at_end
    from geo.knowledge.lexicon import HEAD_KIND, HEAD_TAILS, PHASE_TAILS

    def alternation(words):
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    plain_head = re.compile(
        f"(?:{alternation(HEAD_KIND)})(?:{alternation(HEAD_TAILS)})?(?:{alternation(PHASE_TAILS)})?$"
    )
    plain_tail = re.compile(f"(?:{'|'.join(map(re.escape, HEAD_TAILS))})$")
    rng = random.Random(5)
    pieces = [*HEAD_KIND, *HEAD_TAILS, *PHASE_TAILS, "甲", "乙丙", "园", "工"]
    for _ in range(2000):
        name = "".join(rng.choices(pieces, k=rng.randint(0, 4)))
        mine, theirs = _head_at_end().search(name), plain_head.search(name)
        assert (mine and mine.start()) == (theirs and theirs.start()), name
        assert bool(_tail_at_end().search(name)) == bool(plain_tail.search(name)), name
