#!/usr/bin/env python3
"""CPU of a build's last stages alone, repeated (issue 14): pinyin, entity frame, writing the
layers (`write_build`, one job) and the publish checks (`validate`).

usage: python bench/layers_cpu.py [--mb 10] [--work /tmp/parkatlas-scale] [--repeat 3] [--out DIR]

The corpus is the one `bench/scale.py` writes (`vary`). One build (no cache) runs up to its frame
and stops before publishing, keeping what the last stages read; those stages then run
`--repeat` times on it, each after `gc.freeze()` as the build's `settle_heap` does, and the
least CPU of each stage is printed (pinyin's word cache cleared before each) (the machine is shared: CPU, not wall, and the least of a few).
The files of the last repeat stay in `--out` for `cmp` against a build's.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from scale import corpus

import geo.build as build_module
import geo.layers.frame as frame_module
from geo.layers.frame import FrameRows, pinyin_all
from geo.layers.publish import validate
from geo.layers.texts import TextSpool


class _Stop(Exception):
    """Raised instead of publishing: what the last stages need has been kept."""


def inputs_of_last_stages(inputs: Path) -> dict[str, Any]:
    """The entities, placements, tags, dates, corpus, report and read texts of one build."""
    kept: dict[str, Any] = {}
    real_rows = build_module.FrameRows

    def frame(entities, placements, tags, dates, spelled):
        kept.update(entities=entities, placements=placements, tags=tags, dates=dates)
        return real_rows(entities, placements, tags, dates, spelled)

    def publish(out, corpus, frame, report, wait, speed, max_bytes, texts, *rest):
        texts_by_path = {path: texts.get(path) for path in texts.spans}
        kept.update(corpus=corpus, report=report, max_bytes=max_bytes, texts=texts_by_path)
        raise _Stop

    build_module.FrameRows, build_module.publish_build = frame, publish
    with tempfile.TemporaryDirectory() as tmp, contextlib.suppress(_Stop):
        build_module.build([inputs], Path(tmp) / "out")
    kept["report"].pop("speed", None)
    return kept


def last_stages(kept: dict[str, Any], out: Path) -> dict[str, float]:
    """CPU seconds of each last stage, run once on `kept`, files into `out`."""
    gc.freeze()
    seconds: dict[str, float] = {}

    def timed(stage: str, work):
        start = time.process_time()
        result = work()
        seconds[stage] = round(time.process_time() - start, 3)
        return result

    entities = kept["entities"]
    frame_module._word_pinyin.cache_clear()  # cold, as in a build: its words are new to the process
    spelled = timed("pinyin", lambda: pinyin_all([e.name for e in entities]))
    frame = timed(  # the rows' order: the rows themselves are made chunk by chunk by the writers
        "frame", lambda: FrameRows(entities, kept["placements"], kept["tags"], kept["dates"], spelled)
    )
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with TextSpool() as spool:
        for path, text in kept["texts"].items():
            spool.add(path, text)
        report = dict(kept["report"])
        timed(
            "layers",
            lambda: build_module.write_build(
                out, kept["corpus"], frame, report, None, kept["max_bytes"], spool, None, 1, None
            ),
        )
    timed("checks", lambda: validate(out, 1))
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=10, help="corpus size in MiB (default 10)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/parkatlas-scale"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "parkatlas-layers-cpu")
    args = parser.parse_args(argv)
    kept = inputs_of_last_stages(corpus(args.work, args.mb))
    runs = [last_stages(kept, args.out) for _ in range(args.repeat)]
    for stage in runs[0]:
        print(f"{stage:8s} {min(run[stage] for run in runs):6.3f} s CPU (least of {len(runs)})")
    print(f"{'total':8s} {sum(min(run[s] for run in runs) for s in runs[0]):6.3f} s CPU; files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
