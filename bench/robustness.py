#!/usr/bin/env python3
"""Hostile and huge inputs, each read and extracted in a fresh process: peak memory and time.

usage: python bench/robustness.py [--cases a,b] [--limit-gb 3] [--timeout 300] [--json]

Generated inputs (nothing from seeds/; names are invented):

  docx-paragraphs  a .docx of ~3 MB whose document.xml unpacks to ~1.1 GB of tiny paragraphs
  docx-textnode    a .docx of ~1 MB with one ~1.1 GB text node
  html-tags        20 MB of nested tags
  line-20mb        20 MB of UTF-8 text on one line with no clause break, a head every few characters
  normal-20mb      20 MB of ordinary policy prose: bench/synth.py's documents (seeds, other places)
  dense-20mb       20 MB of invented prose with a name every ~15 characters (a worst case)
  line-1mb/line-2mb  the single line at 1 and 2 MB, for the linearity ratio

Each case runs `document_from_bytes` (read, normalize, sentences, metadata) and `extract` in a
child process with an address-space limit of --limit-gb (so a bomb fails there, not on the
machine); the child reports its own peak RSS (getrusage ru_maxrss), wall time and outcome: the
entity count, or the one-line reason the file was refused. Targets of issue 13: peak RSS < 1.5 GB
for every case, extraction time of line-2mb <= 2.5 x line-1mb, normal-20mb under 60 s.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1 << 20
PROSE = (
    "甲市人民政府关于推进产业园区高质量发展的实施意见。\n"
    "一、推进岚曦经济技术开发区建设,重点发展装备制造、新材料和电子信息产业。\n"
    "二、加快沐川县汀兰新能源产业园区、青禾生物医药产业基地建设;支持澜禾物流园区扩区。\n"
    "三、实施芷江至沐川高速公路、甲乙天然气管道和汀兰光伏电站项目,落实用地、用能保障。\n"
)
LINE_UNIT = "推进岚曦工业园区和汀兰光伏电站项目建设"  # no clause break: one endless clause


def _docx_skeleton() -> dict[str, bytes]:
    """The parts of an empty Word document, from python-docx itself."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx_with_body(path: Path, chunks: Callable[[], Iterator[bytes]]) -> None:
    """A .docx whose word/document.xml is streamed from `chunks` (deflated as it goes)."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _docx_skeleton().items():
            if name == "word/document.xml":
                with archive.open(name, "w", force_zip64=True) as part:
                    part.write(head)
                    for chunk in chunks():
                        part.write(chunk)
                    part.write(b"</w:body></w:document>")
            else:
                archive.writestr(name, data)


def make_docx_paragraphs(path: Path, target: int = 1100 * MB) -> None:
    paragraph = "<w:p><w:r><w:t>甲</w:t></w:r></w:p>".encode()
    block = paragraph * (MB // len(paragraph))
    _docx_with_body(path, lambda: (block for _ in range(target // len(block))))


def make_docx_textnode(path: Path, target: int = 1100 * MB) -> None:
    block = ("岚" * (MB // 3)).encode()

    def chunks() -> Iterator[bytes]:
        yield b"<w:p><w:r><w:t>"
        yield from (block for _ in range(target // len(block)))
        yield b"</w:t></w:r></w:p>"

    _docx_with_body(path, chunks)


def _repeat_to(unit: str, size: int) -> bytes:
    data = unit.encode("utf-8")
    return (data * (size // len(data) + 1))[:size].decode("utf-8", "ignore").encode("utf-8")


def make_normal(path: Path, size: int = 20 * MB) -> None:
    """One document of ordinary policy prose: bench/synth.py's documents (the seeds with other
    places, read at run time) joined until `size` bytes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth import synthetic_corpus

    text = "\n".join(doc.text for doc in synthetic_corpus(size))
    path.write_bytes(text.encode("utf-8")[:size].decode("utf-8", "ignore").encode("utf-8"))


def make_html_tags(path: Path) -> None:
    path.write_bytes(b"<html><body>" + b"<div><b>" * (20 * MB // 8) + "岚曦工业园区".encode())


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "docx-paragraphs": (".docx", make_docx_paragraphs),
    "docx-textnode": (".docx", make_docx_textnode),
    "html-tags": (".html", make_html_tags),
    "line-1mb": (".txt", lambda p: p.write_bytes(_repeat_to(LINE_UNIT, 1 * MB))),
    "line-2mb": (".txt", lambda p: p.write_bytes(_repeat_to(LINE_UNIT, 2 * MB))),
    "line-20mb": (".txt", lambda p: p.write_bytes(_repeat_to(LINE_UNIT, 20 * MB))),
    "normal-20mb": (".txt", make_normal),
    "dense-20mb": (".txt", lambda p: p.write_bytes(_repeat_to(PROSE, 20 * MB))),
}


def child(path: Path) -> None:
    """Read and extract one file; print what happened as one JSON line."""
    sys.path.insert(0, str(ROOT))
    from geo.corpus.documents import document_from_bytes
    from geo.corpus.readers import UnreadableFile
    from geo.extract.mentions import extract

    extract([document_from_bytes("推进岚曦工业园区建设。".encode(), "warm.txt")])  # load lexicons first
    data = path.read_bytes()
    started = time.perf_counter()
    outcome: dict[str, object] = {}
    try:
        doc = document_from_bytes(data, path.name)
        read = time.perf_counter()
        outcome["entities"] = len(extract([doc]))
        outcome["read_s"], outcome["extract_s"] = read - started, time.perf_counter() - read
    except UnreadableFile as err:
        outcome["refused"] = str(err)
    except MemoryError:
        outcome["failed"] = "MemoryError"
    outcome["seconds"] = time.perf_counter() - started
    outcome["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(outcome, ensure_ascii=False))


def run_case(name: str, folder: Path, limit_gb: float, timeout: float) -> dict[str, object]:
    suffix, make = CASES[name]
    path = folder / f"{name}{suffix}"
    make(path)
    limit = int(limit_gb * 1024 * MB)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result: dict[str, object] = {"case": name, "file_mb": round(path.stat().st_size / MB, 1)}
    try:
        run = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=cap,
            check=False,
        )
        lines = run.stdout.strip().splitlines()
        result |= (
            json.loads(lines[-1]) if lines else {"failed": (run.stderr.strip().splitlines() or ["?"])[-1]}
        )
    except subprocess.TimeoutExpired:
        result["failed"] = f"did not finish in {timeout:.0f} s"
    path.unlink()
    return result


def verdicts(results: dict[str, dict[str, object]]) -> list[str]:
    out = []
    for name, r in results.items():
        rss = r.get("peak_rss_mb")
        ok = "failed" not in r and rss is not None and float(rss) < 1536
        out.append(f"{'PASS' if ok else 'FAIL'} {name}: peak RSS {rss} MB (< 1536 MB), {r}")
    if {"line-1mb", "line-2mb"} <= results.keys():
        one, two = (results[n].get("extract_s") for n in ("line-1mb", "line-2mb"))
        ratio = float(two) / float(one) if one and two else float("nan")
        out.append(
            f"{'PASS' if ratio <= 2.5 else 'FAIL'} linearity: extract(2 MB line) / extract(1 MB line) = {ratio:.2f} (<= 2.5)"
        )
    if "normal-20mb" in results:
        seconds = results["normal-20mb"].get("seconds")
        ok = seconds is not None and float(seconds) < 60
        out.append(f"{'PASS' if ok else 'FAIL'} normal-20mb: {seconds} s (< 60 s)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--limit-gb", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    results = {}
    with tempfile.TemporaryDirectory(prefix="parkatlas-robustness-") as tmp:
        for name in args.cases.split(","):
            results[name] = run_case(name, Path(tmp), args.limit_gb, args.timeout)
            print(json.dumps(results[name], ensure_ascii=False), file=sys.stderr)
    lines = verdicts(results)
    print(json.dumps(results, ensure_ascii=False, indent=1) if args.json else "\n".join(lines))
    return 0 if all(line.startswith("PASS") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
