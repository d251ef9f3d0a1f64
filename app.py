"""ParkAtlas in the browser: the entity map with its filters, table, charts, downloads and uploads.

UI only: loading, filtering, drawing and file formats all live in the geo package. Run with
`streamlit run app.py`; $PARKATLAS_LAYERS points it at another layers folder.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.app import services
from geo.app.areas import POINTS_LIMIT, area_map, shown_as
from geo.app.basemap import BASEMAPS, TILES
from geo.app.documents import document_html, names_in
from geo.app.labels import BASEMAP_LABELS, KIND_LABELS, LANGUAGES, as_codes, label, named, reason_text
from geo.app.map import entity_map
from geo.app.popups import industry_labels, industry_names
from geo.app.reader import reader
from geo.app.state import (
    AREA_LEVELS,
    FILTER_KEYS,
    LIST_FIELDS,
    PAGES,
    SHOW,
    View,
    as_lists,
    filter_options,
    query_from_view,
    valid_filters,
    view_from_query,
    year_bounds,
)
from geo.app.tables import (
    count_chart,
    counts,
    documents_table,
    entity_table,
    industry_counts,
    province_counts,
    skipped_table,
    year_chart,
)
from geo.layers.filters import Filters, apply_filters

WIDGET = {name: f"filter_{name}" for name in FILTER_KEYS}  # Filters field -> widget key
YEARS = "filter_years"

st.set_page_config(page_title="ParkAtlas", layout="wide")


@st.cache_resource(show_spinner=False, max_entries=4)
def built_entities(folder: str, version: str) -> gpd.GeoDataFrame:
    """The built layer, read once per rebuild: a filter change neither reads nor builds again."""
    return services.load_entities(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=4)
def built_sources(folder: str, version: float) -> dict[str, str]:
    """File -> title, issuer, number and date, from the build's documents.csv."""
    return services.source_names(services.load_documents(Path(folder)))


def sources() -> dict[str, str]:
    """How to name each document: the build's and this session's uploads'."""
    folder = services.layers_dir()
    built = built_sources(str(folder), services.layers_version(folder))
    return {**built, **st.session_state.get("added_sources", {})}


@st.cache_resource(show_spinner=False, max_entries=2)
def built_texts(folder: str, version: str) -> dict[str, str]:
    """File -> read text of the build's documents, read once per rebuild."""
    return services.load_texts(Path(folder))


def texts() -> dict[str, str]:
    """The text of every document: the build's and this session's uploads'."""
    folder = services.layers_dir()
    return {
        **built_texts(str(folder), services.layers_version(folder)),
        **st.session_state.get("added_texts", {}),
    }


def layers_problem(folder: str, version: str) -> str | None:
    """Each published build is checked once: a damaged file is a message, not a traceback."""
    return services.layers_problem(Path(folder))


def url_view() -> View:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return view_from_query(params, os.environ.get(services.BASEMAP_ENV, "offline"))


def entities(lang: str) -> gpd.GeoDataFrame:
    """The build's entities (built from the seeds on the very first start) plus this session's uploads."""
    folder = services.layers_dir()
    if not services.layers_version(folder):
        with st.spinner(label("building", lang)):
            services.ensure_layers(folder, services.seeds_dir())
    version = services.layers_version(folder)
    problem = layers_problem(str(folder), version)
    if problem:
        st.error(label("bad_layers", lang, reason=problem))
        st.stop()
    base = built_entities(str(folder), version)
    added = st.session_state.get("added")
    return base if added is None else services.merge_entities(base, added)


def start_from_url(frame: gpd.GeoDataFrame, view: View) -> None:
    """First run of a session: the widgets take the view of the link."""
    filters, dropped = valid_filters(frame, view.filters)
    for name in LIST_FIELDS:
        st.session_state[WIDGET[name]] = list(getattr(filters, name))
    st.session_state[WIDGET["text"]] = filters.text
    bounds = year_bounds(frame)
    if bounds and (filters.year_from is not None or filters.year_to is not None):
        low = max(bounds[0], min(bounds[1], filters.year_from or bounds[0]))
        high = max(low, min(bounds[1], filters.year_to or bounds[1]))
        st.session_state[YEARS] = (low, high)
    st.session_state["lang"], st.session_state["basemap"] = view.lang, view.basemap
    st.session_state["page"], st.session_state["read"] = view.page, view.read
    st.session_state["mention"] = view.mention
    st.session_state["show"], st.session_state["area_level"] = view.show, view.level
    st.session_state["notes"] = [label("bad_filter", view.lang, value=v) for v in dropped]


def settle_widgets(lang: str) -> None:
    """Labelled widgets hold codes whatever the browser sends back (it may send the labels of the
    language before a switch); after a switch each is set again so the browser shows it anew."""
    switched = st.session_state.get("drawn_lang", lang) != lang
    tables = {WIDGET["kind"]: KIND_LABELS, WIDGET["industry"]: industry_labels(), "basemap": BASEMAP_LABELS}
    for key, table in tables.items():
        if key not in st.session_state:
            continue
        value = st.session_state[key]
        codes = as_codes([value], table)[0] if isinstance(value, str) else as_codes(value, table)
        if switched or codes != value:
            st.session_state[key] = codes
    for key in ("page", "show", "area_level", "year_by"):  # code-valued radios, shown anew
        if switched and key in st.session_state:
            st.session_state[key] = st.session_state[key]
    st.session_state["drawn_lang"] = lang


def clear_filters() -> None:
    for name in LIST_FIELDS:
        st.session_state[WIDGET[name]] = []
    st.session_state[WIDGET["text"]] = ""
    st.session_state.pop(YEARS, None)


def read_uploads(box, files: list[tuple[str, bytes]], lang: str) -> list[tuple[str, str, dict]]:
    """Read the files with the build and add their entities to this session; the log entries."""
    bar = box.progress(0.0)

    def on_file(index: int, name: str) -> None:
        bar.progress(index / (len(files) + 1), text=label("reading", lang, name=name))

    result = services.add_documents(files, on_file)
    bar.progress(1.0, text=label("extracting", lang))
    added = st.session_state.get("added")
    st.session_state["added"] = (
        result.entities if added is None else services.merge_entities(added, result.entities)
    )
    st.session_state["uploaded"] |= {services.file_digest(data) for _, data in files}
    st.session_state.setdefault("added_sources", {}).update(result.sources)
    st.session_state.setdefault("added_documents", []).append(result.documents)
    st.session_state.setdefault("added_texts", {}).update(result.texts)
    st.session_state.setdefault("added_skipped", []).extend(
        {"file": n, "reason": r} for n, r in result.errors.items()
    )
    bar.empty()
    return [("ok", "added", {"name": n, "count": result.count_in(n)}) for n in result.read] + [
        ("error", "skipped", {"name": n, "reason": r}) for n, r in result.errors.items()
    ]


def upload_messages(lang: str) -> list[tuple[str, str]]:
    """The upload log in the current language (reasons too): (level, text)."""
    out = []
    for level, key, values in st.session_state.get("upload_log", []):
        if "reason" in values:
            values = {**values, "reason": reason_text(values["reason"], lang)}
        out.append((level, label(key, lang, **values)))
    return out


def upload_section(box, lang: str) -> None:
    """Uploaded documents are read by the build; their entities join this session's map."""
    files = box.file_uploader(
        label("upload", lang), type=list(services.UPLOAD_TYPES), accept_multiple_files=True, key="upload"
    )
    box.caption(label("upload_note", lang, mb=services.UPLOAD_LIMIT_MB))
    if box.button(label("add_docs", lang), key="add_docs", disabled=not files):
        seen = st.session_state.setdefault("uploaded", set())
        fresh, repeated = services.new_files([(f.name, f.getvalue()) for f in files], seen)
        log = st.session_state.setdefault("upload_log", [])
        log += [("info", "already_added", {"name": n}) for n in repeated]
        if fresh:
            log += read_uploads(box, fresh, lang)
    show = {"ok": box.success, "error": box.error, "info": box.info}
    for level, text in upload_messages(lang):
        show[level](text)


def filter_section(box, frame: gpd.GeoDataFrame, lang: str) -> Filters:
    box.subheader(label("filters", lang))
    options = filter_options(frame, st.session_state.get(WIDGET["province"], []))
    industries = industry_names()
    shown = {
        "province": None,
        "prefecture": None,
        "industry": lambda c: industries.get(c, (c, c))[0 if lang == "zh" else 1],
        "kind": lambda k: named(KIND_LABELS, k, lang),
        "doc": None,
    }
    chosen = {}
    for name in LIST_FIELDS:
        key = WIDGET[name]
        choices = list(dict.fromkeys([*options[name], *st.session_state.get(key, [])]))
        chosen[name] = tuple(
            box.multiselect(
                label(name, lang),
                choices,
                key=key,
                format_func=shown[name] or str,
                placeholder=label("choose", lang),
            )
        )
    text = box.text_input(label("search", lang), key=WIDGET["text"])
    years = year_filter(box, frame, lang)
    box.button(label("clear", lang), on_click=clear_filters, key="clear")
    return Filters(**chosen, text=text.strip(), year_from=years[0], year_to=years[1])


def year_filter(box, frame: gpd.GeoDataFrame, lang: str) -> tuple[int | None, int | None]:
    """A year range over the years the documents are dated; the whole range filters nothing (so
    undated entities stay), a narrower one keeps the entities named within it."""
    bounds = year_bounds(frame)
    if bounds is None or bounds[0] == bounds[1]:
        st.session_state.pop(YEARS, None)
        return None, None
    if YEARS in st.session_state:
        low, high = st.session_state[YEARS]
        low = max(bounds[0], min(bounds[1], low))
        st.session_state[YEARS] = (low, max(low, min(bounds[1], high)))
    else:
        st.session_state[YEARS] = bounds
    low, high = box.slider(label("years", lang), bounds[0], bounds[1], key=YEARS, step=1)
    return (low if low > bounds[0] else None), (high if high < bounds[1] else None)


def chosen_row(filtered: gpd.GeoDataFrame) -> int | None:
    """The row to show on the map with its card open: the entity a document's highlight chose,
    else the table row the reader selected (its position), if it is still in the table."""
    focus = st.session_state.get("focus_id")
    if focus:
        at = np.flatnonzero(filtered["id"].to_numpy() == focus)
        return int(at[0]) if len(at) else None
    selection = st.session_state.get("table")
    rows = selection.get("selection", {}).get("rows", []) if selection else []
    return rows[0] if rows and rows[0] < len(filtered) else None


def forget_focus() -> None:
    """A table row chosen after a highlight: the row wins."""
    st.session_state.pop("focus_id", None)


def focus_note(frame: gpd.GeoDataFrame, filtered: gpd.GeoDataFrame, lang: str) -> None:
    """Say why an entity chosen in a document is not shown: filtered out, or without a place."""
    focus = st.session_state.get("focus_id")
    if not focus:
        return
    if not (filtered["id"] == focus).any():
        st.warning(label("hidden_by_filters", lang))
    elif filtered.loc[filtered["id"] == focus].geometry.isna().all():
        st.info(label("not_on_map", lang))


def map_and_table(filtered: gpd.GeoDataFrame, basemap: str, lang: str, show: str, level: str) -> None:
    """The map (points, or counts per area) and the table side by side; a row selected in the
    table, or a name clicked in a document, opens on the map."""
    names = sources()
    left, right = st.columns([3, 2])
    with left:
        drawn = shown_as(len(filtered), show)
        if drawn != show:
            st.info(label("too_many_points", lang, count=len(filtered), limit=POINTS_LIMIT))
        if drawn == "areas":
            fmap = area_map(filtered, level, basemap, lang)
        else:
            readable = set(
                built_texts(str(services.layers_dir()), services.layers_version(services.layers_dir()))
            )
            fmap = entity_map(
                filtered, basemap, lang, sources=names, focus=chosen_row(filtered), readable=readable
            )
        st_folium(fmap, height=620, use_container_width=True, returned_objects=[], key=f"map_{drawn}")
    with right:
        st.caption(label("table", lang))
        st.dataframe(
            entity_table(filtered, lang, names),
            hide_index=True,
            height=min(620, 36 * (len(filtered) + 1) + 2),
            key="table",
            on_select=forget_focus,
            selection_mode="single-row",
        )


def charts(filtered: gpd.GeoDataFrame, lang: str) -> None:
    """Counts per province and per industry, and entities per year of first mention by industry
    or kind; nothing is drawn for an empty result."""
    left, right = st.columns(2)
    for box, key, table in (
        (left, "per_province", province_counts(filtered, lang)),
        (right, "per_industry", industry_counts(filtered, lang)),
    ):
        chart = count_chart(table)
        if chart is not None:
            box.caption(label(key, lang))
            box.altair_chart(chart, width="stretch")
    by = st.radio(
        label("per_year_by", lang),
        ["industry", "kind"],
        format_func=lambda k: label(k, lang),
        horizontal=True,
        key="year_by",
    )
    chart = year_chart(filtered, by, lang)
    if chart is not None:
        st.caption(label("per_year", lang))
        st.altair_chart(chart, width="stretch")


def downloads(filtered: gpd.GeoDataFrame, lang: str) -> None:
    st.subheader(label("downloads", lang))
    left, right = st.columns(2)
    left.caption(label("download_filtered", lang))
    for fmt, (mime, suffix) in services.DOWNLOADS.items():
        left.download_button(
            fmt.upper(),
            partial(services.layer_bytes, filtered, fmt),
            file_name=f"parkatlas-entities.{suffix}",
            mime=mime,
            key=f"download_{fmt}",
            on_click="ignore",
        )
    files = services.build_files(services.layers_dir())
    right.caption(label("download_build", lang))
    if files:
        names = [p.name for p in files]
        first = names.index("entities.geojson") if "entities.geojson" in names else 0
        chosen = right.selectbox(
            label("build_file", lang), files, index=first, format_func=lambda p: p.name, key="build_file"
        )
        right.download_button(
            chosen.name, chosen.read_bytes, file_name=chosen.name, key="download_build", on_click="ignore"
        )
        right.download_button(
            label("all_layers", lang),
            partial(services.zip_bytes, files),
            file_name="parkatlas-layers.zip",
            mime="application/zip",
            key="download_all",
            on_click="ignore",
        )


def all_documents() -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """The documents of the build and of this session's uploads, and the files not read."""
    folder = services.layers_dir()
    documents = [services.load_documents(folder), *st.session_state.get("added_documents", [])]
    skipped = services.load_skipped(folder) + st.session_state.get("added_skipped", [])
    return pd.concat(documents, ignore_index=True), skipped


def show_on_map() -> None:
    """A highlight was clicked: that entity, on the map, with its card open."""
    chosen = st.session_state.get("reader")
    entity = getattr(chosen, "entity", None) if chosen is not None else None
    if entity:
        st.session_state["focus_id"] = entity
        st.session_state["page"] = "map"
        st.session_state["show"] = "points"


def linked_sentence(frame: gpd.GeoDataFrame, file: str) -> str | None:
    """The sentence a map card's link named ("<id>.<k>"), if it is one of this document's."""
    entity, _, k = st.session_state.get("mention", "").rpartition(".")
    rows = frame[frame["id"] == entity]
    if rows.empty or not k.isdigit():
        return None
    row = rows.iloc[0]
    pairs = list(zip(row["mention_docs"], row["mention_sentences"], strict=False))
    return pairs[int(k)][1] if int(k) < len(pairs) and pairs[int(k)][0] == file else None


def read_document(frame: gpd.GeoDataFrame, files: list[str], lang: str) -> None:
    """Open one document: its text with every entity marked; a click on a mark shows it on the map."""
    if st.session_state.get("read") not in files:
        st.session_state["read"] = files[0] if files else None
    names = sources()
    file = st.selectbox(
        label("open_document", lang), files, format_func=lambda f: names.get(f, f), key="read"
    )
    if not file:
        return
    text = texts().get(file)
    if text is None:
        st.info(label("no_text", lang))
        return
    st.caption(label("click_highlight", lang))
    marked = document_html(text, names_in(frame, file), linked_sentence(frame, file))
    reader(
        marked,
        key="reader",
        on_entity=show_on_map,
        chosen=st.session_state.get("mention", "").rpartition(".")[0],
    )


def documents_view(frame: gpd.GeoDataFrame, lang: str) -> None:
    """Every document read, with its entity count, every file skipped with its reason, and one
    document open to read."""
    documents, skipped = all_documents()
    st.caption(label("documents_read", lang, count=len(documents)))
    st.dataframe(documents_table(documents, frame, lang), hide_index=True, key="documents")
    if skipped:
        st.caption(label("documents_skipped", lang, count=len(skipped)))
        st.dataframe(skipped_table(skipped, lang), hide_index=True, key="skipped")
    read_document(frame, [str(f) for f in documents["file"]], lang)


def main() -> None:
    if "started" not in st.session_state:
        first = url_view()
        lang = first.lang
    else:
        first, lang = None, st.session_state["lang"]
    frame = entities(lang)
    if first is not None:
        start_from_url(frame, first)
        st.session_state["started"] = True
    settle_widgets(st.session_state["lang"])

    side = st.sidebar
    lang = side.radio(
        "语言 / Language", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True
    )
    basemap = side.radio(
        label("basemap", lang),
        list(BASEMAPS),
        format_func=lambda b: named(BASEMAP_LABELS, b, lang),
        key="basemap",
    )
    if basemap in TILES:
        side.caption(label("tiles_need_internet", lang))
    filters_box, upload_box = side.container(), side.container()
    upload_section(upload_box, lang)
    frame = entities(lang)  # an upload in this run already counts
    filters = filter_section(filters_box, frame, lang)
    filtered = apply_filters(frame, filters, sources())
    page = side.radio(
        label("view", lang),
        list(PAGES),
        format_func=lambda p: label("map_view" if p == "map" else "documents_view", lang),
        key="page",
        horizontal=True,
    )
    show = side.radio(
        label("show_as", lang), list(SHOW), format_func=lambda v: label(v, lang), key="show", horizontal=True
    )
    level = side.selectbox(
        label("area_level", lang), list(AREA_LEVELS), format_func=lambda v: label(v, lang), key="area_level"
    )
    view = View(
        filters,
        lang,
        basemap,
        page=page,
        read=st.session_state.get("read") or "",
        mention=st.session_state.get("mention", ""),
        show=show,
        level=level,
    )
    query = query_from_view(view)
    if as_lists(query) != {key: st.query_params.get_all(key) for key in st.query_params}:
        st.query_params.from_dict(query)

    st.title(label("title", lang))
    for note in st.session_state.pop("notes", []):  # said once, on opening the link
        st.warning(note)
    figures = counts(filtered)
    shown, on_map, unplaced = st.columns(3)
    shown.metric(label("shown", lang), figures["shown"])
    shown.caption(label("of_total", lang, total=len(frame)))
    on_map.metric(label("on_map", lang), figures["on_map"])
    unplaced.metric(label("unplaced", lang), figures["unplaced"])
    if page == "map":
        if filtered.empty:
            st.info(label("no_entities", lang))
        focus_note(frame, filtered, lang)
        map_and_table(filtered, basemap, lang, show, level)
        charts(filtered, lang)
        downloads(filtered, lang)
    else:
        documents_view(frame, lang)


main()
