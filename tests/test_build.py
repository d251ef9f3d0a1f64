"""The build end to end on documents written for the test: places, industries, report, determinism."""

from __future__ import annotations

import json

import pytest

from geo.build import build

SPEED_KEYS = (
    "seconds",
    "documents_per_second",
    "characters_per_second",
    "documents_from_cache",
    "documents_processed",
    "knowledge_parts_from_snapshot",
    "document_stages_cpu_seconds",
    "corpus_stages_seconds",
    "stages_cpu_seconds",
)

DOCS = {
    "a.txt": "乌兰察布市人民政府关于产业转移的意见\n推进丰镇瑞丰化工园区建设,重点发展氟化工。\n"
    "加快凉城县光伏电站项目建设。\n推进丰镇—凉城天然气管道建设。\n",
    "b.txt": "支持瑞霖云计算数据中心项目建设,发展大数据产业。规划瑞霖4个抽水蓄能电站。\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    first = build([folder], tmp_path_factory.mktemp("out1"))
    second = build([folder], tmp_path_factory.mktemp("out2"))
    return first, second


def test_rebuilding_the_same_inputs_gives_identical_files(built):
    """Byte for byte, but for the report's timings (`speed`), which no two runs share."""
    first, second = built
    assert [p.name for p in first.written] == [p.name for p in second.written]
    for a, b in zip(first.written, second.written, strict=True):
        if a.name == "report.json":
            reports = [json.loads(p.read_text(encoding="utf-8")) for p in (a, b)]
            assert [set(r.pop("speed")) for r in reports] == [set(SPEED_KEYS)] * 2
            assert reports[0] == reports[1]
        else:
            assert a.read_bytes() == b.read_bytes(), a.name


def test_entities_are_placed_classified_and_reported(built):
    first, _ = built
    features = json.loads((first.out_dir / "entities.geojson").read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"]["name"]: f for f in features}
    park = by_name["丰镇瑞丰化工园区"]
    assert park["properties"]["county"] == "丰镇市" and park["properties"]["precision"] == "county"
    assert park["geometry"]["type"] == "Point" and park["properties"]["industries"][0] == "chemicals"
    pipe = by_name["丰镇—凉城天然气管道"]
    assert pipe["geometry"]["type"] == "LineString" and pipe["properties"]["places"] == ["丰镇市", "凉城县"]
    report = json.loads((first.out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["documents_read"] == 2 and report["documents_skipped"] == []
    unplaced = {u["name"] for u in report["unplaced"]}
    assert "瑞霖云计算数据中心项目" in unplaced  # its document names no place at all
    assert unplaced == {f["properties"]["name"] for f in features if f["geometry"] is None}
    for name in unplaced:  # kept, with no made-up point
        assert by_name[name]["properties"]["precision"] is None
    rejected = [{"name": "瑞霖4个抽水蓄能电站", "reason": "count inside the name", "document": "b.txt"}]
    assert report["rejected"] == rejected and "瑞霖4个抽水蓄能电站" not in by_name


def test_a_build_keeps_no_memo_of_its_stages(built):
    """The validator's and placement's memos (names checked, texts scanned for places) are
    bounded but large; a build frees them once its stages are done, before the frame and the
    writers allocate, so they never add to its peak memory."""
    from geo.extract.validate import check_name
    from geo.place.candidates import _cached_scan

    assert check_name.cache_info().currsize == 0
    assert _cached_scan.cache_info().currsize == 0


def test_the_tags_child_keys_under_its_parents_version_without_hashing_the_package(tmp_path, monkeypatch):
    """The forked child that tags and spells opens the store anew, keying under the version its
    parent's store has (it does not hash every file of the package again) and as its forms."""
    import sqlite3

    import geo.cache
    from geo.build import _tags_and_spellings
    from geo.cache import DB_NAME, DocumentCache, fingerprint
    from geo.classify.tags import masked_items
    from geo.model import Entity, Mention

    sentence = "推进瑞丰工业园区建设。"
    entities = [
        Entity(
            "瑞丰工业园区", "park", [Mention("a.txt", "瑞丰工业园区", "park", "瑞丰工业园区", 2, 8, sentence)]
        )
    ]
    with DocumentCache(tmp_path, version="parent") as parent:
        monkeypatch.setattr(geo.cache, "pipeline_version", lambda *_: pytest.fail("the package hashed again"))
        tags, spelled = _tags_and_spellings(entities, parent)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        keys = {key for (key,) in db.execute("SELECT key FROM memo")}
    assert keys == {
        fingerprint("parent", "classify", masked_items(entities)[0]),
        fingerprint("parent", "pinyin", "瑞丰工业园区"),
    }
    assert len(tags) == len(spelled) == 1



def test_a_build_holds_one_object_per_distinct_placement_and_tags(tmp_path):
    """The rows' inputs are held until the last chunk is written: equal placements (the
    unplaced projects' empty ones; the parks at one county's seat) and equal tags are one object each."""
    (tmp_path / "a.txt").write_text(
        "支持瑞霖云计算数据中心项目建设。支持金川大数据中心项目建设。\n"
        "推进丰镇瑞丰化工园区建设,重点发展氟化工。推进丰镇金川化工园区建设,重点发展氟化工。\n",
        encoding="utf-8",
    )
    rows = build([tmp_path], None).rows
    for values in (rows.placements, rows.tags):
        distinct = [v for k, v in enumerate(values) if v not in values[:k]]
        assert len(distinct) < len(values)  # the document gives repeats
        assert len({id(v) for v in values}) == len(distinct)
