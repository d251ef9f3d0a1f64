"""The per-document stages (read, normalize, mentions) on several processes: `--jobs N`.

Each file is read and its mentions extracted by a worker; the results come back in input order,
so a build with any number of jobs writes the same layers as one job. Workers are forked from a
parent that has already loaded the knowledge (tables, scanners, jieba), so they start at once and
share those pages. A build given its own `Knowledge` runs in one process: a forked worker would
read the packaged one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from geo.corpus.documents import (
    DEFAULT_MAX_BYTES,
    Corpus,
    Document,
    SkippedFile,
    expand_inputs,
    read_document,
)
from geo.extract.anchors import has_anchor
from geo.extract.mentions import extract_mentions
from geo.knowledge.gazetteer import scan_admin_names
from geo.knowledge.segment import cut
from geo.model import Mention

Read = tuple[Document | SkippedFile, list[Mention]]


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_and_extract(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Read:
    """One file read, and its mentions when it could be read."""
    read = read_document(path, max_bytes)
    return read, extract_mentions(read) if isinstance(read, Document) else []


def _warm() -> None:
    """Load what every worker needs before forking them."""
    scan_admin_names("北京市")
    has_anchor("瑞丰")
    cut("瑞丰工业园区")


def _results(files: list[Path], max_bytes: int, jobs: int) -> Iterator[Read]:
    if jobs <= 1 or len(files) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (read_and_extract(path, max_bytes) for path in files)
        return
    _warm()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=context) as pool:
        yield from pool.map(read_and_extract, files, [max_bytes] * len(files), chunksize=1)


def read_corpus_mentions(
    inputs: Iterable[Path | str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[Path], None] | None = None,
    jobs: int = 1,
) -> tuple[Corpus, list[Mention]]:
    """Every document under `inputs` (unreadable ones skipped with a reason) and the mentions of
    all of them, in input order, read on `jobs` processes."""
    files, skipped = expand_inputs(Path(p) for p in inputs)
    corpus = Corpus(skipped=skipped)
    mentions: list[Mention] = []
    for path, (read, found) in zip(files, _results(files, max_bytes, jobs), strict=True):
        if on_file:
            on_file(path)
        corpus.add(read)
        mentions += found
    return corpus, mentions
