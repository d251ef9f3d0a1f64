"""Benchmark: CPU seconds and memory of the frame and layers stages alone (issue 14).

A one-job build of CORPUS (no cache, no output) runs up to the entity frame and stops there,
keeping the frame's inputs; then, in the same process, the table's rows are made and every
layer written (GeoJSON, GeoParquet, GeoPackage, CSV) into a temporary folder, chunk of rows by
chunk as the build does (`--whole`: the whole table made first and written as one chunk, as
builds did before), the GeoJSON checked as the publish step checks it. Printed: CPU seconds of each step and the peak RSS
above what the process held before the frame (sampled every 5 ms; GDAL and Arrow loaded before), in all and per entity:
the figure that must stay small for a 1,000 MB corpus to build in under 2 GB.

usage: python bench/frame_layers.py CORPUS [--keep DIR] [--whole | --chunk ROWS]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil

import geo.build
from geo.layers import io
from geo.layers.chunked import write_chunks
from geo.layers.frame import FrameRows
from geo.parallel import settle_heap


class _Stop(Exception):
    """Raised where the build would make its frame: the inputs are kept, the build ends."""


def frame_inputs(corpus: Path) -> tuple:
    """The arguments the build gives `FrameRows` for this corpus."""
    kept: list[tuple] = []

    def keep(*args: Any) -> None:
        kept.append(args)
        raise _Stop

    real, geo.build.FrameRows = geo.build.FrameRows, keep
    try:
        geo.build.build([corpus], None, jobs=1)
    except _Stop:
        pass
    finally:
        geo.build.FrameRows = real
    return kept[0]


def copied(inputs: tuple, copies: int) -> tuple:
    """The frame's inputs with each entity `copies` times (a number added to its name; the
    mentions, placement and tags shared): the rows of a corpus that many times larger, without
    reading it."""
    if copies == 1:
        return inputs
    entities, placements, tags, dates, spelled = inputs
    return (
        [replace(e, name=f"{e.name}{k}") for k in range(copies) for e in entities],
        list(placements) * copies,
        list(tags) * copies,
        dates,
        list(spelled) * copies,
    )


class Peak:
    """The highest RSS of this process since `reset`, sampled by a thread."""

    def __init__(self) -> None:
        self.process, self.high = psutil.Process(), 0
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            self.high = max(self.high, self.process.memory_info().rss)
            time.sleep(0.005)

    def now(self) -> int:
        return self.process.memory_info().rss


def step(name: str, work: Callable[[], Any], peak: Peak, base: int) -> Any:
    start = time.process_time()
    result = work()
    cpu = time.process_time() - start
    time.sleep(0.02)  # one more sample
    print(f"{name:8s} {cpu:6.2f} s CPU   peak so far +{(peak.high - base) / 2**20:6.1f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the layers here (default: a temporary folder)"
    )
    parser.add_argument("--whole", action="store_true", help="make the whole table first (as before)")
    parser.add_argument("--chunk", type=int, default=None, help="rows a chunk (default: the build's)")
    parser.add_argument(
        "--copies", type=int, default=1, help="each entity this many times, renamed: a table N times larger"
    )
    args = parser.parse_args()
    inputs = copied(frame_inputs(args.corpus), args.copies)
    entities = len(inputs[0])
    import pyarrow.parquet  # noqa: F401  libraries loaded once whatever the corpus: not counted
    import pyogrio  # noqa: F401

    gc.collect()
    settle_heap()  # as the build does after its per-document stage
    peak = Peak()
    time.sleep(0.05)
    base = peak.high = peak.now()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.keep or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        start = time.process_time()
        rows = step("rows", lambda: FrameRows(*inputs), peak, base)
        chunks = [step("frame", rows.frame, peak, base)] if args.whole else rows.chunks(args.chunk)
        step("layers", lambda: write_chunks(chunks, out), peak, base)
        with (out / "entities.geojson").open("rb") as handle:
            step("check", lambda: io.feature_lines_of(handle), peak, base)
        total = time.process_time() - start
    grown = peak.high - base
    print(
        f"{entities} entities: frame+layers {total:.2f} s CPU; peak +{grown / 2**20:.0f} MB over "
        f"{base / 2**20:.0f} MB = {grown / max(entities, 1):.0f} bytes per entity"
    )


if __name__ == "__main__":
    main()
