"""Cooperation names that open with a mainland unit's letter and a special administrative
region's (issue 12): the side named first hosts the place. Units are real; names invented."""

from __future__ import annotations

import pytest

from geo.corpus.documents import document_from_bytes
from geo.model import Entity, Mention
from geo.place.geocode import place_entities

BODY = "深圳与香港加强合作。{name}加快建设。"


def place_in_hong_kong_text(name: str, kind: str = "park"):
    text = f"香港特别行政区政府施政报告\n{BODY.format(name=name)}\n"
    doc = document_from_bytes(text.encode("utf-8"), "hk.txt")
    sentence = f"{name}加快建设。"
    mention = Mention(doc.name, name, kind, name, 0, len(name), sentence)
    return place_entities([Entity(name, kind, [mention], [name])], [doc])[0]


@pytest.mark.parametrize("name", ["深港数字创意基地", "深港医疗合作园"])
def test_a_mainland_letter_first_puts_the_place_on_the_mainland(name):
    placement = place_in_hong_kong_text(name, "base" if name.endswith("基地") else "park")
    assert (placement.province, placement.prefecture) == ("广东省", "深圳市")


def test_the_region_letter_first_keeps_it_in_the_region():
    assert place_in_hong_kong_text("港深数字创意园").province == "香港特别行政区"


def test_a_name_merely_opening_with_a_region_letter_is_no_pair():
    placement = place_in_hong_kong_text("港口冷链物流园")
    assert (placement.province, placement.source) == ("香港特别行政区", "document")


def test_a_pair_after_words_naming_no_place_puts_the_place_with_its_host():
    placement = place_in_hong_kong_text("云帆深港青年创客基地", "base")
    assert (placement.province, placement.prefecture, placement.source) == ("广东省", "深圳市", "name")


def test_a_frequent_word_after_other_words_is_no_pair():
    placement = place_in_hong_kong_text("云帆新港冷链物流园")
    assert (placement.province, placement.source) == ("香港特别行政区", "document")
