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
