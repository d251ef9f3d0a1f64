"""Atomic writes: the old file stays whole until the new one is complete, then one rename."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.layers import files
from geo.layers.files import write_atomic, write_text_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path):
    target = tmp_path / "layer.csv"
    target.write_text("old", encoding="utf-8")

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["layer.csv"]


def test_the_new_file_arrives_by_one_rename(tmp_path: Path, monkeypatch):
    target = tmp_path / "layer.csv"
    target.write_text("old", encoding="utf-8")
    renames = []
    real_replace = os.replace

    def replace(src, dst):
        renames.append((Path(src).parent, Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert renames == [(tmp_path, target)]  # a temp file beside it, renamed over it
