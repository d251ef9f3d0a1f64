"""Segmentation: jieba's dictionary and tokenizer, loaded once as parts of the knowledge.

Every stage that asks "is this a word?" (anchors, place names in running text, pinyin by word)
reads the same dictionary through here; nothing else imports jieba.
"""

from __future__ import annotations

from bisect import bisect_right
from types import ModuleType

import jieba

from geo.knowledge.store import current, knowledge_cache
from geo.knowledge.tables import package_file


def _quiet_jieba() -> ModuleType:
    jieba.setLogLevel(60)  # it logs its dictionary loading otherwise
    return jieba


def _read_jieba_words() -> dict[str, tuple[int, str]]:
    path = package_file("jieba", "dict.txt")
    words: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def jieba_module() -> ModuleType:
    """jieba, quiet."""
    return current().part("jieba", _quiet_jieba)


def jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word -> (frequency, part of speech)."""
    return current().part("jieba_words", _read_jieba_words)


def is_common_word(name: str, min_freq: int = 500) -> bool:
    """A word jieba knows as frequent and not as a place name (合作, 资源, 通道)."""
    freq, tag = jieba_words().get(name, (0, ""))
    return freq >= min_freq and tag != "ns"


def cut(text: str) -> list[str]:
    """jieba's words of `text`, dictionary only (no HMM guesses)."""
    return jieba_module().lcut(text, HMM=False)


@knowledge_cache(maxsize=4096)
def word_ends(text: str) -> dict[int, int]:
    """Where each of jieba's words of `text` ends, by where it starts."""
    return {start: end for _, start, end in jieba_module().tokenize(text, HMM=False)}


@knowledge_cache(maxsize=4096)
def word_bounds(text: str) -> frozenset[int]:
    """Where jieba's words start and end in `text`."""
    return frozenset(word_ends(text).values()) | {0}


# jieba cuts a text block by block: runs of its "Han" class (CJK, letters, digits, +#&._%-); every
# other character is a word of its own. So the words around one position come from its block
# alone, and a question about a few places in a long document need not segment the whole of it.
# jieba's pattern of a block it cuts on its own (re_han_default): Han characters up to U+9FD5,
# ASCII letters, digits and +#&._%-; it has one group, so that `split` keeps the blocks.
JIEBA_BLOCK = jieba.re_han_default


@knowledge_cache(maxsize=4096)
def _blocks(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the blocks jieba cuts on their own, in order."""
    spans = [m.span() for m in JIEBA_BLOCK.finditer(text)]
    return [s for s, _ in spans], [e for _, e in spans]


@knowledge_cache(maxsize=65536)
def _block_ends(block: str) -> dict[int, int]:
    """Where each word of one block ends, by where it starts: jieba's words, cut by jieba-rs
    (`rjieba`: jieba's dictionary and the same best path, compiled; geo.layers.frame cuts names
    with it too, through `compiled_jieba`). jieba's own Python pass over a block's graph was most of placement's word
    questions (0.45 s CPU over the 10 MiB corpus's 4,900 blocks, against 0.02 s); the words are
    the same on every one of those blocks and on random blocks of every kind of character jieba
    reads (tests/knowledge/test_segment_blocks.py). Only a block, as jieba cuts it, is handed
    over: jieba-rs reads wider blocks than jieba."""
    return {start: end for _, start, end in compiled_jieba().tokenize(block, hmm=False)}


def compiled_jieba() -> ModuleType:
    """rjieba, imported on first need: it loads its dictionary then (0.13 s CPU, 33 MB); a build
    loads it before forking its workers (geo.parallel.warm_documents), so that they share it."""
    import rjieba

    return rjieba


def _block_at(text: str, position: int) -> tuple[int, int] | None:
    """The block holding the character at `position`, if any."""
    starts, ends = _blocks(text)
    at = bisect_right(starts, position) - 1
    return (starts[at], ends[at]) if at >= 0 and position < ends[at] else None


def word_end_from(text: str, start: int) -> int | None:
    """Where the word of `text` starting at `start` ends (as word_ends(text).get(start)), reading
    only the block that holds it."""
    block = _block_at(text, start)
    if block is None:
        if "\r" in text[max(start - 1, 0) : start + 1]:  # jieba keeps \r\n together: rare, ask it
            return word_ends(text).get(start)
        return start + 1 if start < len(text) else None
    end = _block_ends(text[block[0] : block[1]]).get(start - block[0])
    return None if end is None else end + block[0]


def is_word_bound(text: str, position: int) -> bool:
    """Whether a word of `text` starts or ends at `position` (as position in word_bounds(text)),
    reading only the block around it."""
    if position == 0 or position >= len(text):
        return position == 0 or position == len(text)
    block = _block_at(text, position)
    if block is None or block[0] == position:
        return text[position - 1 : position + 1] != "\r\n"  # outside blocks each character is a word
    return (position - block[0]) in _block_ends(text[block[0] : block[1]]).values()
