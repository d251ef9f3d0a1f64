"""The industry taxonomy (`geo/knowledge/data/industries.csv`): codes, labels, GB/T 4754-2017 and keywords."""

from __future__ import annotations

from dataclasses import dataclass

from geo.knowledge.store import current
from geo.knowledge.tables import read_rows


@dataclass(frozen=True)
class Industry:
    code: str
    label_zh: str
    label_en: str
    gbt4754: str
    colour: str
    keywords: tuple[str, ...]


def industries() -> tuple[Industry, ...]:
    """The taxonomy of the current knowledge."""
    return current().part("industries", read_industries)


def read_industries() -> tuple[Industry, ...]:
    return tuple(
        Industry(
            r["code"], r["label_zh"], r["label_en"], r["gbt4754"], r["colour"], tuple(r["keywords"].split())
        )
        for r in read_rows("industries")
    )


def industry_keywords() -> frozenset[str]:
    return current().part("industry_keywords", lambda: frozenset(k for i in industries() for k in i.keywords))


def keyword_codes() -> dict[str, tuple[str, ...]]:
    """Keyword -> the codes it names, in taxonomy order; a word may name several (煤电 is
    power and coal, 稀土钢 metallurgy and new materials)."""
    return current().part("keyword_codes", _keyword_codes)


def _keyword_codes() -> dict[str, tuple[str, ...]]:
    codes: dict[str, list[str]] = {}
    for ind in industries():
        for word in ind.keywords:
            codes.setdefault(word, []).append(ind.code)
    return {word: tuple(found) for word, found in codes.items()}
