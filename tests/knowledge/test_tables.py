"""Lexicons and tables are package data, read by one loader."""

from __future__ import annotations

import subprocess
from pathlib import Path

from geo.knowledge import lexicon
from geo.knowledge.tables import data_file, read_rows, read_words

ROOT = Path(__file__).resolve().parents[2]


def test_word_lists_keep_file_order_and_skip_comments():
    words = read_words("park_heads")
    assert words[:2] == ("工业园区", "工业园") and not any(w.startswith("#") for w in words)
    assert words == lexicon.PARK_HEADS


def test_every_data_file_is_read_by_some_module():
    names = {p.stem for p in (ROOT / "geo/knowledge/data").iterdir()}
    used = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "geo").rglob("*.py"))
    assert names and all(f'"{name}"' in used or f"'{name}'" in used for name in names), names


def test_tables_have_their_header():
    rows = read_rows("industries")
    assert {"code", "label_zh", "label_en", "gbt4754", "colour", "keywords"} <= set(rows[0])
    assert data_file("industries.csv").is_file()


def test_data_files_are_tracked_by_git():
    tracked = subprocess.run(
        ["git", "ls-files", "geo/knowledge/data"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(tracked) == len(list((ROOT / "geo/knowledge/data").iterdir()))
