"""Corpus-wide stages on an engine's workers, in batches, answer as in one process."""

from __future__ import annotations

import geo.classify.tags as tags
from geo.classify.tags import classify_all
from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import entities_of, extract_mentions
from geo.layers import frame
from geo.layers.frame import pinyin, pinyin_all
from geo.parallel import engine

TEXT = (
    "推进青禾经济开发区以氟化工为主导产业,重点发展甲醇、乙二醇项目;丰源物流园区主导产业为冷链物流。"
    "实施青禾风电场二期工程和禾源光伏电站项目,建设丰源至青禾输电线路工程。"
)


def test_batches_on_two_workers_give_the_same_tags(monkeypatch):
    doc = document_from_bytes(TEXT.encode(), "notice.txt")
    entities, _ = entities_of(extract_mentions(doc))
    assert len(entities) >= 4
    monkeypatch.setattr(tags, "BATCH", 2)  # several batches, so order across workers matters
    with engine("local", 2) as mapper:
        spread = classify_all(entities, mapper)
    assert spread == classify_all(entities)
    assert any(t.codes for t in spread)


def test_pinyin_on_two_workers_keeps_the_order(monkeypatch):
    names = ["青禾经济开发区", "丰源物流园区", "禾源光伏电站项目", "丰源至青禾输电线路工程", "青禾风电场"]
    monkeypatch.setattr(frame, "_BATCH", 2)
    with engine("local", 2) as mapper:
        spelled = pinyin_all(names, mapper)
    assert spelled == [pinyin(n) for n in names] and spelled[0].startswith("Qing")


def test_warm_loads_what_the_stages_on_workers_need():
    """Workers are forked after warm(): whatever a stage still loads, each worker loads again."""
    from geo.knowledge.store import Knowledge, current, using
    from geo.parallel import warm
    from geo.place.geocode import place_entities

    with using(Knowledge()):
        warm()
        loaded = set(current().loaded())
        doc = document_from_bytes((TEXT + "建设呼包鄂协同发展区和大同至朝阳铁路。").encode(), "notice.txt")
        entities, _ = entities_of(extract_mentions(doc))
        place_entities(entities, [doc])
        classify_all(entities)
        pinyin_all([e.name for e in entities])
        assert set(current().loaded()) - loaded == set()
