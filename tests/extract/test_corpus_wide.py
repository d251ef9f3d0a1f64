"""The corpus-wide step (resolve, then the gate) works each distinct name once, whatever the
corpus's size: no bounded memo may stand in for that, since past its bound every name would be
worked again. Invented names (瑞丰, 禾沅, 澄岭) in sentences of the documents' shape."""

from collections import Counter

import pytest

import geo.extract.resolve as resolve_module
import geo.extract.validate as validate_module
import geo.model as model_module
from geo.corpus.documents import document_from_bytes
from geo.extract.mentions import entities_of, extract_mentions
from geo.extract.resolve import resolve
from geo.extract.validate import Standing, check_name, gate, validated
from geo.model import Mention

SENTENCES = (
    "加快瑞丰工业园区建设。",
    "推进禾沅物流园区扩能。",
    "力促澄岭高铁早日开工。",  # its surface keeps the frame: an alias the gate must check
    "建设瑞丰禾沅天然气管道。",
)


def corpus_mentions(documents: int = 12) -> list[Mention]:
    """The mentions of `documents` documents that name the same few things again and again."""
    found: list[Mention] = []
    for i in range(documents):
        text = "".join(SENTENCES[j % len(SENTENCES)] for j in range(i, i + 3))
        found += extract_mentions(document_from_bytes(text.encode("utf-8"), f"d{i:02}.txt"))
    return found


@pytest.fixture
def forgetful_check(monkeypatch) -> Counter:
    """check_name as past its memo's bound (it remembers nothing), counting what it is asked."""
    asked: Counter = Counter()
    work = validate_module.check_name.__wrapped__

    def check(name, kind, listed=False):
        asked[(name, kind, listed)] += 1
        return work(name, kind, listed)

    monkeypatch.setattr(validate_module, "check_name", check)
    return asked


def test_the_gate_asks_only_names_whose_verdict_it_was_not_given(forgetful_check):
    mentions = corpus_mentions()
    standing = Standing()
    checked, _ = validated(mentions, standing)
    given = set(forgetful_check)
    assert any(standing.holds(*key) for key in given)
    forgetful_check.clear()
    kept, _ = gate(resolve(checked), standing)
    assert kept
    assert not [key for key in forgetful_check if standing.holds(*key)]
    assert max(forgetful_check.values(), default=1) == 1  # and each other name once


def test_the_gate_given_verdicts_keeps_what_it_kept_asking_every_name():
    mentions = corpus_mentions()
    standing = Standing()
    checked, _ = validated(mentions, standing)
    with_verdicts = gate(resolve(checked), standing)
    asking = gate(resolve(validated(mentions)[0]))
    assert [(e.name, e.kind, e.aliases) for e in with_verdicts[0]] == [
        (e.name, e.kind, e.aliases) for e in asking[0]
    ]
    assert with_verdicts[1] == asking[1]


def test_a_corpus_checks_each_name_that_stands_once(forgetful_check):
    entities, _ = entities_of(corpus_mentions())
    assert entities
    standing_asked = [key for key in forgetful_check if check_name(*key) == (key[0], "")]
    assert standing_asked
    assert all(forgetful_check[key] == 1 for key in standing_asked)


def test_resolve_reads_each_distinct_name_once(monkeypatch):
    mentions = corpus_mentions()
    read: Counter = Counter()
    forms = resolve_module._forms

    def counting(name):
        read[name] += 1
        return forms(name)

    monkeypatch.setattr(resolve_module, "_forms", counting)
    resolve(mentions)
    assert set(read) == {m.name for m in mentions}
    assert set(read.values()) == {1}


def _corridor(doc: str, name: str, places: tuple[str, ...] = ()) -> Mention:
    return Mention(doc, name, "corridor", name, 0, len(name), name + "。", places)


def test_a_corridor_named_in_every_document_reads_its_places_once(monkeypatch):
    """Its key is asked once per document that names it; its places were read from its first
    mention each time, quadratic in its mentions when most have none."""
    documents = 60
    mentions = [_corridor(f"d{i:03}", "瑞丰禾沅铁路") for i in range(documents)]
    mentions += [
        _corridor("d999", "瑞丰禾沅铁路", ("瑞丰", "禾沅")),
        _corridor("d999", "瑞丰至禾沅城际铁路", ("瑞丰", "禾沅")),
    ]
    reads = Counter()

    def places(mention):
        reads["places"] += 1
        return mention.places

    monkeypatch.setattr(model_module, "_PLACES", places)
    monkeypatch.setattr(resolve_module, "_PLACES", places, raising=False)
    entities = resolve(mentions)
    assert [(e.name, e.aliases, len(e.mentions)) for e in entities] == [
        ("瑞丰禾沅铁路", ["瑞丰至禾沅城际铁路"], documents + 2)
    ]
    assert reads["places"] <= 2 * len(mentions)


class Surface(str):
    """A surface that counts the comparisons made of it."""

    compared = 0

    def __eq__(self, other):
        Surface.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_an_entity_named_in_many_ways_adds_each_alias_once_in_order():
    """A region named in every document, in as many ways: its aliases were a list searched for
    every mention, quadratic in its mentions."""
    ways = [Surface(f"瑞丰{i}片区") for i in range(300)]
    mentions = [
        Mention(f"d{i:03}", "瑞丰禾沅片区", "region", ways[i % len(ways)], 0, 6, "。")
        for i in range(2 * len(ways))
    ]
    Surface.compared = 0
    (entity,) = resolve(mentions)
    assert entity.aliases == ways
    assert Surface.compared < 20 * len(mentions)
