"""The incremental store: a rebuild reads only new or changed documents and writes the same
layers as a full build; a stale, half-written or damaged store is never trusted."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import Point

import geo.place.geocode as geocode
from geo.build import build
from geo.cache import (
    CHECKPOINT_PAGES,
    DB_NAME,
    DocumentCache,
    cached_keys,
    clear_cache,
    fingerprint,
    memo_mapper,
    memoized,
    pipeline_version,
)
from geo.layers.publish import BUILD_FILES, REPORT
from geo.model import Mention
from geo.place.placement import Placement

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
        env={**os.environ, "PARKATLAS_CACHE_DIR": str(tmp_path / "user")},  # its snapshots, not the user's
    )
    assert run.returncode == 0 and "cleared 2 record(s)" in run.stderr, run.stderr
    assert list(cached_keys(cache)) == [] and clear_cache(tmp_path / "nothing") == 0
    with sqlite3.connect(cache / DB_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_connection_of_a_build_checkpoints_its_log_in_tens_of_mb_not_every_4(tmp_path: Path):
    with DocumentCache(tmp_path / "cache") as cache, cache.for_child() as child:
        for store in (cache, child):
            assert store.db is not None
            (pages,) = store.db.execute("PRAGMA wal_autocheckpoint").fetchone()
            (size,) = store.db.execute("PRAGMA page_size").fetchone()
            assert pages == CHECKPOINT_PAGES and pages * size >= 32 * 2**20


def test_the_dependencies_in_the_version_are_ones_the_package_declares():
    """A dependency swapped in pyproject.toml (a scanner library for another) must change the
    list too, or the cache would outlive the library that made its records."""
    from importlib import metadata

    from geo.cache import _DEPENDENCIES

    declared = {
        re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0].lower() for r in metadata.requires("parkatlas") or []
    }
    assert set(_DEPENDENCIES) <= declared


@pytest.mark.parametrize("library", ["jieba", "rjieba", "pypinyin", "opencc", "shapely"])
def test_a_new_version_of_a_library_whose_answers_are_stored_changes_the_pipeline_version(
    library: str, monkeypatch: pytest.MonkeyPatch
):
    """Names' words (jieba, rjieba), their pinyin (pypinyin), converted text and geometry are kept
    in the store: a new release of one of them may answer otherwise, so its records are stale."""
    import geo.cache

    before = pipeline_version()
    real = geo.cache._version
    monkeypatch.setattr(geo.cache, "_version", lambda name: "9.9.9" if name == library else real(name))
    assert pipeline_version() != before


# --- per-entity results and file stats ------------------------------------------------------------

UNRELATED = "关于物流的通知\n加快锡林郭勒盟二连浩特市澜桥物流园区建设。"


def _spy(monkeypatch, module, name: str, what) -> list:
    """`what(*args)` of every call of `module.name` in this process, in order."""
    calls: list = []
    real = getattr(module, name)

    def counted(*args):
        calls.append(what(*args))
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def _count_own_placements(monkeypatch) -> list[str]:
    """The names placed by own name in this process (a build with --jobs 1 places in-process)."""
    return _spy(monkeypatch, geocode, "_from_own_name", lambda entity, *_: entity.name)


def test_a_rebuild_places_only_entities_whose_inputs_are_new(tmp_path: Path, monkeypatch):
    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    placed = _count_own_placements(monkeypatch)
    build([docs], tmp_path / "first", cache=cache)
    first = len(placed)
    assert first >= 3
    placed.clear()
    build([docs], tmp_path / "same", cache=cache)
    assert placed == []  # nothing changed: every placement comes from the store
    (docs / "d.txt").write_text(UNRELATED, encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache)
    assert placed and "澜桥物流园区" in " ".join(placed) and len(placed) < first
    placed.clear()
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full") and len(placed) > first


def test_an_entity_named_by_a_new_document_is_placed_again(tmp_path: Path, monkeypatch):
    """Its inputs (its documents' jurisdictions and the units they name) changed, so the stored
    placement is not used: the rebuild equals a full build."""
    docs, cache = _write(tmp_path / "in", ["a.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache)
    placed = _count_own_placements(monkeypatch)
    (docs / "e.txt").write_text("关于园区的通知\n丰镇市推进瑞丰工业园区建设。", encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache)
    assert any(name.endswith("瑞丰工业园区") for name in placed)
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")


def _nothing_new(todo: list) -> list:
    assert not todo, f"computed {todo} again"
    return []


def test_items_whose_stored_results_are_equal_share_one_object_read_once(tmp_path: Path):
    def seats(items: list[str]) -> list[Placement]:
        return [Placement(county=item[:3], geometry=Point(112.5, 40.25)) for item in items]

    items = ["金川县甲园区", "金川县乙园区", "丰源县丙园区"]
    with DocumentCache(tmp_path, version="v") as store:
        memoized(store, "seats", items, seats)
        again = memoized(store, "seats", items, _nothing_new)
    assert again == seats(items)
    assert again[0] is again[1] and again[2] is not again[0]


def test_memoized_computes_only_unseen_items_and_keeps_none_results(tmp_path: Path):
    calls: list[list[int]] = []

    def halves(items: list[int]) -> list[int | None]:
        calls.append(list(items))
        return [n // 2 if n % 2 == 0 else None for n in items]

    with DocumentCache(tmp_path, version="v") as store:
        assert memoized(store, "halves", [2, 3, 4], halves) == [1, None, 2]
    with DocumentCache(tmp_path, version="v") as store:
        assert memoized(store, "halves", [4, 3, 6, 2], halves) == [2, None, 3, 1]
    with DocumentCache(tmp_path, version="w") as store:  # another pipeline: computed again
        assert memoized(store, "halves", [4], halves) == [2]
    assert calls == [[2, 3, 4], [6], [4]]


def test_a_memo_mapper_sends_only_unseen_items_in_the_callers_batches(tmp_path: Path):
    sent: list[list] = []

    def mapper(func, items):
        sent.extend(batch for (batch,) in items)
        return (func(*args) for args in items)

    def double(items: list[int]) -> list[int]:
        return [2 * n for n in items]

    with DocumentCache(tmp_path, version="v") as store:
        run = memo_mapper(mapper, store, {double: "double"})
        assert list(run(double, [([1, 2],), ([3],)])) == [[2, 4], [6]]
        assert list(run(double, [([3, 4, 5],), ([1, 6],)])) == [[6, 8, 10], [2, 12]]
        assert list(run(sum, [([1, 2],)])) == [3]  # not memoized: passes through
    assert sent == [[1, 2], [3], [4, 5, 6], [1, 2]]


def test_a_fingerprint_is_the_same_in_every_process_and_refuses_what_it_cannot_read():
    mention = Mention("a.txt", "瑞丰工业园区", "park", "瑞丰工业园区", 0, 6, "推进瑞丰工业园区建设。")
    value = (mention, frozenset({"150902", "150981", "152601"}), {"b": 1.5, "a": None})
    code = "from geo.cache import fingerprint; from geo.model import Mention; import sys; " + (
        "m = Mention('a.txt', '瑞丰工业园区', 'park', '瑞丰工业园区', 0, 6, '推进瑞丰工业园区建设。'); "
        "print(fingerprint((m, frozenset({'152601', '150981', '150902'}), {'a': None, 'b': 1.5})))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert other.stdout.strip() == fingerprint(value)
    assert fingerprint((1,)) != fingerprint((1.0,)) != fingerprint(("1",))
    with pytest.raises(TypeError):
        fingerprint(lambda: 1)


def test_fingerprints_taken_whole_stay_apart_from_walked_ones():
    """Flat tuples, lists, string sets and flat dataclasses are read whole (one repr): each
    still keys apart from any other shape of value and follows every field."""
    mention = Mention("a.txt", "瑞丰工业园区", "park", "瑞丰工业园区", 0, 6, "推进瑞丰工业园区建设。")
    other = Mention("a.txt", "瑞丰工业园区", "park", "瑞丰工业园区", 0, 6, "推进瑞丰工业园区建设。", ("150902",))
    values = [
        ("a", "b"),
        ["a", "b"],
        ("tuple", "a", "b"),
        (("a", "b"),),
        (("a",), "b"),
        frozenset({"a", "b"}),
        frozenset({"a", 1}),
        {"a", "b"},
        mention,
        other,
        (mention,),
        [mention],
    ]
    keys = [fingerprint(v) for v in values]
    assert len(set(keys)) == len(keys)
    shared: dict = {}
    assert fingerprint((mention, [mention]), seen=shared) == fingerprint((mention, [mention]))


def test_an_unchanged_file_is_not_read_again_a_changed_one_is(tmp_path: Path, monkeypatch):
    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    old = 1_600_000_000
    for name in ("a.txt", "b.txt"):
        os.utime(docs / name, (old, old))  # long enough ago for its stat to tell a change
    build([docs], None, cache=cache)
    read: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    build([docs], tmp_path / "again", cache=cache)
    assert "a.txt" not in read and "b.txt" not in read
    (docs / "b.txt").write_text(TEXTS["b.txt"] + "\n推进恒昌储能电站项目。", encoding="utf-8")
    os.utime(docs / "b.txt", (old, old))  # same mtime as before: size, ctime and inode tell
    build([docs], tmp_path / "changed", cache=cache)
    assert "b.txt" in read and "a.txt" not in read
    assert "恒昌储能电站" in (tmp_path / "changed" / "entities.csv").read_text(encoding="utf-8")


def test_a_file_changed_just_after_hashing_is_not_trusted_by_its_stat(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with DocumentCache(tmp_path / "cache", version="v") as store:
        store.see(path, path.stat(), "key-of-x")  # modified just now: not recorded
        old = 1_600_000_000
        os.utime(path, (old, old))
        store.see(path, path.stat(), "key-of-x")
        store.commit()
        assert store.seen_key(path, path.stat()) == "key-of-x"
        path.write_text("y", encoding="utf-8")
        assert store.seen_key(path, path.stat()) is None


def test_texts_come_from_the_store_and_equal_a_full_builds(tmp_path: Path, monkeypatch):
    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache)
    import geo.layers.texts as texts

    reread: list[str] = []
    real = texts.read_document
    monkeypatch.setattr(texts, "read_document", lambda path, *a: reread.append(path.name) or real(path, *a))
    _write(docs, ["c.txt"])
    build([docs], tmp_path / "again", cache=cache)
    assert reread == []
    build([docs], tmp_path / "full")
    assert (tmp_path / "again" / "texts.jsonl").read_bytes() == (
        tmp_path / "full" / "texts.jsonl"
    ).read_bytes()


def test_a_build_killed_while_storing_entity_results_leaves_layers_and_store_usable(tmp_path: Path):
    """Killed inside the transaction that stores the first new per-entity result: the published
    layers are the previous build's, the store opens, and the next build equals a full build."""
    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "out", cache=cache)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    _write(docs, ["c.txt"])
    die_in_memo_insert = (
        "import os, signal\n"
        "import geo.cache as c\n"
        "real = c.DocumentCache.__init__\n"
        "def init(self, *a, **k):\n"
        "    real(self, *a, **k)\n"
        "    if self.db is not None:\n"
        "        self.db.set_trace_callback(lambda sql: 'INTO memo' in sql and os.kill(os.getpid(), signal.SIGKILL))\n"
        "c.DocumentCache.__init__ = init\n"
    )
    code = f"import sys\n{die_in_memo_insert}\nfrom geo.cli import main\nsys.exit(main(sys.argv[1:]))"
    args = [
        "build",
        str(docs),
        "--out",
        str(tmp_path / "out"),
        "--cache",
        str(cache),
        "--jobs",
        "1",
        "--quiet",
    ]
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == -9, run.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()} == before
    assert len(list(cached_keys(cache))) == 3  # the new document's record was committed before
    build([docs], tmp_path / "again", cache=cache)
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")


def _aged(folder: Path) -> None:
    """Files modified long ago, so the store trusts their stat."""
    for path in folder.iterdir():
        os.utime(path, (1_600_000_000, 1_600_000_000))


def test_another_pipeline_takes_no_record_by_a_files_stat(tmp_path: Path, monkeypatch):
    """A lexicon or code change gives another version: an unchanged file (same stat) is read
    again, not given the key, and so the record, the old pipeline made of it."""
    import geo.cache as store

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    _aged(docs)
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-1")
    build([docs], tmp_path / "first", cache=cache)
    build([docs], tmp_path / "same", cache=cache)
    assert _speed(tmp_path / "same")["documents_from_cache"] == 2
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-2")
    build([docs], tmp_path / "changed", cache=cache)
    assert (
        _speed(tmp_path / "changed")["documents_from_cache"],
        _speed(tmp_path / "changed")["documents_processed"],
    ) == (0, 2)


@pytest.mark.parametrize(
    ("change", "jobs"),
    [
        ("changed", 1),
        ("removed", 1),
        ("mention_of_a_known_entity", 1),
        ("entity_gone", 1),
        ("changed", 2),
        ("removed", 2),
        ("mention_of_a_known_entity", 2),
    ],
)
def test_a_rebuild_after_a_change_writes_what_a_full_build_does(tmp_path: Path, change: str, jobs: int):
    """Each kind of change to a corpus the store has seen: the rebuild's files equal a build
    without the store, byte for byte; with two jobs too (the layers' writers split between two
    processes, each reusing what the store holds of its part)."""
    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt", "c.txt"]), tmp_path / "cache"
    _aged(docs)
    build([docs], tmp_path / "first", cache=cache, jobs=jobs)
    if change == "changed":
        (docs / "b.txt").write_text(TEXTS["b.txt"] + "\n加快恒昌储能电站项目建设。", encoding="utf-8")
    elif change == "removed":
        (docs / "b.txt").unlink()
    elif change == "mention_of_a_known_entity":  # another sentence, place and document for it
        (docs / "d.txt").write_text("通知\n支持丰镇市瑞丰工业园区发展化工产业。", encoding="utf-8")
    else:  # the only document that names 丰泽科技园区 names something else now
        (docs / "c.txt").write_text("工作报告\n推进赤峰市恒昌化工园区建设。", encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache, jobs=jobs)
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")
    assert (tmp_path / "again" / "texts.jsonl").read_bytes() == (
        tmp_path / "full" / "texts.jsonl"
    ).read_bytes()


def test_a_rebuild_copies_the_layer_text_of_unchanged_entities_and_makes_the_others(
    tmp_path: Path, monkeypatch
):
    import geo.layers.io as io

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache)
    made: list[str] = []
    # the row's name, from its JSON text
    real = io._feature_text
    monkeypatch.setattr(io, "_feature_text", lambda *a: made.append(json.loads(a[2][1])) or real(*a))
    build([docs], tmp_path / "same", cache=cache)
    assert made == [] and _layers(tmp_path / "same") == _layers(tmp_path / "first")
    (docs / "d.txt").write_text(UNRELATED, encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache)
    assert made and all(name.endswith("澜桥物流园区") for name in made)
    made.clear()
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full") and len(made) > 3


def test_a_rebuild_copies_the_csv_lines_of_unchanged_rows_and_makes_those_of_changed_ones(
    tmp_path: Path, monkeypatch
):
    """A row's CSV line is kept under its row's key: a new document that names a park already
    seen changes its documents and evidence, so its line is made again, the others copied."""
    import geo.layers.io as io

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache)
    made: list[str] = []
    real = io.row_lines
    monkeypatch.setattr(io, "row_lines", lambda table: made.extend(table["name"]) or real(table))
    build([docs], tmp_path / "same", cache=cache)
    assert made == [] and _layers(tmp_path / "same") == _layers(tmp_path / "first")
    (docs / "d.txt").write_text("通知\n支持集宁区瑞丰工业园区发展化工产业。", encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache)
    assert made == ["集宁区瑞丰工业园区"]  # in the first build too, named by a.txt alone
    assert "集宁区瑞丰工业园区" in (tmp_path / "first" / "entities.csv").read_text(encoding="utf-8")
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")


def test_a_two_job_build_keeps_its_layer_texts_for_the_next_build(tmp_path: Path, monkeypatch):
    """With a store, a two-job build's GeoJSON layers are written by a forked child through a
    connection of its own, so the texts it made are there for the next build, which makes none
    again."""
    import geo.layers.io as io

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache, jobs=2)
    made: list[str] = []
    real = io._feature_text
    monkeypatch.setattr(io, "_feature_text", lambda *a: made.append(json.loads(a[2][1])) or real(*a))
    build([docs], tmp_path / "again", cache=cache)  # one job: texts made here are seen here
    assert made == []
    assert _layers(tmp_path / "again") == _layers(tmp_path / "first")


def _memo_keys(cache: Path) -> set[str]:
    with sqlite3.connect(cache / DB_NAME) as db:
        return {key for (key,) in db.execute("SELECT key FROM memo")}


def test_a_two_job_build_stores_the_tags_and_spellings_its_forked_child_made(tmp_path: Path):
    """With two jobs, tags and pinyin are made by a forked child while the parent places: the
    child keeps them in the store through its own connection, as a one-job build keeps them."""
    docs = _write(tmp_path / "in", ["a.txt", "b.txt"])
    one = build([docs], tmp_path / "one", cache=tmp_path / "cache1", jobs=1)
    two = build([docs], tmp_path / "two", cache=tmp_path / "cache2", jobs=2)
    assert _layers(tmp_path / "one") == _layers(tmp_path / "two")
    assert one.report["speed"]["stages_cpu_seconds"]["place"]["workers"] == 0
    assert two.report["speed"]["stages_cpu_seconds"]["place"]["workers"] > 0
    assert _memo_keys(tmp_path / "cache2") == _memo_keys(tmp_path / "cache1") != set()


def test_a_rebuild_takes_a_stored_records_verdicts_instead_of_checking_its_names_again(
    tmp_path: Path, monkeypatch
):
    """The store keeps each record as checked (names kept, repaired or rejected, and those that
    stood for the gate): only the new document's names are checked, and the rebuild's layers and
    rejected names equal a full build's."""
    import geo.stream as stream

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    (docs / "r.txt").write_text("通知\n加快瑞丰市12个交通重点项目建设。推进集宁区瑞丰工业园区建设。", encoding="utf-8")
    build([docs], tmp_path / "first", cache=cache)
    checked = _spy(monkeypatch, stream, "validated", lambda mentions, *_: {m.doc for m in mentions})
    _write(docs, ["c.txt"])
    build([docs], tmp_path / "again", cache=cache)
    assert checked == [{"c.txt"}]
    monkeypatch.undo()
    build([docs], tmp_path / "full")
    again = _layers(tmp_path / "again")
    assert again == _layers(tmp_path / "full")
    assert any(r["document"] == "r.txt" for r in json.loads(again[REPORT])["rejected"])


def test_a_rebuild_keys_each_mention_by_its_records_key_not_by_hashing_its_fields(
    tmp_path: Path, monkeypatch
):
    """The memo keys of placement, tags and pinyin read each mention as its record's key and
    its place in the record (the record's key fixes its content), so no mention's sentence is
    hashed again for every entity; a changed document still gives its entities new keys."""
    import geo.cache as store

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache)
    walked = _spy(monkeypatch, store, "_dataclass_form", lambda kind, *_: kind.__name__)
    placed = _count_own_placements(monkeypatch)
    build([docs], tmp_path / "same", cache=cache)
    assert "Mention" not in walked and not placed
    (docs / "b.txt").write_text(TEXTS["b.txt"].replace("承接产业转移", "发展新材料产业"), encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache)
    assert any("恒昌" in name for name in placed)
    monkeypatch.undo()
    build([docs], tmp_path / "full")
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")


def test_a_lexicon_change_checks_every_name_again_and_a_record_of_another_shape_is_made_again(
    tmp_path: Path, monkeypatch
):
    """The stored verdicts are the check's under one pipeline: another version (a lexicon
    changed) checks every document's names again; a value of another shape under a file's key
    (a record from before verdicts were stored) is never taken for a checked record."""
    import geo.cache as store
    import geo.stream as stream
    from geo.stream import DocRecord

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-1")
    build([docs], tmp_path / "first", cache=cache)
    checked = _spy(monkeypatch, stream, "validated", lambda mentions, *_: {m.doc for m in mentions})
    monkeypatch.setattr(store, "pipeline_version", lambda root=None: "lexicon-2")
    build([docs], tmp_path / "changed", cache=cache)
    assert sorted(docs for found in checked for docs in found) == ["a.txt", "b.txt"]
    with DocumentCache(cache, version="lexicon-2") as db:
        key = db.key("a.txt", (docs / "a.txt").read_bytes())
        old = db.get(key)
        db.put(key, DocRecord(old.summary, old.mentions))
    checked.clear()
    build([docs], tmp_path / "again", cache=cache)
    assert checked == [{"a.txt"}] and _speed(tmp_path / "again")["documents_processed"] == 1
    assert _layers(tmp_path / "again") == _layers(tmp_path / "changed")


def test_a_mention_stood_for_by_its_record_is_keyed_by_the_record_and_its_place(tmp_path: Path):
    """Equal (record key, place) give equal keys in any process; another place or record
    another key, whatever the mention's fields."""
    first = Mention("a.txt", "瑞丰工业园区", "park", "瑞丰工业园区", 0, 6, "瑞丰工业园区建设。")
    second = Mention("a.txt", "恒昌化工园区", "park", "恒昌化工园区", 9, 15, "恒昌化工园区建设。")
    keys = []
    for record in ("k" * 64, "k" * 64, "j" * 64):
        with DocumentCache(tmp_path, version="v") as store:
            twin = Mention(*(getattr(first, f) for f in first.__slots__))  # equal, another object
            store.stand_for([twin, second], record)
            keys.append([store.memo_key("s", [m], seen=store.seen) for m in (twin, second)])
    assert keys[0] == keys[1] and keys[0][0] != keys[0][1]
    assert not set(keys[2]) & set(keys[0])


def test_a_set_of_strings_keys_alike_in_any_order_and_apart_from_any_other_set():
    """Sets of strings (the codes an entity's documents name) are keyed by a sum over their
    items, not by sorting them: still equal for equal sets, whatever order they were built in,
    and apart for sets that differ by one item, or hold the same texts as other types."""
    codes = [f"{150000 + 7 * k:06d}" for k in range(400)]
    forward, backward = frozenset(codes), frozenset(reversed(codes))
    assert fingerprint(forward) == fingerprint(backward)
    others = [
        frozenset(codes[1:]),
        frozenset([*codes[1:], "150001"]),
        frozenset([*codes, ""]),
        frozenset(),
        frozenset([*codes[1:], 150000]),
        frozenset([(c,) for c in codes]),
        tuple(sorted(codes)),
    ]
    keys = [fingerprint(forward), *map(fingerprint, others)]
    assert len(set(keys)) == len(keys)
    small = [fingerprint(frozenset(s)) for s in ({"a", "b"}, {"a"}, {"b"}, {"ab"})]
    assert len(set(small)) == len(small)


def test_a_two_job_rebuild_writes_its_geojson_layers_in_a_forked_child(tmp_path: Path, monkeypatch):
    """With a store too, two jobs write the GeoJSON layers and the CSV (both copied from the
    store, keyed once a row) in a forked child while this process writes the GeoPackage and
    GeoParquet and keys no row; the same files as one job."""
    import geo.build as builder

    docs, cache = _write(tmp_path / "in", ["a.txt", "b.txt"]), tmp_path / "cache"
    build([docs], tmp_path / "first", cache=cache, jobs=2)
    writers = tmp_path / "writers.txt"
    real = builder.write_chunks

    def spied(chunks, folder, parts=("geojson", "csv", "tables"), stored=None):
        with writers.open("a") as out:  # a file: the child's own memory is not the parent's
            out.write(f"{'+'.join(parts)} {os.getpid()} {stored is not None}\n")
        return real(chunks, folder, parts, stored)

    monkeypatch.setattr(builder, "write_chunks", spied)
    (docs / "d.txt").write_text(UNRELATED, encoding="utf-8")
    build([docs], tmp_path / "again", cache=cache, jobs=2)
    lines = writers.read_text().splitlines()
    writer = {parts: (int(pid), keyed) for parts, pid, keyed in map(str.split, lines)}
    assert set(writer) == {"geojson+csv", "tables"}
    assert writer["tables"] == (os.getpid(), "False")  # no row keyed here
    assert writer["geojson+csv"] != (os.getpid(), "True")
    monkeypatch.undo()
    build([docs], tmp_path / "full", jobs=1)
    assert _layers(tmp_path / "again") == _layers(tmp_path / "full")


def test_a_two_job_build_makes_the_city_table_of_its_rows_once(tmp_path: Path, monkeypatch):
    """The rows of both layer writers join the cities' pinyin: made before the writer is forked,
    the child inherits it instead of making it again."""
    import geo.layers.frame as frame

    docs = _write(tmp_path / "in", ["a.txt", "b.txt"])
    made = tmp_path / "made.txt"
    real = frame.city_table.__wrapped__

    def spied():
        with made.open("a") as out:  # a file: the child's own memory is not the parent's
            out.write(f"{os.getpid()}\n")
        return real()

    monkeypatch.setattr(frame, "city_table", spied)
    build([docs], tmp_path / "out", cache=tmp_path / "cache", jobs=2)
    assert made.read_text().split() == [str(os.getpid())]
