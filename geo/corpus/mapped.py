"""Text that remembers where each character came from.

Normalization (script conversion, width folding, removal of glosses and boilerplate) changes the
text that the extractor reads; evidence must still quote and locate the original. A `MappedText`
carries, for every character of the working text, its offset in the original text, as a NumPy
array so that a 20 MB document costs 8 bytes a character, not a Python object each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class MappedText:
    """`text` plus `origin[i]`, the original offset of `text[i]`; `origin[len(text)]` is the end."""

    text: str
    origin: np.ndarray

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, np.arange(len(text) + 1, dtype=np.int64))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Span in the original text covering working-text characters [start, end)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        if start == end:
            return int(self.origin[start]), int(self.origin[start])
        return int(self.origin[start]), int(self.origin[end - 1]) + 1

    def map_chars(self, convert: Callable[[str], str]) -> MappedText:
        """Replace each character by `convert(char)` (any length); new characters keep its origin."""
        outs = [convert(char) for char in self.text]
        lengths = np.fromiter((len(o) for o in outs), dtype=np.int64, count=len(outs))
        origin = np.concatenate([np.repeat(self.origin[:-1], lengths), self.origin[-1:]])
        return MappedText("".join(outs), origin)

    def convert_lines(self, convert: Callable[[str], str]) -> MappedText:
        """Apply a whole-string conversion (such as OpenCC) that usually keeps the length.

        Where the length changes, the text is converted line by line, and a line whose length
        changed maps its characters to the original line's first and last offsets: offsets stay
        valid, only coarser on that line.
        """
        converted = convert(self.text)
        if len(converted) == len(self.text):
            return MappedText(converted, self.origin)
        pieces: list[str] = []
        parts: list[np.ndarray] = []
        pos = 0
        for line in self.text.splitlines(keepends=True):
            out = convert(line)
            span = self.origin[pos : pos + len(line)]
            if len(out) == len(line):
                parts.append(span)
            else:
                coarse = np.full(len(out), span[0], dtype=np.int64)
                coarse[-1:] = span[-1]
                parts.append(coarse)
            pieces.append(out)
            pos += len(line)
        parts.append(self.origin[-1:])
        return MappedText("".join(pieces), np.concatenate(parts))

    def delete(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        """Remove the given working-text spans (they may overlap)."""
        keep = np.ones(len(self.text), dtype=bool)
        for start, end in spans:
            keep[max(start, 0) : max(end, 0)] = False
        if keep.all():
            return self
        text = "".join(c for c, k in zip(self.text, keep.tolist(), strict=True) if k)
        origin = np.concatenate([self.origin[:-1][keep], self.origin[-1:]])
        return MappedText(text, origin)

    def delete_matches(self, pattern: re.Pattern[str]) -> MappedText:
        return self.delete(m.span() for m in pattern.finditer(self.text))
