"""Placement on workers is sent the codes each document names, not their union per set of
documents: the driver holds no union (a set of hundreds of codes for every set of documents),
and a worker's union reads as the whole set did."""

from __future__ import annotations

import pytest

from geo.corpus.documents import DocumentSummary, document_from_bytes
from geo.model import Entity, Mention
from geo.place import geocode
from geo.place.candidates import Context
from geo.place.geocode import DocCodes, named_union, own_placements, place_entities

TEXTS = {
    "a.txt": "乌兰察布市人民政府关于产业园区建设的通知\n丰镇市、集宁区推进园区建设。\n",
    "b.txt": "乌兰察布市人民政府关于产业园区建设的通知\n凉城县、卓资县推进园区建设。\n",
}


def summaries() -> list[DocumentSummary]:
    out = []
    for name, text in TEXTS.items():
        doc = document_from_bytes(text.encode("utf-8"), name)
        out.append(DocumentSummary.of(doc, geocode.named_codes(doc)))
    return out


def entity(name: str, *docs: str) -> Entity:
    sentence = f"推进{name}建设。"
    mentions = [Mention(d, name, "park", name, 2, 2 + len(name), sentence) for d in docs]
    return Entity(name, "park", mentions, [])


ENTITIES = [
    entity("甲乙工业园", "a.txt", "b.txt"),
    entity("丰凉工业园", "a.txt"),
    entity("瑞丰园区", "a.txt", "b.txt"),
]


def test_the_driver_holds_no_union_of_codes_when_workers_place(monkeypatch):
    made: list = []
    init = geocode._NamedCodes.__init__

    def keep(self, docs):
        init(self, docs)
        made.append(self)

    monkeypatch.setattr(geocode._NamedCodes, "__init__", keep)
    sent: list = []

    def mapper(func, batches):
        sent.extend(item for (batch,) in batches for item in batch)
        return (func(*b) for b in batches)

    place_entities(ENTITIES, summaries(), mapper=mapper)
    assert made[0].by_docs == {}
    parts = [item[2] for item in sent]
    assert parts[0] is parts[2] and all(isinstance(p, DocCodes) for p in parts[0])
    docs = {d.name: d for d in summaries()}
    assert parts[1][0].codes is made[0].named["a.txt"] and parts[1][0].codes == docs["a.txt"].named


@pytest.mark.parametrize("entities", [ENTITIES, ENTITIES[1:]])
def test_workers_place_as_the_driver_does(entities):
    def mapper(func, batches):
        return (func(*b) for b in batches)

    assert place_entities(entities, summaries(), mapper=mapper) == place_entities(entities, summaries())


def test_a_union_of_parts_is_the_union_of_the_documents_codes():
    a, b = DocCodes(("150902", "150981")), DocCodes(frozenset({"150981", "150925"}))
    assert named_union((a, b)) == frozenset({"150902", "150981", "150925"})
    assert named_union(()) == frozenset()
    e = entity("甲乙工业园", "a.txt")
    light = Context()
    items = [(e, light, (a, b), ()), (e, light, (DocCodes(named_union((a, b))),), ())]
    assert own_placements(items)[0] == own_placements(items)[1]
