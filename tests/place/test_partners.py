"""Cooperation parks named by two one-character names, a far partner's and then the host
prefecture's (issue 12): in a report of the host's province the park lies in that prefecture.
Units are real; names and sentences invented."""

from __future__ import annotations

import pytest

from geo.corpus.documents import document_from_bytes
from geo.model import Entity, Mention
from geo.place.geocode import place_entities


def place_in_fujian_report(name: str):
    text = f"福建省人民政府工作报告\n全省推进开放合作。{name}新落地项目十个。\n"
    doc = document_from_bytes(text.encode("utf-8"), "fujian.txt")
    sentence = f"{name}新落地项目十个。"
    mention = Mention(doc.name, name, "park", name, 0, len(name), sentence)
    return place_entities([Entity(name, "park", [mention], [name])], [doc])[0]


@pytest.mark.parametrize(
    ("name", "prefecture"),
    [("沪泉合作产业园", "泉州市"), ("沪漳数字产业园", "漳州市"), ("京宁协作产业园", "宁德市")],
)
def test_the_second_letter_names_the_host_prefecture(name, prefecture):
    placement = place_in_fujian_report(name)
    assert (placement.province, placement.prefecture) == ("福建省", prefecture)


@pytest.mark.parametrize("name", ["中德合作产业园", "泉漳合作产业园", "广厦数字产业园"])
def test_no_host_is_read_where_the_first_letter_is_no_far_partner(name):
    # 中德: China and Germany; 泉漳: both letters name prefectures of the province itself;
    # 广厦 is a word (a mansion)
    placement = place_in_fujian_report(name)
    assert (placement.province, placement.prefecture) == ("福建省", None)
