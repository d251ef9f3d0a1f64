"""The app's table and charts as plain DataFrames, with headers and values in one language."""

from __future__ import annotations

import altair as alt
import geopandas as gpd
import pandas as pd

from geo.app.labels import KIND_LABELS, PRECISION_LABELS, label, named, reason_text
from geo.app.map import NO_INDUSTRY_COLOUR, drawn_as, industry_colours
from geo.app.popups import industry_names


def _industry_label(code: str | None, lang: str) -> str:
    if not isinstance(code, str) or not code:
        return ""
    zh, en = industry_names().get(code, (code, code))
    return zh if lang == "zh" else en


def entity_table(
    frame: gpd.GeoDataFrame, lang: str = "zh", sources: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per entity, the telling columns first (name, industry, kind, place, precision,
    documents by title), every header in `lang`; pinyin last, as a reading aid."""
    sources = sources or {}
    return pd.DataFrame(
        {
            label("name", lang): frame["name"],
            label("industry", lang): [_industry_label(c, lang) for c in frame["primary_industry"]],
            label("kind", lang): [named(KIND_LABELS, k, lang) for k in frame["kind"]],
            label("province", lang): frame["province"],
            label("prefecture", lang): frame["prefecture"],
            label("county", lang): frame["county"],
            label("precision", lang): [named(PRECISION_LABELS, p, lang) for p in frame["precision"]],
            label("docs", lang): ["; ".join(sources.get(d, d) for d in docs) for docs in frame["docs"]],
            label("pinyin", lang): frame["pinyin"],
        }
    )


def counts(frame: gpd.GeoDataFrame) -> dict[str, int]:
    """Entities shown, drawn on the map, and without a place."""
    drawn = sum(drawn_as(g) is not None for g in frame.geometry)
    return {"shown": len(frame), "on_map": drawn, "unplaced": len(frame) - drawn}


def province_counts(frame: gpd.GeoDataFrame, lang: str = "zh") -> pd.DataFrame:
    """Entities per province; one drawn across provinces (a corridor) counts as such, and only
    one with no place at all as not placed, as the metric above the chart says."""
    drawn = pd.Series([drawn_as(g) is not None for g in frame.geometry], index=frame.index, dtype=bool)
    fallback = drawn.map({True: label("several_provinces", lang), False: label("unknown", lang)})
    provinces = frame["province"].where(frame["province"].notna(), fallback)
    table = provinces.value_counts().rename_axis("place").reset_index(name="count")
    return table.rename(columns={"place": label("province", lang), "count": "n"})


def industry_counts(frame: gpd.GeoDataFrame, lang: str = "zh") -> pd.DataFrame:
    """Entities per primary industry, with the industry's map colour."""
    codes = frame["primary_industry"].map(lambda c: c if isinstance(c, str) else "")
    table = codes.value_counts().rename_axis("code").reset_index(name="n")
    colours = industry_colours()
    return pd.DataFrame(
        {
            label("industry", lang): [
                _industry_label(c, lang) or label("unknown", lang) for c in table["code"]
            ],
            "n": table["n"],
            "colour": [colours.get(c, NO_INDUSTRY_COLOUR) for c in table["code"]],
        }
    )


def count_chart(table: pd.DataFrame) -> alt.Chart | None:
    """Horizontal bars of a count table (first column: the names, 'n': the counts, optional
    'colour'); None when there is nothing to count, so no empty axes are drawn. Counts are
    whole: integer ticks only."""
    if table.empty or not table["n"].sum():
        return None
    name = table.columns[0]
    colour = (
        alt.Color("colour:N", scale=None, legend=None) if "colour" in table.columns else alt.value("#4c78a8")
    )
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y(f"{name}:N", sort="-x", title=None),
            color=colour,
            tooltip=[alt.Tooltip(f"{name}:N"), alt.Tooltip("n:Q", format="d")],
        )
    )


def _entities_per_document(frame: gpd.GeoDataFrame) -> dict[str, int]:
    out: dict[str, int] = {}
    for docs in frame["docs"]:
        for doc in docs:
            out[doc] = out.get(doc, 0) + 1
    return out


def documents_table(documents: pd.DataFrame, frame: gpd.GeoDataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every document read, with its metadata, its jurisdiction and how many entities it names
    (0 too: a document with no entity is how a reader checks what the machine missed)."""
    found = _entities_per_document(frame)
    rows = documents.fillna("").to_dict("records")

    def column(key: str) -> list[str]:
        return [str(r.get(key) or "") for r in rows]

    places = [
        " ".join(str(r.get(k) or "") for k in ("province", "prefecture", "county")).strip() for r in rows
    ]
    return pd.DataFrame(
        {
            label("doc_title", lang): column("title"),
            label("issuer", lang): column("issuer"),
            label("number", lang): column("number"),
            label("date", lang): column("date"),
            label("jurisdiction", lang): places,
            label("entities_found", lang): [found.get(f, 0) for f in column("file")],
            label("file", lang): column("file"),
        }
    )


def skipped_table(skipped: list[dict[str, str]], lang: str = "zh") -> pd.DataFrame:
    """The files not read, each with its reason in `lang`."""
    return pd.DataFrame(
        {
            label("file", lang): [s["file"] for s in skipped],
            label("reason", lang): [reason_text(s["reason"], lang) for s in skipped],
        }
    )


def year_counts(frame: gpd.GeoDataFrame, by: str = "industry", lang: str = "zh") -> pd.DataFrame:
    """Entities per year of first mention and per primary industry or kind (labels in `lang`),
    with the group's colour; undated entities are left out (they have no year)."""
    years = frame["first_date"].astype("string").str[:4] if "first_date" in frame.columns else None
    if years is None or years.isna().all():
        return pd.DataFrame(columns=["year", "group", "n", "colour"])
    if by == "kind":
        groups = [named(KIND_LABELS, k, lang) for k in frame["kind"]]
        colours = dict.fromkeys(groups, "")
    else:
        codes = [c if isinstance(c, str) else "" for c in frame["primary_industry"]]
        groups = [_industry_label(c, lang) or label("unknown", lang) for c in codes]
        palette = industry_colours()
        colours = {g: palette.get(c, NO_INDUSTRY_COLOUR) for g, c in zip(groups, codes, strict=True)}
    table = pd.DataFrame({"year": years, "group": groups}).dropna(subset=["year"])
    table = table.value_counts().rename("n").reset_index().sort_values(["year", "group"], kind="stable")
    table["colour"] = table["group"].map(colours)
    return table.reset_index(drop=True)


def year_chart(frame: gpd.GeoDataFrame, by: str = "industry", lang: str = "zh") -> alt.Chart | None:
    """Stacked bars of entities per year of first mention; None when no entity is dated."""
    table = year_counts(frame, by, lang)
    if table.empty:
        return None
    colours = table.drop_duplicates("group")
    scale = (
        alt.Scale(domain=list(colours["group"]), range=list(colours["colour"]))
        if by == "industry"
        else alt.Scale(scheme="tableau10")
    )
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("n:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("group:N", scale=scale, title=None),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("group:N"), alt.Tooltip("n:Q", format="d")],
        )
    )
