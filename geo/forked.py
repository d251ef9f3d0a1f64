"""Two independent pieces of work on two cores: one in a forked child, one here.

The build's last steps (writing the layers, checking them) are serial Python; where two of them
do not depend on each other, a forked child does one while this process does the other. The
child is forked, not spawned, so it needs nothing pickled but its result, and it dies with its
parent (Linux's PR_SET_PDEATHSIG): a killed build leaves no writer behind holding its lock. Light
on imports, so that the app's checks of a build can use it too.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import Any, TypeVar

A = TypeVar("A")
B = TypeVar("B")


def _die_with(parent: int) -> None:
    """Ask Linux to kill this (forked) process when its parent dies; exit at once if the parent
    is already gone."""
    with suppress(OSError, AttributeError):  # not Linux: the child just finishes its task
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _run_in_child(task: Callable[[], Any], parent: int, send: Connection) -> None:
    _die_with(parent)
    try:
        send.send((True, task()))
    except BaseException as err:  # sent to the parent, raised there: never a traceback here
        try:
            send.send((False, err))
        except Exception:  # an exception or result that does not pickle: its type and first line
            first = str(err).splitlines()[0] if str(err) else ""
            send.send((False, RuntimeError(f"{type(err).__name__}: {first}")))
    finally:
        send.close()


def both(elsewhere: Callable[[], A], here: Callable[[], B], jobs: int) -> tuple[A, B]:
    """The results of `elsewhere()`, run in a forked child, and of `here()`, run meanwhile in
    this process; a failure of either is raised here (`here`'s first, the child then killed).
    With one job, or no fork, both run here, `elsewhere` first."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        first = elsewhere()
        return first, here()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run_in_child, args=(elsewhere, os.getpid(), send), daemon=True)
    child.start()
    send.close()
    try:
        mine = here()
    except BaseException:
        child.kill()
        child.join()
        receive.close()
        raise
    try:
        ok, theirs = receive.recv()
    except EOFError:  # the child died without a word (killed)
        ok, theirs = False, RuntimeError("a forked worker ended without a result")
    finally:
        child.join()
        receive.close()
    if not ok:
        raise theirs
    return theirs, mine
