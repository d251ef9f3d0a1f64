"""Word bounds answered from jieba's dictionary alone where that is certain, without segmenting.

Placement asks whether a place name stands as a word of its own (not 通化 in 恒通化工) at every
two-character name of every document and sentence it reads, and each question made jieba
segment the whole block around it (a Python pass over the block's dictionary graph). But jieba's
segmentation is a path through a graph whose edges are the dictionary words of the block: where
no word of two characters or more crosses a position, every path, the chosen one too, passes
through it, and a word ends there whatever the rest of the block says. A word that crosses
holds the pair of characters around the position, so a position whose pair is in no dictionary
word (one sorted array of pairs, looked up for all of a text's positions at once) is a bound;
where the pair is in some word, the words that could cross are looked up; only where one does is
jieba asked (`segment.is_word_bound`), about the block around the position alone (jieba cuts a
text block by block), so that a document's blocks are never all found for one question. The
answer is always the one `is_word_bound` gives: this only skips the work where it cannot change
it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Collection

import numpy as np

from geo.knowledge.segment import is_word_bound, jieba_module, word_end_from
from geo.knowledge.store import current

_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ALNUM_TABLE = np.array([chr(c) in _ASCII_ALNUM for c in range(128)])  # 127 (DEL) is not one
_SHIFT = 21  # bits of a code point


def _jieba_freq() -> dict[str, int]:
    """jieba's prefix dictionary: every word with its count, every prefix of a word with 0 (what
    it builds its graph from)."""
    tokenizer = jieba_module().dt
    tokenizer.check_initialized()
    return tokenizer.FREQ


def _pairs() -> tuple[int, array]:
    """The length of jieba's longest word and the sorted pairs of adjacent characters in its
    words, as a plain array (`bisect` on it in C for one pair at a time, where a numpy search of
    one value costs more than the dictionary walk it spares). A pure function of jieba's
    dictionary, kept in the knowledge snapshot: made from the dictionary's 500,000 words, it
    was 0.1 s of CPU in every build."""
    freq = _jieba_freq()
    words = "\n".join([word for word, count in freq.items() if count])  # a prefix's pairs are its word's
    points = np.frombuffer(words.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    pairs = (points[:-1] << _SHIFT) | points[1:]
    pairs = np.sort(pairs[(points[:-1] != ord("\n")) & (points[1:] != ord("\n"))])
    distinct = np.ones(len(pairs), dtype=bool)
    distinct[1:] = pairs[1:] != pairs[:-1]
    return max(map(len, freq), default=0), array("q", pairs[distinct].tobytes())


def _dictionary() -> tuple[dict[str, int], int, np.ndarray]:
    """jieba's prefix dictionary, the length of its longest word, and the sorted pairs (an array
    over the plain array's memory)."""
    longest, pairs = current().part("jieba_pairs", _pairs)
    return _jieba_freq(), longest, np.frombuffer(pairs, dtype=np.int64)


def _loaded() -> tuple[dict[str, int], int, np.ndarray]:
    return current().part("jieba_word_pairs", _dictionary)


def load() -> None:
    """Load the tables (before workers fork, so that they share them)."""
    _loaded()


def crossed(text: str, position: int) -> bool:
    """Whether some dictionary word of two characters or more covers both text[position - 1] and
    text[position] (so that jieba might join them). Such a word holds that pair of characters:
    where no word does (four positions in five of the names placement reads), no word of any
    length starting up to 15 characters before needs looking up."""
    pairs = current().part("jieba_pairs", _pairs)[1]
    if not _known_pair(pairs, text, position):
        return False
    freq, longest, _ = _loaded()
    size = len(text)
    for start in range(position - 1, max(position - longest, -1), -1):
        if start < position - 1 and not _known_pair(pairs, text, start + 1):
            # a word from `start` on would hold the pair at start, start + 1, which no word holds;
            # nor does any word starting further left hold it: no start from here on can cross
            break
        for end in range(position + 1, min(size, start + longest) + 1):
            count = freq.get(text[start:end])
            if count is None:  # no word goes on with this prefix
                break
            if count:
                return True
    return False


def _known_pair(pairs: array, text: str, position: int) -> bool:
    """Whether some dictionary word holds text[position - 1] and text[position] side by side."""
    pair = (ord(text[position - 1]) << _SHIFT) | ord(text[position])
    at = bisect_left(pairs, pair)
    return at < len(pairs) and pairs[at] == pair


def _askable(text: str, position: int) -> bool:
    """Positions the dictionary can settle: inside the text, not inside \\r\\n (jieba keeps it
    together) nor between two ASCII letters or digits (jieba joins runs of single ones)."""
    return (
        0 < position < len(text)
        and text[position - 1] != "\r"
        and not (text[position - 1] in _ASCII_ALNUM and text[position] in _ASCII_ALNUM)
    )


def certain_bounds(text: str, positions: Collection[int]) -> frozenset[int]:
    """The positions among `positions` where a word of `text` surely starts or ends because the
    pair of characters around it is in no dictionary word: array operations for them all (the
    rules of `_askable` too)."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    at = np.fromiter(positions, dtype=np.int64, count=len(positions))
    at = at[(at > 0) & (at < len(points))]
    before, after = points[at - 1], points[at]
    alnum = _ALNUM_TABLE[np.minimum(before, 127)] & _ALNUM_TABLE[np.minimum(after, 127)]
    askable = (before != ord("\r")) & ~alnum
    at, pairs = at[askable], ((before << _SHIFT) | after)[askable]
    known = _loaded()[2]
    if len(known) and len(pairs):
        at = at[known[np.searchsorted(known, pairs).clip(0, len(known) - 1)] != pairs]
    return frozenset(at.tolist())


def word_bound(text: str, position: int, certain: Collection[int] = ()) -> bool:
    """`segment.is_word_bound(text, position)`, segmenting only where a dictionary word crosses
    the position. `certain`: positions already known to be bounds (`certain_bounds`)."""
    if position in certain or (_askable(text, position) and not crossed(text, position)):
        return True
    start, end = _around(text, position)
    return is_word_bound(text[start:end], position - start)


def word_end(text: str, start: int) -> int | None:
    """`segment.word_end_from(text, start)`, read from the block around `start` alone."""
    if "\r" in text[max(start - 1, 0) : start + 1] or not _in_block(text[start : start + 1]):
        return word_end_from(text, start)  # rare: jieba's own reading of the whole text
    at, end = _around(text, start)
    found = word_end_from(text[at:end], start - at)
    return None if found is None else found + at


def _in_block(char: str) -> bool:
    """Whether the character belongs to the runs jieba cuts as blocks (its re_han_default)."""
    return bool(char) and jieba_module().re_han_default.fullmatch(char) is not None


def _around(text: str, position: int) -> tuple[int, int]:
    """A span of `text` around `position` that holds the whole block the position lies in or
    borders, and one character more on each side (never cutting a block): the question asked of
    that span has the answer it has in the whole text."""
    block = jieba_module().re_han_default
    start = position
    while start > 0 and block.fullmatch(text[start - 1]):
        start -= 1
    run = block.match(text, position)
    end = run.end() if run else position
    return max(start - 1, 0), min(end + 1, len(text))
