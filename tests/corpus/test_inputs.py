"""Inputs that are odd rather than huge: every skipped one has a reason, names print on one line,
and search folds case on both sides (issue 13, defects 10, 13, 14)."""

from __future__ import annotations

import os

from geo.cli import main
from geo.corpus.documents import expand_inputs, one_line
from geo.layers.filters import Filters, apply_filters

DOC = "推进凉城县岚曦工业园区建设,重点发展氟化工。\n"


def test_a_fifo_and_looping_links_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    files, skipped = expand_inputs([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    reasons = {os.path.basename(s.path): s.reason for s in skipped}
    assert reasons["pipe.txt"] == "not a regular file (a FIFO)"
    assert reasons["loop1.txt"] == reasons["loop2.txt"] == "symbolic link that loops"
    assert reasons["gone.txt"] == "symbolic link to nothing"


def test_a_newline_in_a_file_name_cannot_forge_lines(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC, encoding="utf-8")
    (docs / "x\nread 9 document(s), skipped 0; published y.txt").write_bytes(b"")
    assert main(["build", str(docs), "--out", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    assert [line for line in err.splitlines() if line.startswith("read ")] == [
        f"read 1 document(s), skipped 1; published {tmp_path / 'out'}/"
    ]
    assert "x\\nread 9 document(s)" in err and len(out.splitlines()) == 1
    assert one_line("甲乙\t园区\x00.txt") == "甲乙\\t园区\\x00.txt" and one_line("甲乙.txt") == "甲乙.txt"


def test_search_folds_case_and_spaces_of_names_too(sample_frame):
    frame = sample_frame.copy()
    frame.loc[0, "name"] = "A0甲工业园区"
    frame.loc[1, "aliases"] = ["B 2乙园区"]
    assert list(apply_filters(frame, Filters(text="A0甲"))["name"]) == ["A0甲工业园区"]
    assert list(apply_filters(frame, Filters(text="a0 甲"))["name"]) == ["A0甲工业园区"]
    assert len(apply_filters(frame, Filters(text="b2乙"))) == 1
