"""The industry taxonomy (`geo/knowledge/data/industries.csv`): codes, labels, GB/T 4754-2017 and keywords.

Real text names industries in the words of GB/T 4754-2017 (农副食品加工, 电子, 有色金属, 机电) more
often than in the taxonomy's own keywords, so those terms sit in `gbt4754_terms.csv` (term, code,
GB/T 4754 division), one row per term and code, where the mapping can be reviewed; both files
feed the one keyword table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

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


class Term(NamedTuple):
    """A GB/T 4754-2017 term, the taxonomy code it maps to, and the division it comes from."""

    term: str
    code: str
    gbt4754: str


def gbt4754_terms() -> tuple[Term, ...]:
    """The GB/T 4754 terms of the current knowledge."""
    return current().part("gbt4754_terms", read_gbt4754_terms)


def read_gbt4754_terms() -> tuple[Term, ...]:
    return tuple(Term(r["term"], r["code"], r["gbt4754"]) for r in read_rows("gbt4754_terms"))


def industry_keywords() -> frozenset[str]:
    """Every word that names an industry: taxonomy keywords and GB/T 4754 terms."""
    return current().part("industry_keywords", lambda: frozenset(keyword_codes()))


def keyword_codes() -> dict[str, tuple[str, ...]]:
    """Keyword -> the codes it names, in taxonomy order; a word may name several (煤电 is
    power and coal, 稀土钢 metallurgy and new materials)."""
    return current().part("keyword_codes", _keyword_codes)


def _keyword_codes() -> dict[str, tuple[str, ...]]:
    order = {ind.code: i for i, ind in enumerate(industries())}
    codes: dict[str, set[str]] = {}
    pairs = [(w, ind.code) for ind in industries() for w in ind.keywords]
    for word, code in [*pairs, *((t.term, t.code) for t in gbt4754_terms())]:
        codes.setdefault(word, set()).add(code)
    return {word: tuple(sorted(found, key=order.__getitem__)) for word, found in codes.items()}
