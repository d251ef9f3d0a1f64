"""One dictionary scanner for every stage: leftmost-longest, non-overlapping matches.

Administrative names, place names (towns, renamed units, places abroad) and industry keywords are
all found the same way, so extraction, placement and classification cannot disagree on where a
word starts and ends. ahocorasick-rs (Rust's aho-corasick crate) finds exactly leftmost-longest
matches with `MatchKind.LeftmostLongest` and returns character offsets of a `str`; it scans a
clause 5-40 times faster than pyahocorasick's `iter_long` did (13 us for a 9-character name,
210 us for 80 characters, against 2.4 and 5 us), with the same matches on every text tried.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from ahocorasick_rs import AhoCorasick, MatchKind

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
        self._words = [word for word in entries if word]  # an empty word matches nothing
        self._values = [entries[word] for word in self._words]
        self._automaton = (
            AhoCorasick(self._words, matchkind=MatchKind.LeftmostLongest) if self._words else None
        )
        self._joined = "\n".join(self._words)  # every word, one string: see inside_a_word

    def inside_a_word(self, fragment: str) -> bool:
        """Whether `fragment` stands inside some word of the list. When it does not, no match in
        any text holds it, so a caller asking "is this inside a match?" need not scan at all."""
        return fragment in self._joined

    def scan(self, text: str) -> list[Any]:
        """The words of `text`, leftmost-longest and non-overlapping, in text order."""
        if self._automaton is None or not text:
            return []
        make, words, values = self._make, self._words, self._values
        return [
            make(start, end, words[i], values[i])
            for i, start, end in self._automaton.find_matches_as_indexes(text)
        ]
