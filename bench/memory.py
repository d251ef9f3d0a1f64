"""Benchmark: where a build's memory goes, stage by stage (issue 14: peak RSS under 2 GB at 1,000 MB).

Runs one build in this process, as `python -m geo build CORPUS --out OUT --no-cache --jobs N`
does (knowledge from its snapshot), with `geo.build`'s stage functions wrapped so that after
each stage of `_build` it records the driver's RSS and the deep size (`sys.getsizeof` over the
object graph, each object counted once per structure; a shapely geometry by its coordinates)
of the structures that stage made: the documents' summaries, mentions and rejections after
reading, the entities after resolve, the placements, tags and spellings, the frame's rows
(ids, order, and the placements and tags as the rows hold them), and the peak while the
writers run. A thread samples every 0.2 s the RSS and PSS
of the driver and of each process forked from it (workers, the tags child, the GeoJSON writer),
keeping each one's peak. Sizes are divided by the entities found: bytes per entity.

usage: python bench/memory.py CORPUS [--jobs 1] [--out DIR] [--json FILE] [--no-sizes]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psutil
import shapely
from shapely.geometry.base import BaseGeometry

_ATOMS = (str, bytes, int, float, bool, type(None), complex)
_GEOS_OVERHEAD = 120  # bytes of a GEOS geometry besides its coordinates (about; outside Python's heap)


def _children(obj: Any) -> Iterable[Any]:
    """The objects `obj` refers to that make up its size (not its type, not functions)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield value
    elif isinstance(obj, (list, tuple, set, frozenset)):
        yield from obj
    elif hasattr(obj, "__dict__") and not callable(obj):
        yield vars(obj)
    if hasattr(type(obj), "__slots__"):
        for klass in type(obj).__mro__:
            for name in getattr(klass, "__slots__", ()):
                value = getattr(obj, name, None)
                if value is not None and not callable(value):
                    yield value


def deep_size(root: Any, seen: set[int] | None = None) -> int:
    """Bytes of `root` and all it holds, each object once (`seen`: ids counted already)."""
    seen = set() if seen is None else seen
    total, stack = 0, [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type) or (callable(obj) and not hasattr(obj, "__slots__")):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, BaseGeometry):
            total += _GEOS_OVERHEAD + 16 * int(shapely.get_num_coordinates(obj))
            continue
        if not isinstance(obj, _ATOMS):
            stack.extend(_children(obj))
    return total


def sentence_bytes(mentions: Iterable[Any]) -> int:
    """Bytes of the mentions' evidence sentences, each string once."""
    seen: set[int] = set()
    total = 0
    for m in mentions:
        if id(m.sentence) not in seen:
            seen.add(id(m.sentence))
            total += sys.getsizeof(m.sentence)
    return total


def _trim() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


class Sampler(threading.Thread):
    """Peak RSS and PSS of this process and of each of its descendants, every `every` seconds."""

    def __init__(self, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.every, self.done = every, threading.Event()
        self.peaks: dict[int, dict[str, float]] = {}
        self.tree_rss = self.tree_pss = 0.0
        self.stage = "start"
        self.stage_peaks: dict[str, dict[str, float]] = {}  # stage -> peak driver RSS, tree RSS and PSS

    def run(self) -> None:
        me = psutil.Process()
        while not self.done.is_set():
            rss = pss = 0.0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    info = p.memory_full_info()
                    peak = self.peaks.setdefault(
                        p.pid, {"rss": 0.0, "pss": 0.0, "role": "driver" if p is me else "child"}
                    )
                    peak["rss"] = max(peak["rss"], info.rss / 2**20)
                    peak["now"] = info.rss / 2**20
                    peak["pss"] = max(peak["pss"], info.pss / 2**20)
                    peak.setdefault("stage", self.stage)
                    rss, pss = rss + info.rss / 2**20, pss + info.pss / 2**20
            peaks = self.stage_peaks.setdefault(
                self.stage, {"driver_rss": 0.0, "tree_rss": 0.0, "tree_pss": 0.0}
            )
            driver = self.peaks.get(me.pid, {}).get("now", 0.0)
            peaks["driver_rss"] = max(peaks["driver_rss"], driver)
            peaks["tree_rss"], peaks["tree_pss"] = max(peaks["tree_rss"], rss), max(peaks["tree_pss"], pss)
            if pss > self.tree_pss:
                self.tree_stage = self.stage
            self.tree_rss, self.tree_pss = max(self.tree_rss, rss), max(self.tree_pss, pss)
            self.done.wait(self.every)


def instrument(sizes: bool, sampler: Sampler) -> list[dict[str, Any]]:
    """Wrap `geo.build`'s stage functions to note RSS (and sizes) after each; returns the notes."""
    import geo.build as b

    notes: list[dict[str, Any]] = []
    held: dict[str, Any] = {}

    def note(stage: str, **parts: Any) -> None:
        entry: dict[str, Any] = {"stage": stage, "rss_mb": round(_rss_mb(), 1)}
        sampler.stage = "sizes"  # the walk's own memory: apart from the stages'
        if sizes:
            entry["mb"] = {k: round(deep_size(v) / 2**20, 2) for k, v in parts.items()}
        notes.append(entry)
        sampler.stage = f"after {stage}"

    def wrap(name: str, after: Callable[[Any, tuple], None]) -> None:
        inner = getattr(b, name)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            sampler.stage = name  # the peaks sampled from here on are this call's
            out = inner(*args, **kwargs)
            after(out, args)
            return out

        setattr(b, name, wrapped)

    def read(out: Any, _args: tuple) -> None:
        corpus, mentions, rejected = out
        held["mentions"] = len(mentions)
        extra = {"sentences": _Sized(sentence_bytes(mentions))} if sizes else {}
        note("documents", documents=corpus.documents, mentions=mentions, rejected=rejected, **extra)

    def resolved(out: Any, _args: tuple) -> None:
        entities, _ = out
        held["entities"] = len(entities)
        extra = (
            {"sentences": _Sized(sentence_bytes(m for e in entities for m in e.mentions))} if sizes else {}
        )
        note("resolve", entities=entities, **extra)

    def placed(out: Any, _args: tuple) -> None:
        placements, tags, spelled = out
        note("place+tags", placements=placements, tags=tags, spelled=spelled)

    def framed(out: Any, _args: tuple) -> None:
        note("frame", ids=out.ids, order=out.order, held_placements=out.placements, held_tags=out.tags)

    def writing(out: Any, _args: tuple) -> None:
        note("layers")

    wrap("read_corpus_mentions", read)
    wrap("entities_of_checked", resolved)
    wrap("_place_and_tag", placed)
    wrap("FrameRows", framed)
    wrap("publish_build", writing)
    inner_clear = b.clear_caches

    def clear() -> None:  # what the memos held: the RSS the clear gives back (trimmed, for this note only)
        before = _rss_mb()
        inner_clear()
        _trim()
        notes.append(
            {
                "stage": f"memos cleared after {sampler.stage}",
                "rss_mb": round(_rss_mb(), 1),
                "freed_mb": round(before - _rss_mb(), 1),
            }
        )

    b.clear_caches = clear
    notes.append({"held": held})
    return notes


class _Sized:
    """A size already measured (deep_size counts it as its getsizeof)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __sizeof__(self) -> int:
        return self.size


def _snapshot(corpus: Path) -> None:
    """A one-document build by the command line first, which saves the knowledge's snapshot for
    this tree's version if it lacks one: a build that loaded the packaged files instead held
    some 100 MB more, which no change of the stages made."""
    first = min(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "in").mkdir()
        (Path(tmp) / "in" / first.name).write_bytes(first.read_bytes())
        command = [
            sys.executable,
            "-m",
            "geo",
            "build",
            str(Path(tmp) / "in"),
            "--out",
            str(Path(tmp) / "out"),
        ]
        subprocess.run([*command, "--quiet", "--no-cache"], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-sizes", action="store_true", help="RSS only (sizes walk every object: slow)")
    args = parser.parse_args()
    _snapshot(args.corpus)
    from geo.build import build

    sampler = Sampler()
    notes = instrument(not args.no_sizes, sampler)
    sampler.start()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = build([args.corpus], args.out or Path(tmp) / "out", jobs=args.jobs, snapshot=False).report
    sampler.done.set()
    sampler.join()
    held = notes[0]["held"]
    entities = max(held.get("entities", 1), 1)
    for entry in notes[1:]:
        entry["bytes_per_entity"] = {k: round(v * 2**20 / entities) for k, v in entry.get("mb", {}).items()}
    result = {
        "corpus": str(args.corpus),
        "jobs": args.jobs,
        "seconds": round(time.perf_counter() - start, 1),
        **held,
        "stages": notes[1:],
        "stages_cpu_s": report["speed"]["stages_cpu_seconds"],
        "driver_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "tree_peak_rss_mb": round(sampler.tree_rss),
        "tree_peak_pss_mb": round(sampler.tree_pss),
        "tree_peak_stage": getattr(sampler, "tree_stage", None),
        "stage_peaks_mb": {k: {n: round(v) for n, v in p.items()} for k, p in sampler.stage_peaks.items()},
        "processes": [
            {k: round(v) if isinstance(v, float) else v for k, v in p.items() if k != "now"}
            for p in sampler.peaks.values()
        ],
    }
    text = json.dumps(result, indent=1, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
