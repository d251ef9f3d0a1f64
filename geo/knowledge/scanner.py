"""One dictionary scanner for every stage: leftmost-longest, non-overlapping matches.

Administrative names, place names (towns, renamed units, places abroad) and industry keywords are
all found the same way, so extraction, placement and classification cannot disagree on where a
word starts and ends. pyahocorasick's `iter_long` gives exactly leftmost-longest in C.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

V = TypeVar("V")


class Match(NamedTuple, Generic[V]):
    start: int
    end: int
    word: str
    value: V


class Scanner(Generic[V]):
    """A word list with a value per word, compiled once into an Aho-Corasick automaton. Matches
    are `match_type(start, end, word, value)`: a caller's own tuple type saves a copy per hit in
    the hottest loop of extraction."""

    def __init__(self, entries: Mapping[str, V], match_type: Callable[[int, int, str, V], Any] = Match):
        self._make = match_type
        self._automaton = ahocorasick.Automaton()
        for word, value in entries.items():
            self._automaton.add_word(word, (word, value))
        self._empty = not entries
        self._joined = "\n".join(entries)  # every word, one string: see inside_a_word
        if not self._empty:
            self._automaton.make_automaton()

    def inside_a_word(self, fragment: str) -> bool:
        """Whether `fragment` stands inside some word of the list. When it does not, no match in
        any text holds it, so a caller asking "is this inside a match?" need not scan at all."""
        return fragment in self._joined

    def scan(self, text: str) -> list[Any]:
        """The words of `text`, leftmost-longest and non-overlapping, in text order."""
        if self._empty or not text:
            return []
        make = self._make
        return [
            make(end + 1 - len(word), end + 1, word, value)
            for end, (word, value) in self._automaton.iter_long(text)
        ]
