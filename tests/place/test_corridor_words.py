"""A corridor's place that is a word in its name (issue 12): in a document with no jurisdiction, a
county that neither the document nor the corridor's other places back is no end of the line.
Units are real; the line and the sentences are invented."""

from __future__ import annotations

from geo.corpus.documents import document_from_bytes
from geo.model import Entity, Mention
from geo.place.geocode import place_entities


def corridor(name: str, places: tuple[str, ...], body: str) -> tuple[Entity, object]:
    doc = document_from_bytes(f"关于推进重大项目建设的通知\n{body}\n".encode(), "n.txt")
    sentence = body
    start = sentence.find(name)
    mention = Mention(doc.name, name, "corridor", name, start, start + len(name), sentence, places)
    return Entity(name, "corridor", [mention], [name]), doc


def test_a_coastal_line_of_one_city_is_placed_in_that_city():
    line, doc = corridor("厦门滨海快线", ("厦门", "滨海"), "在福建,厦门滨海快线加快建设。")
    placement = place_entities([line], [doc])[0]
    assert (placement.province, placement.prefecture) == ("福建省", "厦门市")


def test_a_county_the_document_backs_stays_an_end():
    line, doc = corridor("厦门滨海快线", ("厦门", "滨海"), "江苏盐城与福建,厦门滨海快线加快建设。")
    placement = place_entities([line], [doc])[0]
    assert placement.province is None  # two provinces: 厦门市 and 滨海县 both stay


def test_two_unbacked_counties_both_stay():
    line, doc = corridor("满洲里绥芬河通道", ("满洲里", "绥芬河"), "满洲里绥芬河通道加快建设。")
    placement = place_entities([line], [doc])[0]
    assert {p for p in placement.places} >= {"满洲里市", "绥芬河市"}
