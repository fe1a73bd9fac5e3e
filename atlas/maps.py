"""Folium maps as pure functions: GeoDataFrames and plain metadata in, `folium.Map` out.

Choices that matter to readers and to speed:
- No tile layer unless asked for (`third_party_tiles`), so by default no request leaves
  the app's host; Leaflet itself comes from `static/vendor/` (see `atlas.static_files`).
- Every string that comes from data is HTML-escaped in Python before it reaches the page
  (`atlas.map_tooltips`): tooltips and legends are HTML in Leaflet, and a district may be
  called `<img src=x onerror=alert(1)>`.
- Two ways to draw areas. `choropleth_map` here puts GeoJSON into the map's script: simple, for
  small maps (a city's 20 arrondissements). The Map page draws with `atlas.area_layer`: outlines
  packed once per layer (`atlas.packed_geometry`) in a static file the browser caches, colours
  sent apart. Points (members, city figures) are in `atlas.map_dots`; the map's view in the
  page's address in `atlas.view_in_url`.
- Coordinates are rounded (5 decimals is about 1 m); simplify once at build time.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from atlas.classify import Classification, Legend, build_legend
from atlas.geo import in_wgs84, round_coordinates
from atlas.i18n import _
from atlas.legends import legend_html
from atlas.map_tooltips import STYLE_JS, feature_properties, on_each_feature_js
from atlas.static_files import leaflet_css_url, leaflet_js_url
from atlas.text import escape

AREA_CLASS = "atlas-area"

# --- The map and its assets ----------------------------------------------------------------


def base_map(
    bounds: Iterable[float] | None = None,
    third_party_tiles: str | None = None,
    third_party_attribution: str | None = None,
    height: str | int = "100%",
    view: tuple[float, float, float] | None = None,
    **map_options: Any,
) -> folium.Map:
    """An empty map that loads Leaflet from the app's own host and no tiles.

    view: (lat, lon, zoom) to open on instead of fitting `bounds`.
    third_party_tiles: a folium tile name ("OpenStreetMap", "CartoDB positron") or a URL
        template. Opt-in: the visitor's browser then loads tiles from that third party.
    bounds: (minx, miny, maxx, maxy) in degrees, as GeoDataFrame.total_bounds gives them.
    """
    m = folium.Map(tiles=None, height=height, control_scale=True, **map_options)
    use_local_assets(m)
    m.get_root().header.add_child(folium.Element(_MAP_CSS))
    if third_party_tiles:
        folium.TileLayer(third_party_tiles, attr=third_party_attribution, name=_("Basemap")).add_to(m)
    if view is not None:  # the view a link asked for (ViewInUrl wrote it)
        m.location, m.options["zoom"] = [view[0], view[1]], view[2]
    elif bounds is not None and all(np.isfinite(list(bounds))):
        minx, miny, maxx, maxy = bounds
        m.location = [(miny + maxy) / 2, (minx + maxx) / 2]
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


# A calm background where there is no polygon, and an attribution that does not cover the map.
_MAP_CSS = (
    "<style>.leaflet-container{background:#f2f2ef}"
    ".leaflet-container .leaflet-control-attribution{font:11px/1.3 sans-serif;max-width:75%;white-space:normal}"
    # Tooltips wrap instead of running off a phone-wide map.
    ".leaflet-pane path.atlas-member-dot{pointer-events:none !important}"  # the tap circle above answers
    ".leaflet-tooltip.atlas-parent-label{white-space:nowrap;max-width:none;background:none;border:0;box-shadow:none;padding:0;font:600 11px/1.2 sans-serif;"
    "color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}"
    ".leaflet-tooltip.atlas-parent-label::before{display:none}"
    ".leaflet-tooltip{white-space:normal;width:max-content;max-width:min(240px,60vw);overflow-wrap:anywhere}</style>"
)


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point the map at the vendored Leaflet and drop jQuery, Bootstrap and icon fonts.

    Set on the instance, not the class: folium's lists are shared module state. Both
    `m.get_root().render()` and streamlit-folium (which reads `default_js`/`default_css`
    of every element) then load only these files.
    """
    m.default_js = [("leaflet", leaflet_js_url())]
    m.default_css = [("leaflet_css", leaflet_css_url())]
    return m


# --- Choropleth -----------------------------------------------------------------------------


def choropleth_map(
    gdf: gpd.GeoDataFrame,
    value_col: str,
    meta: Mapping[str, Any],
    classification: Classification,
    *,
    legend: bool = True,
    legend_note: str = "",
    precision: int = 5,
    decimals: int = 1,
    third_party_tiles: str | None = None,
    height: str | int = "100%",
) -> folium.Map:
    """A choropleth of `gdf[value_col]` drawn with `classification`.

    gdf: geo_code, name, year, flag, geometry and the value column; moe and sample_size
        when known. meta: title, unit, higher_is, source, attribution.
    legend_note: e.g. "100 = the region's average", shown under the legend.
    """
    gdf = in_wgs84(gdf)
    m = base_map(gdf.total_bounds if len(gdf) else None, third_party_tiles, height=height)
    choropleth_layer(gdf, value_col, meta, classification, precision=precision, decimals=decimals).add_to(m)
    if legend:
        LegendControl(map_legend(gdf, value_col, meta, classification, legend_note)).add_to(m)
    return m


def map_legend(
    gdf: pd.DataFrame, value_col: str, meta: Mapping[str, Any], classification: Classification, note: str = ""
) -> Legend:
    """The legend data for one map: the page can also draw it beside the map with `legend_html`."""
    return build_legend(gdf[value_col], classification, meta.get("title", ""), meta.get("unit", ""), note=note)


def choropleth_layer(
    gdf: gpd.GeoDataFrame,
    value_col: str,
    meta: Mapping[str, Any],
    classification: Classification,
    *,
    precision: int = 5,
    decimals: int = 1,
) -> folium.GeoJson:
    """The polygons alone, for a map of your own (small multiples, an extra layer)."""
    gdf = in_wgs84(gdf)
    properties = feature_properties(gdf, value_col, meta, classification, decimals)
    shapes = gpd.GeoDataFrame(properties, geometry=round_coordinates(gdf.geometry, precision))
    return folium.GeoJson(
        shapes.to_geo_dict(drop_id=True),
        name=escape(meta.get("title", "")),
        style=JsCode(STYLE_JS),
        on_each_feature=on_each_feature_js(meta),
        attribution=escape(meta.get("attribution", "")),
        class_name=AREA_CLASS,  # Leaflet passes it to every polygon: tests count `path.atlas-area`
    )


# A div for the legend control.
_LEGEND_DIV_JS = """window.atlasLegendDiv = function (content) {
    var div = L.DomUtil.create("div", "atlas-legend-control");
    div.innerHTML = content;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
};"""


class LegendControl(MacroElement):
    """The legend as a Leaflet control in the map's corner (folium has none that counts)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.legend_div_js }}
        window.atlasLegend = L.control({position: {{ this.position|tojson }}});
        window.atlasLegend.onAdd = function () { return atlasLegendDiv({{ this.html|tojson }}); };
        window.atlasLegend.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, legend: Legend, position: str = "bottomright"):
        super().__init__()
        self._name = "AtlasLegend"
        self.legend_div_js = _LEGEND_DIV_JS
        self.html = legend_html(legend)
        self.position = position


# --- The larger units over the districts -------------------------------------------------------

PARENT_PANE = "atlasParents"
# How a layer's script gets its data: `source` is a static file's URL (fetched once, then kept by the
# browser's cache) or the data itself, when the static folder could not be written.
# A published layer (`atlas.static_files.publish_geometry`) is fetched gzipped and unpacked by the
# browser, so no server compresses it per reader; the JSON itself where the browser cannot unpack
# (no DecompressionStream) or the gzipped file fails (a server that does not have it, a proxy that
# already unpacked it).
LOAD_JS = """function (source) {
    if (typeof source !== "string") { return Promise.resolve(source); }
    function json(r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r; }
    function plain() { return fetch(source).then(function (r) { return json(r).json(); }); }
    if (!window.DecompressionStream) { return plain(); }
    return fetch(source + ".gz").then(function (r) {
        return new Response(json(r).body.pipeThrough(new DecompressionStream("gzip"))).json();
    }).catch(plain);
}"""


def parent_outlines(units: gpd.GeoDataFrame, precision: int = 4) -> dict:
    """The larger units (`parent`) as GeoJSON with their names escaped (the labels are HTML): made
    once per layer and published as a static file (`atlas.cached.parent_outlines`). 4 decimals
    (about 10 m) is plenty for an outline."""
    units = in_wgs84(units)
    shapes = gpd.GeoDataFrame({"name": [escape(n) for n in units["parent"]]},
                              geometry=round_coordinates(units.geometry, precision))
    return shapes.to_geo_dict(drop_id=True)


class _Parents(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var source = {{ this.source|tojson }};
            var loading = ({{ this.load_js }})(source);
            loading.then(function (outlines) {
                L.geoJSON(outlines, {
                    pane: {{ this.pane|tojson }}, interactive: false,
                    style: function () { return {fill: false, color: "#1a1a1a", weight: 1.8, opacity: 0.9}; },
                    onEachFeature: function (feature, layer) {
                        layer.bindTooltip(feature.properties.name,
                                          {permanent: true, direction: "center", className: "atlas-parent-label"});
                    }
                }).addTo(map);
            }).catch(function (e) { console.error("atlas: the larger units could not be loaded: " + e); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, source: str | Mapping[str, Any]):
        super().__init__()
        self._name = "AtlasParents"
        self.source = source if isinstance(source, str) else dict(source)
        self.pane, self.load_js = PARENT_PANE, LOAD_JS


def add_parents(m: folium.Map, source: str | Mapping[str, Any]) -> folium.Map:
    """Outlines and names of the larger units drawn over a district map, in a pane of their own above
    the districts that lets taps and hovers through to them. No tiles: the sense of place comes from
    the atlas's own boundaries. `source`: the URL of a published `parent_outlines` file, fetched once
    and cached by the browser (else the outlines themselves): up to 200 KB a map's script would
    otherwise carry, and folium re-read, on every run."""
    folium.map.CustomPane(PARENT_PANE, z_index=450, pointer_events=False).add_to(m)
    _Parents(source).add_to(m)
    return m
