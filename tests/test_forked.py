"""Two pieces of work on two cores: a forked child's result and failure come back here."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.forked import both

ROOT = Path(__file__).resolve().parent.parent


def test_with_two_jobs_the_first_runs_in_another_process_and_both_results_come_back():
    assert both(os.getpid, lambda: "here", 1) == (os.getpid(), "here")
    theirs, mine = both(os.getpid, lambda: "here", 2)
    assert theirs != os.getpid() and mine == "here"


def test_a_failure_in_the_child_is_raised_here_as_itself(tmp_path: Path):
    def full_disk() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        both(full_disk, lambda: (tmp_path / "mine").write_text("written meanwhile"), 2)
    assert (tmp_path / "mine").exists()


def test_a_failure_here_wins_and_stops_the_child(tmp_path: Path):
    def slow() -> None:
        _write_whole(tmp_path / "pid", str(os.getpid()))
        time.sleep(60)

    def failing() -> None:
        while not (tmp_path / "pid").exists():
            time.sleep(0.05)
        raise ValueError("mine")

    with pytest.raises(ValueError, match="mine"):
        both(slow, failing, 2)
    assert not _alive(int((tmp_path / "pid").read_text()))


def test_a_killed_build_leaves_no_child_behind(tmp_path: Path):
    """The forked child dies with its parent: it would hold the build's lock for nothing."""
    pid_file = tmp_path / "pid"
    script = (
        "import os, signal, time\n"
        "from pathlib import Path\n"
        "from geo.forked import both\n"
        f"pid_file = Path({str(pid_file)!r})\n"
        "def slow():\n"
        "    pid_file.with_suffix('.tmp').write_text(str(os.getpid()))\n"
        "    pid_file.with_suffix('.tmp').replace(pid_file)\n"
        "    time.sleep(60)\n"
        "def dying():\n"
        "    while not pid_file.exists():\n"
        "        time.sleep(0.05)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "both(slow, dying, 2)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert run.returncode == -9
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _write_whole(path: Path, text: str) -> None:
    """Write `path` by a rename, so a reader that waits for it to exist never reads it empty
    (write_text creates the file before it writes)."""
    path.with_suffix(".tmp").write_text(text)
    path.with_suffix(".tmp").replace(path)


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
