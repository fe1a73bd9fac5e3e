"""Folium maps as pure functions: GeoDataFrames and plain metadata in, `folium.Map` out.

Choices that matter to readers and to speed:
- No tile layer unless asked for (`third_party_tiles`), so by default no request leaves
  the app's host; Leaflet itself comes from `static/vendor/` (see `atlas.static_files`).
- Every string that comes from data is HTML-escaped here, in Python, before it reaches
  the page: tooltips and legends are HTML in Leaflet, and a district may be called
  `<img src=x onerror=alert(1)>`.
- Two ways to draw areas. `choropleth_map` puts GeoJSON into the map's script: simple, for
  small maps (a city's 20 arrondissements). The Map page uses `area_map` + `area_data_group`:
  the geometry is packed (`pack_geometry`: quantized, delta-encoded integers, about a third of
  GeoJSON's size) and fetched once per layer from a static file the browser caches, while the
  colours, tooltip text and legend travel as a small `feature_group_to_add`. The map's own
  script then depends on the layer only, so another year, indicator or classification
  recolours the drawn polygons without remounting the map or sending geometry again.
- Coordinates are rounded (5 decimals is about 1 m); simplify once at build time.
"""
from __future__ import annotations

import hashlib
import json
import math
from typing import Any, Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from atlas.classify import NO_DATA_COLOUR, Classification, Legend, build_legend
from atlas.i18n import _, fmt_number
from atlas.legends import legend_html
from atlas.text import escape, flag_words, format_value
from atlas.static_files import leaflet_css_url, leaflet_js_url

OUTLINE = {"color": "#ffffff", "weight": 0.6, "opacity": 1, "fillOpacity": 0.85}
HIGHLIGHT = {"color": "#222222", "weight": 2}
WGS84 = "EPSG:4326"
AREA_CLASS, MEMBER_CLASS, DOT_CLASS, CITY_DOT_CLASS = "atlas-area", "atlas-member", "atlas-member-dot", "atlas-city-figure"

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


# --- Geometry -------------------------------------------------------------------------------


def round_coordinates(geometry: gpd.GeoSeries, decimals: int) -> gpd.GeoSeries:
    """Coordinates rounded to `decimals`: fewer bytes, the same picture."""
    rounded = shapely.transform(geometry.values, lambda xy: np.round(xy, decimals))
    return gpd.GeoSeries(rounded, index=geometry.index, crs=geometry.crs)


def _in_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None or gdf.crs.equals(WGS84):
        return gdf
    return gdf.to_crs(WGS84)


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
    gdf = _in_wgs84(gdf)
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
    gdf = _in_wgs84(gdf)
    properties = feature_properties(gdf, value_col, meta, classification, decimals)
    shapes = gpd.GeoDataFrame(properties, geometry=round_coordinates(gdf.geometry, precision))
    return folium.GeoJson(
        shapes.to_geo_dict(drop_id=True),
        name=escape(meta.get("title", "")),
        style=JsCode(_STYLE_JS),
        on_each_feature=_on_each_feature_js(meta),
        attribution=escape(meta.get("attribution", "")),
        class_name=AREA_CLASS,  # Leaflet passes it to every polygon: tests count `path.atlas-area`
    )


def feature_properties(
    gdf: pd.DataFrame,
    value_col: str,
    meta: Mapping[str, Any],
    classification: Classification,
    decimals: int = 1,
) -> pd.DataFrame:
    """What each feature carries: its code, its fill and its tooltip fields, escaped.

    Short text fields rather than tooltip HTML: the labels are sent once per layer
    (`tooltip_script`), which keeps a 1,700-feature layer well under its byte budget.
    """
    fields = tooltip_fields(gdf, value_col, meta.get("unit", ""), decimals)
    fields.insert(0, "fill", classification.colours_for(gdf[value_col]))
    fields.insert(0, "geo_code", gdf["geo_code"].astype(str).to_numpy())
    return fields


def tooltip_fields(gdf: pd.DataFrame, value_col: str, unit: str = "", decimals: int = 1) -> pd.DataFrame:
    """name, value (with unit), year, flag (in words), moe and n, as escaped text; None when unknown.

    Each distinct value is formatted once (number formatting is the slow part of a map of
    1,700 areas)."""
    def column(name: str) -> pd.Series:
        return gdf[name] if name in gdf else pd.Series(None, index=gdf.index, dtype="object")

    def numbers(name: str) -> list[float | None]:
        values = pd.to_numeric(column(name) if name != value_col else gdf[value_col], errors="coerce")
        return [None if pd.isna(v) else float(v) for v in values.tolist()]

    def text_or_none(values: Iterable, formatter) -> list[str | None]:
        memo: dict = {}
        out = []
        for v in values:
            key = "\0none" if v is None or (isinstance(v, float) and math.isnan(v)) else v
            if key not in memo:
                memo[key] = escape(formatter(v)) or None
            out.append(memo[key])
        return out

    return pd.DataFrame(
        {
            "name": [escape(v) or None for v in column("name")],
            "value": text_or_none(numbers(value_col), lambda v: format_value(v, unit, decimals, style="with_unit")),
            "year": text_or_none(column("year"), _plain_year),
            "flag": text_or_none(column("flag"), lambda f: flag_words(f) if isinstance(f, str) else ""),
            "moe": text_or_none(numbers("moe"), lambda v: _known(format_value, v, unit, decimals, style="with_unit")),
            "n": text_or_none(numbers("sample_size"), lambda v: _known(fmt_number, v, 0)),
        },
        index=gdf.index,
    )


def _known(formatter, value, *args, **kwargs) -> str:
    return "" if value is None else formatter(value, *args, **kwargs)


def _number(value: Any) -> float | None:
    number = pd.to_numeric(value, errors="coerce") if value is not None else None
    return None if number is None or pd.isna(number) else float(number)


def _plain_year(year: Any) -> str:
    number = _number(year)
    if number is None:
        return "" if year is None or year != year else str(year)
    return str(int(number)) if number == int(number) else str(year)


def tooltip_labels(meta: Mapping[str, Any]) -> dict[str, str]:
    """The tooltip's fixed words for one layer, translated and escaped."""
    return {
        "year": escape(_("Year: {year}")),
        "moe": escape(_("Margin of error: ± {moe}")),
        "n": escape(_("Sample size: {n}")),
        "source": escape(_("Source: {source}", source=meta.get("source", ""))) if meta.get("source") else "",
    }


# Leaflet calls `style` per feature; the colour lives in the feature's properties.
_STYLE_JS = "function (feature) { return Object.assign(%s, {fillColor: feature.properties.fill}); }" % json.dumps(OUTLINE)

# The tooltip's lines from escaped fields; shared by both ways of drawing. Every field was
# escaped in Python and the labels are a JSON literal. Replacements are functions, not
# strings, so a "$&" in a value stays text.
_TIP_JS = """function (p, labels) {
    var lines = ["<strong>" + (p.name || "") + "</strong>", p.value];
    if (p.year) { lines.push(labels.year.replace("{year}", function () { return p.year; })); }
    if (p.flag) { lines.push("<em>" + p.flag + "</em>"); }
    if (p.moe) { lines.push(labels.moe.replace("{moe}", function () { return p.moe; })); }
    if (p.n) { lines.push(labels.n.replace("{n}", function () { return p.n; })); }
    if (labels.source) { lines.push("<small>" + labels.source + "</small>"); }
    return lines.join("<br>");
}"""

# folium inlines this into its onEachFeature.
_ON_EACH_FEATURE_JS = """function (feature, layer) {
    var labels = %(labels)s, tip = %(tip)s;
    layer.bindTooltip(tip(feature.properties, labels), {sticky: true});
    layer.on("mouseover", function () { layer.setStyle(%(highlight)s); layer.bringToFront(); });
    layer.on("mouseout", function () { layer.setStyle(%(outline)s); });
}"""


def _on_each_feature_js(meta: Mapping[str, Any]) -> JsCode:
    return JsCode(_ON_EACH_FEATURE_JS % {
        "labels": _to_script_json(tooltip_labels(meta)),
        "tip": _TIP_JS,
        "highlight": json.dumps(HIGHLIGHT),
        "outline": json.dumps({"color": OUTLINE["color"], "weight": OUTLINE["weight"]}),
    })


def _to_script_json(value: Any) -> str:
    """JSON that cannot close the surrounding <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# A div for the legend control.
_LEGEND_DIV_JS = """window.atlasLegendDiv = function (content) {
    var div = L.DomUtil.create("div", "atlas-legend-control");
    div.innerHTML = content;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
};"""


# --- Geometry sent once, data restyled: the Map page's way ---------------------------------

PACKED_FORMAT = "atlas-packed-1"


def pack_geometry(gdf: gpd.GeoDataFrame, quantum: float = 1e-5) -> dict:
    """Polygons as quantized, delta-encoded integers, for `AreaLayer` to fetch and draw.

    {"format", "q", "origin": [x, y], "codes": [...], "shapes": [...]}: shapes[i] belongs to
    codes[i] and is a list of polygons, each a list of rings, each a flat list
    [dx0, dy0, dx1, dy1, ...] of steps of `quantum` degrees from the previous point (the first
    from `origin`). The closing point and repeated points are dropped (Leaflet closes rings).
    At the store's own grid (1e-5°, about 1 m) this loses nothing and is a third of GeoJSON.
    """
    gdf = _in_wgs84(gdf)
    origin = np.floor(gdf.total_bounds[:2] / quantum) * quantum if len(gdf) else np.zeros(2)
    shapes = []
    for geometry in gdf.geometry:
        polygons = []
        for polygon in shapely.get_parts(geometry):
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            rings = [_packed_ring(ring, origin, quantum) for ring in (polygon.exterior, *polygon.interiors)]
            polygons.append([r for r in rings if len(r) >= 6])
        shapes.append([p for p in polygons if p])
    return {
        "format": PACKED_FORMAT,
        "q": quantum,
        "origin": [round(float(v), 9) for v in origin],
        "codes": gdf["geo_code"].astype(str).tolist(),
        "shapes": shapes,
    }


def _packed_ring(ring, origin: np.ndarray, quantum: float) -> list[int]:
    steps = np.rint((shapely.get_coordinates(ring) - origin) / quantum).astype(np.int64)
    if len(steps) > 1 and (steps[0] == steps[-1]).all():
        steps = steps[:-1]
    deltas = np.diff(steps, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    keep = (deltas != 0).any(axis=1)
    keep[0] = True
    return deltas[keep].ravel().tolist()


def unpack_geometry(packed: Mapping[str, Any]) -> dict[str, list]:
    """The inverse of `pack_geometry` in Python (tests): code -> polygons -> rings of (x, y)."""
    q, (ox, oy) = packed["q"], packed["origin"]
    out = {}
    for code, polygons in zip(packed["codes"], packed["shapes"]):
        rings_out = []
        for rings in polygons:
            decoded = []
            for flat in rings:
                steps = np.cumsum(np.asarray(flat, dtype=np.int64).reshape(-1, 2), axis=0)
                decoded.append([(ox + x * q, oy + y * q) for x, y in steps])
            rings_out.append(decoded)
        out[code] = rings_out
    return out


class AreaLayer(MacroElement):
    """Polygons fetched once from `source` (a URL of a `pack_geometry` file, or the packed dict
    itself) and drawn when `area_data_group` says which codes to draw in which colours.

    Its script depends on the geometry only, so streamlit-folium keeps the map mounted when the
    data changes. Each polygon is an SVG `path.atlas-area`; the map's container says how many
    are drawn in `data-atlas-drawn`. A click reports only the area's code, not its geometry.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            // One group for the map's life, made now: streamlit-folium listens for clicks on the layers
            // it finds once the colours arrive, before the outlines have; polygons added later pass
            // their clicks up to it.
            var A = window.atlasArea = {map: map, geometry: null, data: null, layer: L.featureGroup(), paths: {}, key: null};
            var tip = {{ this.tip_js }};
            var outline = {{ this.outline|tojson }}, highlight = {{ this.highlight|tojson }};
            {%- if this.attribution %}
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            {%- endif %}
            function unpack(p) {
                var q = p.q, ox = p.origin[0], oy = p.origin[1], shapes = {};
                p.codes.forEach(function (code, i) {
                    shapes[code] = p.shapes[i].map(function (rings) {
                        return rings.map(function (d) {
                            var x = 0, y = 0, out = new Array(d.length / 2);
                            for (var j = 0; j < d.length; j += 2) {
                                x += d[j]; y += d[j + 1];
                                out[j / 2] = [oy + y * q, ox + x * q];
                            }
                            return out;
                        });
                    });
                });
                return shapes;
            }
            function fields(r) { return {name: r[2], value: r[3], year: r[4], flag: r[5], moe: r[6], n: r[7]}; }
            // No data is hatched, not only grey: a pattern in the overlay's SVG, made once.
            function colour(d, r) { return r[1] >= 0 ? d.colours[r[1]] : "url(#atlas-no-data)"; }
            function hatch() {
                var svg = map.getPanes().overlayPane.querySelector("svg"), ns = "http://www.w3.org/2000/svg";
                if (!svg || svg.querySelector("#atlas-no-data")) { return; }
                var pattern = document.createElementNS(ns, "pattern"), defs = document.createElementNS(ns, "defs");
                [["id", "atlas-no-data"], ["patternUnits", "userSpaceOnUse"], ["width", "6"], ["height", "6"],
                 ["patternTransform", "rotate(45)"]].forEach(function (a) { pattern.setAttribute(a[0], a[1]); });
                pattern.innerHTML = '<rect width="6" height="6" fill="' + A.data.no_data + '"/>' +
                    '<line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/>';
                defs.appendChild(pattern);
                svg.insertBefore(defs, svg.firstChild);
            }
            A.draw = function () {
                var d = A.data;
                if (!A.geometry || !d) { return; }
                if (A.key === d.key) {
                    d.rows.forEach(function (r) {
                        var p = A.paths[r[0]];
                        if (p) { p.atlasRow = r; p.setStyle({fillColor: colour(d, r)}); }
                    });
                } else {
                    A.layer.clearLayers();
                    A.paths = {};
                    d.rows.forEach(function (r) {
                        var shape = A.geometry[r[0]];
                        if (!shape || !shape.length) { return; }
                        var p = L.polygon(shape, Object.assign({className: "atlas-area", fillColor: colour(d, r)}, outline));
                        p.atlasRow = r;
                        p.toGeoJSON = function () { return {type: "Feature", properties: {geo_code: r[0]}, geometry: null}; };
                        A.paths[r[0]] = p;
                        A.layer.addLayer(p);
                    });
                    hatch();
                    A.layer.bringToBack();  // under the member dots, which came first
                    A.key = d.key;
                    map.getContainer().setAttribute("data-atlas-drawn", String(A.layer.getLayers().length));
                }
                fit(d);
            };
            // `fit` names the part of the layer shown (a borough, a commune; "" for all of it): when it
            // changes, the map fits what is drawn. Not on opening the whole layer (the map opened on it),
            // nor on opening a link that gave its own centre and zoom.
            function fit(d) {
                if (d.fit === undefined || d.fit === null || d.fit === A.fitted) { return; }
                var first = A.fitted === undefined, bounds = A.layer.getBounds();
                A.fitted = d.fit;
                if (bounds.isValid() && !(first && (d.fit === "" || !{{ this.fit_on_open|tojson }}))) {
                    map.fitBounds(bounds, {padding: [8, 8]});
                }
            }
            A.layer.bindTooltip(function (p) { return tip(fields(p.atlasRow), A.data.labels); }, {sticky: true});
            A.layer.on("mouseover", function (e) { e.layer.setStyle(highlight); e.layer.bringToFront(); });
            A.layer.on("mouseout", function (e) { e.layer.setStyle({color: outline.color, weight: outline.weight}); });
            A.layer.addTo(map);
            window.atlasSetData = function (data) { A.data = data; A.draw(); };
            var source = {{ this.source|tojson }};
            var loading = typeof source === "string"
                ? fetch(source).then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
                : Promise.resolve(source);
            loading.then(function (packed) { A.geometry = unpack(packed); A.draw(); })
                .catch(function (e) { console.error("atlas: the boundaries could not be loaded: " + e); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, source: str | Mapping[str, Any], attribution: str = "", fit_on_open: bool = True):
        super().__init__()
        self._name = "AtlasAreas"
        self.fit_on_open = fit_on_open
        self.source = source if isinstance(source, str) else dict(source)
        self.attribution = escape(attribution)
        self.tip_js = _TIP_JS
        self.outline, self.highlight = OUTLINE, HIGHLIGHT


def area_map(
    source: str | Mapping[str, Any],
    bounds: Iterable[float] | None,
    attribution: str = "",
    *,
    height: str | int = "100%",
    view: tuple[float, float, float] | None = None,
    view_in_url: bool = False,
    owner: str = "",
) -> folium.Map:
    """A map that fetches a packed layer once and waits for `area_data_group` to colour it;
    opened on `view` when given, and writing the reader's view into the page's address when asked
    (`owner`: which map of the page it is, so another map does not inherit its view)."""
    m = base_map(bounds, height=height, view=view, zoom_snap=0.25)  # fractional zoom: small maps fit their city
    AreaLayer(source, attribution, fit_on_open=view is None).add_to(m)
    if view_in_url:
        ViewInUrl(owner).add_to(m)
    return m


# Runs in the app's page, once: Streamlit rewrites the address from its own copy of the query
# parameters on every run that changes one (a widget), and that copy never saw the view the map wrote.
# While the reader stays on the same map (same page and same view, member and layer in the address),
# the map's last centre and zoom are put back into each rewritten address; any other address forgets them.
KEEP_VIEW_JS = """(function () {
    if (window.atlasKeptView !== undefined) { return; }
    window.atlasKeptView = null;
    ["pushState", "replaceState"].forEach(function (name) {
        var original = history[name];
        history[name] = function (state, title, url) {
            var kept = window.atlasKeptView;
            if (kept && url !== undefined && url !== null) {
                var next = new URL(String(url), location.href);
                var same = next.pathname === kept.path && Object.keys(kept.same).every(function (k) {
                    return next.searchParams.get(k) === kept.same[k]; });
                if (same) {
                    next.searchParams.set("center", kept.center);
                    next.searchParams.set("zoom", kept.zoom);
                    url = next.pathname + next.search + next.hash;
                } else { window.atlasKeptView = null; }
            }
            return original.call(history, state, title, url);
        };
    });
})();"""
SAME_MAP_KEYS = ("view", "member", "layer")  # query parameters that say which map the view belongs to


class ViewInUrl(MacroElement):
    """Once the reader has panned or zoomed, the map's centre and zoom go into the page's address
    (?center=lat,lon&zoom=z), so a shared link reopens this view; a map nobody moved writes nothing.
    The map's frame is the app's own (same origin), so it can rewrite its parent's address and keep it
    there across the page's reruns (KEEP_VIEW_JS); the page reads the two keys back on open
    (`atlas.map_data.map_view`). Another map (`owner`) mounted in its place forgets the view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var moved = false, box = map.getContainer(), top = window.parent, owner = {{ this.owner|tojson }};
            try {
                if (top.atlasKeptView === undefined) {
                    var script = top.document.createElement("script");
                    script.textContent = {{ this.keep_js|tojson }};
                    top.document.head.appendChild(script);
                }
                if (top.atlasKeptView && top.atlasKeptView.owner !== owner) {  // the view of another map
                    top.atlasKeptView = null;
                    var url = new URL(top.location.href);
                    url.searchParams.delete("center");
                    url.searchParams.delete("zoom");
                    top.history.replaceState(top.history.state, "", url.toString());
                }
            } catch (e) { return; /* embedded elsewhere: no address of ours to write */ }
            map.atlasMoved = function () { moved = true; };  // a tap on the "most affected" list moves it too
            ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (type) {
                box.addEventListener(type, function () { moved = true; }, {passive: true});
            });
            map.on("moveend", function () {
                if (!moved) { return; }
                var url = new URL(top.location.href), c = map.getCenter(), same = {};
                {{ this.same_keys|tojson }}.forEach(function (k) { same[k] = url.searchParams.get(k); });
                top.atlasKeptView = {owner: owner, path: url.pathname, same: same,
                                     center: c.lat.toFixed(4) + "," + c.lng.toFixed(4),
                                     zoom: String(Math.round(map.getZoom() * 4) / 4)};
                top.history.replaceState(top.history.state, "", url.toString());  // the keeper adds the view
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, owner: str = ""):
        super().__init__()
        self._name = "AtlasViewInUrl"
        self.owner, self.keep_js, self.same_keys = owner, KEEP_VIEW_JS, list(SAME_MAP_KEYS)


def area_data(
    gdf: pd.DataFrame,
    value_col: str,
    meta: Mapping[str, Any],
    classification: Classification,
    decimals: int = 1,
) -> dict:
    """What `AreaLayer` needs to colour and label the areas: plain, escaped, no geometry.

    rows: [code, class index (-1 for no data), name, value, year, flag, moe, n]; `key` changes
    only when the set of codes does (then the layer is rebuilt from the geometry it holds;
    otherwise only the colours change).
    """
    return area_rows(gdf, value_col, meta, classification.class_indices(gdf[value_col]),
                     list(classification.colours), decimals)


def area_rows(gdf: pd.DataFrame, value_col: str, meta: Mapping[str, Any], classes: Iterable[int],
              colours: list[str], decimals: int = 1) -> dict:
    """`area_data` with the class of each area given (-1: no data): for views coloured by category."""
    fields = tooltip_fields(gdf, value_col, meta.get("unit", ""), decimals)
    codes = gdf["geo_code"].astype(str).tolist()
    texts = fields[["name", "value", "year", "flag", "moe", "n"]].astype(object)
    texts = texts.where(texts.notna(), None)  # pandas turns None into NaN; JSON wants null
    rows = [[code, int(cls), *values] for code, cls, values in zip(codes, classes, texts.itertuples(index=False))]
    return {
        "key": hashlib.sha1("\n".join(sorted(codes)).encode()).hexdigest()[:12],
        "colours": colours,
        "no_data": NO_DATA_COLOUR,
        "labels": tooltip_labels(meta),
        "rows": rows,
    }


class _AreaData(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.atlasSetData) { window.atlasSetData({{ this.data|tojson }}); }
        {% endmacro %}
        """
    )

    def __init__(self, data: Mapping[str, Any]):
        super().__init__()
        self._name = "AtlasAreaData"
        self.data = data


def area_data_group(data: Mapping[str, Any]) -> folium.FeatureGroup:
    """The colours and tooltip text as `st_folium(..., feature_group_to_add=...)`: only these
    travel when the year, indicator or classification changes; the map stays as it is."""
    group = folium.FeatureGroup(name=_("Colours"), control=False)
    group.add_child(_AreaData(data))
    return group


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


def add_parents(m: folium.Map, units: gpd.GeoDataFrame, precision: int = 4) -> folium.Map:
    """Outlines and names of the larger units (`parent`) drawn over a district map, in a pane of their
    own above the districts that lets taps and hovers through to them. No tiles: the sense of place
    comes from the atlas's own boundaries. 4 decimals (about 10 m) is plenty for an outline."""
    folium.map.CustomPane(PARENT_PANE, z_index=450, pointer_events=False).add_to(m)
    units = _in_wgs84(units)
    shapes = gpd.GeoDataFrame({"name": [escape(n) for n in units["parent"]]},
                              geometry=round_coordinates(units.geometry, precision))
    folium.GeoJson(
        shapes.to_geo_dict(drop_id=True), name="parents", control=False, pane=PARENT_PANE, interactive=False,
        style=JsCode('function () { return {fill: false, color: "#1a1a1a", weight: 1.8, opacity: 0.9}; }'),
        on_each_feature=JsCode('function (feature, layer) { layer.bindTooltip(feature.properties.name, '
                               '{permanent: true, direction: "center", className: "atlas-parent-label"}); }'),
    ).add_to(m)
    return m


# --- Members -----------------------------------------------------------------------------------


# A member's dot is drawn 9 px wide but answers a tap 24 px wide (WCAG 2.2 target size): an
# invisible circle over each dot takes the taps and carries the tooltip.
DOT_RADIUS, TAP_RADIUS = 4.5, 12

# The tooltip: the member's name, and its figure on the map when the colours sent one
# (`area_data(...)["members"]`, escaped in Python), so another indicator needs no new map.
_MEMBER_TIP_JS = """function (feature, layer) {
    layer.bindTooltip(function () {
        var d = window.atlasArea && window.atlasArea.data, figure = d && d.members && d.members[feature.properties.member_id];
        return feature.properties.tip + (figure ? "<br>" + figure : "");
    }, {sticky: false});
}"""


_FIXED_TIP_JS = 'function (feature, layer) { layer.bindTooltip(feature.properties.tip, {sticky: false}); }'


def members_layer(members: pd.DataFrame, name: str | None = None) -> folium.FeatureGroup:
    """Eurocities members as small circles with their name (and figure) as tooltip.

    members: member_id, name, lat, lon. One GeoJSON layer rather than one folium Marker per
    member keeps the generated script small. A click reports the feature's `member_id`.
    """
    tips = [f"<strong>{escape(n)}</strong>" for n in members["name"]]
    return _dots(members, tips, ["#f03b20"] * len(members), name or _("Eurocities members"), DOT_RADIUS, DOT_CLASS,
                 MEMBER_CLASS, _MEMBER_TIP_JS)


def city_dots_group(figures: pd.DataFrame, meta: Mapping[str, Any], classification: Classification,
                    decimals: int = 1) -> folium.FeatureGroup:
    """Members coloured by their own city figure, as `st_folium(..., feature_group_to_add=...)`
    beside the outlines' colours: another indicator or year sends only these dots.

    figures: `atlas.map_data.city_figures` (name, lat, lon, area, value, year, flag, moe). Each
    tooltip says the area the figure is for, its year, flags, margin of error and source."""
    fields = tooltip_fields(figures, "value", meta.get("unit", ""), decimals)
    labels = tooltip_labels(meta)
    tips = []
    for record, area in zip(fields.to_dict("records"), figures["area"]):
        f = {k: v if isinstance(v, str) else "" for k, v in record.items()}  # None/NaN: unknown
        lines = [f"<strong>{f['name']}</strong>", f["value"], escape(area)]
        if f["year"]:
            lines.append(labels["year"].replace("{year}", f["year"]))
        if f["flag"]:
            lines.append(f"<em>{f['flag']}</em>")
        if f["moe"]:
            lines.append(labels["moe"].replace("{moe}", f["moe"]))
        if labels["source"]:
            lines.append(f"<small>{labels['source']}</small>")
        tips.append("<br>".join(lines))
    group = folium.FeatureGroup(name=_("City figures"), control=False)
    _dots(figures, tips, classification.colours_for(figures["value"]), _("City figures"), 6, CITY_DOT_CLASS,
          CITY_DOT_CLASS + "-tap").add_to(group)
    return group


def _dots(places: pd.DataFrame, tips: list[str], fills: list[str], name: str, radius: float, dot_class: str,
          tap_class: str, tip_js: str = _FIXED_TIP_JS) -> folium.FeatureGroup:
    """Circles at `places`' lat/lon with a fill each, under invisible circles at least 24 px wide
    that take the taps and carry the escaped HTML tooltip (`tip_js`)."""
    points = gpd.GeoDataFrame(
        {"member_id": places["member_id"].astype(str).to_numpy(), "tip": tips, "fill": list(fills)},
        geometry=gpd.points_from_xy(places["lon"].round(5), places["lat"].round(5)),
        crs=WGS84,
    )
    group = folium.FeatureGroup(name=name)
    shapes = points.to_geo_dict(drop_id=True)
    # markerPane keeps members above the polygons, which come to the front on hover.
    folium.GeoJson(
        shapes, name="dots", control=False,
        marker=folium.CircleMarker(radius=radius, fill=True, pane="markerPane", class_name=dot_class),
        style=JsCode('function (feature) { return {fillColor: feature.properties.fill, color: "#333", weight: 1.5, fillOpacity: 1}; }'),
    ).add_to(group)
    folium.GeoJson(
        shapes, name="taps", control=False,
        marker=folium.CircleMarker(radius=max(radius, TAP_RADIUS), fill=True, pane="markerPane", class_name=tap_class),
        style=JsCode('function () { return {fillColor: "#000", fillOpacity: 0, opacity: 0, weight: 0}; }'),
        on_each_feature=JsCode(tip_js),
    ).add_to(group)
    return group
