#!/usr/bin/env python3
"""Kill builds at random moments and race two builds into one folder; after each, the published
layers must be one complete, valid build (issue 13: every file there, counts agreeing).

usage: python bench/publish_faults.py [--kills 20] [--seed 13] [--keep DIR]

Two generated corpora (invented names) differ in their entity counts, so a mix of two builds
would show as disagreeing counts. Each round starts `python -m geo build` on one of them over the
previous build and sends SIGKILL after a random delay between 0 and the time a whole build takes
(measured first), then checks the published folder with geo.layers.publish.validate and that
report.json is one of the two builds. Then two builds are started together into one folder, one
of them stopped (SIGSTOP) for a while after it started: one must end with "another build is
writing", and the published build must again be valid.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.layers.publish import published, validate  # noqa: E402

LINES = [
    "推进凉城县岚曦工业园区建设,重点发展氟化工。",
    "加快卓资县沐川光伏电站项目建设。",
    "支持丰镇市汀兰新材料产业园区扩区。",
    "实施兴和县青禾物流园区和澜禾风电基地项目。",
]


def corpus(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(
        "乌兰察布市人民政府关于园区建设的通知\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return folder


def start(docs: Path, out: Path) -> subprocess.Popen:
    """A build of `docs` in a fresh process, run on the `geo` this script imports (`-P`: not the
    work tree's, which the root as working directory would put first)."""
    return subprocess.Popen(
        [sys.executable, "-P", "-m", "geo", "build", str(docs), "--out", str(out), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def check(out: Path, known: set[int]) -> str:
    """'ok' when `out` shows one complete build of a known corpus, else what is wrong."""
    folder = published(out)
    if folder is None:
        return "no published build"
    try:
        validate(folder)
    except Exception as err:
        return f"invalid: {err}"
    entities = sum(json.loads((folder / "report.json").read_text(encoding="utf-8"))["entities"].values())
    return "ok" if entities in known else f"unknown build with {entities} entities"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="parkatlas-faults-") as tmp:
        small, large = corpus(Path(tmp) / "small", LINES[:2]), corpus(Path(tmp) / "large", LINES)
        out = Path(tmp) / "layers"
        known = set()
        for docs in (small, large):
            began = time.monotonic()
            assert start(docs, out).wait() == 0
            whole = time.monotonic() - began
            known.add(sum(json.loads((out / "report.json").read_text(encoding="utf-8"))["entities"].values()))
        print(f"a whole build takes {whole:.1f} s; entity counts of the two corpora: {sorted(known)}")
        failures = 0
        for round_ in range(args.kills):
            delay = rng.uniform(0, whole)
            build = start(rng.choice((small, large)), out)
            time.sleep(delay)
            build.send_signal(signal.SIGKILL)
            build.wait()
            verdict = check(out, known)
            failures += verdict != "ok"
            print(f"kill {round_ + 1:2d} after {delay:4.1f} s: {verdict}")
        first, second = start(small, out), start(large, out)
        time.sleep(0.5)
        first.send_signal(signal.SIGSTOP)
        codes = [second.wait()]
        first.send_signal(signal.SIGCONT)
        codes.append(first.wait())
        errors = [
            line for p in (first, second) for line in p.stderr.read().splitlines() if line.startswith("error")
        ]
        verdict = check(out, known)
        failures += verdict != "ok"
        print(
            f"two builds into one folder (one paused): exit codes {codes}, {errors or 'no error'}; {verdict}"
        )
        print(f"{'PASS' if not failures else 'FAIL'}: {failures} round(s) left no complete, valid build")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
