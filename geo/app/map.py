"""The web map: small folium elements composed into one map of the entities.

Points are circle markers coloured by primary industry, sized and dashed by how precisely they
are placed (a county point is small and solid; a prefecture or province fallback is larger,
paler and dashed); corridors are lines and regions areas. All features travel as one GeoJSON
object with a shared style table, drawn by one script (geo.app.elements): a thousand entities
take a fifth of a second, 20,000 about one and a half (bench/map_filter.py). Every link points
at the bundled Leaflet assets (geo.app.assets): the map needs no internet.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Collection
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry

from geo.app.assets import serve_offline
from geo.app.basemap import DATUMS, TILES, to_datum
from geo.app.elements import EntityLayer, Legend, OfflineBasemap, TileNote
from geo.app.labels import KIND_LABELS, PRECISION_LABELS, label, named
from geo.app.popups import POPUP_COLUMNS, industry_names, popup_html, tooltip_html
from geo.app.tools import MapTools
from geo.layers.frame import industry_table, missing
from geo.model import KINDS

CHINA_CENTRE = (35.0, 104.0)
CLUSTER_ABOVE = 150  # more points than this, or any two at one spot, and the points cluster
NO_INDUSTRY_COLOUR = "#888888"
COORDINATE_DIGITS = 5  # about a metre, finer than any placement here
# precision -> (radius px, dash pattern, fill opacity): the fallback placements look vaguer.
PRECISION_CUES: dict[str | None, tuple[int, str | None, float]] = {
    "county": (6, None, 0.9),
    "prefecture": (9, "4 3", 0.4),
    "province": (12, "2 4", 0.22),
}
VAGUE_CUE = (12, "1 5", 0.15)
# The deepest zoom per basemap: the offline outlines hold nothing finer than a prefecture, so a
# cluster click or a single result must not open on kilometres of blank ground.
MAX_ZOOM = {"offline": 9, "osm": 16, "gaode": 16}
FIT_MAX_ZOOM = {"offline": 7, "osm": 11, "gaode": 11}  # the first view: a city with its names
ROBUST_ABOVE = 10  # fewer features than this are all framed: each was asked for
BULK_QUANTILES = (0.05, 0.95)
MIN_MARGIN_DEGREES = 1.0  # a tight bulk still keeps its near neighbours
FRAME_PAD = 0.1


def industry_colours() -> dict[str, str]:

    return dict(zip(industry_table()["industry"], industry_table()["colour"], strict=True))


def drawn_as(geometry: BaseGeometry | None) -> str | None:
    """'point', 'line' or 'area': how a geometry is drawn (None: not drawn at all)."""
    if geometry is None or geometry.is_empty:
        return None
    kind = geometry.geom_type
    if kind == "Point":
        return "point"
    return "line" if kind in ("LineString", "MultiLineString") else "area"


def _area(geometry: BaseGeometry) -> BaseGeometry:
    """A region's member points as the area they span (a thin band when they are collinear)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    hull = geometry.convex_hull
    return hull if hull.geom_type == "Polygon" else hull.buffer(0.08)


def style(drawn: str, precision: str | None, colour: str) -> dict[str, Any]:
    """Leaflet path options for one kind of drawing; className lets a test or a stylesheet
    find the features."""
    if drawn == "line":
        return {"color": colour, "weight": 3, "opacity": 0.85, "className": "pa-line"}
    if drawn == "area":
        return {
            "color": colour,
            "weight": 1.5,
            "fillColor": colour,
            "fillOpacity": 0.15,
            "className": "pa-area",
        }
    radius, dash, fill = PRECISION_CUES.get(precision, VAGUE_CUE)
    options = {
        "radius": radius,
        "color": "#222222" if dash is None else colour,
        "weight": 1 if dash is None else 2,
        "fillColor": colour,
        "fillOpacity": fill,
        "className": f"pa-point pa-{precision or 'vague'}",
    }
    if dash:
        options["dashArray"] = dash
    return options


def _display_geometries(frame: gpd.GeoDataFrame, datum: str) -> tuple[list[int], list[str], np.ndarray]:
    """Positions of the drawable rows, how each is drawn, and their geometries in `datum`,
    rounded: one vectorised pass rather than one per feature."""
    at, how, shapes = [], [], []
    for i, geometry in enumerate(frame.geometry):
        drawn = drawn_as(geometry)
        if drawn is not None:
            at.append(i)
            how.append(drawn)
            shapes.append(_area(geometry) if drawn == "area" else geometry)
    if datum != "wgs84":
        shapes = [to_datum(g, datum) for g in shapes]
    rounded = shapely.transform(np.array(shapes, dtype=object), lambda xy: np.round(xy, COORDINATE_DIGITS))
    return at, how, rounded


def map_data(
    frame: gpd.GeoDataFrame,
    datum: str = "wgs84",
    lang: str = "zh",
    sources: dict[str, str] | None = None,
    readable: Collection[str] = (),
) -> dict[str, Any]:
    """The drawable entities as one GeoJSON FeatureCollection in `datum`, each feature carrying
    its popup (documents named by `sources`, linked where `readable`), tooltip, kind, precision,
    colour and an index into a shared style table."""
    colours = industry_colours()
    styles: dict[tuple[str, str | None, str], int] = {}
    at, how, shapes = _display_geometries(frame, datum)
    columns = [c for c in POPUP_COLUMNS if c in frame.columns]
    chosen = frame.iloc[at]
    records = zip(*(chosen[c].tolist() for c in columns), strict=True) if columns else iter(())
    xs, ys = shapely.get_x(shapes), shapely.get_y(shapes)  # NaN where not a point
    features = []
    for i, (values, drawn) in enumerate(zip(records, how, strict=True)):
        row = dict(zip(columns, values, strict=True))
        primary, precision = row.get("primary_industry"), row.get("precision")
        colour = NO_INDUSTRY_COLOUR if missing(primary) else colours.get(primary, NO_INDUSTRY_COLOUR)
        geometry = (
            {"type": "Point", "coordinates": [float(xs[i]), float(ys[i])]}
            if drawn == "point"
            else mapping(shapes[i])
        )
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "s": styles.setdefault(
                        (drawn, None if missing(precision) else precision, colour), len(styles)
                    ),
                    "p": popup_html(row, lang, sources, readable),
                    "t": tooltip_html(row),
                    "k": row.get("kind"),
                    "q": None if missing(precision) else precision,
                    "c": colour,
                },
            }
        )
    return {
        "styles": [style(*key) for key in styles],
        "collection": {"type": "FeatureCollection", "features": features},
    }


def layer_toggles(data: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The map's check boxes: one per kind and one per placement precision present, each
    {group: "k" or "q", value, text}; the text is escaped here, the control inserts it as HTML."""
    features = data["collection"]["features"]
    kinds = {f["properties"]["k"] for f in features}
    precisions = {f["properties"]["q"] for f in features}
    boxes = [
        {"group": "k", "value": k, "text": html.escape(named(KIND_LABELS, k, lang))}
        for k in KINDS
        if k in kinds
    ]
    for precision in [*PRECISION_LABELS, None]:
        if precision in precisions:
            text = named(PRECISION_LABELS, precision, lang) if precision else label("unknown", lang)
            boxes.append({"group": "q", "value": precision, "text": html.escape(text)})
    return boxes


def _dot(fill: str, stroke: str, dash: str | None, fill_opacity: float, radius: int = 6) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    size = 2 * radius + 4
    return (
        f'<svg width="{size}" height="{size}"><circle cx="{size / 2}" cy="{size / 2}" r="{radius}" '
        f'fill="{fill}" fill-opacity="{fill_opacity}" stroke="{stroke}" stroke-width="1.5"{dash_attr}/></svg>'
    )


def legend_html(frame: gpd.GeoDataFrame, lang: str = "zh") -> str:
    """Industries on the map by count, then what marker size and dashes mean."""
    colours, names = industry_colours(), industry_names()
    drawn = frame[np.array([drawn_as(g) is not None for g in frame.geometry], dtype=bool)]
    counts = Counter(code if isinstance(code, str) else "" for code in drawn["primary_industry"])
    cues = []
    for precision, (_, dash, fill) in PRECISION_CUES.items():
        cue = _dot("#777", "#222" if dash is None else "#777", dash, fill)
        cues.append(f"{cue}{html.escape(named(PRECISION_LABELS, precision, lang))}")
    industries = []
    for code, count in counts.most_common():
        zh, en = names.get(code, (label("unknown", lang), "—"))
        colour = colours.get(code, NO_INDUSTRY_COLOUR)
        industries.append(
            f"{_dot(colour, '#222', None, 0.9, 5)}{html.escape(zh if lang == 'zh' else en)} ({count})"
        )
    summary = html.escape(label("legend", lang))
    return f"<details><summary>{summary}</summary>{'<br>'.join(cues)}<hr>{'<br>'.join(industries)}</details>"


def _frame_box(centres: np.ndarray) -> tuple[float, float, float, float]:
    """West, south, east, north of the bulk of the centres: the 5-95 % box, widened by half its
    size, and then the true bounds of the centres inside it; a lone far-off point falls out."""
    if len(centres) < ROBUST_ABOVE:
        return (*centres.min(axis=0), *centres.max(axis=0))
    low, high = np.quantile(centres, BULK_QUANTILES, axis=0)
    margin = np.maximum((high - low) * 0.5, MIN_MARGIN_DEGREES)
    inside = np.all((centres >= low - margin) & (centres <= high + margin), axis=1)
    bulk = centres[inside]
    return (*bulk.min(axis=0), *bulk.max(axis=0))


def view_bounds(frame: gpd.GeoDataFrame, datum: str = "wgs84") -> list[list[float]] | None:
    """South-west and north-east corners of the first view, in `datum`: the bulk of the drawn
    features (a corridor ending in Siberia or one park abroad would otherwise make China a corner
    of the view), padded by a tenth of the span."""
    drawn = frame.geometry[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if drawn.empty:
        return None
    centres = shapely.get_coordinates(drawn.representative_point().values)
    west, south, east, north = _frame_box(centres)
    pad_x, pad_y = (east - west) * FRAME_PAD, (north - south) * FRAME_PAD
    corners = [
        to_datum(Point(x, y), datum)
        for x, y in ((west - pad_x, south - pad_y), (east + pad_x, north + pad_y))
    ]
    return [
        [round(corners[0].y, 6), round(corners[0].x, 6)],
        [round(corners[1].y, 6), round(corners[1].x, 6)],
    ]


def focus_feature(frame: gpd.GeoDataFrame, row: int | None) -> int | None:
    """The feature index (drawable rows only, in order) of the row at position `row`; None when
    there is no such row or it has no place."""
    if row is None or not 0 <= row < len(frame) or drawn_as(frame.geometry.iloc[row]) is None:
        return None
    return sum(drawn_as(g) is not None for g in frame.geometry.iloc[:row])


def base_map(basemap: str = "offline", lang: str = "zh") -> folium.Map:
    """An empty map on `basemap` (tiles with a note for when they fail, or the offline outlines),
    with the fullscreen and measure tools."""
    # maxZoom is set here, not only by a tile layer: the cluster plugin zooms a click up to it
    fmap = folium.Map(
        location=CHINA_CENTRE,
        zoom_start=4,
        tiles=None,
        control_scale=True,
        min_zoom=2,
        maxZoom=MAX_ZOOM[basemap],
    )
    if basemap in TILES:
        folium.TileLayer(**TILES[basemap], name=basemap).add_to(fmap)
        TileNote(label("tiles_need_internet", lang)).add_to(fmap)
    else:
        OfflineBasemap(DATUMS[basemap]).add_to(fmap)
    MapTools(lang).add_to(fmap)
    return fmap


def entity_map(
    frame: gpd.GeoDataFrame,
    basemap: str = "offline",
    lang: str = "zh",
    cluster_above: int = CLUSTER_ABOVE,
    sources: dict[str, str] | None = None,
    focus: int | None = None,
    readable: Collection[str] = (),
) -> folium.Map:
    """The map of the entities in `frame` on `basemap`, fitted to them, with every asset offline;
    popups name documents by `sources` (file -> title, issuer, date). `focus`, a row position
    (a table row chosen), opens on that entity with its card open."""
    datum = DATUMS[basemap]
    fmap = base_map(basemap, lang)
    data = map_data(frame, datum, lang, sources, readable)
    points = [
        f["geometry"]["coordinates"]
        for f in data["collection"]["features"]
        if f["geometry"]["type"] == "Point"
    ]
    crowded = len({(round(x, 5), round(y, 5)) for x, y in points}) < len(points)
    feature = focus_feature(frame, focus)
    EntityLayer(
        data,
        cluster=len(points) > cluster_above or crowded,
        focus=feature,
        focus_zoom=FIT_MAX_ZOOM[basemap],
        toggles=layer_toggles(data, lang),
    ).add_to(fmap)
    Legend(legend_html(frame, lang)).add_to(fmap)
    bounds = view_bounds(frame, datum)
    if bounds and feature is None:  # a focused entity frames itself
        fmap.fit_bounds(bounds, padding=(30, 30), max_zoom=FIT_MAX_ZOOM[basemap])
    serve_offline(fmap)
    return fmap


def map_html(fmap: folium.Map) -> str:
    """The map as one standalone HTML page (what a download or a benchmark measures)."""
    return fmap.get_root().render()
