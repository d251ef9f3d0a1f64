"""The industry taxonomy (`geo/knowledge/data/industries.csv`): codes, labels, GB/T 4754-2017 and keywords."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from geo.knowledge.tables import read_rows


@dataclass(frozen=True)
class Industry:
    code: str
    label_zh: str
    label_en: str
    gbt4754: str
    colour: str
    keywords: tuple[str, ...]


@cache
def industries() -> tuple[Industry, ...]:
    return tuple(
        Industry(r["code"], r["label_zh"], r["label_en"], r["gbt4754"], r["colour"], tuple(r["keywords"].split()))
        for r in read_rows("industries")
    )


@cache
def industry_keywords() -> frozenset[str]:
    return frozenset(k for ind in industries() for k in ind.keywords)


@cache
def keyword_codes() -> dict[str, tuple[str, ...]]:
    """Keyword -> the codes it names, in taxonomy order; a word may name several (煤电 is
    power and coal, 稀土钢 metallurgy and new materials)."""
    codes: dict[str, list[str]] = {}
    for ind in industries():
        for word in ind.keywords:
            codes.setdefault(word, []).append(ind.code)
    return {word: tuple(found) for word, found in codes.items()}
