"""Segmentation: jieba's dictionary and tokenizer, loaded once as parts of the knowledge.

Every stage that asks "is this a word?" (anchors, place names in running text, pinyin by word)
reads the same dictionary through here; nothing else imports jieba.
"""

from __future__ import annotations

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
