"""A document as the reader sees it in the app: its read text, escaped, with every entity the
build found in it marked, each mark carrying the entity's id so a click can show it on the map.

The text is untrusted: it is escaped as HTML (never rendered as Markdown), and the only markup is
written here. Names are found with the package's one dictionary scanner (leftmost-longest, in
Rust), so a long document costs one pass, not one per name, and marks start where the build's
words do.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

from geo.knowledge.scanner import Scanner

AT_ID = "pa-at"  # the anchor of the sentence a map card linked to


def names_in(frame: pd.DataFrame, file: str) -> dict[str, str]:
    """Name or alias -> entity id, for the entities the build found in `file`."""
    out: dict[str, str] = {}
    for row in frame[frame["docs"].map(lambda docs: file in docs)].itertuples(index=False):
        for name in [row.name, *(row.aliases or [])]:
            if isinstance(name, str) and name:
                out.setdefault(name, row.id)
    return out


def entity_spans(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, id) of every occurrence of the names, leftmost-longest, never overlapping."""
    if not names or not text:
        return []
    return [(match.start, match.end, match.value) for match in Scanner(names).scan(text)]


def _pieces(text: str, spans: Iterable[tuple[int, int, str]], at: int | None) -> Iterable[str]:
    position, anchored = 0, at is None
    for start, end, entity in spans:
        if not anchored and at <= start:
            yield html.escape(text[position:at]) + f'<span id="{AT_ID}"></span>'
            position, anchored = at, True
        yield html.escape(text[position:start])
        yield f'<mark class="pa-hl" data-id="{html.escape(entity)}">{html.escape(text[start:end])}</mark>'
        position = end
    if not anchored and at is not None and at >= position:
        yield html.escape(text[position:at]) + f'<span id="{AT_ID}"></span>'
        position = at
    yield html.escape(text[position:])


def document_html(text: str, names: dict[str, str], sentence: str | None = None) -> str:
    """The text escaped, every name marked with its entity's id, and an anchor before the first
    occurrence of `sentence` (the one a map card linked to), if it occurs."""
    found = text.find(sentence) if sentence else -1
    at = found if found >= 0 else None
    return "".join(_pieces(text, entity_spans(text, names), at))
