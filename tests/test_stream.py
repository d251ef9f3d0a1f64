"""The streamed build keeps compact records, not documents' text."""

from __future__ import annotations

import operator
from dataclasses import fields
from pathlib import Path

from geo.build import build
from geo.corpus.documents import DocumentSummary, read_document
from geo.corpus.metadata import DocumentMeta, Jurisdiction
from geo.extract.mentions import extract_mentions
from geo.extract.validate import validated
from geo.model import Mention
from geo.place.geocode import named_codes
from geo.stream import CheckedRecord, DocRecord, Shared, process, read_corpus_mentions


def test_a_record_keeps_what_placement_needs_and_no_text(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("关于瑞丰的通知\n推进集宁区瑞丰工业园区和丰镇市恒昌物流园区建设。", encoding="utf-8")
    record, seconds = process(str(path))
    doc = read_document(path)
    assert isinstance(record, DocRecord) and set(seconds) == {"read", "mentions", "context"}
    assert set(record.summary.named) == named_codes(doc) and record.summary.named
    assert list(record.summary.named) == sorted(record.summary.named)  # a tuple, not a set of them
    assert record.summary.characters == len(doc.original) and not hasattr(record.summary, "text")
    assert [m.name for m in record.mentions] and all(m.doc == "a.txt" for m in record.mentions)


def test_names_are_checked_as_records_arrive_and_the_report_keeps_the_rejected(tmp_path: Path):
    """The well-formedness check reads one mention at a time, so it runs on each record as it
    comes back from the workers: the stage gives the well-formed mentions and the names that
    failed, in document order, as a check of all the mentions at once does, and the report lists
    the failed ones."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(
            f"推进集宁区瑞丰{name[0]}工业园区建设。加快瑞丰市12个交通重点项目建设。", encoding="utf-8"
        )
    raw = [m for name in ("a.txt", "b.txt") for m in extract_mentions(read_document(tmp_path / name))]
    expected = validated(raw)
    _, checked, rejected = read_corpus_mentions([tmp_path], jobs=2)
    assert (checked, rejected) == expected and len(rejected) == 2 and len(checked) < len(raw)
    report = build([tmp_path], None).report
    assert report["rejected"] == [{"name": r.name, "reason": r.reason, "document": r.doc} for r in rejected]


def test_a_build_returns_summaries_not_documents(tmp_path: Path):
    (tmp_path / "a.txt").write_text("推进集宁区瑞丰工业园区建设。", encoding="utf-8")
    result = build([tmp_path], None)
    assert [type(d) for d in result.corpus.documents] == [DocumentSummary]
    assert result.report["speed"]["documents_processed"] == 1


def test_texts_come_from_the_reading_not_a_second_read(tmp_path: Path, monkeypatch):
    import geo.layers.texts as texts_module
    from geo.layers.texts import read_texts

    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("推进集宁区瑞丰工业园区建设。", encoding="utf-8")
    (docs / "b.txt").write_text("關於丰镇市恒昌物流園區的通知", encoding="utf-8")
    again: list[Path] = []
    monkeypatch.setattr(texts_module, "read_document", lambda path, *a: again.append(path))
    build([docs], tmp_path / "out", cache=tmp_path / "cache")
    assert not again
    texts = read_texts(tmp_path / "out")
    assert texts == {"a.txt": "推进集宁区瑞丰工业园区建设。", "b.txt": "关于丰镇市恒昌物流园区的通知"}
    monkeypatch.undo()  # the next build takes both records from the cache: their texts are read again
    build([docs], tmp_path / "out", cache=tmp_path / "cache")
    assert read_texts(tmp_path / "out") == texts


def test_records_mentions_and_entities_keep_no_dict_per_object(tmp_path):
    """A build holds every mention (and its entity) to the end: a dict per object was about 150
    bytes each, kept for millions of mentions in a large corpus, and pickles to the workers."""
    import pickle

    from geo.model import Entity

    path = tmp_path / "a.txt"
    path.write_text("推进丰镇瑞丰化工园区建设,重点发展氟化工。\n", encoding="utf-8")
    record, _ = process(str(path))
    assert isinstance(record, DocRecord) and record.mentions
    entity = Entity(record.mentions[0].name, record.mentions[0].kind, list(record.mentions))
    for thing in (record, record.mentions[0], entity):
        assert not hasattr(thing, "__dict__"), type(thing).__name__
        assert pickle.loads(pickle.dumps(thing)) == thing  # workers and the cache still take them


def test_records_from_workers_share_the_strings_that_recur_across_documents(tmp_path: Path):
    """Each record comes back from its worker with its own copies of the unit codes its document
    names and of its names' places: the driver keeps one string of each, and the records are
    equal to those made in one process."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(
            f"推进集宁区瑞丰{name[0]}工业园区和集宁—丰镇铁路建设。", encoding="utf-8"
        )
    corpus, mentions, _ = read_corpus_mentions([tmp_path], jobs=2)
    one, two = (d.named for d in corpus.documents)
    assert one and {id(c) for c in one} == {id(c) for c in two}
    places = [m.places for m in mentions if m.places]
    assert len(places) == 2 and places[0] == places[1] and all(map(operator.is_, *places))
    assert read_corpus_mentions([tmp_path], jobs=1) == (corpus, mentions, [])


def test_shared_gives_an_equal_record():
    meta = DocumentMeta(None, None, None, None, Jurisdiction())
    record = CheckedRecord(
        DocumentSummary("a.txt", "a.txt", "utf-8", "simplified", 9, meta, ("150902",)),
        (Mention("a.txt", "集宁区瑞丰工业园区", "park", "集宁区瑞丰工业园区", 2, 11, "推进。", ("集宁区",)),),
        (),
        (True,),
    )
    assert Shared().record(record) == record


def test_names_that_recur_across_records_are_one_string(tmp_path):
    """A name named by many documents is one string in the driver, not one copy per mention:
    names and surfaces were a third of a mention's bytes (10 MiB: 182 of about 540)."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(
            "支持金川区瑞丰新材料产业园建设，推进瑞丰新材料产业园扩区。", encoding="utf-8"
        )
    _, mentions, _ = read_corpus_mentions([tmp_path], jobs=2)
    by_name: dict[str, set[int]] = {}
    for m in mentions:
        by_name.setdefault(m.name, set()).add(id(m.name))
        by_name.setdefault(m.surface, set()).add(id(m.surface))
    assert len(mentions) >= 3 and len({m.doc for m in mentions}) == 3
    assert all(len(ids) == 1 for ids in by_name.values()), by_name


def test_shared_keeps_every_field_of_a_mention():
    """`Shared` remakes a mention field by field (a constructor call, half the cost of
    `dataclasses.replace` over two million mentions): every field, none at its default, survives."""
    values = {
        "doc": "b.txt",
        "name": "金川区瑞丰新材料产业园",
        "kind": "park",
        "surface": "瑞丰新材料产业园",
        "start": 300,
        "end": 308,
        "sentence": "推进瑞丰新材料产业园扩区。",
        "places": ("金川区",),
        "confidence": 0.65,
        "listed": True,
    }
    assert set(values) == {f.name for f in fields(Mention)}  # a new field: give it a value here
    mention = Mention(**values)
    shared = Shared()
    shared("".join(["金川区", "瑞丰新材料产业园"]))  # an equal string met first: the mention takes it
    again = shared._mention(mention)
    assert again == mention and again is not mention
