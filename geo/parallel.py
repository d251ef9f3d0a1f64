"""Where the per-document work runs: `--jobs N` forked processes, or a Dask cluster (`--engine dask`).

An engine maps one function over work items and yields the results in input order, so a build
on any engine and any number of workers writes the same layers. Local workers are forked from a
parent that has already loaded the knowledge (tables, scanners, jieba), so they start at once and
share those pages. Dask workers (a `LocalCluster`, or the cluster of `--scheduler ADDRESS`) load
it on their first task; they are sent the file's bytes, so they need not see the driver's disk.
Dask is an optional extra (`pip install -e '.[dask]'`): the local engine never imports it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import islice
from typing import Any

from geo.classify.tags import keyword_hits
from geo.corpus.t2s import t2s_keeps
from geo.extract.anchors import has_anchor
from geo.extract.validate import tagged_word_sets
from geo.knowledge.gazetteer import macro_region_words, port_index, scan_admin_names
from geo.knowledge.segment import compiled_jieba, cut
from geo.place.candidates import Context, place_by_code, read_places, zone_place
from geo.place.placement import placement_of

ENGINES = ("local", "dask")
Mapper = Callable[[Callable[..., Any], list[tuple[Any, ...]]], Iterator[Any]]


class EngineError(Exception):
    """An engine that cannot start (Dask not installed, a scheduler that does not answer)."""


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def warm_documents() -> None:
    """Load what the per-document stage needs (admin and place scanners, jieba, anchors, the
    macro-region and port tables) before its workers fork: each would otherwise load it again."""
    scan_admin_names("北京市")
    has_anchor("瑞丰")
    cut("瑞丰工业园区")
    compiled_jieba()  # placement's word questions (and the frame's pinyin)
    read_places("北京市朝阳区口岸", Context())  # 口岸: the ports' scanner too
    macro_region_words()  # extraction and placement of regions (and the index behind it)
    port_index()
    tagged_word_sets()  # the validator's jieba word classes
    t2s_keeps("北京")  # the keys OpenCC's t2s changes (reading)


def warm() -> None:
    """Load what every worker needs (`warm_documents`, and the loose place scanner, zones,
    boundaries and the industry scanner of the corpus-wide stages) before forking them: each
    pool's workers would otherwise each load what the parent had not (2-3 s of CPU per worker
    per stage)."""
    warm_documents()
    read_places("北京", Context(), loose=True)
    zone_place("瑞丰经济技术开发区")
    if district := place_by_code("110105"):
        placement_of(district, "name", 0.9)  # the boundaries
    keyword_hits("化工")


# Allocations between young collections: the stages make many short-lived objects, and each
# young collection that finds them still alive promotes them to be walked again later.
YOUNG_COLLECTION_EVERY = 20_000


def settle_heap() -> None:
    """Take what this process holds so far (the knowledge: millions of long-lived objects; the
    documents' records) out of the cyclic collector's sight, and collect less often. Every full
    collection walked the whole knowledge again: 10-15% of extraction's CPU went to the collector.
    A frozen heap is also not written to by the collector in forked workers, so its pages stay
    shared. Cyclic garbage made before the call is never collected, so call it where what exists
    is kept to the end (after loading, after the per-document stage)."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 50, 50)


# Documents per Dask task: a task costs the scheduler, the client and the worker a few
# milliseconds of bookkeeping and messages whatever it carries, and a document's task was often
# less work than that (bench/README.md, "Dask's tasks"). The corpus-wide stages' tasks are
# batches of hundreds of entities already (and megabytes each): one to a task.
TASK_ITEMS = 16
TASK_BYTES = 1 << 20  # and no more than about a MiB of their files


def documents_stage(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark `func` as a per-document function: its workers fork once `warm_documents` has
    loaded what they need, and the parent loads the rest (`warm`) while they run, instead of
    keeping both cores idle while it loads the whole knowledge (the per-document stage's
    serial part with two jobs); and Dask sends it TASK_ITEMS documents to a task."""
    func.warm = warm_documents  # type: ignore[attr-defined]
    func.task_items = TASK_ITEMS  # type: ignore[attr-defined]
    return func


# The function and items of each running local map, by a key its tasks carry: its workers are
# forked once it is set, so they find both in their copy of the parent's memory.
_SHARED: dict[int, tuple[Callable[..., Any], list[tuple[Any, ...]]]] = {}


def _shared_call(key: int, index: int) -> Any:
    func, items = _SHARED[key]
    return func(*items[index])


def _local(jobs: int) -> Mapper:
    def run(func: Callable[..., Any], items: list[tuple[Any, ...]]) -> Iterator[Any]:
        """Tasks send only an index: a worker reads its item from the memory it shares with the
        parent (copy-on-fork) instead of unpickling it (placement's items were 6 MB, pickled
        by the driver and unpickled by the workers: 0.4-0.5 s of CPU at 10 MiB)."""
        if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            yield from (func(*args) for args in items)
            return
        getattr(func, "warm", warm)()
        context = multiprocessing.get_context("fork")
        key = max(_SHARED, default=0) + 1
        _SHARED[key] = func, items
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context) as pool:
                # forks the workers (after `_SHARED` is set), submits all
                results = pool.map(_shared_call, [key] * len(items), range(len(items)), chunksize=1)
                warm()  # what later stages need, loaded while the workers run (at once if loaded)
                yield from results
        finally:
            del _SHARED[key]

    return run


def _dask_client(jobs: int, scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise EngineError("--engine dask needs Dask: pip install -e '.[dask]'") from err
    try:
        if scheduler:
            return Client(scheduler, timeout="10s"), None
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    except (OSError, TimeoutError) as err:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {err}") from err


def _call_each(func: Callable[..., Any], group: list[tuple[Any, ...]]) -> list[Any]:
    return [func(*args) for args in group]


def _payload(args: tuple[Any, ...]) -> int:
    return sum(len(a) for a in args if isinstance(a, bytes | bytearray | memoryview))


def _groups(items: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """`size` items a group at most, and no more once a group's bytes arguments (a document's
    file) reach TASK_BYTES: what is in flight stays bounded by the window, as with one item a task."""
    group: list[tuple[Any, ...]] = []
    carried = 0
    for args in items:
        group.append(args)
        carried += _payload(args)
        if len(group) >= size or carried >= TASK_BYTES:
            yield group
            group, carried = [], 0
    if group:
        yield group


# Times a task is sent before a build gives up on it: its items live on one worker until it
# has run, so a worker lost meanwhile takes them along, and the task is sent again.
ATTEMPTS = 3


@dataclass
class _Sent:
    """A task in flight: its future, the future of its scattered items, and the items."""

    task: Any
    data: Any
    group: list[tuple[Any, ...]]
    attempt: int = 1

    def release(self) -> None:
        self.task.release()
        self.data.release()


def _dask(client: Any, workers: int) -> Mapper:
    """Tasks of `func.task_items` items each (default one), at most 8 tasks per worker in
    flight, so results never pile up in memory; results in input order. A task's items are
    scattered to a worker and the task given their future: items inside the task itself
    travel through the scheduler, which unpickles and pickles them again (with a
    `LocalCluster`, in this process). Scattered items are not kept elsewhere, so a task whose
    worker was lost (cancelled, or its connection closed) is sent again, ATTEMPTS times at most."""
    window = 8 * workers

    def run(func: Callable[..., Any], items: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        def send(group: list[tuple[Any, ...]], attempt: int = 1) -> _Sent:
            [data] = client.scatter([group], hash=False)
            return _Sent(client.submit(_call_each, func, data, pure=False), data, group, attempt)

        groups = _groups(items, getattr(func, "task_items", 1))
        pending: deque[_Sent] = deque(send(g) for g in islice(groups, window))
        while pending:
            sent = pending[0]
            try:
                results = sent.task.result()
            except (CancelledError, OSError) as err:
                sent.release()
                if sent.attempt >= ATTEMPTS:
                    raise EngineError(
                        f"a Dask task was lost {ATTEMPTS} times (workers gone?): {err}"
                    ) from err
                pending[0] = send(sent.group, sent.attempt + 1)
                continue
            pending.popleft()
            sent.release()
            yield from results
            for group in islice(groups, 1):
                pending.append(send(group))

    return run


@contextmanager
def engine(name: str = "local", jobs: int = 1, scheduler: str | None = None) -> Iterator[Mapper]:
    """A mapper that runs a function over items on `name`'s workers, results in input order."""
    if name == "local":
        yield _local(jobs)
        return
    if name != "dask":
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    client, cluster = _dask_client(jobs, scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        yield _dask(client, workers)
    finally:
        if cluster is not None:
            _freeze_workers(client)
        client.close()
        if cluster is not None:
            cluster.close()


def _freeze_workers(client: Any) -> None:
    """Let our own cluster's workers exit without a last collection over their heaps (the
    knowledge and the stages' memos): that walk took seconds at 100 MiB, past the nanny's patience,
    which then killed them with a warning. Never a scheduler's workers, which outlive the build."""
    with suppress(Exception):  # a worker already gone needs no freezing; the close goes on
        client.run(gc.freeze)
