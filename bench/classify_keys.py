"""CPU seconds of classify's items and memo keys on a corpus, as a rebuild's tags child makes
them: the items `masked_items` makes now against the former (entity, neighbour mentions) items.

    PYTHONPATH=. python bench/classify_keys.py /tmp/s10/corpus_10mb

Mentions are keyed by their record and place (`DocumentCache.stand_for`), as a rebuild's are.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from geo.cache import DocumentCache, fingerprint
from geo.classify.tags import masked_items
from geo.extract.mentions import entities_of_checked
from geo.extract.validate import Standing
from geo.model import Entity
from geo.stream import read_corpus_mentions


def neighbour_items(entities: list[Entity]) -> list[tuple]:
    """The former items: each entity and every other entity's mention in each of its sentences."""
    by_sentence: dict[tuple[str, str], list] = {}
    for i, entity in enumerate(entities):
        for m in entity.mentions:
            by_sentence.setdefault((m.doc, m.sentence), []).append((i, m))
    return [
        (entity, [m for own in entity.mentions for j, m in by_sentence[(own.doc, own.sentence)] if j != i])
        for i, entity in enumerate(entities)
    ]


def seconds(
    make: Callable[[list[Entity]], list], entities: list[Entity], cache: DocumentCache
) -> tuple[float, float]:
    """CPU seconds of making the items and of keying them, with the forms of the read mentions."""
    seen = dict(cache.seen)
    start = time.process_time()
    items = make(entities)
    made = time.process_time()
    for item in items:
        fingerprint("version", "classify", item, seen=seen)
    return made - start, time.process_time() - made


def main(folder: str) -> None:
    standing = Standing()
    _, mentions, rejected = read_corpus_mentions([Path(folder)], jobs=2, standing=standing)
    entities, _ = entities_of_checked(mentions, rejected, standing)
    by_doc: dict[str, list] = {}
    for m in mentions:
        by_doc.setdefault(m.doc, []).append(m)
    with tempfile.TemporaryDirectory() as store, DocumentCache(Path(store), version="bench") as cache:
        for doc, held in by_doc.items():
            cache.stand_for(held, hashlib.sha256(doc.encode()).hexdigest())
        print(f"{len(entities)} entities, {len(mentions)} mentions")
        for _ in range(2):
            for name, make in (("neighbour mentions", neighbour_items), ("masked names", masked_items)):
                items, keys = seconds(make, entities, cache)
                print(f"{name:>18}: items {items:.2f} s, keys {keys:.2f} s, total {items + keys:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1])
