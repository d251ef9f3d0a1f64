"""Placement's memo keys take an entity's sentences by its mentions (keyed once by their record
and place, geo.cache `stand_for`), and the entities of one set of documents share one context
and one set of named codes: equal inputs key alike, entities whose sentences differ key apart."""

from __future__ import annotations

from pathlib import Path

from geo.cache import DocumentCache
from geo.corpus.documents import Document, document_from_bytes
from geo.model import Entity, Mention
from geo.place.candidates import Context
from geo.place.geocode import _light_contexts, _own_name_item, own_placements, place_entities


def make_doc(name: str) -> Document:
    text = "内蒙古自治区人民政府关于推进产业园区建设的通知\n推进园区建设。\n"
    return document_from_bytes(text.encode("utf-8"), name)


def entity(name: str, doc: str, sentence: str) -> Entity:
    start = max(sentence.find(name), 0)
    return Entity(
        name, "park", [Mention(doc, name, "park", name, start, start + len(name), sentence)], [name]
    )


def item_key(store: DocumentCache, e: Entity, record: str) -> str:
    """The memo key of the entity's placement item, its mentions stood for by `record`."""
    store.stand_for(e.mentions, record)
    ctx = Context(named=lambda: frozenset({"150900"}))
    return store.memo_key("place", _own_name_item(e, ctx, _light_contexts([ctx])[0], set()), seen=store.seen)


def test_equal_inputs_key_alike_and_other_sentences_key_apart(tmp_path: Path):
    with DocumentCache(tmp_path, version="v") as store:
        first = item_key(store, entity("瑞丰工业园", "a.txt", "集宁区推进瑞丰工业园建设。"), "1" * 64)
        again = item_key(store, entity("瑞丰工业园", "a.txt", "集宁区推进瑞丰工业园建设。"), "1" * 64)
        other = item_key(store, entity("瑞丰工业园", "b.txt", "丰镇市推进瑞丰工业园建设。"), "2" * 64)
    with DocumentCache(tmp_path / "unkeyed", version="v") as store:  # mentions by their fields
        ctx = Context()
        light = _light_contexts([ctx])[0]
        plain = [
            store.memo_key(
                "place", _own_name_item(entity("瑞丰工业园", "a.txt", s), ctx, light, set()), seen={}
            )
            for s in (
                "集宁区推进瑞丰工业园建设。",
                "集宁区推进瑞丰工业园建设。",
                "丰镇市推进瑞丰工业园建设。",
            )
        ]
    assert first == again != other
    assert plain[0] == plain[1] != plain[2]


def test_a_worker_reads_the_sentences_of_the_mentions_it_is_sent():
    e = entity("甲乙工业园", "a.txt", "在集宁区,甲乙工业园开工建设。")
    ctx = Context()
    (own, by_sentences) = own_placements([_own_name_item(e, ctx, ctx, set())])[0]
    assert own is None and by_sentences is not None and by_sentences.county == "集宁区"


def test_entities_of_one_set_of_documents_share_one_context_and_one_set_of_codes():
    docs = [make_doc("a.txt"), make_doc("b.txt")]
    entities = [
        entity("甲乙工业园", "a.txt", "推进甲乙工业园建设。"),
        entity("丙丁工业园", "a.txt", "推进丙丁工业园建设。"),
        entity("戊己工业园", "b.txt", "推进戊己工业园建设。"),
    ]
    sent: list = []

    def mapper(func, batches):
        for (batch,) in batches:
            sent.extend(batch)
        return (func(*b) for b in batches)

    place_entities(entities, docs, mapper=mapper)
    contexts, codes = [item[1] for item in sent], [item[2] for item in sent]
    assert contexts[0] is contexts[1] and codes[0] is codes[1]
    assert contexts[0] is not contexts[2] and contexts[0] == contexts[2]  # equal jurisdictions
