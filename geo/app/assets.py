"""Leaflet and its plugins served by the app itself, so the map draws with no internet at all.

The files come from the PyPI packages XStatic-Leaflet (1.9.3, the version folium pins) and
XStatic-Leaflet-MarkerCluster, read at run time and never copied into the repository. They
travel as data: URIs, which folium's standalone HTML and streamlit-folium's frontend both load
like any other link; the images a stylesheet names are inlined into it the same way.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as cluster
from branca.element import Element

# folium's links that this map never uses (it draws circle markers, lines and polygons only).
UNUSED_LINKS = frozenset(
    {
        "jquery",
        "bootstrap",
        "awesome_markers",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)
_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
_CSS_URL = re.compile(r"url\((?!#|data:)([^)]+)\)")


class MissingAsset(LookupError):
    """A link of the map that has no offline copy: the map would need the internet."""


def _data_uri(data: bytes, suffix: str) -> str:
    return f"data:{_MIME[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


def _leaflet_dir() -> Path:
    return Path(leaflet.BASE_DIR)


def _cluster_dir() -> Path:
    return Path(cluster.BASE_DIR)


def leaflet_version() -> str:
    return leaflet.VERSION


def _file_uri(path: Path) -> str:
    if path.suffix != ".css":
        return _data_uri(path.read_bytes(), path.suffix)
    css = path.read_text(encoding="utf-8")
    css = _CSS_URL.sub(lambda m: f"url({_file_uri(path.parent / m.group(1).strip(chr(34) + chr(39)))})", css)
    return _data_uri(css.encode("utf-8"), ".css")


# folium's link names -> where the offline copy lives.
_SOURCES: dict[str, Callable[[], Path]] = {
    "leaflet": lambda: _leaflet_dir() / "leaflet.js",
    "leaflet_css": lambda: _leaflet_dir() / "leaflet.css",
    "markerclusterjs": lambda: _cluster_dir() / "leaflet.markercluster.js",
    "markerclustercss": lambda: _cluster_dir() / "MarkerCluster.css",
    "markerclusterdefaultcss": lambda: _cluster_dir() / "MarkerCluster.Default.css",
}


@cache
def asset_uri(name: str) -> str:
    """The data: URI of one of folium's named links, read from the XStatic package."""
    if name not in _SOURCES:
        raise MissingAsset(f"no offline copy of {name!r}; known: {', '.join(sorted(_SOURCES))}")
    return _file_uri(_SOURCES[name]())


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def _offline(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, asset_uri(name)) for name, _ in links if name not in UNUSED_LINKS]


def serve_offline(root: Element) -> None:
    """Point every script and stylesheet link of the element tree at the bundled copies and drop
    the ones the map does not use. Set on the instances, so folium's class defaults stay intact."""
    for element in _elements(root):
        if getattr(element, "default_js", None) or getattr(element, "default_css", None):
            element.default_js = _offline(list(element.default_js))
            element.default_css = _offline(list(element.default_css))
