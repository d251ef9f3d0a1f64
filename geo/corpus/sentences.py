"""Sentence split with offsets: the unit of evidence a reader is shown."""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import attrgetter
from typing import NamedTuple

# A sentence ends at 。！？!?； or ; (policy texts chain clauses with semicolons; a clause is the
# evidence a reader wants), or at a line end; closing quotes and brackets stay with it.
_SENTENCE = re.compile(r"[^\n。！？!?;；]*(?:[。！？!?;；]+[”’\"')）」』]*|\n|$)")


class Sentence(NamedTuple):
    """A sentence of the normalized text: [start, end) and its text (stripped). A tuple, as a
    document makes tens of thousands and a frozen dataclass's __init__ cost more than finding them."""

    start: int
    end: int
    text: str


_END = attrgetter("end")


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, blank ones left out. Every character belongs to some match of
    _SENTENCE, so its matches tile the text and their offsets are the running sum of their
    lengths: findall's strings, without a match object each."""
    out: list[Sentence] = []
    at = 0
    new = tuple.__new__  # the tuple built in C: a NamedTuple's own __new__ is a Python function
    for chunk in _SENTENCE.findall(text):
        if stripped := chunk.strip():
            start = at + len(chunk) - len(chunk.lstrip()) if chunk[0].isspace() else at
            out.append(new(Sentence, (start, start + len(stripped), stripped)))
        at += len(chunk)
    return out


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing a character offset (binary search; sentences are sorted)."""
    lo = bisect_right(sentences, offset, key=_END)  # the first sentence that ends after it
    if lo < len(sentences) and sentences[lo].start <= offset < sentences[lo].end:
        return sentences[lo]
    return None
