"""One leftmost-longest scanner for administrative names, places and industry keywords."""

from __future__ import annotations

import random
import re
from typing import NamedTuple

from geo.knowledge.lexicon import FRAME_WORDS, GENERIC_WORDS, PEOPLE_WORDS, REPORTING_VERBS, STATUS_WORDS
from geo.knowledge.scanner import Scanner, WordPattern, by_last_char


def test_leftmost_longest_and_non_overlapping():
    scanner = Scanner({"风电": "a", "风电设备": "b", "设备": "c", "煤化工": "d", "化工": "e", "电设": "f"})
    found = scanner.scan("风电设备煤化工,化工")
    assert [(m.start, m.end, m.word, m.value) for m in found] == [
        (0, 4, "风电设备", "b"),
        (4, 7, "煤化工", "d"),
        (8, 10, "化工", "e"),
    ]


def test_an_earlier_start_wins_over_a_longer_word_inside_it():
    found = Scanner({"甲乙": 1, "乙丙丁戊": 2}).scan("甲乙丙丁戊")
    assert [m.word for m in found] == ["甲乙"]


def test_empty_word_list_and_empty_text():
    assert Scanner({}).scan("甲乙") == []
    assert Scanner({"甲": 1}).scan("") == []


def test_inside_a_word_says_whether_any_match_could_hold_a_fragment():
    scanner = Scanner({"甲乙县": 1, "丙丁": 2})
    assert scanner.inside_a_word("乙县") and scanner.inside_a_word("丙丁")
    assert not scanner.inside_a_word("推进")  # in no word: no scan can find it inside a match
    assert not scanner.inside_a_word("县丙")  # across two words is inside neither
    assert not Scanner({}).inside_a_word("甲")


def _regex_of(words) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def _same_as_regex(words, text: str) -> None:
    regex, pattern = _regex_of(words), WordPattern(words)
    for pos in range(len(text) + 1):
        assert _spans(pattern.finditer(text, pos)) == _spans(regex.finditer(text, pos)), (text, pos)
        for mine, theirs in (
            (pattern.search(text, pos), regex.search(text, pos)),
            (pattern.match(text, pos), regex.match(text, pos)),
        ):
            assert _spans([mine] if mine else []) == _spans([theirs] if theirs else []), (text, pos)
    assert pattern.sub("", text) == regex.sub("", text)
    assert pattern.sub("|", text) == regex.sub("|", text)
    assert pattern.uncovered(text) == len(regex.sub("", text))


def test_word_pattern_finds_what_the_alternation_of_its_words_finds():
    words = ["风电", "风电设备", "设备", "电设", "煤化工", "化工", "化", "工业", "工业园区", "园区"]
    for text in ("风电设备煤化工,化工", "工业园区化工园区", "电设备风", "", "甲乙丙", "化化工工业"):
        _same_as_regex(words, text)


def test_word_pattern_matches_the_regex_on_the_lexicons_over_random_texts():
    """Texts stitched from pieces of the real word lists, so words overlap, nest and abut."""
    rng = random.Random(7)
    for words in (FRAME_WORDS, REPORTING_VERBS, PEOPLE_WORDS, GENERIC_WORDS + STATUS_WORDS):
        sample = rng.sample(list(words), min(60, len(words)))
        pieces = [w[: rng.randint(1, len(w))] for w in sample] + list("甲乙,、")
        for _ in range(40):
            _same_as_regex(words, "".join(rng.choices(pieces, k=rng.randint(1, 8))))


def test_word_pattern_with_no_words_finds_nothing():
    pattern = WordPattern(["", ""])
    assert pattern.finditer("甲乙") == [] and pattern.search("甲") is None and pattern.match("甲") is None
    assert pattern.sub("", "甲乙") == "甲乙"
    assert pattern.uncovered("甲乙") == 2 and pattern.uncovered("") == 0


def test_words_by_last_character_end_a_text_as_the_words_do():
    """str.endswith over the few words of the text's last character is endswith over all."""
    rng = random.Random(3)
    words = ["工业园区", "园区", "产业园", "新区", "区", "基地", "示范基地", "港"]
    found = by_last_char(words)
    pieces = [*words, "甲", "乙", "园", "地", "区甲", ""]
    for _ in range(500):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 4)))
        assert text.endswith(found.get(text[-1:], ())) == text.endswith(tuple(words)), text


class _Hit(NamedTuple):
    start: int
    end: int
    word: str
    value: int


class _Checked(_Hit):
    """A match type with its own __new__: the scanner must call it, not build the tuple itself."""

    def __new__(cls, start: int, end: int, word: str, value: int):
        return super().__new__(cls, start, end, word.upper(), value)


def test_matches_are_of_the_callers_type_and_its_own_constructor_runs():
    found = Scanner({"ab": 1, "c": 2}, _Hit).scan("abxc")
    assert found == [_Hit(0, 2, "ab", 1), _Hit(3, 4, "c", 2)]
    assert all(type(m) is _Hit for m in found)
    checked = Scanner({"ab": 1}, _Checked).scan("xab")
    assert checked == [(1, 3, "AB", 1)] and type(checked[0]) is _Checked
    assert Scanner({"ab": 1}, lambda s, e, w, v: (w, s)).scan("ab") == [("ab", 0)]
