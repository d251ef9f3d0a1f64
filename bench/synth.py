"""A large synthetic corpus made from the seed documents, for throughput measurements.

The seed corpus is small (five documents, ~39,000 normalized characters, ~114 kB). To measure
throughput on >= 10 MB, each synthetic document is one seed document's normalized text with
its header lines (title, number, date: what metadata reads) kept in place and its body
re-arranged:

- `shuffle`: body paragraphs in a random order, and the sentences inside each paragraph in a
  random order. Every synthetic document is different text (offsets, sentence lookups and the
  entities that `resolve` groups differ), but every clause is still a seed clause: the
  extractor's unit of work is a clause, so its per-string caches (`_places_in`, jieba's
  segmentation of qualifiers) stay hot after the first copy. This is an optimistic figure.
- `vary` (default): `shuffle`, plus every administrative name found in a paragraph is
  replaced by a random other name from the gazetteer (a prefecture's or county's official or
  short name). Qualifiers become new strings, as they are across a real corpus that names
  different places, so the string caches mostly miss while the sentence shapes (heads,
  framing verbs, coordination) remain those of real documents. This is the conservative figure
  the target is checked on.

The generator is seeded (`seed`), so a given size, mode and seed always give the same corpus.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if find_spec("geo") is None:  # not installed: use this checkout (PYTHONPATH may name another)
    sys.path.append(str(REPO))

from geo.corpus.documents import read_corpus  # noqa: E402
from geo.corpus.sentences import split_sentences  # noqa: E402
from geo.knowledge.gazetteer import admin_table, scan_admin_names  # noqa: E402

SEEDS = REPO / "seeds"
HEADER_LINES = 4
MODES = ("vary", "shuffle")


@dataclass(frozen=True)
class SynthDoc:
    name: str
    text: str

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


def seed_texts(seeds: Path = SEEDS) -> list[tuple[str, str]]:
    """(file name, normalized text) of each seed document."""
    corpus = read_corpus([seeds])
    return [(d.name, d.text) for d in corpus.documents]


def _place_pool() -> list[str]:
    table = admin_table()
    names = {n for u in table.units if u.level != "province" for n in (u.name, *u.short_names)}
    weak = table.weak_names
    return sorted(n for n in names if len(n) >= 2 and n not in weak)


def _vary_places(paragraph: str, rng: random.Random, pool: list[str]) -> str:
    out, pos = [], 0
    for mention in scan_admin_names(paragraph):
        out += [paragraph[pos : mention.start], rng.choice(pool)]
        pos = mention.end
    out.append(paragraph[pos:])
    return "".join(out)


def _rearrange(text: str, rng: random.Random, pool: list[str] | None) -> str:
    lines = text.split("\n")
    header, body = lines[:HEADER_LINES], [line for line in lines[HEADER_LINES:] if line.strip()]
    rng.shuffle(body)
    paragraphs = []
    for paragraph in body:
        sentences = [s.text for s in split_sentences(paragraph)]
        rng.shuffle(sentences)
        joined = "".join(sentences)
        paragraphs.append(_vary_places(joined, rng, pool) if pool else joined)
    return "\n".join([*header, *paragraphs]) + "\n"


def iter_synthetic(
    target_bytes: int, mode: str = "vary", seed: int = 0, seeds: Path = SEEDS
) -> Iterator[SynthDoc]:
    """Synthetic documents one at a time (a 1 GB corpus need not fit in memory), cycling over
    the seed documents, until their UTF-8 size reaches `target_bytes`."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    rng = random.Random(seed)
    pool = _place_pool() if mode == "vary" else None
    sources = seed_texts(seeds)
    count = size = 0
    while size < target_bytes:
        name, text = sources[count % len(sources)]
        doc = SynthDoc(f"synth_{count:05d}_{name}", _rearrange(text, rng, pool))
        count += 1
        size += len(doc.data)
        yield doc


def synthetic_corpus(
    target_bytes: int, mode: str = "vary", seed: int = 0, seeds: Path = SEEDS
) -> list[SynthDoc]:
    """Synthetic documents, cycling over the seed documents, until their UTF-8 size reaches
    `target_bytes`."""
    return list(iter_synthetic(target_bytes, mode, seed, seeds))


def take_bytes(docs: list[SynthDoc], target_bytes: int) -> list[SynthDoc]:
    """The first documents of `docs` whose UTF-8 size reaches `target_bytes` (whole documents)."""
    out, size = [], 0
    for doc in docs:
        if size >= target_bytes:
            break
        out.append(doc)
        size += len(doc.data)
    return out
