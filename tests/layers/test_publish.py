"""Layers are published as a whole: a failed, empty, killed or concurrent build leaves the
previous complete build in place (issue 13, defects 1-3)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.layers.publish import PublishError, builds_root, locked, published, validate

ROOT = Path(__file__).resolve().parents[2]
DOC = "凉城县人民政府关于园区建设的通知\n推进凉城县岚曦工业园区建设,重点发展氟化工。\n加快卓资县沐川光伏电站项目建设。\n"


@pytest.fixture
def good(tmp_path) -> Path:
    """A published build of one document, at tmp_path/out."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(docs), "--out", str(out), "--quiet"]) == 0
    return out


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def run_build(*args: str, preexec=None, prelude: str = "") -> subprocess.CompletedProcess:
    code = f"import sys\n{prelude}\nfrom geo.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "build", *args, "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        preexec_fn=preexec,
    )


def test_a_build_that_reads_nothing_keeps_the_previous_layers(good, tmp_path, capsys):
    before = snapshot(good)
    assert json.loads(before["report.json"])["documents_read"] == 1
    assert main(["build", str(tmp_path / "typo.txt"), "--out", str(good), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "error: no document could be read; the layers in" in err and "left as they were" in err
    assert snapshot(good) == before


def test_a_build_killed_while_writing_leaves_the_previous_build(good, tmp_path):
    before = snapshot(good)
    (tmp_path / "docs" / "b.txt").write_text(DOC.replace("岚曦", "岚汐"), encoding="utf-8")
    kill_after_first_layer = (
        "import os, signal\n"
        "import geo.layers.chunked as chunked\n"
        "real = chunked.write_atomic\n"
        "def dying(path, write):\n"
        "    real(path, write)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "chunked.write_atomic = dying\n"
    )
    run = run_build(str(tmp_path / "docs"), "--out", str(good), prelude=kill_after_first_layer)
    assert run.returncode == -9
    assert snapshot(good) == before
    validate(published(good))
    assert list(builds_root(good).glob("tmp-*"))  # what the dead build left ...
    assert main(["build", str(tmp_path / "docs"), "--out", str(good), "--quiet"]) == 0
    assert not list(builds_root(good).glob("tmp-*"))  # ... the next build cleans up
    assert json.loads((good / "report.json").read_text(encoding="utf-8"))["documents_read"] == 2


def test_a_second_build_of_one_folder_is_refused_while_the_first_holds_it(good, tmp_path, capsys):
    before = snapshot(good)
    with locked(good):
        assert main(["build", str(tmp_path / "docs"), "--out", str(good), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "another build is writing" in err and "left as they were" in err
    assert snapshot(good) == before


def test_a_full_disk_leaves_the_previous_build_and_says_so_in_one_line(good, tmp_path):
    before = snapshot(good)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    run = run_build(str(tmp_path / "docs"), "--out", str(good), preexec=small_files)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    (line,) = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert "writing the build failed" in line and line.endswith("left as they were")
    assert snapshot(good) == before
    assert not list(builds_root(good).glob("tmp-*"))


def test_an_inconsistent_build_is_not_valid(good, tmp_path):
    folder = published(good)
    rows = validate(folder)["entities.csv"]
    assert rows == 3
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    lines = (copy / "entities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / "entities.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(PublishError, match=r"entities\.csv has 2, expected 3"):
        validate(copy)
    (copy / "entities.parquet").write_bytes(b"PAR1 truncated")
    with pytest.raises(PublishError, match="unreadable build file"):
        validate(copy)


def test_geojson_layers_are_counted_by_their_lines_and_a_cut_or_foreign_layout_is_not_trusted(good, tmp_path):
    """A layer in the writer's layout is counted without parsing it; a feature line cut off or
    lost is caught, and a GeoJSON written otherwise (indented) is parsed and counted."""
    folder = published(good)
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    validate(copy)
    layer = copy / "entities.geojson"
    text = layer.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert len(lines) == 5  # header, three features, closing
    layer.write_text("".join([*lines[:2], lines[2][:40] + "\n", *lines[3:]]), encoding="utf-8")
    with pytest.raises(PublishError, match=r"unreadable build file entities\.geojson"):
        validate(copy)
    layer.write_text("".join(lines[:2] + lines[3:]), encoding="utf-8")
    with pytest.raises(PublishError, match=r"entities\.geojson has 2, expected 3"):
        validate(copy)
    layer.write_text(json.dumps(json.loads(text), ensure_ascii=False, indent=2), encoding="utf-8")
    assert validate(copy)["entities.geojson"] == 3


def test_a_folder_of_old_layers_becomes_the_previous_build_but_other_files_are_refused(good, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    for name, data in snapshot(good).items():
        (old / name).write_bytes(data)
    assert published(old) is None
    assert main(["build", str(tmp_path / "docs"), "--out", str(old), "--quiet"]) == 0
    assert published(old) is not None and len(list(builds_root(old).glob("b-*"))) == 2
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["build", str(tmp_path / "docs"), "--out", str(mixed), "--quiet"]) == 1
    assert (mixed / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_export_reads_only_a_published_build(good, tmp_path, capsys):
    plain = tmp_path / "plain"
    plain.mkdir()
    for name, data in snapshot(good).items():
        (plain / name).write_bytes(data)
    assert main(["export", "--layers", str(plain), "-o", str(tmp_path / "x.geojson")]) == 1
    assert "no published build" in capsys.readouterr().err
    assert main(["export", "--layers", str(good), "-o", str(tmp_path / "x.geojson")]) == 0


def test_with_two_jobs_every_file_is_still_checked(good, tmp_path):
    """The all-entities GeoJSON is read by a forked process: its damage still stops the build."""
    folder = published(good)
    assert validate(folder, jobs=2) == validate(folder)
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    (copy / "entities.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(PublishError, match=r"unreadable build file entities\.geojson"):
        validate(copy, jobs=2)
    (copy / "entities.geojson").write_bytes((folder / "entities.geojson").read_bytes())
    (copy / "parks.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(PublishError, match=r"parks\.geojson has 0"):
        validate(copy, jobs=2)


def test_csv_records_counted_on_the_bytes_are_those_the_csv_module_reads(tmp_path):
    """`_csv_rows` counts a CSV's records by its quotes and line breaks; on tables of awkward
    cells (quotes, commas, line breaks, carriage returns, Chinese), whole or cut anywhere, it
    gives what reading the file with the csv module gives."""
    import csv
    import io
    import random

    from geo.layers.publish import _csv_records, _csv_rows

    cells = ["瑞丰", "a,b", 'x"y', "一\n二", '"', "", "\r", 'q""\n"', '"\n"\n"', '金川,\n"园区"']
    chosen, path = random.Random(14), tmp_path / "t.csv"
    for k in range(600):
        pool = cells if k % 2 else [c for c in cells if "\r" not in c]
        rows = [
            [chosen.choice(pool) for _ in range(chosen.randint(1, 4))] for _ in range(chosen.randint(0, 6))
        ]
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows([["name"], *rows])
        text = out.getvalue()
        for cut in (len(text), chosen.randint(0, len(text))):
            path.write_text(text[:cut], encoding="utf-8", newline="")
            assert _csv_rows(path) == _csv_records(path), text[:cut]
