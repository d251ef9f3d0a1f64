"""One leftmost-longest scanner for administrative names, places and industry keywords."""

from __future__ import annotations

from geo.knowledge.scanner import Scanner


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
