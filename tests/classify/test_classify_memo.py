"""Classify's memo keys an entity by its mentions and the names masked in their sentences: equal
inputs key alike, a change of a neighbour's name keys apart, and a rebuild answers as a full build."""

from __future__ import annotations

import dataclasses

from geo.cache import DocumentCache, fingerprint, memo_mapper
from geo.classify.tags import classify, classify_all, classify_batch, masked_items
from geo.model import Entity, Mention
from geo.parallel import engine

SENTENCE = "推进瑞丰工业园区和金川物流园区建设,发展氟化工。"


def _entity(name: str, sentence: str = SENTENCE, doc: str = "a.txt", kind: str = "park") -> Entity:
    at = sentence.index(name)
    return Entity(name, kind, [Mention(doc, name, kind, name, at, at + len(name), sentence)])


def _key(entities: list[Entity], at: int = 0) -> str:
    return fingerprint("classify", masked_items(entities)[at])


def test_equal_inputs_key_alike_and_a_changed_neighbour_keys_apart():
    key = _key([_entity("瑞丰工业园区"), _entity("金川物流园区")])
    assert key == _key([_entity("瑞丰工业园区"), _entity("金川物流园区")])
    other = SENTENCE.replace("物流", "化工")
    assert key != _key([_entity("瑞丰工业园区", other), _entity("金川化工园区", other)])
    assert key != _key([_entity("瑞丰工业园区")])  # the neighbour is no entity now
    assert key != _key([_entity("瑞丰工业园区", doc="b.txt"), _entity("金川物流园区")])  # not its sentence


def test_a_neighbour_keys_by_its_name_alone():
    """What the tags read of a neighbour is its surface: another kind or span of the same name in
    the same sentence keys the entity alike, where keying the neighbour's mention did not."""
    neighbour = _entity("金川物流园区")
    changed = Entity(neighbour.name, "project", [dataclasses.replace(neighbour.mentions[0], kind="project")])
    assert _key([_entity("瑞丰工业园区"), neighbour]) == _key([_entity("瑞丰工业园区"), changed])


def test_masked_items_answer_as_the_neighbours_do():
    entities = [_entity("瑞丰工业园区"), _entity("金川物流园区"), _entity("瑞丰工业园区", doc="b.txt")]
    entities[0].mentions.append(entities[2].mentions[0])  # a second mention, alone in its sentence
    del entities[2]
    for entity, (_, masks) in zip(entities, masked_items(entities), strict=True):
        neighbours = [m for o in entities if o is not entity for m in o.mentions]
        assert classify_batch([(entity, masks)]) == [classify(entity, neighbours)]
    assert masked_items(entities)[0][1] == (("金川物流园区",), ())


def test_a_rebuild_where_only_a_neighbour_changed_gives_the_full_builds_tags(tmp_path):
    alone = classify_all([_entity("瑞丰工业园区")])
    assert alone != classify_all([_entity("瑞丰工业园区"), _entity("金川物流园区")])[:1]  # the mask counts
    with DocumentCache(tmp_path) as cache, engine("local", 1) as serial:
        run_on = memo_mapper(serial, cache, {classify_batch: "classify"})
        first = classify_all([_entity("瑞丰工业园区"), _entity("金川物流园区")], run_on)
        again = classify_all([_entity("瑞丰工业园区")], run_on)  # the neighbour is gone
        same = classify_all([_entity("瑞丰工业园区"), _entity("金川物流园区")], run_on)
    assert again == alone
    assert first == same == classify_all([_entity("瑞丰工业园区"), _entity("金川物流园区")])
