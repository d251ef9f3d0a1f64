#!/usr/bin/env python3
"""Where extraction time goes: cProfile of extract_mentions, validation and resolve on a synthetic slice.

usage: python bench/profile_extract.py [--mb 2] [--mode vary|shuffle] [--top 30] [--out FILE.prof]

The corpus is made and read (bench/synth.py) and the extractor warmed up before profiling, so
the profile holds extraction only; the heap is settled and the caches cleared as in each timed
run of extract_throughput.py (otherwise full collections land on whatever function runs). Prints the top functions by cumulative and by own time;
`--out` keeps the raw profile for `python -m pstats` or snakeviz. cProfile adds overhead per
call, so absolute seconds are ~2x the unprofiled run: compare shares, not totals.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import MODES, SEEDS, synthetic_corpus

from geo.corpus.documents import document_from_bytes, read_corpus
from geo.extract.mentions import entities_of, extract_mentions
from geo.knowledge.store import clear_caches
from geo.parallel import settle_heap

MIB = 1024 * 1024


def extract_all(docs) -> int:
    """What extract_throughput.py times: mentions, then the build's corpus-wide step (validation,
    resolve, the final gate)."""
    mentions = [m for doc in docs for m in extract_mentions(doc)]
    return len(entities_of(mentions)[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size in MiB of UTF-8 (default 2)")
    parser.add_argument("--mode", choices=MODES, default="vary")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=30, help="rows per listing")
    parser.add_argument("--out", help="write the raw profile here")
    args = parser.parse_args(argv)

    warm = read_corpus([SEEDS]).documents
    extract_all(warm[:1])
    settle_heap()  # as a build and extract_throughput.py do: the collector does not walk the knowledge
    docs = [document_from_bytes(d.data, d.name) for d in synthetic_corpus(int(args.mb * MIB), args.mode)]
    chars = sum(len(d.text) for d in docs)
    clear_caches()  # cold caches, as each timed run of extract_throughput.py
    extract_all(warm[:1])

    profiler = cProfile.Profile()
    profiler.enable()
    extract_all(docs)
    profiler.disable()
    print(f"{len(docs)} documents, {chars:,} characters ({args.mode})")
    print_profile(profiler, args.top, args.out)
    return 0


def print_profile(profiler: cProfile.Profile, top: int, out: str | None = None) -> None:
    """The top functions by cumulative and by own time; the raw profile to `out` if given."""
    if out:
        profiler.dump_stats(out)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs()
    for order in ("cumulative", "tottime"):
        stats.sort_stats(order).print_stats(top)
    print(stream.getvalue())


if __name__ == "__main__":
    sys.exit(main())
