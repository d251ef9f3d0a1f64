"""The map's tools: a fullscreen button and a distance measure, written here for the offline app.

folium.plugins.Fullscreen and MeasureControl load npm packages (leaflet.fullscreen,
leaflet-measure) from a CDN, and no package that pip installs ships them as files a page can
load (the one PyPI package holding leaflet.fullscreen is a Plone add-on with an old copy; the
ipyleaflet bundle compiles both into a Jupyter module). The app runs with no internet and copies
no third-party code, so these two small controls use what the browser and Leaflet already have:
the Fullscreen API on the map's container, and Leaflet's own map.distance for the path's length.
"""

from __future__ import annotations

from branca.element import Template

from geo.app.elements import RenderedOnce, script_json
from geo.app.labels import label

TOOL_LABELS = ("fullscreen", "exit_fullscreen", "measure", "measure_hint", "measure_clear", "distance")
# Outlines for the buttons: inline SVG, so no icon font or image is needed.
FULLSCREEN_ICON = (
    '<svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="#333" stroke-width="2">'
    '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5"/></svg>'
)
MEASURE_ICON = (
    '<svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="#333" stroke-width="1.6">'
    '<rect x="1" y="5" width="14" height="6"/><path d="M4 5v3M7 5v2M10 5v3M13 5v2"/></svg>'
)


class MapTools(RenderedOnce):
    """A fullscreen button (only where the page may go fullscreen, so no button does nothing)
    and a measure button: while it is on, each click on the map adds a point to a dashed path and
    the panel shows the path's length; 'clear' starts again. Cards stay shut while measuring, so a
    click on a park measures to it rather than opening its card."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .pa-tool { display: flex; align-items: center; justify-content: center; background: #fff;
                   cursor: pointer; }
        .pa-tool.pa-on { background: #ffe58a; }
        .pa-measure-panel { background: rgba(255,255,255,0.95); padding: 4px 8px; font: 12px sans-serif;
                            border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3); }
        .pa-measure-panel button { margin-left: 8px; font: 12px sans-serif; cursor: pointer; }
        .pa-measuring { cursor: crosshair !important; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var text = {{ this.labels }};
            var button = function (bar, className, icon, title) {
                var a = L.DomUtil.create("a", "pa-tool " + className, bar);
                a.href = "#";
                a.setAttribute("role", "button");
                a.innerHTML = icon;  // an icon written by the server
                a.title = title;
                a.setAttribute("aria-label", title);
                return a;
            };
            var setTitle = function (a, title) { a.title = title; a.setAttribute("aria-label", title); };

            var tools = L.control({position: "topleft"});
            tools.onAdd = function () {
                var bar = L.DomUtil.create("div", "leaflet-bar pa-tools");
                L.DomEvent.disableClickPropagation(bar);
                var container = map.getContainer();
                if (document.fullscreenEnabled) {
                    var full = button(bar, "pa-fullscreen", {{ this.fullscreen_icon }}, text.fullscreen);
                    L.DomEvent.on(full, "click", function (ev) {
                        L.DomEvent.preventDefault(ev);
                        if (document.fullscreenElement === container) { document.exitFullscreen(); }
                        else { container.requestFullscreen(); }
                    });
                    document.addEventListener("fullscreenchange", function () {
                        var on = document.fullscreenElement === container;
                        full.classList.toggle("pa-on", on);
                        setTitle(full, on ? text.exit_fullscreen : text.fullscreen);
                        map.invalidateSize();
                    });
                }
                var ruler = button(bar, "pa-measure", {{ this.measure_icon }}, text.measure);
                measure.button = ruler;
                L.DomEvent.on(ruler, "click", function (ev) {
                    L.DomEvent.preventDefault(ev);
                    measuring(!measure.on);
                });
                return bar;
            };

            var measure = {on: false, points: [], marks: L.featureGroup(), line: null};
            var panel = L.control({position: "topleft"});
            panel.onAdd = function () {
                var div = L.DomUtil.create("div", "pa-measure-panel");
                var total = L.DomUtil.create("span", "pa-measure-total", div);
                var clear = L.DomUtil.create("button", "pa-measure-clear", div);
                clear.type = "button";
                clear.textContent = text.measure_clear;
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.on(clear, "click", function () { reset(); });
                measure.total = total;
                return div;
            };
            var length = function (points) {  // metres along the path, by Leaflet's own distance
                var metres = 0;
                for (var i = 1; i < points.length; i++) { metres += map.distance(points[i - 1], points[i]); }
                return metres;
            };
            var shown = function (metres) {
                if (metres < 1000) { return Math.round(metres) + " m"; }
                var km = metres / 1000;
                return km.toFixed(km < 10 ? 2 : km < 1000 ? 1 : 0) + " km";
            };
            var update = function () {
                measure.total.textContent = measure.points.length < 2
                    ? text.measure_hint
                    : text.distance + " " + shown(length(measure.points));
                measure.total.setAttribute("data-metres", String(length(measure.points)));
            };
            var reset = function () {
                measure.points = [];
                measure.marks.clearLayers();
                measure.line = null;
                update();
            };
            var add = function (ev) {
                measure.points.push(ev.latlng);
                L.circleMarker(ev.latlng, {radius: 4, color: "#c0392b", weight: 2, fillColor: "#fff",
                                           fillOpacity: 1, interactive: false}).addTo(measure.marks);
                if (measure.line === null) {
                    measure.line = L.polyline(measure.points, {color: "#c0392b", weight: 2, dashArray: "6 4",
                        interactive: false, className: "pa-measure-line"}).addTo(measure.marks);
                } else {
                    measure.line.setLatLngs(measure.points);
                }
                update();
            };
            var noCard = function (ev) { map.closePopup(ev.popup); };
            var measuring = function (on) {
                measure.on = on;
                map.getContainer().classList.toggle("pa-measuring", on);
                measure.button.classList.toggle("pa-on", on);
                if (on) {
                    map.doubleClickZoom.disable();  // a double click adds two points, not a zoom
                    map.on("click", add);
                    map.on("popupopen", noCard);
                    map.closePopup();
                    measure.marks.addTo(map);
                    panel.addTo(map);
                    reset();
                } else {
                    map.doubleClickZoom.enable();
                    map.off("click", add);
                    map.off("popupopen", noCard);
                    measure.marks.remove();
                    panel.remove();
                }
            };
            tools.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str = "zh") -> None:
        super().__init__()
        self._name = "MapTools"
        self.labels = script_json({key: label(key, lang) for key in TOOL_LABELS})
        self.fullscreen_icon = script_json(FULLSCREEN_ICON)
        self.measure_icon = script_json(MEASURE_ICON)
