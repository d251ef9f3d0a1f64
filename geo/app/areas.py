"""The choropleth: entities of the current filter counted per province, prefecture or county
(geo.layers.areas), each unit drawn as its polygon shaded by its count. Zoomed out, a count per
area says more than thousands of overlapping points, and it draws in constant time.
"""

from __future__ import annotations

import html
import math
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.app.assets import serve_offline
from geo.app.basemap import DATUMS, to_datum
from geo.app.elements import AreaLayer
from geo.app.labels import label
from geo.app.map import FIT_MAX_ZOOM, base_map
from geo.layers.areas import area_counts
from geo.place.boundaries import boundary

# Sequential yellow-orange-red steps (ColorBrewer YlOrRd, 6 classes) for counts on a log scale.
SHADES = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
SIMPLIFY_DEGREES = {"province": 0.02, "prefecture": 0.01, "county": 0.005}  # below a pixel at the fit zoom


def shade(count: int, top: int) -> str:
    """The shade of a count among counts up to `top`, on a log scale (a few busy units would
    otherwise leave every other one the palest shade)."""
    if count <= 0 or top <= 0:
        return SHADES[0]
    step = math.log1p(count) / math.log1p(top)
    return SHADES[min(len(SHADES) - 1, int(step * (len(SHADES) - 1) + 0.5))]


@lru_cache(maxsize=4096)
def _outline(code: str, level: str, datum: str) -> BaseGeometry | None:
    """A unit's polygon simplified for the map and moved to the basemap's datum, once per process."""
    polygon = boundary(code)
    if polygon is None:
        return None
    simple = polygon.simplify(SIMPLIFY_DEGREES[level], preserve_topology=True)
    rounded = shapely.set_precision(simple, 1e-4) if not simple.is_empty else simple
    return to_datum(rounded, datum)


def area_data(frame: gpd.GeoDataFrame, level: str, datum: str = "wgs84", lang: str = "zh") -> dict[str, Any]:
    """The units with entities as a GeoJSON FeatureCollection, each with its shade and an
    escaped tooltip (name and count); and how many entities have no unit at this level."""
    counts = area_counts(frame, level)
    placed = counts[counts["code"].notna()]
    top = int(placed["count"].max()) if len(placed) else 0
    features = []
    for code, name, count in zip(placed["code"], placed["name"], placed["count"], strict=True):
        outline = _outline(code, level, datum)
        if outline is None or outline.is_empty:
            continue
        tip = f"{html.escape(str(name or code))}: {int(count)}"
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(outline),
                "properties": {"code": code, "n": int(count), "fill": shade(int(count), top), "t": tip},
            }
        )
    missing = int(counts.loc[counts["code"].isna(), "count"].sum())
    return {
        "collection": {"type": "FeatureCollection", "features": features},
        "missing": missing,
        "legend": [[SHADES[0], 1], [SHADES[-1], top]] if top else [],
        "title": label("count", lang),
    }


def area_map(frame: gpd.GeoDataFrame, level: str, basemap: str = "offline", lang: str = "zh") -> folium.Map:
    """The choropleth of `frame` per unit of `level` on `basemap`, fitted to China."""
    datum = DATUMS[basemap]
    fmap = base_map(basemap, lang)
    data = area_data(frame, level, datum, lang)
    AreaLayer(data).add_to(fmap)
    features = data["collection"]["features"]
    if features:
        west, south, east, north = shapely.GeometryCollection(
            [shapely.geometry.shape(f["geometry"]) for f in features]
        ).bounds
        fmap.fit_bounds([[south, west], [north, east]], padding=(20, 20), max_zoom=FIT_MAX_ZOOM[basemap])
    serve_offline(fmap)
    return fmap


POINTS_LIMIT = 5_000  # more points than this draw as counts per area (bench/map_filter.py)


def shown_as(count: int, show: str) -> str:
    """What the map draws: the reader's choice, except that more points than POINTS_LIMIT draw
    as counts per area, which stays under two seconds at 100,000 entities where points do not."""
    return "areas" if show == "areas" or count > POINTS_LIMIT else "points"
