import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS

from geo.cli import main


def test_build_lists_the_seeds_with_title_date_and_jurisdiction(tmp_path, capsys):
    assert main(["build", str(SEEDS), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 5
    assert "000_3194400d95625a7d.txt\t2015-12-23\t内蒙古自治区/乌兰察布市\t乌兰察布市人民政府关于" in out
    assert "004_800caa5571972783.txt\t2021-12-19\t山西省\t晋陕豫黄河金三角" in out
    rows = list(csv.DictReader((tmp_path / "documents.csv").open(encoding="utf-8")))
    assert [r["file"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert rows[0]["number"] == "乌政发〔2015〕146号"
    assert rows[1]["script"] == "traditional"
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["documents_read"] == 5 and report["documents_skipped"] == []


def test_build_with_some_bad_files_succeeds_and_reports_them(tmp_path, capsys, sample_text):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(sample_text, encoding="gbk")
    (docs / "b.pdf").write_bytes(b"garbage")
    assert main(["build", str(docs), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "b.pdf: not a readable PDF" in err
    assert "Traceback" not in err


def test_build_with_nothing_readable_fails_without_traceback(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"")
    run = subprocess.run(
        [sys.executable, "-m", "geo", "build", str(tmp_path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    assert run.returncode == 1
    assert "x.txt: empty file" in run.stderr
    assert "error: no document could be read" in run.stderr
    assert "Traceback" not in run.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only(monkeypatch):
    from geo.cli import _progress

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _progress(100, quiet=False)[0] is None  # a file or a pipe: quiet
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    update, close = _progress(100, quiet=False)
    for _ in range(3):
        update(Path("a.txt"))
    close()
    shown = terminal.getvalue()  # documents done of all, their rate (the ETA once it is known)
    assert "documents:" in shown and "/100" in shown and "doc/s" in shown
    assert _progress(100, quiet=True)[0] is None and _progress(5, quiet=False)[0] is None
