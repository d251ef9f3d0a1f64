import multiprocessing
import os
import signal
import threading
import time

import pytest

from geo.budget import MemoryBudgetExceeded, memory_budget, tree_memory, tree_pids
from geo.cli import main

MB = 2**20


def _hold(size: int, ready, done) -> None:
    block = bytearray(size)  # zero-filled: every page touched
    ready.set()
    done.wait(30)
    del block


def test_tree_memory_counts_a_forked_child():
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    before, before_proportional = tree_memory(os.getpid()), tree_memory(os.getpid(), over=1)
    child = context.Process(target=_hold, args=(300 * MB, ready, done))
    child.start()
    try:
        assert ready.wait(30)
        assert child.pid in tree_pids(os.getpid())
        assert tree_memory(os.getpid()) - before > 250 * MB
        # over a small threshold the proportional sets are summed: the child's block still counts
        assert tree_memory(os.getpid(), over=1) - before_proportional > 250 * MB
    finally:
        done.set()
        child.join()


def _wait_for_interrupt(seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.01)


def test_over_the_budget_the_main_thread_is_interrupted_with_one_line():
    previous = signal.getsignal(signal.SIGUSR1)
    started = time.monotonic()
    with pytest.raises(MemoryBudgetExceeded) as caught, memory_budget(MB, every=0.02):
        _wait_for_interrupt()
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "\n" not in message and "over its budget of 0.00 GB" in message
    assert signal.getsignal(signal.SIGUSR1) is previous


def test_the_interrupt_is_not_taken_for_an_ordinary_failure():
    """Stages skip a document whose reading fails (`except Exception`): the budget must pass them."""
    with pytest.raises(MemoryBudgetExceeded), memory_budget(MB, every=0.02):
        try:
            _wait_for_interrupt()
        except Exception:  # the shape of a per-document guard
            pytest.fail("the budget was caught as an ordinary exception")


def test_under_the_budget_or_without_one_nothing_happens():
    with memory_budget(64 * 2**40, every=0.01):
        time.sleep(0.1)
    with memory_budget(None, every=0.01):
        time.sleep(0.05)


def test_off_the_main_thread_the_budget_is_not_watched():
    errors = []

    def run() -> None:
        try:
            with memory_budget(MB, every=0.01):
                time.sleep(0.1)
        except BaseException as err:
            errors.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors == []


def test_a_build_over_its_budget_stops_in_one_line_and_keeps_the_layers(tmp_path, capsys, sample_text):
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    (docs / "a.txt").write_text(sample_text, encoding="utf-8")
    assert main(["build", str(docs), "--out", str(out), "--quiet", "--no-cache", "--jobs", "1"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (docs / "b.txt").write_text(sample_text.replace("园区", "产业园"), encoding="utf-8")
    capsys.readouterr()
    code = main(
        [
            "build",
            str(docs),
            "--out",
            str(out),
            "--quiet",
            "--no-cache",
            "--jobs",
            "1",
            "--max-memory-gb",
            "0.001",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert (
        err.count("\n") == 1 and "stopped" in err and "--max-memory-gb" in err and "left as they were" in err
    )
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("value", ["-1", "lots", "nan", "inf"])
def test_the_budget_flag_refuses_what_is_not_a_size(value, capsys):
    with pytest.raises(SystemExit):
        main(["build", "--max-memory-gb", value])
    assert "--max-memory-gb" in capsys.readouterr().err
