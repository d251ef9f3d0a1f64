"""Entities carry the dates of the documents that name them and every sentence that does; the
build keeps each document's read text for the app."""

from __future__ import annotations

import json

from geo.layers.frame import COLUMNS, conform, entity_frame
from geo.layers.io import geojson_text
from geo.layers.texts import parse_texts, texts_jsonl
from geo.model import Entity, Mention


def _mention(doc: str, sentence: str, name: str = "青禾新材料产业园") -> Mention:
    return Mention(doc, name, "park", name, 0, len(name), sentence)


def _entity() -> Entity:
    return Entity(
        "青禾新材料产业园",
        "park",
        [
            _mention("b.txt", "推进青禾新材料产业园建设。"),
            _mention("a.txt", "青禾新材料产业园扩区。"),
            _mention("b.txt", "推进青禾新材料产业园建设。"),
            _mention("c.txt", "青禾新材料产业园投产。"),
        ],
    )


def test_first_and_last_date_come_from_the_dated_documents():
    dates = {"a.txt": "2019-05-01", "b.txt": "2023-11-30", "c.txt": None}
    row = entity_frame([_entity()], dates=dates).iloc[0]
    assert (row["first_date"], row["last_date"]) == ("2019-05-01", "2023-11-30")


def test_no_dated_document_gives_no_date():
    row = entity_frame([_entity()]).iloc[0]
    assert row["first_date"] is None and row["last_date"] is None


def test_every_distinct_mention_is_kept_with_its_document():
    row = entity_frame([_entity()]).iloc[0]
    assert row["mention_docs"] == ["b.txt", "a.txt", "c.txt"]
    assert row["mention_sentences"] == [
        "推进青禾新材料产业园建设。",
        "青禾新材料产业园扩区。",
        "青禾新材料产业园投产。",
    ]


def test_geojson_properties_are_plain_strings_and_arrays():
    frame = entity_frame([_entity()], dates={"a.txt": "2019-05-01"})
    properties = json.loads(geojson_text(frame))["features"][0]["properties"]
    assert properties["first_date"] == "2019-05-01" and properties["last_date"] == "2019-05-01"
    assert isinstance(properties["mention_sentences"], list)


def test_an_older_layer_gains_the_new_columns_empty():
    frame = entity_frame([_entity()]).drop(columns=["first_date", "mention_docs"])
    fixed = conform(frame)
    assert set(COLUMNS) <= set(fixed.columns)
    assert fixed.iloc[0]["first_date"] is None and fixed.iloc[0]["mention_docs"] == []


def test_texts_round_trip_and_a_damaged_line_is_skipped():
    text = texts_jsonl([("a.txt", "第一行\n<b>第二行</b>"), ("b.txt", "")])
    assert parse_texts(text + "{broken\n") == {"a.txt": "第一行\n<b>第二行</b>", "b.txt": ""}


def test_a_build_keeps_texts_and_dates_its_entities(tmp_path):
    from geo.build import build
    from geo.layers.texts import read_texts

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notice.txt").write_text(
        "关于推进产业发展的通知\n推进丰镇青禾工业园区建设,重点发展氟化工。\n2021年3月5日\n", encoding="utf-8"
    )
    result = build([docs], tmp_path / "out")
    texts = read_texts(tmp_path / "out")
    assert "丰镇青禾工业园区" in texts["notice.txt"]
    row = result.frame[result.frame["name"] == "丰镇青禾工业园区"].iloc[0]
    assert (row["first_date"], row["last_date"]) == ("2021-03-05", "2021-03-05")
