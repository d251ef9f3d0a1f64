"""The incremental store: a rebuild reads only new or changed documents and writes the same
layers as a full build; a stale, half-written or damaged store is never trusted."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from geo.build import build
from geo.cache import DB_NAME, DocumentCache, cached_keys, clear_cache, pipeline_version
from geo.layers.publish import BUILD_FILES, REPORT

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "a.txt": "关于推进瑞丰工业园区建设的通知\n推进集宁区瑞丰工业园区建设，加快乌兰察布市瑞达物流园区发展。",
    "b.txt": "关于产业转移的意见\n支持赤峰市红山区恒昌化工园区承接产业转移，建设恒昌新材料产业基地。",
    "c.txt": "工作报告\n加快呼和浩特市新城区丰泽科技园区建设，推进丰泽大数据中心项目。",
}


def _write(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(TEXTS[name], encoding="utf-8")
    return folder


def _layers(folder: Path) -> dict[str, bytes]:
    files = {name: (folder / name).read_bytes() for name in BUILD_FILES if name != REPORT}
    report = json.loads((folder / REPORT).read_text(encoding="utf-8"))
    report.pop("speed")
    return files | {REPORT: json.dumps(report, sort_keys=True).encode()}


def _speed(folder: Path) -> dict:
    return json.loads((folder / REPORT).read_text(encoding="utf-8"))["speed"]


def test_a_rebuild_reads_only_new_or_changed_documents_and_writes_what_a_full_build_does(tmp_path: Path):
    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache)
    assert _speed(tmp_path / "first")["documents_processed"] == 2 and len(list(cached_keys(cache))) == 2
    _write(docs, ["c.txt"])
    (docs / "b.txt").write_text(TEXTS["b.txt"] + "\n推进恒昌储能电站项目。", encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache)
    speed = _speed(tmp_path / "again")
    assert (speed["documents_from_cache"], speed["documents_processed"]) == (1, 2)
    build([docs], tmp_path / "full")  # no store at all
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")
    assert "恒昌储能电站" in (tmp_path / "again" / "entities.csv").read_text(encoding="utf-8")


def test_a_record_keeps_no_path_of_its_own(tmp_path: Path):
    """The same file moved to another folder is still read from the store, and its documents row
    names where it is now."""
    cache = tmp_path / "cache"
    build([_write(tmp_path / "one", ["a.txt"])], tmp_path / "o1", cache=cache)
    build([_write(tmp_path / "two", ["a.txt"])], tmp_path / "o2", cache=cache)
    assert _speed(tmp_path / "o2")["documents_from_cache"] == 1
    assert _layers(tmp_path / "o1")["entities.csv"] == _layers(tmp_path / "o2")["entities.csv"]


def test_another_pipeline_version_misses(tmp_path: Path):
    with DocumentCache(tmp_path, version="v1") as store:
        store.put(store.key("a.txt", b"x"), "record")
    with DocumentCache(tmp_path, version="v1") as store:
        assert store.get(store.key("a.txt", b"x")) == "record"
        assert store.get(store.key("b.txt", b"x")) is None  # the name is part of the key
    with DocumentCache(tmp_path, version="v2") as store:
        assert store.get(store.key("a.txt", b"x")) is None


def test_the_pipeline_version_follows_code_and_lexicons(tmp_path: Path):
    package = tmp_path / "geo"
    (package / "knowledge" / "data").mkdir(parents=True)
    (package / "stage.py").write_text("X = 1\n")
    (package / "knowledge" / "data" / "park_heads.txt").write_text("园区\n", encoding="utf-8")
    before = pipeline_version(package)
    (package / "knowledge" / "data" / "park_heads.txt").write_text("园区\n产业园\n", encoding="utf-8")
    after_lexicon = pipeline_version(package)
    (package / "stage.py").write_text("X = 2\n")
    assert len({before, after_lexicon, pipeline_version(package)}) == 3
    assert pipeline_version() == pipeline_version()


def test_a_batch_not_committed_is_not_seen_and_the_store_stays_usable(tmp_path: Path):
    """A build killed between batches leaves the whole batches before it, readable at once by
    another reader while a writer holds the store open."""
    writer = DocumentCache(tmp_path, version="v")
    writer.put("k1", "one")
    writer.commit()
    writer.put("k2", "two")  # the build dies here: never committed
    reader = DocumentCache(tmp_path, version="v")
    assert (reader.get("k1"), reader.get("k2")) == ("one", None)
    writer.db.close()  # no close(): the pending batch is lost, as in a kill
    assert DocumentCache(tmp_path, version="v").get("k1") == "one"


def test_a_damaged_store_only_means_no_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DB_NAME).write_bytes(b"not a database at all" * 100)
    result = build([_write(tmp_path / "in", ["a.txt"])], tmp_path / "out", cache=cache)
    assert result.published and result.report["documents_read"] == 1


def test_cache_clear_empties_the_store(tmp_path: Path):
    cache = tmp_path / "cache"
    build([_write(tmp_path / "in", ["a.txt", "b.txt"])], None, cache=cache)
    run = subprocess.run(
        [sys.executable, "-m", "geo", "cache", "clear", "--cache", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "cleared 2 record(s)" in run.stderr, run.stderr
    assert list(cached_keys(cache)) == [] and clear_cache(tmp_path / "nothing") == 0
    with sqlite3.connect(cache / DB_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_dependencies_in_the_version_are_ones_the_package_declares():
    """A dependency swapped in pyproject.toml (a scanner library for another) must change the
    list too, or the cache would outlive the library that made its records."""
    from importlib import metadata

    from geo.cache import _DEPENDENCIES

    declared = {
        re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0].lower() for r in metadata.requires("parkatlas") or []
    }
    assert set(_DEPENDENCIES) <= declared
