"""Filtered exports of a built layer: by province, prefecture, industry, kind and document.

Filter values are checked before anything is written: an unknown value is an error that names
the valid ones, so a typo never silently yields an empty file. Administrative names may be short
(内蒙古, 乌兰察布) and are matched to the official full names the layers carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd

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


def _admin_names(level: str) -> dict[str, str]:
    """Full and short names of the units of one level -> the full name."""
    from geo.knowledge.gazetteer import admin_table

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
    from geo.knowledge.industries import industries

    provinces = _resolve("province", filters.province, _admin_names("province"), frame["province"].dropna())
    prefectures = _resolve(
        "prefecture", filters.prefecture, _admin_names("prefecture"), frame["prefecture"].dropna()
    )
    codes = {i.code: i.code for i in industries()} | {i.label_zh: i.code for i in industries()}
    industry = _resolve("industry", filters.industry, codes, [i.code for i in industries()])
    kind = _resolve("kind", filters.kind, {k: k for k in KINDS}, KINDS)
    docs = _items_of(frame["docs"])
    doc = _resolve("document", filters.doc, {d: d for d in docs}, docs)
    return Filters(
        tuple(provinces), tuple(prefectures), tuple(industry), tuple(kind), tuple(doc), filters.text
    )


def _any_in(values: object, wanted: set[str]) -> bool:
    return bool(wanted.intersection(values if isinstance(values, list | tuple) else ()))


def _folded(text: str) -> str:
    """Search text without case or spaces, the same for the query and the names (A0甲 = a0 甲)."""
    return text.lower().replace(" ", "")


def apply_filters(frame: gpd.GeoDataFrame, filters: Filters) -> gpd.GeoDataFrame:
    """Rows that pass every filter (values within one filter are alternatives)."""
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
    if filters.text:
        needle = _folded(filters.text)
        searchable = (frame["name"].fillna("") + "|" + frame["pinyin"].fillna("")).map(_folded)
        keep &= searchable.str.contains(needle, regex=False) | frame["aliases"].map(
            lambda v: any(needle in _folded(a) for a in (v if isinstance(v, list | tuple) else ()))
        )
    return frame[keep].reset_index(drop=True)
