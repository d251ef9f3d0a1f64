"""With an engine's mapper, an entity's sentences are read by the worker that places it by own
name, where the fallbacks may ask for them: the driver's serial part reads no sentence, and the
answers are those of placing in one process."""

from __future__ import annotations

import pickle

from geo.corpus.documents import Document, document_from_bytes
from geo.model import Entity, Mention
from geo.place import geocode
from geo.place.geocode import place_entities


def make_doc(issuer: str) -> Document:
    header = f"{issuer}人民政府关于推进产业园区建设的通知\n" if issuer else "关于推进产业园区建设的通知\n"
    return document_from_bytes((header + "推进园区建设。\n").encode("utf-8"), "t.txt")


def entity(name: str, doc: Document, kind: str, sentence: str) -> Entity:
    start = max(sentence.find(name), 0)
    return Entity(
        name, kind, [Mention(doc.name, name, kind, name, start, start + len(name), sentence)], [name]
    )


def worker_map(func, batches):
    """A worker's view: arguments and results cross a process boundary as pickles."""
    return (pickle.loads(pickle.dumps(func(*pickle.loads(pickle.dumps(b))))) for b in batches)


# (name, kind, sentence): none placed by its own name alone, each by its sentence(s)
CASES = [
    ("甲乙河复航工程", "corridor", "在集宁区,甲乙河复航工程进入收尾阶段。"),
    ("内蒙古甲乙数据产业园项目", "project", "集宁区新开工内蒙古甲乙数据产业园项目。"),
    ("甲乙云计算中心项目", "project", "赤峰甲乙工业园新开工甲乙云计算中心项目、甲乙数据中心项目。"),
    ("甲乙工业园", "park", "推进甲乙工业园建设。"),
]


def _entities(doc: Document) -> list[Entity]:
    return [entity(name, doc, kind, sentence) for name, kind, sentence in CASES]


def test_mapped_placement_reads_no_sentence_in_the_driver_and_answers_alike(monkeypatch):
    doc = make_doc("内蒙古自治区")
    alone = place_entities(_entities(doc), [doc])

    def driver_read(*_args):
        raise AssertionError("the driver read an entity's sentences")

    monkeypatch.setattr(geocode, "from_sentences", driver_read)
    mapped = place_entities(_entities(doc), [doc], mapper=worker_map)
    assert [p.properties() for p in mapped.values()] == [p.properties() for p in alone.values()]
    assert [p.source for p in mapped.values()][:3] == ["sentence", "sentence", "sentence"]


def test_sentences_are_read_only_where_the_fallbacks_may_ask(monkeypatch):
    doc = make_doc("")
    read: list[str] = []
    real = geocode.sentence_placement

    def counted(said, ctx, opening_only=False):
        read.append(said[0][0].surface)
        return real(said, ctx, opening_only)

    monkeypatch.setattr(geocode, "sentence_placement", counted)
    names = [
        ("集宁区甲乙工业园", "park", "推进集宁区甲乙工业园建设。"),
        ("甲乙工业园", "park", "推进甲乙工业园建设。"),
    ]
    place_entities([entity(n, doc, k, s) for n, k, s in names], [doc], mapper=worker_map)
    assert read == ["甲乙工业园"]  # the county placed by its name needs no sentence


def test_jurisdictions_are_read_once_per_set_of_documents(monkeypatch):
    doc = make_doc("内蒙古自治区")
    read: list[str] = []
    real = geocode.priors_of

    def counted(entity, documents):
        read.append(entity.name)
        return real(entity, documents)

    monkeypatch.setattr(geocode, "priors_of", counted)
    placed = place_entities(_entities(doc), [doc])
    assert len(read) == 1 and len(placed) == len(CASES)
    assert {p.province for p in placed.values()} == {"内蒙古自治区"}
