"""Tests in C that spare a regex (a character or word the regex needs, or the labels of the
name's last character) give what the regex alone gives, on invented strings built from the
words and marks each regex reads."""

import random
import re

from geo.extract import anchors, mentions, validate

_MARKS = ["期", "段", "号", "扩", "号机组", "一", "二", "3", "(", ")", "[2]", " ", "\n", "\u3000", "等"]
_WORDS = ["甲", "乙丙", "工程", "项目", "铁路", "客专", "客运专线", "扩能", "扩能改造", "电气化改造", "东扩"]
_WORDS += ["沿", "沿江", "沿海", "中", "中蒙", "年产", "年产60万吨", "各", "各类", "本", "有条件的", "重点"]
_WORDS += ["园区", "产业园", "重大项目", "重点项目", "示范基地", "(一)", "“", "”", "、"]


# the regex has_anchor asked before: a qualifier opening with one of these words names a class
_QUANTIFIED = re.compile(r"^(一批|一些|多条|多个|若干|各类|各个|各|这些|其他|其它|有关|相关|该|本|有条件的)")


def _strings(seed: int, count: int = 6000) -> list[str]:
    rng = random.Random(seed)
    pieces = _MARKS + _WORDS + list(validate.CLASS_LABELS)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_a_phase_is_stripped_as_the_regex_strips_it():
    for name in _strings(1):
        expected = validate._PHASE.sub("", name) if name.endswith(validate._PHASE_ENDS) else name
        assert validate._without_phase(name) == expected, name


def test_spaces_are_joined_as_the_regex_joins_them():
    for name in _strings(2):
        expected = validate._SPACE_IN_WORDS.sub("", name).strip() if not name.isalnum() else name
        expected = validate._LISTED_HEAD.sub("", expected) if "等" in expected else expected
        assert validate._joined(name) == expected, name


def test_a_label_is_found_among_the_labels_of_the_last_character():
    for name in _strings(3):
        assert name.endswith(validate._LABEL_ENDS.get(name[-1:], ())) == name.endswith(
            validate._LABELS_LONGEST_FIRST
        ), name
    assert validate.strip_label("甲乙产业园重大项目") == "甲乙产业园"


def test_a_corridors_works_and_redundant_rail_go_as_the_regexes_take_them():
    for name in _strings(4):
        rail = mentions._REDUNDANT_RAIL.search(name)
        expected = name if rail is None else name[: rail.start()] + rail.group(1) + name[rail.end() :]
        assert mentions._without_redundant_rail(name) == expected, name
        stripped = mentions._CORRIDOR_TAIL.sub("", name)
        assert (stripped != name) <= name.endswith(mentions._CORRIDOR_TAIL_WORDS), name
    assert mentions._clean_name("甲乙客专铁路扩能改造", "corridor") == "甲乙客专"


def test_a_leading_bracket_is_dropped_only_where_the_text_opens_with_one():
    for text in _strings(5):
        dropped = mentions._LEADING_BRACKET.sub("", text)
        assert dropped == text or text[:1] in "([", text


def test_the_anchor_screens_agree_with_their_patterns():
    for text in _strings(6):
        assert bool(anchors._ALONG.search(text)) <= ("沿" in text), text
        assert bool(anchors._BILATERAL.fullmatch(text)) <= (text[:1] == "中"), text
        assert bool(anchors._CAPACITY.search(text)) <= ("年产" in text), text
        assert text.startswith(anchors._QUANTIFIERS) == bool(_QUANTIFIED.match(text)), text
    assert not anchors.has_anchor("各类园区") and not anchors.has_anchor("有条件的")


def test_a_place_sequence_needs_a_dash_or_zhi():
    rng = random.Random(7)
    pieces = ["甲乙", "丙丁戊", "至", "-", "—", "～", "(己庚)", "、", "铁路", "经"]
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        if mentions._SEQUENCE.match(text):
            assert mentions._SEQUENCE_GLUE_CHAR.search(text), text
    assert mentions._leading_unit("甲乙—丙丁铁路", "戊己") == len("甲乙—丙丁")
