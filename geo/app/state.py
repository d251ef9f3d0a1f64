"""What the app shows, as a URL query: filters, language and basemap, so a view can be shared.

A link may carry values the current layers do not know (a typo, or a layer rebuilt since): they
are dropped with a note rather than failing the page or silently showing nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import geopandas as gpd
import numpy as np

from geo.app.basemap import BASEMAPS
from geo.app.labels import LANGUAGES
from geo.layers.filters import FilterError, Filters, check_filters, year_span
from geo.layers.frame import industry_table
from geo.model import KINDS

# Filters field -> URL key; lists are repeated keys (?industry=power&industry=coal).
FILTER_KEYS = {
    "province": "province",
    "prefecture": "prefecture",
    "industry": "industry",
    "kind": "kind",
    "doc": "doc",
    "text": "q",
    "year_from": "from",
    "year_to": "to",
}
YEAR_FIELDS = ("year_from", "year_to")
LIST_FIELDS = tuple(f.name for f in fields(Filters) if f.name not in ("text", *YEAR_FIELDS))
YEAR_LIMITS = (1949, 2100)  # a year outside is a typo in a link, not a time to filter on


PAGES = ("map", "docs")
SHOW = ("points", "areas")
AREA_LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    lang: str = "zh"
    basemap: str = "offline"
    page: str = "map"  # the map or the documents
    read: str = ""  # the document open in the reader
    mention: str = ""  # "<entity id>.<k>": the sentence a map card linked to
    show: str = "points"  # points or counts per area
    level: str = "province"  # the areas' level


def _choice(params: Mapping[str, str | Sequence[str]], key: str, allowed: Sequence[str]) -> str:
    value = next(iter(_values(params, key)), allowed[0])
    return value if value in allowed else allowed[0]


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> tuple[str, ...]:
    value = params.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(v.strip() for v in items if v and v.strip()))


def _year(params: Mapping[str, str | Sequence[str]], key: str) -> int | None:
    """A year of the link, or None when it is absent or no plausible year."""
    value = next(iter(_values(params, key)), "")
    if not value.isascii() or not value.isdigit():
        return None
    year = int(value)
    return year if YEAR_LIMITS[0] <= year <= YEAR_LIMITS[1] else None


def view_from_query(params: Mapping[str, str | Sequence[str]], default_basemap: str = "offline") -> View:
    """The view a URL query asks for; unknown languages and basemaps fall back to defaults."""
    lists = {name: _values(params, FILTER_KEYS[name]) for name in LIST_FIELDS}
    lists |= {name: _year(params, FILTER_KEYS[name]) for name in YEAR_FIELDS}
    text = " ".join(_values(params, FILTER_KEYS["text"]))
    lang = next(iter(_values(params, "lang")), "zh")
    basemap = next(iter(_values(params, "basemap")), default_basemap)
    return View(
        Filters(**lists, text=text),
        lang if lang in LANGUAGES else "zh",
        basemap if basemap in BASEMAPS else default_basemap,
        page=_choice(params, "view", PAGES),
        read=next(iter(_values(params, "read")), ""),
        mention=next(iter(_values(params, "mention")), ""),
        show=_choice(params, "show", SHOW),
        level=_choice(params, "level", AREA_LEVELS),
    )


def query_from_view(view: View) -> dict[str, str | list[str]]:
    """The URL query of a view; empty filters and defaults are left out to keep links short."""
    query: dict[str, str | list[str]] = {}
    for name in LIST_FIELDS:
        values = list(getattr(view.filters, name))
        if values:
            query[FILTER_KEYS[name]] = values
    if view.filters.text:
        query[FILTER_KEYS["text"]] = view.filters.text
    for name in YEAR_FIELDS:
        if getattr(view.filters, name) is not None:
            query[FILTER_KEYS[name]] = str(getattr(view.filters, name))
    if view.lang != "zh":
        query["lang"] = view.lang
    if view.basemap != "offline":
        query["basemap"] = view.basemap
    defaults = View()
    for key, name in (
        ("view", "page"),
        ("read", "read"),
        ("mention", "mention"),
        ("show", "show"),
        ("level", "level"),
    ):
        if getattr(view, name) != getattr(defaults, name):
            query[key] = getattr(view, name)
    return query


def as_lists(query: Mapping[str, str | Sequence[str]]) -> dict[str, list[str]]:
    """A query with every value a list, to compare with what the URL holds."""
    return {key: [value] if isinstance(value, str) else list(value) for key, value in query.items()}


def valid_filters(frame: gpd.GeoDataFrame, filters: Filters) -> tuple[Filters, list[str]]:
    """The filters with short names made full and unknown values dropped, and the dropped ones."""
    kept: dict[str, list[str]] = {name: [] for name in LIST_FIELDS}
    dropped = []
    for name in LIST_FIELDS:
        for value in getattr(filters, name):
            try:
                checked = check_filters(frame, replace(Filters(), **{name: (value,)}))
            except FilterError:
                dropped.append(value)
                continue
            kept[name] += [v for v in getattr(checked, name) if v not in kept[name]]
    years = {name: getattr(filters, name) for name in YEAR_FIELDS}
    if None not in years.values() and years["year_from"] > years["year_to"]:
        years = dict.fromkeys(YEAR_FIELDS)  # an empty range: said, and dropped
        dropped.append(f"{filters.year_from}-{filters.year_to}")
    return Filters(**{k: tuple(v) for k, v in kept.items()}, text=filters.text, **years), dropped


def year_bounds(frame: gpd.GeoDataFrame) -> tuple[int, int] | None:
    """The first and last year any entity is named in, or None when no document is dated."""
    if "first_date" not in frame.columns:
        return None
    first, last = year_span(frame)
    first, last = first[~np.isnan(first)], last[~np.isnan(last)]
    if not len(first):
        return None
    return int(first.min()), int(last.max())


def _present(values: object) -> list[str]:
    return sorted({v for v in values if isinstance(v, str) and v})


def filter_options(frame: gpd.GeoDataFrame, provinces: Sequence[str] = ()) -> dict[str, list[str]]:
    """What each filter can choose from in this table: prefectures only within the chosen
    provinces, industries in taxonomy order, kinds in extraction order."""

    within = frame[frame["province"].isin(provinces)] if provinces else frame
    codes = {c for value in frame["industries"] for c in value}
    return {
        "province": _present(frame["province"]),
        "prefecture": _present(within["prefecture"]),
        "industry": [c for c in industry_table()["industry"] if c in codes],
        "kind": [k for k in KINDS if k in set(frame["kind"])],
        "doc": _present(d for docs in frame["docs"] for d in docs),
    }
