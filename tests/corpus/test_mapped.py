import re

from geo.corpus.mapped import MappedText


def test_identity_maps_each_char_to_itself():
    mapped = MappedText.identity("甲乙丙")
    assert mapped.original_span(1, 3) == (1, 3)


def test_delete_keeps_offsets_of_the_rest():
    original = "網(wǎng)絡園區"
    mapped = MappedText.identity(original).delete_matches(re.compile(r"\(wǎng\)"))
    assert mapped.text == "網絡園區"
    start, end = mapped.original_span(1, 3)
    assert original[start:end] == "絡園"


def test_map_chars_expanding_a_char_keeps_its_origin():
    mapped = MappedText.identity("a㈠b").map_chars(lambda c: "(一)" if c == "㈠" else c)
    assert mapped.text == "a(一)b"
    assert mapped.original_span(1, 4) == (1, 2)
    assert mapped.original_span(4, 5) == (2, 3)


def test_convert_lines_with_length_change_stays_within_the_line():
    text = "第一行\n第二行"
    mapped = MappedText.identity(text).convert_lines(lambda s: s.replace("第二行", "第二行长"))
    assert mapped.text == "第一行\n第二行长"
    start, end = mapped.original_span(4, 8)
    assert text[start:end] == "第二行"
    assert mapped.original_span(0, 3) == (0, 3)


def test_span_outside_text_is_an_error():
    import pytest

    with pytest.raises(ValueError):
        MappedText.identity("甲").original_span(0, 5)
