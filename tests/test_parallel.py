"""Engines: one job, two jobs and a two-worker Dask cluster write the same layers, byte for byte;
and how the Dask mapper sends its tasks (a fake client counts them)."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import CancelledError
from pathlib import Path

import pytest
from conftest import SEEDS

from geo.build import build
from geo.layers.publish import BUILD_FILES, REPORT
from geo.parallel import ATTEMPTS, TASK_ITEMS, EngineError, _dask, documents_stage, engine
from geo.stream import read_corpus_mentions

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ROOT.parent / "shared" / "dev" / "docs"


def _corpus(tmp_path: Path) -> Path:
    """The seeds, the dev documents (where shared/ is beside the checkout) and a broken file."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for folder in (SEEDS, DEV_DOCS):
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return inputs


def _files(folder: Path) -> dict[str, bytes]:
    """The published files; report.json without its timings, which differ from run to run."""
    files = {name: (folder / name).read_bytes() for name in BUILD_FILES}
    report = json.loads(files[REPORT])
    assert report.pop("speed")["documents_processed"] == report["documents_read"] + len(
        report["documents_skipped"]
    )
    files[REPORT] = json.dumps(report, ensure_ascii=False, sort_keys=True).encode()
    return files


def test_one_job_two_jobs_and_dask_write_the_same_layers(tmp_path: Path):
    pytest.importorskip("dask.distributed")
    inputs = _corpus(tmp_path)
    one = build([inputs], tmp_path / "one", jobs=1)
    assert one.report["documents_skipped"] and one.report["documents_read"] >= 5
    cpu = build([inputs], tmp_path / "two", jobs=2).report["speed"]["stages_cpu_seconds"]
    assert list(cpu)[:2] == ["knowledge", "documents"] and cpu["documents"]["workers"] > 0
    # Dask's workers are spawned and re-import the parent's main module: from a fresh process, as
    # a user runs it (in pytest that module may be a script another test ran, app.py say).
    dask = [sys.executable, "-m", "geo", "build", str(inputs), "--out", str(tmp_path / "dask")]
    run = subprocess.run(
        [*dask, "--engine", "dask", "--jobs", "2", "--no-cache", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    reference = _files(tmp_path / "one")
    for other in ("two", "dask"):
        for name, data in _files(tmp_path / other).items():
            assert data == reference[name], f"{other}: {name}"


def test_documents_and_mentions_come_back_in_input_order(tmp_path: Path):
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"推进瑞丰{i}号工业园区建设。", encoding="utf-8")
    corpus, mentions, _ = read_corpus_mentions([tmp_path], jobs=2)
    assert [d.name for d in corpus.documents] == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert [m.doc for m in mentions] == sorted(m.doc for m in mentions)


def _called(func) -> int:
    return func()


def test_local_workers_read_their_items_from_the_memory_they_share_with_the_parent():
    """Items are not sent to two local workers (lambdas do not pickle): each reads its own from
    the memory forked from the parent; the results come back in input order, as run here."""
    from geo import parallel

    items = [(lambda k=k: k * k,) for k in range(7)]
    with engine("local", 2) as run:
        assert list(run(_called, items)) == [k * k for k in range(7)]
    assert parallel._SHARED == {}  # nothing kept once the map is done


def _mark_then_wait(folder: str, k: int) -> int:
    import time

    (Path(folder) / str(k)).touch()
    time.sleep(0.05)
    return k


def test_local_workers_stop_taking_items_once_the_build_stops(tmp_path: Path):
    """A build stopped while its workers read (a memory budget, an error in the driver) must not
    wait for them to read the rest of the corpus: the items not yet started are cancelled."""
    items = [(str(tmp_path), k) for k in range(200)]
    with engine("local", 2) as run:
        results = run(_mark_then_wait, items)
        assert next(results) == 0
        results.close()  # as a loop over them does when the driver raises
    assert len(list(tmp_path.iterdir())) < 20


def test_an_unknown_engine_is_one_line():
    with pytest.raises(EngineError, match="unknown engine"), engine("spark"):
        pass


def test_the_command_line_takes_jobs_and_refuses_nonsense(tmp_path: Path):
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "build",
            str(SEEDS),
            "--out",
            str(tmp_path / "o"),
            "--jobs",
            "2",
            "--no-cache",
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and (tmp_path / "o" / "entities.geojson").exists(), ok.stderr
    for bad_args in (["--jobs", "0"], ["--engine", "spark"]):
        bad = subprocess.run(
            [sys.executable, "-m", "geo", "build", *bad_args], cwd=ROOT, capture_output=True, text=True
        )
        assert bad.returncode == 2 and bad_args[0] in bad.stderr and "Traceback" not in bad.stderr


def test_a_scheduler_that_does_not_answer_is_one_line():
    pytest.importorskip("dask.distributed")
    unreachable = r"cannot reach the Dask scheduler tcp://127\.0\.0\.1:9"
    with pytest.raises(EngineError, match=unreachable), engine("dask", scheduler="tcp://127.0.0.1:9"):
        pass


def test_the_document_stage_loads_nothing_its_forked_workers_would_load_again(tmp_path: Path):
    from geo.knowledge.store import Knowledge, current, using
    from geo.parallel import warm_documents
    from geo.stream import process

    path = tmp_path / "notice.txt"
    path.write_text(
        "乌兰察布市人民政府关于瑞丰口岸经济区的通知\n推进瑞丰口岸经济区和呼包鄂协同发展区建设,"
        "支持集宁区瑞丰化工园区发展氟化工。\n",
        encoding="utf-8",
    )
    with using(Knowledge()):
        warm_documents()
        loaded = set(current().loaded())
        process(str(path))
        assert set(current().loaded()) - loaded == set()


class _FakeFuture:
    def __init__(self, client: _FakeClient, value):
        self.client, self.value = client, value

    def result(self):
        return self.value

    def release(self) -> None:
        self.client.pending -= 1


class _FakeClient:
    """A Dask client that runs each task at once and counts the tasks and data it was sent and
    holds: a task must be given its items as scattered data, never inside itself."""

    def __init__(self) -> None:
        self.tasks, self.pending, self.most_pending = 0, 0, 0

    def _held(self, value) -> _FakeFuture:
        self.pending += 1
        self.most_pending = max(self.most_pending, self.pending)
        return _FakeFuture(self, value)

    def scatter(self, values: list, hash=True):
        return [self._held(v) for v in values]

    def submit(self, func, *args, pure=True):
        assert all(isinstance(a, _FakeFuture) or callable(a) for a in args), "items inside the task"
        self.tasks += 1
        return self._held(func(*(a.value if isinstance(a, _FakeFuture) else a for a in args)))


@pytest.mark.parametrize("stream", [False, True])
def test_dask_sends_documents_a_few_to_a_task_in_order_with_a_bounded_window(stream: bool):
    """A Dask task costs milliseconds of bookkeeping whatever it carries, more than many
    documents' work: a per-document function's items go TASK_ITEMS to a task (also from a
    stream, as documents and their bytes are sent), results come back in input order, and no
    more than 8 tasks a worker are in flight."""
    client = _FakeClient()
    items = [(i, i + 1) for i in range(1000)]
    per_document = documents_stage(lambda a, b: a * b)
    mapped = _dask(client, workers=2)(per_document, iter(items) if stream else items)
    assert list(mapped) == [a * b for a, b in items]
    assert client.tasks == -(-1000 // TASK_ITEMS)
    assert client.most_pending <= 2 * 16 and client.pending == 0  # a task and its data


def test_dask_sends_large_documents_fewer_to_a_task():
    """What is in flight stays bounded by bytes as well: a task's files stop at about a MiB,
    a larger file goes alone."""
    client = _FakeClient()
    sizes = [300_000] * 8 + [3_000_000] + [10] * 20
    items = [(f"{i}.txt", b"x" * n) for i, n in enumerate(sizes)]
    per_document = documents_stage(lambda name, data: (name, len(data)))
    assert list(_dask(client, workers=2)(per_document, iter(items))) == [(n, len(d)) for n, d in items]
    assert client.tasks == 5  # 4 + 4 files of 300 kB, the 3 MB file alone, 16 + 4 small ones


def test_dask_sends_the_corpus_wide_batches_one_to_a_task():
    """Placement's and classify's items are batches of hundreds of entities (megabytes): one to a
    task, in order."""
    client = _FakeClient()
    items = [(i,) for i in range(60)]
    assert list(_dask(client, workers=2)(str, items)) == [str(i) for i in range(60)]
    assert client.tasks == 60 and client.most_pending <= 2 * 16


class _Closing:
    """A Dask client or cluster that records what it was asked, in order."""

    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def scheduler_info(self) -> dict:
        return {"workers": {"a": {}, "b": {}}}

    def run(self, func) -> dict:
        self.log.append(f"{self.name}.run({func.__name__})")
        return {}

    def close(self) -> None:
        self.log.append(f"{self.name}.close")


@pytest.mark.parametrize("own_cluster", [True, False])
def test_an_own_cluster_s_workers_freeze_their_heaps_before_closing(monkeypatch, own_cluster: bool):
    """A LocalCluster's workers walked their whole heap in a last collection on exit (seconds at
    100 MiB, then killed by their nanny with a warning): the engine freezes them before closing;
    a scheduler's workers outlive the build and are left as they are."""
    log: list[str] = []
    client = _Closing(log, "client")
    cluster = _Closing(log, "cluster") if own_cluster else None
    monkeypatch.setattr("geo.parallel._dask_client", lambda jobs, scheduler: (client, cluster))
    with engine("dask", 2):
        pass
    if own_cluster:
        assert log == ["client.run(freeze)", "client.close", "cluster.close"]
    else:
        assert log == ["client.close"]


class _LosingClient(_FakeClient):
    """A client whose worker is lost under some tasks: their futures are cancelled, as Dask
    cancels a task whose scattered items went with a worker."""

    def __init__(self, lose: int) -> None:
        super().__init__()
        self.lose = lose  # how many of the next tasks are lost

    def submit(self, func, *args, pure=True):
        future = super().submit(func, *args, pure=pure)
        if self.lose:
            self.lose -= 1
            future.result = _cancelled
        return future


def _cancelled():
    raise CancelledError("lost with its worker")


def test_a_dask_task_lost_with_its_worker_is_sent_again_in_its_place():
    """Scattered items live on one worker until their task has run: a task lost with its
    worker is sent again, and the results still come whole and in order."""
    client = _LosingClient(lose=2)
    items = [(i,) for i in range(40)]
    assert list(_dask(client, workers=2)(str, items)) == [str(i) for i in range(40)]
    assert client.tasks == 42 and client.pending == 0


def test_a_dask_task_lost_again_and_again_stops_the_map_with_one_line():
    client = _LosingClient(lose=100)  # every task, every time
    with pytest.raises(EngineError, match=f"lost {ATTEMPTS} times"):
        list(_dask(client, workers=2)(str, [(1,), (2,)]))
