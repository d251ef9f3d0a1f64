"""Which texts OpenCC's Traditional-to-Simplified conversion leaves as they are, without running it.

Most documents are Simplified, yet each was converted twice (a sample to tell its script, then
the whole text): a fifth of reading. OpenCC cuts a text into the longest keys of its dictionaries
and replaces each key by its first value (its default), so it changes a text only where a key whose value
differs stands in it: a single character (a character table, or the normalization of
compatibility ideographs), or a phrase (乾隆 stays while 乾 alone becomes 干; 反覆 becomes 反复
while 覆 alone stays). Those keys are read from the installed OpenCC's own dictionaries (its
`opencc_dict` tool writes them as text), so they follow its version; a text that holds none of
the changing characters, and none of the changing phrases around its phrase characters, is
exactly what the conversion would return. If the dictionaries cannot be read, every text is
converted, as before.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from geo.knowledge.store import current

CONFIG = "t2s"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Changes:
    """The keys of a conversion whose value differs from them: single characters, and phrases by
    each character at which one differs from its value."""

    chars: frozenset[str]
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        # One class of the characters of the Basic Multilingual Plane (re tests it with a bitmap,
        # 5 ns a character); astral characters, rare in text, are tested apart (a class holding
        # them is a list re walks at every character).
        bmp = "".join(sorted(c for c in self.chars | set(self.phrases) if ord(c) < 0x10000))
        return re.compile(f"[{re.escape(bmp)}]" if bmp else "(?!)")

    @cached_property
    def _longest(self) -> int:
        return max((len(p) for group in self.phrases.values() for p in group), default=1)

    def keeps(self, text: str) -> bool:
        """Whether the conversion is sure to return `text` unchanged."""
        if _ASTRAL.search(text) and not self.chars.isdisjoint(text):
            return False
        for found in self._pattern.finditer(text):
            char = found.group()
            if char in self.chars:
                return False
            at = found.start()
            window = text[max(0, at - self._longest + 1) : at + self._longest]
            if any(phrase in window for phrase in self.phrases[char]):
                return False
        return True


def read_changes(config: str = CONFIG) -> Changes | None:
    """The changing keys of the OpenCC conversion `config`, from the dictionaries its
    configuration names; None if they cannot be read (no `opencc_dict`, another layout)."""
    try:
        import opencc

        share = Path(opencc._opencc_share_dir)
        tool = Path(opencc._this_dir) / "clib" / "bin" / "opencc_dict"
        names = _dictionaries(json.loads((share / f"{config}.json").read_text(encoding="utf-8")))
        chars: set[str] = set()
        phrases: dict[str, set[str]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for name in names:
                out = Path(tmp) / f"{name}.txt"
                subprocess.run(
                    [str(tool), "-i", str(share / name), "-o", str(out), "-f", "ocd2", "-t", "text"],
                    check=True,
                    capture_output=True,
                    timeout=60,
                )
                _add_changes(out.read_text(encoding="utf-8"), chars, phrases)
    except (ImportError, AttributeError, OSError, ValueError, subprocess.SubprocessError):
        return None
    if not names:
        return None
    return Changes(frozenset(chars), {c: tuple(sorted(p)) for c, p in phrases.items()})


def _dictionaries(node: object) -> list[str]:
    """The ocd2 files a configuration names (normalization and conversion chain), in order;
    ValueError for a dictionary of another type, whose keys could not be read."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "ocd2":
            found.append(str(node["file"]))
        elif node.get("type") not in (None, "group"):
            raise ValueError(f"dictionary type {node.get('type')}")
        for value in node.values():
            found += _dictionaries(value)
    elif isinstance(node, list):
        for value in node:
            found += _dictionaries(value)
    return found


def _add_changes(dump: str, chars: set[str], phrases: dict[str, set[str]]) -> None:
    """Add the keys of a dictionary dump (`key<TAB>value value...`) whose first value, the one
    the conversion writes, differs from them (覆 keeps 覆 though 复 is its second value)."""
    for line in dump.splitlines():
        key, _, values = line.partition("\t")
        value = values.split(" ", 1)[0]
        if value == key:
            continue
        if len(key) == 1:
            chars.add(key)
        elif len(value) != len(key):  # no character-wise difference: every one counts
            for char in key:
                phrases.setdefault(char, set()).add(key)
        else:
            for char, new in zip(key, value, strict=True):
                if char != new:
                    phrases.setdefault(char, set()).add(key)


def t2s_keeps(text: str) -> bool:
    """Whether OpenCC's t2s is sure to return `text` unchanged (False when unsure)."""
    changes = current().part("t2s_changes", read_changes)
    return changes is not None and changes.keeps(text)
