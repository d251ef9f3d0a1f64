"""A memory budget for a build: past it the build stops with a one-line reason.

A corpus of millions of documents can need more memory than the machine has; left alone, the
system's out-of-memory killer ends the build with no word (or swapping slows it to a crawl).
A watcher thread samples the memory of the build's process tree (the driver and its forked or
spawned workers) and, past the budget, interrupts the driver, which stops like any failed build:
the published layers and the cache stay as they were (geo.layers.publish, geo.cache).

The tree's resident sets are read from /proc (cheap); only when their sum is over the budget is
the proportional set size read (`smaps_rollup`), which counts the pages forked workers share
with the driver once: the sum of RSS counts them once per process. Linux only; elsewhere, or
off the main thread (where no signal can reach), the budget is not watched.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PROC = Path("/proc")
SAMPLE_SECONDS = 0.5
DEFAULT_SHARE = 0.9  # of the machine's memory, when no budget is given


class MemoryBudgetExceeded(BaseException):
    """The build's processes together held more memory than its budget. A BaseException, as
    KeyboardInterrupt is: the stages' `except Exception` (a file that fails to read is skipped)
    must not take it for the failure of one document."""


def machine_memory() -> int | None:
    """Bytes of physical memory, None where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def default_budget() -> int | None:
    total = machine_memory()
    return int(total * DEFAULT_SHARE) if total else None


def tree_pids(pid: int) -> list[int]:
    """`pid` and its descendants (Linux's `task/*/children`), parents first."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in (PROC / str(current) / "task").glob("*/children"):
            with suppress(OSError):
                todo.extend(int(child) for child in task.read_text().split())
    return found


def _rss(pid: int) -> int:
    with suppress(OSError, ValueError, IndexError):
        return int((PROC / str(pid) / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return 0  # a worker that just ended


def _pss(pid: int) -> int:
    with suppress(OSError, ValueError):
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return _rss(pid)  # no smaps_rollup (kernels before 4.14): the resident set


def tree_memory(pid: int, over: int | None = None) -> int:
    """Bytes the process tree of `pid` holds: the sum of resident sets, or, when that is above
    `over`, the sum of proportional sets (the real total when forked workers share pages)."""
    pids = tree_pids(pid)
    rss = sum(_rss(p) for p in pids)
    if over is None or rss <= over:
        return rss
    return sum(_pss(p) for p in pids)


def _gigabytes(size: int) -> str:
    return f"{size / 2**30:.2f} GB"


@contextmanager
def memory_budget(limit: int | None, every: float = SAMPLE_SECONDS) -> Iterator[None]:
    """Raise MemoryBudgetExceeded in this (main) thread once the process tree holds more than
    `limit` bytes; None, or no /proc, or not the main thread: no watch."""
    watchable = (PROC / "self" / "statm").exists() and threading.current_thread() is threading.main_thread()
    if limit is None or not watchable:
        yield
        return
    stop, used = threading.Event(), [0]
    me = os.getpid()

    def watch() -> None:
        while not stop.wait(every):
            used[0] = tree_memory(me, over=limit)
            if used[0] > limit:
                os.kill(me, signal.SIGUSR1)
                return

    def interrupt(_signum: int, _frame: object) -> None:
        raise MemoryBudgetExceeded(
            f"the build held {_gigabytes(used[0])} of memory, over its budget of {_gigabytes(limit)}"
        )

    used[0] = tree_memory(me, over=limit)  # over already: stop before any work, not at a sample
    if used[0] > limit:
        interrupt(signal.SIGUSR1, None)
    previous = signal.signal(signal.SIGUSR1, interrupt)
    watcher = threading.Thread(target=watch, name="memory-budget", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        try:
            watcher.join()
        finally:  # a signal already sent finds no handler of ours: Python then ignores it
            signal.signal(signal.SIGUSR1, previous)
