"""One dictionary scanner for every stage: leftmost-longest, non-overlapping matches.

Administrative names, place names (towns, renamed units, places abroad) and industry keywords are
all found the same way, so extraction, placement and classification cannot disagree on where a
word starts and ends. ahocorasick-rs (Rust's aho-corasick crate) finds exactly leftmost-longest
matches with `MatchKind.LeftmostLongest` and returns character offsets of a `str`; it scans a
clause 5-40 times faster than pyahocorasick's `iter_long` did (13 us for a 9-character name,
210 us for 80 characters, against 2.4 and 5 us), with the same matches on every text tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
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
        # A NamedTuple's own __new__ is a Python function: building the tuple in C (what it does
        # inside) costs a fifth of the call, on every match of the hottest scan (places_in).
        self._tuple = match_type if _plain_named_tuple(match_type) else None
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

    @property
    def words(self) -> list[str]:
        return self._words

    @property
    def values(self) -> list[V]:
        return self._values

    def indexes(self, text: str) -> list[tuple[int, int, int]]:
        """`scan`'s matches as bare (index into `words` and `values`, start, end): for a caller
        that makes its own objects of them, so that no match object is made twice."""
        if self._automaton is None or not text:
            return []
        return self._automaton.find_matches_as_indexes(text)

    def scan(self, text: str) -> list[Any]:
        """The words of `text`, leftmost-longest and non-overlapping, in text order."""
        if self._automaton is None or not text:
            return []
        found = self._automaton.find_matches_as_indexes(text)
        if not found:
            return []
        words, values = self._words, self._values
        if self._tuple is not None:
            new, cls = tuple.__new__, self._tuple
            return [new(cls, (start, end, words[i], values[i])) for i, start, end in found]
        make = self._make
        return [make(start, end, words[i], values[i]) for i, start, end in found]


def _plain_named_tuple(match_type: Callable[..., Any]) -> bool:
    """Whether `match_type(start, end, word, value)` is just the tuple of the four (a NamedTuple
    of four fields whose __new__ is the one NamedTuple made), so it may be built in C."""
    if not (isinstance(match_type, type) and issubclass(match_type, tuple)):
        return False
    fields = getattr(match_type, "_fields", ())
    made_new = getattr(getattr(match_type, "__new__", None), "__module__", "")
    return len(fields) == 4 and made_new.startswith("namedtuple_")


class WordMatch(NamedTuple):
    """One word found by a WordPattern, read as a `re.Match` of it is (start(), end(), group())."""

    begin: int
    finish: int
    word: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.word


class WordPattern:
    """A drop-in for `re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))`
    where it is read through search, match, finditer and sub: the same matches (the regex tries
    the longest word first at each position, moving right, which is leftmost-longest), found
    by one automaton pass in Rust. Python's regex engine tries every alternative at every
    position: 50-60 us for a 20-character name against a thousand words, 2-5 us here."""

    def __init__(self, words: Iterable[str]):
        kept = sorted({w for w in words if w})  # an empty word would match everywhere: none is
        self._words = kept
        self._automaton = AhoCorasick(kept, matchkind=MatchKind.LeftmostLongest) if kept else None
        self._longest = max(map(len, kept), default=0)

    def __reduce__(self) -> tuple:
        """Pickled as its words (the automaton does not pickle; the knowledge snapshot holds
        some patterns), the automaton made again on loading."""
        return WordPattern, (self._words,)

    def _spans(self, text: str, pos: int = 0) -> list[tuple[int, int]]:
        if self._automaton is None or pos >= len(text):
            return []
        found = self._automaton.find_matches_as_indexes(text[pos:] if pos else text)
        return [(start + pos, end + pos) for _, start, end in found] if pos else [(s, e) for _, s, e in found]

    def finditer(self, text: str, pos: int = 0) -> list[WordMatch]:
        return [WordMatch(s, e, text[s:e]) for s, e in self._spans(text, pos)]

    def search(self, text: str, pos: int = 0) -> WordMatch | None:
        spans = self._spans(text, pos)
        return WordMatch(spans[0][0], spans[0][1], text[spans[0][0] : spans[0][1]]) if spans else None

    def match(self, text: str, pos: int = 0) -> WordMatch | None:
        """The longest word that starts at `pos`: only the next `longest` characters can hold it."""
        if self._automaton is None:
            return None
        found = self._automaton.find_matches_as_indexes(text[pos : pos + self._longest])
        if not found or found[0][1] != 0:
            return None
        return WordMatch(pos, pos + found[0][2], text[pos : pos + found[0][2]])

    def uncovered(self, text: str) -> int:
        """How many characters of `text` no word covers: `len(self.sub("", text))`, without
        making the string (the anchor tests ask only how much is left)."""
        if self._automaton is None or not text:
            return len(text)
        return len(text) - sum(end - start for _, start, end in self._automaton.find_matches_as_indexes(text))

    def sub(self, replacement: str, text: str) -> str:
        """`text` with every word replaced by `replacement` (a literal: no group references)."""
        spans = self._spans(text)
        if not spans:
            return text
        out, at = [], 0
        for start, end in spans:
            out += [text[at:start], replacement]
            at = end
        out.append(text[at:])
        return "".join(out)


def by_last_char(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Words by their last character: `text.endswith(found.get(text[-1:], ()))` is
    `text.endswith(tuple(words))`, since a word that ends a text ends with the text's last
    character; str.endswith tries every word of a tuple in turn (72 park heads: 4 us a call,
    against 1 us for the few of one last character)."""
    found: dict[str, list[str]] = {}
    for word in words:
        if word:  # an empty word ends every text: none is in the lists asked this way
            found.setdefault(word[-1], []).append(word)
    return {last: tuple(group) for last, group in found.items()}


def by_first_char(words: Iterable[tuple[str, str]], after_first: Callable[[str], str] = lambda c: "") -> str:
    """An alternation of `words`, each with the regex that must follow it, grouped by first
    character (`after_first(c)`: what must follow that character in every word of its group),
    in the given order inside each group. It matches what the plain alternation matches: at any
    position only the words that begin with the character there can match, and those keep their
    order. But Python's re then tests one character per group instead of one per word at each
    candidate position (a plain alternation tries every word in turn), and reads the set of
    first characters from the alternation itself, to skip the positions where no word starts."""
    groups: dict[str, list[str]] = {}
    for word, after in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]) + after)
    return "|".join(
        re.escape(first) + after_first(first) + (f"(?:{'|'.join(rests)})" if rests != [""] else "")
        for first, rests in groups.items()
    )
