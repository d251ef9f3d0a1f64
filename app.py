"""ParkAtlas in the browser: the entity map with its filters, table, charts, downloads and uploads.

UI only: loading, filtering, drawing and file formats all live in the geo package. Run with
`streamlit run app.py`; $PARKATLAS_LAYERS points it at another layers folder.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import altair as alt
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.app import services
from geo.app.basemap import BASEMAPS
from geo.app.labels import BASEMAP_LABELS, KIND_LABELS, LANGUAGES, label, named
from geo.app.map import entity_map
from geo.app.popups import industry_names
from geo.app.state import (
    FILTER_KEYS,
    LIST_FIELDS,
    View,
    as_lists,
    filter_options,
    query_from_view,
    valid_filters,
    view_from_query,
)
from geo.app.tables import counts, entity_table, industry_counts, province_counts
from geo.layers.filters import Filters, apply_filters

WIDGET = {name: f"filter_{name}" for name in FILTER_KEYS}  # Filters field -> widget key

st.set_page_config(page_title="ParkAtlas", layout="wide")


@st.cache_resource(show_spinner=False, max_entries=4)
def built_entities(folder: str, version: str) -> gpd.GeoDataFrame:
    """The built layer, read once per rebuild: a filter change neither reads nor builds again."""
    return services.load_entities(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=4)
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
    st.session_state["lang"], st.session_state["basemap"] = view.lang, view.basemap
    st.session_state["notes"] = [label("bad_filter", view.lang, value=v) for v in dropped]


def clear_filters() -> None:
    for name in LIST_FIELDS:
        st.session_state[WIDGET[name]] = []
    st.session_state[WIDGET["text"]] = ""


def upload_section(box, lang: str) -> None:
    """Uploaded documents are read by the build; their entities join this session's map."""
    files = box.file_uploader(
        label("upload", lang), type=list(services.UPLOAD_TYPES), accept_multiple_files=True, key="upload"
    )
    if box.button(label("add_docs", lang), key="add_docs", disabled=not files):
        bar = box.progress(0.0)

        def on_file(index: int, name: str) -> None:
            bar.progress(index / (len(files) + 1), text=label("reading", lang, name=name))

        result = services.add_documents([(f.name, f.getvalue()) for f in files], on_file)
        bar.progress(1.0, text=label("extracting", lang))
        added = st.session_state.get("added")
        st.session_state["added"] = (
            result.entities if added is None else services.merge_entities(added, result.entities)
        )
        log = st.session_state.setdefault("upload_log", [])
        log += [("ok", label("added", lang, name=n, count=result.count_in(n))) for n in result.read]
        log += [("error", label("skipped", lang, name=n, reason=r)) for n, r in result.errors.items()]
        bar.empty()
    for level, text in st.session_state.get("upload_log", []):
        (box.success if level == "ok" else box.error)(text)


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
    box.button(label("clear", lang), on_click=clear_filters, key="clear")
    return Filters(**chosen, text=text.strip())


def map_and_table(filtered: gpd.GeoDataFrame, basemap: str, lang: str) -> None:
    left, right = st.columns([3, 2])
    with left:
        st_folium(
            entity_map(filtered, basemap, lang),
            height=620,
            use_container_width=True,
            returned_objects=[],
            key="map",
        )
    with right:
        st.caption(label("table", lang))
        st.dataframe(
            entity_table(filtered, lang),
            hide_index=True,
            height=min(620, 36 * (len(filtered) + 1) + 2),
            key="table",
        )


def charts(filtered: gpd.GeoDataFrame, lang: str) -> None:
    left, right = st.columns(2)
    provinces = province_counts(filtered, lang)
    left.caption(label("per_province", lang))
    left.bar_chart(provinces, x=provinces.columns[0], y="n", horizontal=True)
    industries = industry_counts(filtered, lang)
    name = industries.columns[0]
    chart = (
        alt.Chart(industries)
        .mark_bar()
        .encode(
            x="n:Q",
            y=alt.Y(f"{name}:N", sort="-x", title=None),
            color=alt.Color("colour:N", scale=None, legend=None),
        )
    )
    right.caption(label("per_industry", lang))
    right.altair_chart(chart, width="stretch")


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
    filters_box, upload_box = side.container(), side.container()
    upload_section(upload_box, lang)
    frame = entities(lang)  # an upload in this run already counts
    filters = filter_section(filters_box, frame, lang)
    filtered = apply_filters(frame, filters)

    query = query_from_view(View(filters, lang, basemap))
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
    if filtered.empty:
        st.info(label("no_entities", lang))
    map_and_table(filtered, basemap, lang)
    charts(filtered, lang)
    downloads(filtered, lang)


main()
