"""Leaflet elements for the web map, each rendered once and put into the page as it is.

Their data (features, outlines, legend) comes from documents and packages, so it is embedded as
JSON that no '<' can end early and no template engine can evaluate; see `script_json` and
`RenderedOnce`. geo.app.map composes these elements into a map.
"""

from __future__ import annotations

import html
import json
from functools import cache
from typing import Any

from branca.element import CssLink, Element, JavascriptLink, Template
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster

from geo.app.basemap import offline_layer, prefecture_seats

SEAT_LABELS_FROM_ZOOM = 6  # prefecture seats named once the view is a few provinces wide


def script_json(data: Any) -> str:
    """JSON that is safe inside a page's script: no '<' can close the <script> element, and no
    '{{', '{%' or '{#' from a document reaches a template engine (folium's elements pass their
    output through Jinja). Both only ever occur inside JSON strings, where the \\u escapes
    stand for the same characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    for opener in ("{{", "{%", "{#"):  # '{{' first: what it leaves holds no brace
        text = text.replace(opener, opener.replace("{", "\\u007b"))
    return text


class _Rendered(Element):
    """Output that is already rendered: added to the page as it is, never parsed again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class RenderedOnce(JSCSSMixin):
    """A macro element whose output joins the page verbatim. folium's MacroElement compiles
    each output again as a Jinja template: slow for megabytes of features, and a door for
    template syntax in document text. (A JSCSSMixin, so streamlit-folium collects its links.)"""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        for name, url in getattr(self, "default_js", []):
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in getattr(self, "default_css", []):
            figure.header.add_child(CssLink(url), name=name)
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(_Rendered(str(macro(self, kwargs))), name=self.get_name())


class EntityLayer(RenderedOnce):
    """All entities in one script: points (clustered when dense, a cluster coloured by the main
    industry of its points), lines and areas, each with its popup and tooltip; check boxes show
    or hide kinds and placement precisions; a card's 'read' link opens the document."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .pa-cluster { border-radius: 50%; color: #fff; font: bold 12px sans-serif; text-align: center;
                      border: 2px solid rgba(255,255,255,0.85); box-shadow: 0 0 3px rgba(0,0,0,0.5);
                      text-shadow: 0 0 2px #000; }
        .pa-toggles { background: rgba(255,255,255,0.92); padding: 4px 8px; font: 11px sans-serif;
                      border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3); line-height: 16px; }
        .pa-toggles label { display: block; white-space: nowrap; cursor: pointer; }
        .pa-toggles hr { margin: 3px 0; border: 0; border-top: 1px solid #ccc; }
        .pa-mentions { margin: 2px 0; padding-left: 18px; max-height: 180px; overflow-y: auto; }
        .pa-src { color: #555; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            var data = {{ this.data }};
            var toggles = {{ this.toggles }};
            var colourOk = /^#[0-9a-fA-F]{6}$/;
            var clusterIcon = function (cluster) {  // the main industry's colour, the count as text
                var counts = {}, best = null;
                cluster.getAllChildMarkers().forEach(function (m) {
                    var c = m.options.fillColor;
                    counts[c] = (counts[c] || 0) + 1;
                    if (best === null || counts[c] > counts[best]) { best = c; }
                });
                var n = cluster.getChildCount(), size = n < 10 ? 28 : n < 100 ? 34 : 42;
                var div = document.createElement("div");
                div.className = "pa-cluster";
                div.style.background = colourOk.test(best) ? best : "#888888";
                div.style.width = div.style.height = div.style.lineHeight = (size - 4) + "px";
                div.textContent = String(n);
                return L.divIcon({html: div, className: "", iconSize: [size, size]});
            };
            var points = {{ "L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true, iconCreateFunction: clusterIcon})"
                           if this.cluster else "L.featureGroup()" }};
            var shapes = L.featureGroup(), layers = [], entries = [];
            L.geoJSON(data.collection, {
                pointToLayer: function (f, latlng) { return L.circleMarker(latlng, data.styles[f.properties.s]); },
                style: function (f) { return data.styles[f.properties.s]; },
                onEachFeature: function (f, layer) {
                    layer.bindPopup(f.properties.p, {maxWidth: 380});
                    layer.bindTooltip(f.properties.t, {sticky: true});
                    // the tooltip would sit over the open card
                    layer.on("popupopen", function () { layer.unbindTooltip(); });
                    layer.on("popupclose", function () { layer.bindTooltip(f.properties.t, {sticky: true}); });
                }
            }).eachLayer(function (layer) {
                layers.push(layer);
                entries.push({layer: layer, k: layer.feature.properties.k, q: layer.feature.properties.q || ""});
            });
            var hidden = {k: {}, q: {}};
            var draw = function () {  // what the check boxes leave shown
                points.clearLayers();
                shapes.clearLayers();
                var shown = [];
                entries.forEach(function (e) {
                    if (hidden.k[e.k] || hidden.q[e.q]) { return; }
                    if (e.layer instanceof L.CircleMarker) { shown.push(e.layer); } else { shapes.addLayer(e.layer); }
                });
                if (points.addLayers) { points.addLayers(shown); } else { shown.forEach(function (l) { points.addLayer(l); }); }
            };
            draw();
            shapes.addTo(map);
            points.addTo(map);
            if (toggles.length > 1) {
                var control = L.control({position: "topright"});
                control.onAdd = function () {
                    var div = L.DomUtil.create("div", "pa-toggles"), group = null;
                    toggles.forEach(function (t) {
                        if (group !== null && group !== t.group) { div.appendChild(document.createElement("hr")); }
                        group = t.group;
                        var box = document.createElement("input"), row = document.createElement("label");
                        var text = document.createElement("span");
                        box.type = "checkbox";
                        box.checked = true;
                        box.setAttribute("data-group", t.group);
                        box.setAttribute("data-value", t.value === null ? "" : t.value);
                        text.innerHTML = t.text;  // escaped by the server
                        box.addEventListener("change", function () {
                            hidden[t.group][t.value === null ? "" : t.value] = !box.checked;
                            draw();
                        });
                        row.appendChild(box);
                        row.appendChild(text);
                        div.appendChild(row);
                    });
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                control.addTo(map);
            }
            // A card's "read" link: the document at that sentence, in a new tab with the same view
            // (the map's frame may not navigate the page that holds it, but it may open a tab).
            var read = function (ev) {
                ev.preventDefault();
                var link = ev.currentTarget, here = window.top.location;
                var query = new URLSearchParams(here.search);
                query.set("view", "docs");
                query.set("read", link.getAttribute("data-file"));
                query.set("mention", link.getAttribute("data-m"));
                window.open(here.origin + here.pathname + "?" + query.toString(), "_blank", "noopener");
            };
            map.on("popupopen", function (e) {  // a popup stops clicks reaching the map: bind each link
                e.popup.getElement().querySelectorAll("a.pa-read").forEach(function (link) {
                    link.addEventListener("click", read);
                });
            });
            var focus = {{ this.focus }};  // the feature a table row chose: shown with its card open
            if (focus !== null && layers[focus]) {
                var target = layers[focus], open = function () { target.openPopup(); };
                if (target instanceof L.CircleMarker) {
                    map.setView(target.getLatLng(), {{ this.focus_zoom }});
                    if (points.zoomToShowLayer) { points.zoomToShowLayer(target, open); } else { open(); }
                } else {
                    map.fitBounds(target.getBounds(), {maxZoom: {{ this.focus_zoom }}});
                    open();
                }
            }
            return {points: points, shapes: shapes};
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        cluster: bool,
        focus: int | None = None,
        focus_zoom: int = 9,
        toggles: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "EntityLayer"
        self.data = script_json(data)
        self.cluster = cluster
        self.focus = script_json(focus)
        self.focus_zoom = int(focus_zoom)
        self.toggles = script_json(toggles or [])
        # instance links, so only a clustered map loads the plugin
        self.default_js = list(MarkerCluster.default_js) if cluster else []
        self.default_css = list(MarkerCluster.default_css) if cluster else []


class AreaLayer(RenderedOnce):
    """Units shaded by their count of entities, each with a tooltip (escaped by the server)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var data = {{ this.data }};
            L.geoJSON(data.collection, {
                style: function (f) {
                    return {color: "#555", weight: 0.8, fillColor: f.properties.fill, fillOpacity: 0.75,
                            className: "pa-choropleth"};
                },
                onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.t, {sticky: true}); }
            }).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "AreaLayer"
        self.data = script_json(data)


@cache
def offline_json(datum: str = "wgs84") -> tuple[str, str]:
    """The offline basemap's kind and data, serialised once per process."""
    kind, data = offline_layer(datum)
    return kind, script_json(data)


@cache
def seats_json(datum: str = "wgs84") -> str:
    """The prefecture seats, the offline basemap's place names when zoomed in."""
    return script_json(prefecture_seats(datum))


class OfflineBasemap(RenderedOnce):
    """Province outlines and names drawn in panes below the entities: a basemap with no tiles."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container { background: #dbe7f0; }
        .pa-province-label { color: #666; font: 11px sans-serif; white-space: nowrap;
                             text-shadow: 0 0 3px #fff; pointer-events: none; }
        .pa-place-label { color: #555; font: 10px sans-serif; white-space: nowrap;
                          text-shadow: 0 0 3px #fff; pointer-events: none; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            map.createPane("paBase").style.zIndex = 250;
            map.createPane("paLabels").style.zIndex = 260;
            map.getPane("paLabels").style.pointerEvents = "none";
            var labelsAtZoom = function () {  // names only once provinces are big enough to hold them
                map.getPane("paLabels").style.display = map.getZoom() >= 5 ? "" : "none";
            };
            map.on("zoomend", labelsAtZoom);
            labelsAtZoom();
            var data = {{ this.data }};
            var escape = function (s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; };
            {% if this.kind == "outlines" %}
            L.geoJSON(data, {pane: "paBase", interactive: false,
                style: {color: "#9a9a9a", weight: 0.8, fillColor: "#f6f3ec", fillOpacity: 1}}).addTo(map);
            data.features.forEach(function (f) {
                L.marker(f.properties.label, {pane: "paLabels", interactive: false, keyboard: false,
                    icon: L.divIcon({className: "pa-province-label", html: escape(f.properties.name),
                                     iconSize: null})}).addTo(map);
            });
            map.createPane("paPlaces").style.zIndex = 255;
            map.getPane("paPlaces").style.pointerEvents = "none";
            var placesAtZoom = function () {  // prefecture seats once zoomed in past the provinces
                map.getPane("paPlaces").style.display =
                    map.getZoom() >= {{ this.seat_zoom }} ? "" : "none";
            };
            map.on("zoomend", placesAtZoom);
            placesAtZoom();
            var seats = {{ this.seats }};
            seats.features.forEach(function (f) {
                var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
                L.circleMarker(ll, {pane: "paPlaces", radius: 2, color: "#888", weight: 1,
                                    interactive: false}).addTo(map);
                L.marker(ll, {pane: "paPlaces", interactive: false, keyboard: false,
                    icon: L.divIcon({className: "pa-place-label", html: escape(f.properties.name),
                                     iconSize: null, iconAnchor: [-4, 6]})}).addTo(map);
            });
            {% else %}
            L.geoJSON(data, {pane: "paBase", pointToLayer: function (f, latlng) {
                return L.circleMarker(latlng, {pane: "paBase", radius: 2, color: "#999", weight: 1,
                                               interactive: false});
            }}).addTo(map);
            data.features.forEach(function (f) {
                var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
                L.marker(ll, {pane: "paLabels", interactive: false, keyboard: false,
                    icon: L.divIcon({className: "pa-province-label", html: escape(f.properties.name),
                                     iconSize: null, iconAnchor: [-4, 6]})}).addTo(map);
            });
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, datum: str = "wgs84") -> None:
        super().__init__()
        self._name = "OfflineBasemap"
        self.kind, self.data = offline_json(datum)
        self.seats = seats_json(datum) if self.kind == "outlines" else "{}"
        self.seat_zoom = SEAT_LABELS_FROM_ZOOM


class MapControl(RenderedOnce):
    """A box in a corner of the map holding HTML written here (escaped where it holds data);
    shown at once, or only once a tile fails to load."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .pa-legend { background: rgba(255,255,255,0.92); padding: 4px 8px; font: 11px sans-serif;
                     line-height: 16px; border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3);
                     max-height: 260px; overflow-y: auto; }
        .pa-legend summary { cursor: pointer; font-weight: bold; }
        .pa-legend hr { margin: 3px 0; border: 0; border-top: 1px solid #ccc; }
        .pa-legend svg { vertical-align: middle; margin-right: 4px; }
        .leaflet-interactive:focus { outline: none; }
        .pa-tile-note { background: #fff8d6; padding: 4px 8px; font: 12px sans-serif; max-width: 260px;
                        border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3); }
        .pa-popup table { border-collapse: collapse; font-size: 12px; }
        .pa-popup th { text-align: left; vertical-align: top; padding-right: 6px; white-space: nowrap; color: #555; }
        .pa-popup .pa-pinyin { color: #666; font-size: 11px; margin-bottom: 4px; }
        .pa-popup mark { background: #ffe58a; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var control = L.control({position: {{ this.position }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class }});
                div.innerHTML = {{ this.html }};
                return div;
            };
            {% if this.on_tile_error %}
            var shown = false;
            map.eachLayer(function (layer) {
                if (layer instanceof L.TileLayer) {
                    layer.on("tileerror", function () { if (!shown) { shown = true; control.addTo(map); } });
                }
            });
            {% else %}
            control.addTo(map);
            {% endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, html_text: str, css_class: str, position: str, on_tile_error: bool) -> None:
        super().__init__()
        self._name = name
        self.html = script_json(html_text)
        self.css_class = script_json(css_class)
        self.position = script_json(position)
        self.on_tile_error = on_tile_error


def Legend(legend_html: str) -> MapControl:
    """Industry colours present on the map and the precision cues (popup styles ride along)."""
    return MapControl("Legend", legend_html, "pa-legend", "bottomright", on_tile_error=False)


def TileNote(text: str) -> MapControl:
    """A note once a tile fails to load: offline, OpenStreetMap and Gaode draw a grey map, and
    the reader should learn why and what to choose instead."""
    return MapControl("TileNote", html.escape(text), "pa-tile-note", "topright", on_tile_error=True)
