"""Filtered exports of a built layer: by province, prefecture, industry, kind and document.

Filter values are checked before anything is written: an unknown value is an error that names
the valid ones, so a typo never silently yields an empty file. Administrative names may be short
(内蒙古, 乌兰察布) and are matched to the official full names the layers carry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
from pypinyin import lazy_pinyin

from geo.knowledge.gazetteer import admin_table
from geo.knowledge.industries import industries
from geo.model import KINDS


class FilterError(ValueError):
    """A filter value that matches nothing the layer or the taxonomy knows."""


@dataclass(frozen=True)
class Filters:
    """Each field holds accepted values; an empty field does not filter."""

    province: tuple[str, ...] = ()
    prefecture: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    doc: tuple[str, ...] = ()
    text: str = ""
    year_from: int | None = None  # an entity named in any year of the range passes
    year_to: int | None = None


def _admin_names(level: str) -> dict[str, str]:
    """Full and short names of the units of one level -> the full name."""
    out: dict[str, str] = {}
    for unit in admin_table().units:
        if unit.level == level:
            out[unit.name] = unit.name
            for short in unit.short_names:
                out.setdefault(short, unit.name)
    return out


def _valid_list(values: Iterable[str]) -> str:
    values = sorted({v for v in values if v})
    return ", ".join(values) if values else "(none in this layer)"


def _resolve(label: str, wanted: Sequence[str], known: dict[str, str], present: Iterable[str]) -> list[str]:
    out = []
    for value in wanted:
        full = known.get(value.strip())
        if full is None:
            raise FilterError(f"unknown {label} {value!r}; valid: {_valid_list(present)}")
        out.append(full)
    return out


def _items_of(values: Iterable[object]) -> set[str]:
    """Every item of a list column (the documents of all rows)."""
    return {code for value in values for code in (value if isinstance(value, list | tuple) else [])}


def check_filters(frame: gpd.GeoDataFrame, filters: Filters) -> Filters:
    """The filters with short names made full; raises FilterError on an unknown value."""
    provinces = _resolve("province", filters.province, _admin_names("province"), frame["province"].dropna())
    prefectures = _resolve(
        "prefecture", filters.prefecture, _admin_names("prefecture"), frame["prefecture"].dropna()
    )
    codes = {i.code: i.code for i in industries()} | {i.label_zh: i.code for i in industries()}
    industry = _resolve("industry", filters.industry, codes, [i.code for i in industries()])
    kind = _resolve("kind", filters.kind, {k: k for k in KINDS}, KINDS)
    docs = _items_of(frame["docs"])
    doc = _resolve("document", filters.doc, {d: d for d in docs}, docs)
    if filters.year_from is not None and filters.year_to is not None and filters.year_from > filters.year_to:
        raise FilterError(f"year range {filters.year_from}-{filters.year_to} is empty")
    return Filters(
        tuple(provinces),
        tuple(prefectures),
        tuple(industry),
        tuple(kind),
        tuple(doc),
        filters.text,
        filters.year_from,
        filters.year_to,
    )


def _any_in(values: object, wanted: set[str]) -> bool:
    return bool(wanted.intersection(values if isinstance(values, list | tuple) else ()))


PLACE_COLUMNS = ("province", "prefecture", "county")


@lru_cache(maxsize=65536)
def _place_pinyin(name: str) -> str:
    """A place name in toneless pinyin, run together (岳阳市 -> yueyangshi)."""
    return "".join(lazy_pinyin(name, errors="ignore")).lower()


def _squeezed(value: object) -> str:
    return value.lower().replace(" ", "") if isinstance(value, str) else ""


def _places_matching(names: Iterable[object], needle: str) -> set[str]:
    """The distinct place names whose Chinese or pinyin holds the needle."""
    return {
        n
        for n in set(names)
        if isinstance(n, str) and n and (needle in _squeezed(n) or needle in _place_pinyin(n))
    }


def _any_item(values: pd.Series, test: Callable[[str], bool]) -> np.ndarray:
    """Per row of a list column: does any item pass `test`."""
    return values.map(lambda v: isinstance(v, list | tuple) and any(test(x) for x in v)).to_numpy(dtype=bool)


def year_span(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's first and last year of mention (NaN where no document of it is dated)."""
    first = pd.to_numeric(frame["first_date"].astype("string").str[:4], errors="coerce")
    last = pd.to_numeric(frame["last_date"].astype("string").str[:4], errors="coerce")
    return first.to_numpy(dtype=float), last.to_numpy(dtype=float)


def year_matches(frame: pd.DataFrame, year_from: int | None, year_to: int | None) -> np.ndarray:
    """Rows named in some year of the range: their first-to-last span meets it. A row with no
    dated document cannot be placed in time and does not pass a year filter."""
    first, last = year_span(frame)
    keep = ~np.isnan(first)
    if year_from is not None:
        keep &= last >= year_from
    if year_to is not None:
        keep &= first <= year_to
    return keep


def _titled(frame: gpd.GeoDataFrame, needle: str, titles: Mapping[str, str]) -> np.ndarray:
    """Rows named by a document whose title holds the needle."""
    files = {f for f, title in titles.items() if needle in _squeezed(title)}
    if not files:
        return np.zeros(len(frame), dtype=bool)
    return _any_item(frame["docs"], files.__contains__)


def text_matches(frame: gpd.GeoDataFrame, text: str, titles: Mapping[str, str] | None = None) -> np.ndarray:
    """Rows whose name, alias or pinyin, whose place (province, prefecture, county, a
    corridor's units or town) in Chinese or pinyin, or whose document's title (file -> title in
    `titles`) holds `text`, case and spaces ignored: a reader looking for the parks of 岳阳 types
    the place. Places are tested once per distinct name."""
    needle = _squeezed(text)
    keep = np.zeros(len(frame), dtype=bool)
    for column in ("name", "pinyin"):
        squeezed = frame[column].fillna("").astype(str).str.lower().str.replace(" ", "", regex=False)
        keep |= squeezed.str.contains(needle, regex=False).to_numpy(dtype=bool)
    keep |= _any_item(frame["aliases"], lambda a: needle in _squeezed(a))
    for column in PLACE_COLUMNS:
        keep |= (
            frame[column].isin(_places_matching(frame[column].dropna().unique(), needle)).to_numpy(dtype=bool)
        )
    if "places" in frame.columns:
        units = {u for v in frame["places"] if isinstance(v, list | tuple) for u in v}
        matching = _places_matching(units, needle)
        if matching:
            keep |= _any_item(frame["places"], matching.__contains__)
    if titles:
        keep |= _titled(frame, needle, titles)
    return keep


def apply_filters(
    frame: gpd.GeoDataFrame, filters: Filters, titles: Mapping[str, str] | None = None
) -> gpd.GeoDataFrame:
    """Rows that pass every filter (values within one filter are alternatives); the text also
    finds documents by the titles in `titles` (file -> title)."""
    filters = check_filters(frame, filters)
    keep = frame.index == frame.index
    if filters.province:
        keep &= frame["province"].isin(filters.province)
    if filters.prefecture:
        keep &= frame["prefecture"].isin(filters.prefecture)
    if filters.kind:
        keep &= frame["kind"].isin(filters.kind)
    if filters.industry:
        keep &= frame["industries"].map(lambda v: _any_in(v, set(filters.industry)))
    if filters.doc:
        keep &= frame["docs"].map(lambda v: _any_in(v, set(filters.doc)))
    if filters.year_from is not None or filters.year_to is not None:
        keep &= year_matches(frame, filters.year_from, filters.year_to)
    if filters.text:
        keep &= text_matches(frame, filters.text, titles)
    return frame[keep].reset_index(drop=True)
