"""The sentences several entities share, found in one pass without a set per sentence; and how
the records pickle."""

from __future__ import annotations

import pickle
from dataclasses import fields

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.classify.tags import masked_items
from geo.model import Entity, Mention, Rejection, crowded_sentences

DOCS = ("a.txt", "b.txt")
SENTENCES = ("推进瑞丰工业园区建设。", "金川物流园区和瑞丰港区。", "支持丰源新材料产业园。")
NAMES = ("瑞丰工业园区", "金川物流园区", "丰源新材料产业园", "瑞丰港区")

mention_at = st.tuples(st.sampled_from(DOCS), st.sampled_from(SENTENCES), st.sampled_from(NAMES))
entity_mentions = st.lists(st.lists(mention_at, min_size=1, max_size=4), max_size=8)


def _entities(spec: list[list[tuple[str, str, str]]]) -> list[Entity]:
    return [
        Entity(
            f"实体{i}",
            "park",
            [Mention(doc, f"实体{i}", "park", surface, 0, 2, s) for doc, s, surface in found],
        )
        for i, found in enumerate(spec)
    ]


def _plain_crowded(entities: list[Entity]) -> set[tuple[str, str]]:
    """The definition: the (document, sentence) pairs whose mentions belong to two entities or more."""
    by_pair: dict[tuple[str, str], set[int]] = {}
    for i, entity in enumerate(entities):
        for m in entity.mentions:
            by_pair.setdefault((m.doc, m.sentence), set()).add(i)
    return {pair for pair, found in by_pair.items() if len(found) > 1}


def _plain_masks(entities: list[Entity]) -> list[tuple[tuple[str, ...], ...]]:
    """Per mention, the surfaces of the other entities' mentions in its sentence, first seen first."""
    return [
        tuple(
            tuple(
                dict.fromkeys(
                    o.surface
                    for j, other in enumerate(entities)
                    if j != i
                    for o in other.mentions
                    if (o.doc, o.sentence) == (m.doc, m.sentence)
                )
            )
            for m in entity.mentions
        )
        for i, entity in enumerate(entities)
    ]


@settings(max_examples=300, deadline=None)
@given(entity_mentions)
def test_crowded_sentences_and_masks_answer_as_their_definitions(spec):
    entities = _entities(spec)
    assert crowded_sentences(entities) == _plain_crowded(entities)
    assert [masks for _, masks in masked_items(entities)] == _plain_masks(entities)


def test_one_entity_named_twice_in_a_sentence_is_not_a_crowd():
    """Two mentions of one entity in one sentence (a name and its short form) crowd nothing; the
    same sentence in another document is another sentence."""
    sentence = SENTENCES[1]
    one = Entity(
        "金川物流园区",
        "park",
        [
            Mention(d, "金川物流园区", "park", s, 0, 2, sentence)
            for d, s in (("a.txt", "金川物流园区"), ("a.txt", "物流园区"))
        ],
    )
    other = Entity("瑞丰港区", "park", [Mention("b.txt", "瑞丰港区", "park", "瑞丰港区", 0, 2, sentence)])
    assert crowded_sentences([one, other]) == set()
    assert masked_items([one, other])[0][1] == ((), ())
    other.mentions.append(Mention("a.txt", "瑞丰港区", "park", "瑞丰港区", 0, 2, sentence))
    assert crowded_sentences([one, other]) == {("a.txt", sentence)}
    assert masked_items([one, other])[0][1] == (("瑞丰港区",), ("瑞丰港区",))


mentions = st.builds(
    Mention,
    st.sampled_from(DOCS),
    st.sampled_from(NAMES),
    st.sampled_from(("park", "project", "corridor")),
    st.sampled_from(NAMES),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(SENTENCES),
    st.lists(st.sampled_from(("320100", "320102", "440300")), max_size=3).map(tuple),
    st.floats(0, 1),
    st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(mentions, min_size=1, max_size=5), st.lists(st.sampled_from(NAMES), max_size=3))
def test_records_pickle_as_their_class_called_with_their_fields(found, aliases):
    """Mentions, entities and rejections cross between processes by the million: each pickles
    as its class and its fields in order (not dataclasses' per-object Python state), and comes
    back equal, shared objects still shared."""
    entity = Entity(found[0].name, found[0].kind, found + found[:1], aliases)
    rejection = Rejection("某园区", "no head", "a.txt")
    for value in (*found, entity, rejection):
        cls, args = value.__reduce__()
        assert cls is type(value)
        assert args == tuple(getattr(value, f.name) for f in fields(value))
    back = pickle.loads(pickle.dumps([entity, rejection], protocol=5))
    assert back == [entity, rejection]
    assert back[0].mentions[0] is back[0].mentions[-1]
    assert [fields(m) for m in back[0].mentions] == [fields(m) for m in found + found[:1]]
