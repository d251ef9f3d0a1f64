#!/usr/bin/env python3
"""Placement's CPU on a corpus's own entities (issue 14): the corpus-wide `place` stage in one
process, the part of it that stays serial in the driver when an engine maps the own-name step,
and the per-document `context` stage (`named_codes`).

usage: python bench/place_stage.py CORPUS_DIR [--repeat 1]

The corpus is read and its entities resolved once (not timed), after the knowledge is loaded
and warmed as a build does; then each figure is CPU seconds (`time.process_time`) of a cold
run (placement caches cleared). `serial` maps the own-name batches in this process through a
pickle round trip, as a worker would get and send them, and counts the CPU outside the mapped
function: what the driver does alone with `--jobs 2`. A digest of the placements and of the
named codes lets two branches' runs be compared for equal answers.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.corpus.documents import Document, read_document
from geo.extract.mentions import entities_of
from geo.knowledge.snapshot import load_knowledge
from geo.knowledge.store import clear_caches
from geo.parallel import settle_heap, warm
from geo.place.geocode import named_codes, place_entities
from geo.stream import read_corpus_mentions


def _digest(placed: dict) -> str:
    rows = [(i, placed[i].properties(), getattr(placed[i].geometry, "wkt", None)) for i in sorted(placed)]
    return hashlib.sha1(repr(rows).encode()).hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    load_knowledge()
    warm()
    corpus, mentions, _ = read_corpus_mentions([args.corpus])
    entities, _ = entities_of(mentions)
    texts = [read_document(Path(d.path)) for d in corpus.documents]
    settle_heap()
    print(f"{len(corpus.documents)} documents, {len(entities)} entities")
    for _ in range(args.repeat):
        clear_caches()
        start = time.process_time()
        placed = place_entities(entities, corpus.documents)
        print(f"place (one process) {time.process_time() - start:.2f} s CPU, digest {_digest(placed)}")
        clear_caches()
        mapped = [0.0]

        def mapper(func, batches, mapped=mapped):
            for batch in batches:
                at = time.process_time()
                out = pickle.loads(pickle.dumps(func(*pickle.loads(pickle.dumps(batch)))))
                mapped[0] += time.process_time() - at
                yield out

        start = time.process_time()
        placed = place_entities(entities, corpus.documents, mapper=mapper)
        total = time.process_time() - start
        print(f"place (mapped) {total:.2f} s CPU, serial outside the map {total - mapped[0]:.2f} s")
        clear_caches()
        start = time.process_time()
        named = [sorted(named_codes(doc)) for doc in texts if isinstance(doc, Document)]
        digest = hashlib.sha1(repr(named).encode()).hexdigest()[:12]
        print(f"context (named_codes) {time.process_time() - start:.2f} s CPU, digest {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
