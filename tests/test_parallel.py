"""--jobs: the per-document stages on several processes give the same layers as one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SEEDS

from geo.build import build
from geo.parallel import read_corpus_mentions

ROOT = Path(__file__).resolve().parent.parent


def test_two_jobs_write_the_same_layers_as_one(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in SEEDS.iterdir():
        (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    one = build([inputs], tmp_path / "one", jobs=1)
    two = build([inputs], tmp_path / "two", jobs=2)
    assert one.report == two.report and one.report["documents_skipped"]
    for name in ("entities.geojson", "entities.csv", "documents.csv", "report.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_documents_and_mentions_come_back_in_input_order(tmp_path: Path):
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"推进瑞丰{i}号工业园区建设。", encoding="utf-8")
    corpus, mentions = read_corpus_mentions([tmp_path], jobs=2)
    assert [d.name for d in corpus.documents] == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert [m.doc for m in mentions] == sorted(m.doc for m in mentions)


def test_the_command_line_takes_jobs_and_refuses_nonsense(tmp_path: Path):
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "build",
            str(SEEDS),
            "--out",
            str(tmp_path / "o"),
            "--jobs",
            "2",
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and (tmp_path / "o" / "entities.geojson").exists(), ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "geo", "build", "--jobs", "0"], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "--jobs" in bad.stderr and "Traceback" not in bad.stderr
