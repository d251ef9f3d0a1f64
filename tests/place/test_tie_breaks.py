"""A district's short name shared by units of two provinces (普陀: a district of 上海 and one of
舟山 in 浙江), in a text of a third jurisdiction (issue 12): the name's own province letters
settle it, then the units its document names; the document's jurisdiction never stands in for
a mainland unit the name names. Units are real; names and sentences invented."""

from __future__ import annotations

from geo.corpus.documents import document_from_bytes
from geo.model import Entity, Mention
from geo.place.geocode import place_entities


def place_in_hong_kong_text(name: str, body: str = "两地加强合作。", kind: str = "base"):
    text = f"香港特别行政区政府施政报告\n{body}{name}加快建设。\n"
    doc = document_from_bytes(text.encode("utf-8"), "hk.txt")
    sentence = f"{name}加快建设。"
    mention = Mention(doc.name, name, kind, name, 0, len(name), sentence)
    return place_entities([Entity(name, kind, [mention], [name])], [doc])[0]


def test_a_province_letter_in_the_name_settles_a_shared_district_name():
    shanghai = place_in_hong_kong_text("普陀沪港青年创客基地")
    zhejiang = place_in_hong_kong_text("普陀浙港青年创客基地")
    assert (shanghai.province, shanghai.county) == ("上海市", "普陀区")
    assert (zhejiang.province, zhejiang.prefecture, zhejiang.county) == ("浙江省", "舟山市", "普陀区")


def test_a_city_the_document_names_settles_a_shared_district_name():
    placement = place_in_hong_kong_text("普陀青年创客基地", body="舟山与香港加强合作。")
    assert (placement.province, placement.prefecture, placement.county) == ("浙江省", "舟山市", "普陀区")


def test_the_names_own_letters_come_before_the_documents_cities():
    placement = place_in_hong_kong_text("普陀沪港青年创客基地", body="舟山与香港加强合作。")
    assert (placement.province, placement.county) == ("上海市", "普陀区")


def test_an_unsettled_mainland_district_is_not_put_in_the_region():
    placement = place_in_hong_kong_text("普陀青年创客基地")
    assert (placement.country, placement.province, placement.precision) == ("中国", None, "country")
    assert placement.geometry is None  # no made-up point for the whole country


def test_a_name_of_the_regions_own_stays_in_the_region():
    placement = place_in_hong_kong_text("瑞丰青年创客基地")
    assert (placement.province, placement.source) == ("香港特别行政区", "document")
