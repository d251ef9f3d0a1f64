"""Sentence split with offsets: the unit of evidence a reader is shown."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter

# A sentence ends at 。！？!?； or ; (policy texts chain clauses with semicolons; a clause is the
# evidence a reader wants), or at a line end; closing quotes and brackets stay with it.
_SENTENCE = re.compile(r"[^\n。！？!?;；]*(?:[。！？!?;；]+[”’\"')）」』]*|\n|$)")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalized text: [start, end) and its text (stripped)."""

    start: int
    end: int
    text: str


_END = attrgetter("end")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        chunk = match.group()
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start += lead
        end = start + len(stripped)
        out.append(Sentence(start, end, stripped))
    return out


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing a character offset (binary search; sentences are sorted)."""
    lo = bisect_right(sentences, offset, key=_END)  # the first sentence that ends after it
    if lo < len(sentences) and sentences[lo].start <= offset < sentences[lo].end:
        return sentences[lo]
    return None
