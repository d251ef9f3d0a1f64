"""The knowledge snapshot: what a fresh process loads instead of building the knowledge again must
find what the built knowledge finds, and a stale, damaged or half-written snapshot is never read."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import jieba
import pytest

from geo import cache as store
from geo.classify.tags import keyword_hits
from geo.extract.anchors import has_anchor
from geo.knowledge.gazetteer import admin_table, scan_admin_names, town_index
from geo.knowledge.scanner import Scanner
from geo.knowledge.snapshot import (
    JIEBA,
    KEEP_OTHERS,
    PARTS,
    clear_snapshots,
    held_parts,
    load_knowledge,
    read_snapshot,
    save_knowledge,
    snapshot_key,
    snapshot_path,
    write_snapshot,
)
from geo.knowledge.store import Knowledge, current, using
from geo.parallel import warm
from geo.place.candidates import scan as scan_places

ROOT = Path(__file__).resolve().parents[2]
# Invented sentences of the shapes the scanners read: administrative names, towns, ports, a
# corridor's ends, industry words.
TEXTS = (
    "呼和浩特市赛罕区瑞丰工业园区推进新材料和精细化工产业发展。",
    "支持满洲里口岸和绥芬河口岸经济区建设,打造大同至朝阳物流通道。",
    "集宁区白海子镇建设光伏发电和储能项目,蒙西地区发展现代煤化工。",
)


def _answers() -> list:
    """What the stages' scanners find in the invented texts under the current knowledge."""
    found: list = []
    for text in TEXTS:
        found.append([(m.start, m.end, m.surface, [u.code for u in m.units]) for m in scan_admin_names(text)])
        found.append(scan_places(text))
        found.append(scan_places(text, loose=True))
        found.append(keyword_hits(text))
        found.append([has_anchor(text[:k]) for k in (4, 6, 8)])
    return found


@pytest.fixture(scope="module")
def packaged_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged knowledge, loaded in full, saved to a snapshot file."""
    warm()
    path = tmp_path_factory.mktemp("snapshot") / "knowledge-test.pickle"
    assert save_knowledge(current(), path)
    return path


def test_a_snapshot_finds_what_the_built_knowledge_finds(packaged_snapshot: Path):
    expected = _answers()
    loaded = Knowledge()
    taken = load_knowledge(loaded, packaged_snapshot)
    assert set(taken) == set(PARTS) and set(loaded.loaded()) == set(PARTS)
    built = current().parts(PARTS)
    for name, part in loaded.parts(PARTS).items():
        assert part is not built[name]  # read from the file, not the objects of this process
    with using(loaded):
        assert admin_table() is loaded.parts(["admin"])["admin"]
        assert town_index() == built["towns"]
        assert _answers() == expected
        assert set(current().loaded()) - set(PARTS) <= {"jieba"}  # nothing built again (jieba: the module)
    scanner = loaded.parts(["place_scanner:strict"])["place_scanner:strict"]
    assert isinstance(scanner, Scanner) and scanner.scan(TEXTS[0])


def test_a_snapshot_holds_jiebas_dictionary(packaged_snapshot: Path):
    jieba.initialize()
    prefix_dict = read_snapshot(packaged_snapshot)[JIEBA]
    assert prefix_dict == (jieba.dt.FREQ, jieba.dt.total)


@pytest.mark.parametrize(
    "words, prefix",
    [
        ({"甲乙": (3, "n"), "丙": (2, "v"), "丁": (1, "n")}, {"丙": 2, "甲": 0, "甲乙": 3, "丁": 1}),
        ({"甲\n乙": (3, "n")}, {"甲": 0, "甲\n乙": 3}),  # a line end: kept as a dict
        ({"甲乙": (3, "n"), "戊": (1, "n")}, {"甲": 0, "甲乙": 3}),  # a word not in the prefix dict
        ({"甲乙": (3, 7)}, {"甲": 0, "甲乙": 3}),  # a tag that is no string
    ],
)
def test_jiebas_dictionaries_come_back_equal_and_in_order(tmp_path: Path, words: dict, prefix: dict):
    path = tmp_path / "knowledge-jieba.pickle"
    assert write_snapshot(path, {"jieba_words": words, JIEBA: (prefix, 6)})
    read = read_snapshot(path)
    assert read is not None and list(read) == ["jieba_words", JIEBA]
    assert list(read["jieba_words"].items()) == list(words.items())
    assert list(read[JIEBA][0].items()) == list(prefix.items()) and read[JIEBA][1] == 6


def test_a_snapshot_of_another_pipeline_version_is_not_read(
    packaged_snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PARKATLAS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-1")
    saved = snapshot_path()
    saved.write_bytes(packaged_snapshot.read_bytes())
    assert saved.parent == tmp_path and saved.name.startswith("knowledge-")
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-2")  # a lexicon changed
    assert snapshot_path() != saved
    assert load_knowledge(Knowledge()) == ()
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-1")
    assert set(load_knowledge(Knowledge())) == set(PARTS)
    assert snapshot_key("lexicon-1") != snapshot_key("lexicon-2")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated: a writer killed half way (not renamed)
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the pickle flipped
        lambda data: b"not a snapshot" * 100,
        lambda data: b"",
    ],
)
def test_a_damaged_snapshot_is_not_read(packaged_snapshot: Path, tmp_path: Path, damage):
    path = tmp_path / "knowledge-damaged.pickle"
    path.write_bytes(damage(packaged_snapshot.read_bytes()))
    assert read_snapshot(path) is None
    knowledge = Knowledge()
    assert load_knowledge(knowledge, path) == () and knowledge.loaded() == ()


def test_a_failed_write_leaves_the_previous_snapshot(packaged_snapshot: Path, tmp_path: Path):
    path = tmp_path / "knowledge-kept.pickle"
    path.write_bytes(packaged_snapshot.read_bytes())
    assert not write_snapshot(path, {"admin": lambda: None})  # a part that does not pickle
    assert path.read_bytes() == packaged_snapshot.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_snapshot_is_taken_only_into_knowledge_that_has_none_of_its_parts(packaged_snapshot: Path):
    started = Knowledge(admin=admin_table())
    assert load_knowledge(started, packaged_snapshot) == () and started.loaded() == ("admin",)
    with using(Knowledge()):  # a knowledge a caller handed the stages: not the packaged one
        assert load_knowledge(path=packaged_snapshot) == ()
        assert not save_knowledge(path=packaged_snapshot.with_name("knowledge-other.pickle"))


def test_a_snapshot_is_saved_again_only_when_it_lacks_a_part(tmp_path: Path):
    path = tmp_path / "knowledge-partial.pickle"
    knowledge = Knowledge(admin=admin_table())
    jieba.initialize()  # its dictionary goes along with any snapshot
    assert save_knowledge(knowledge, path) and held_parts(path) == ("admin", JIEBA)
    assert not save_knowledge(knowledge, path)
    knowledge.part("towns", town_index)
    assert save_knowledge(knowledge, path) and held_parts(path) == ("admin", "towns", JIEBA)


def test_a_save_keeps_a_bounded_number_of_other_snapshots(tmp_path: Path):
    """Every upgrade, worktree or environment makes another key: a save keeps only the most
    recently used others (a load marks its file used), and a temporary file young enough to be a
    concurrent writer's."""
    now = time.time()
    others = [tmp_path / f"knowledge-other{n}.pickle" for n in range(6)]
    for age, other in enumerate(others):
        other.write_bytes(b"an older snapshot")
        os.utime(other, (now - 3600 * (age + 1), now - 3600 * (age + 1)))
    writing = tmp_path / "knowledge-other9.pickle.abc.tmp"
    writing.write_bytes(b"half written")
    os.utime(others[-1])  # the oldest written, but just read by a build
    path = tmp_path / "knowledge-now.pickle"
    jieba.initialize()
    assert save_knowledge(Knowledge(admin=admin_table()), path)
    kept = {p.name for p in tmp_path.iterdir()}
    assert kept == {path.name, writing.name, others[-1].name, others[0].name}
    assert len(kept) - 2 == KEEP_OTHERS


def test_a_load_marks_its_snapshot_used(packaged_snapshot: Path, tmp_path: Path):
    path = tmp_path / "knowledge-used.pickle"
    path.write_bytes(packaged_snapshot.read_bytes())
    os.utime(path, (0, 0))
    assert load_knowledge(Knowledge(), path)
    assert time.time() - path.stat().st_mtime < 3600


def _cli(*args: str, cache_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARKATLAS_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_a_second_build_takes_the_snapshot_and_writes_the_same_layers(tmp_path: Path):
    import json

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "notice.txt").write_text(
        "甲市人民政府关于园区建设的通知\n" + "".join(TEXTS) + "\n", encoding="utf-8"
    )
    cache_dir = tmp_path / "user-cache"
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        run = _cli("build", str(inputs), "--out", str(out), "--no-cache", "--jobs", "1", cache_dir=cache_dir)
        assert run.returncode == 0, run.stderr
        outs.append(out)
    reports = [json.loads((o / "report.json").read_text(encoding="utf-8"))["speed"] for o in outs]
    assert reports[0]["knowledge_parts_from_snapshot"] == 0
    assert reports[1]["knowledge_parts_from_snapshot"] > 10
    for name in ("entities.geojson", "entities.csv", "documents.csv", "texts.jsonl"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    assert len(list(cache_dir.glob("knowledge-*.pickle"))) == 1
    cleared = _cli("cache", "clear", "--cache", str(tmp_path / "store"), cache_dir=cache_dir)
    assert cleared.returncode == 0 and "1 knowledge snapshot(s)" in cleared.stderr, cleared.stderr
    assert list(cache_dir.glob("knowledge-*")) == []
    assert clear_snapshots(cache_dir) == 0


def test_a_snapshot_holds_the_pairs_of_jiebas_words(packaged_snapshot: Path):
    """The word-bound shortcut's table comes back from the snapshot as it was made, and reads
    the same bounds (geo.place.words)."""
    from geo.place.words import certain_bounds, crossed

    text = "推进恒通化工建设,甲市。乙县"
    built = current().parts(["jieba_pairs"])["jieba_pairs"]
    expected = ([crossed(text, k) for k in range(1, len(text))], certain_bounds(text, range(len(text))))
    loaded = Knowledge()
    load_knowledge(loaded, packaged_snapshot)
    longest, pairs = loaded.parts(["jieba_pairs"])["jieba_pairs"]
    assert (longest, pairs) == built and pairs is not built[1]
    with using(loaded):
        assert (
            [crossed(text, k) for k in range(1, len(text))],
            certain_bounds(text, range(len(text))),
        ) == expected
