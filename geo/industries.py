"""The industry taxonomy (`data/industries.csv`): codes, labels, GB/T 4754-2017 and keywords."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

INDUSTRIES_CSV = Path(__file__).resolve().parent.parent / "data" / "industries.csv"


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
    with INDUSTRIES_CSV.open(encoding="utf-8") as fh:
        return tuple(
            Industry(
                r["code"],
                r["label_zh"],
                r["label_en"],
                r["gbt4754"],
                r["colour"],
                tuple(r["keywords"].split()),
            )
            for r in csv.DictReader(fh)
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
