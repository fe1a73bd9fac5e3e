"""Folium maps as pure functions: GeoDataFrames and plain metadata in, `folium.Map` out.

Choices that matter to readers and to speed:
- No tile layer unless asked for (`third_party_tiles`), so by default no request leaves
  the app's host; Leaflet itself comes from `static/vendor/` (see `atlas.vendor`).
- Every string that comes from data is HTML-escaped here, in Python, before it reaches
  the page: tooltips and legends are HTML in Leaflet, and a district may be called
  `<img src=x onerror=alert(1)>`.
- Each feature carries its fill colour and tooltip text in its properties, and registers its
  Leaflet layer by `geo_code` in `window.atlasFeatures`; `restyle_group` uses that to
  recolour an existing layer (another classification) without sending geometry again.
- Coordinates are rounded (5 decimals is about 1 m); simplify once at build time with
  `simplify_topology`, which keeps shared borders shared.
"""
from __future__ import annotations

import html
import json
import math
from typing import Any, Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import topojson
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from atlas.classify import Classification, Legend, build_legend, format_value
from atlas.i18n import _, fmt_number
from atlas.vendor import leaflet_css_url, leaflet_js_url

OUTLINE = {"color": "#ffffff", "weight": 0.6, "opacity": 1, "fillOpacity": 0.85}
HIGHLIGHT = {"color": "#222222", "weight": 2}
WGS84 = "EPSG:4326"
AREA_CLASS, MEMBER_CLASS = "atlas-area", "atlas-member"

# Eurostat's observation flags, spelled out for readers (https://ec.europa.eu/eurostat/data/database/information).
FLAG_WORDS = {
    "b": "break in series",
    "c": "confidential",
    "d": "definition differs",
    "e": "estimated",
    "f": "forecast",
    "n": "not significant",
    "p": "provisional",
    "r": "revised",
    "s": "Eurostat estimate",
    "u": "low reliability",
    "z": "not applicable",
}


def escape(value: Any) -> str:
    """Text from data, safe to put into HTML: None and NaN become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def flag_words(flag: Any) -> str:
    """'bu' -> 'break in series, low reliability'; text that is not flag letters passes through."""
    text = "" if flag is None or flag != flag else str(flag).strip()
    letters = text.replace(" ", "").lower()
    if letters and len(letters) <= 4 and all(c in FLAG_WORDS for c in letters):
        return ", ".join(_(FLAG_WORDS[c]) for c in letters)
    return text


# --- The map and its assets ----------------------------------------------------------------


def base_map(
    bounds: Iterable[float] | None = None,
    third_party_tiles: str | None = None,
    third_party_attribution: str | None = None,
    height: str | int = "100%",
    **map_options: Any,
) -> folium.Map:
    """An empty map that loads Leaflet from the app's own host and no tiles.

    third_party_tiles: a folium tile name ("OpenStreetMap", "CartoDB positron") or a URL
        template. Opt-in: the visitor's browser then loads tiles from that third party.
    bounds: (minx, miny, maxx, maxy) in degrees, as GeoDataFrame.total_bounds gives them.
    """
    m = folium.Map(tiles=None, height=height, control_scale=True, **map_options)
    use_local_assets(m)
    if third_party_tiles:
        folium.TileLayer(third_party_tiles, attr=third_party_attribution, name=_("Basemap")).add_to(m)
    if bounds is not None and all(np.isfinite(list(bounds))):
        minx, miny, maxx, maxy = bounds
        m.location = [(miny + maxy) / 2, (minx + maxx) / 2]
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


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


def simplify_topology(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify polygons so neighbours keep a shared border (no slivers, no gaps).

    tolerance is in the layer's units (degrees for EPSG:4326); `tolerance_for_zoom` gives
    one that the screen cannot tell apart. Slow for large layers: run it at build time.
    """
    topology = topojson.Topology(gdf, prequantize=False, toposimplify=tolerance)
    simplified = topology.to_gdf()
    return simplified.set_crs(gdf.crs, allow_override=True) if gdf.crs else simplified


def tolerance_for_zoom(zoom: float) -> float:
    """Half a screen pixel in degrees (Web Mercator, at the equator) at `zoom`."""
    return 360 / (256 * 2**zoom) / 2


def precision_for_zoom(zoom: float) -> int:
    """Decimals of a degree that still resolve a tenth of a pixel at `zoom`."""
    return max(0, math.ceil(-math.log10(tolerance_for_zoom(zoom) / 5)))


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
    """name, value (with unit), year, flag (in words), moe and n, as escaped text; None when unknown."""
    def column(name: str) -> pd.Series:
        return gdf[name] if name in gdf else pd.Series(None, index=gdf.index, dtype="object")

    def text_or_none(values: Iterable[str]) -> list[str | None]:
        return [escape(v) or None for v in values]

    return pd.DataFrame(
        {
            "name": text_or_none(column("name")),
            "value": text_or_none(format_value(_number(v), unit, decimals) for v in gdf[value_col]),
            "year": text_or_none(_plain_year(y) for y in column("year")),
            "flag": text_or_none(flag_words(f) for f in column("flag")),
            "moe": text_or_none(_known(format_value, _number(v), unit, decimals) for v in column("moe")),
            "n": text_or_none(_known(fmt_number, _number(v), 0) for v in column("sample_size")),
        },
        index=gdf.index,
    )


def _known(formatter, value, *args) -> str:
    return "" if value is None else formatter(value, *args)


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


# Leaflet calls `style` per feature; the colour lives in the feature, so a new classification
# only needs new colours (`restyle_group`), not new geometry.
_STYLE_JS = "function (feature) { return Object.assign(%s, {fillColor: feature.properties.fill}); }" % json.dumps(OUTLINE)

# folium inlines this into its onEachFeature. Every field was escaped in Python; the
# labels are a JSON literal. `layer.atlasTip` lets `restyle_group` rebuild the text.
_ON_EACH_FEATURE_JS = """function (feature, layer) {
    var labels = %(labels)s;
    layer.atlasTip = function (p) {
        var lines = ["<strong>" + (p.name || "") + "</strong>", p.value];
        if (p.year) { lines.push(labels.year.replace("{year}", p.year)); }
        if (p.flag) { lines.push("<em>" + p.flag + "</em>"); }
        if (p.moe) { lines.push(labels.moe.replace("{moe}", p.moe)); }
        if (p.n) { lines.push(labels.n.replace("{n}", p.n)); }
        if (labels.source) { lines.push("<small>" + labels.source + "</small>"); }
        return lines.join("<br>");
    };
    window.atlasFeatures = window.atlasFeatures || {};
    window.atlasFeatures[feature.properties.geo_code] = layer;
    layer.bindTooltip(layer.atlasTip(feature.properties), {sticky: true});
    layer.on("mouseover", function () { layer.setStyle(%(highlight)s); layer.bringToFront(); });
    layer.on("mouseout", function () { layer.setStyle(%(outline)s); });
}"""


def _on_each_feature_js(meta: Mapping[str, Any]) -> JsCode:
    return JsCode(_ON_EACH_FEATURE_JS % {
        "labels": _to_script_json(tooltip_labels(meta)),
        "highlight": json.dumps(HIGHLIGHT),
        "outline": json.dumps({"color": OUTLINE["color"], "weight": OUTLINE["weight"]}),
    })


def _to_script_json(value: Any) -> str:
    """JSON that cannot close the surrounding <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# A div for the legend control; defined by both the legend and the restyle script, so a
# restyle can add a legend to a map that was built without one.
_LEGEND_DIV_JS = """window.atlasLegendDiv = function (content) {
    var div = L.DomUtil.create("div", "atlas-legend-control");
    div.innerHTML = content;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
};"""


# --- Restyling without new geometry ----------------------------------------------------------


class _Restyle(MacroElement):
    """Recolours the features registered in `window.atlasFeatures` and swaps the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.legend_div_js }}
        (function () {
            var fills = {{ this.fills|tojson }};
            var fields = {{ this.fields|tojson }};
            var registry = window.atlasFeatures || {};
            var map = null;
            Object.keys(fills).forEach(function (code) {
                var layer = registry[code];
                if (!layer) { return; }
                layer.feature.properties.fill = fills[code];
                layer.setStyle({fillColor: fills[code]});
                if (fields[code] && layer.atlasTip) {
                    Object.assign(layer.feature.properties, fields[code]);
                    layer.setTooltipContent(layer.atlasTip(layer.feature.properties));
                }
                map = map || layer._map;
            });
            {%- if this.legend_html %}
            if (map) {
                if (window.atlasLegend) { window.atlasLegend.remove(); }
                window.atlasLegend = L.control({position: "bottomright"});
                window.atlasLegend.onAdd = function () { return atlasLegendDiv({{ this.legend_html|tojson }}); };
                window.atlasLegend.addTo(map);
            }
            {%- endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, fills: dict[str, str], fields: dict[str, dict] | None, legend_html: str | None):
        super().__init__()
        self._name = "AtlasRestyle"
        self.legend_div_js = _LEGEND_DIV_JS
        self.fills, self.fields, self.legend_html = fills, fields or {}, legend_html


def restyle_group(
    gdf: pd.DataFrame,
    value_col: str,
    meta: Mapping[str, Any],
    classification: Classification,
    *,
    with_tooltips: bool = True,
    legend_note: str = "",
    decimals: int = 1,
) -> folium.FeatureGroup:
    """New colours (and tooltips, legend) for a map already showing these features' geometry.

    Pass it as `st_folium(..., feature_group_to_add=restyle_group(...))` with the map built
    once from the same geometry: only codes, colours and text travel. `gdf` needs no geometry.
    """
    codes = gdf["geo_code"].astype(str).tolist()
    fills = dict(zip(codes, classification.colours_for(gdf[value_col])))
    fields = None
    if with_tooltips:  # another year or indicator: new text as well as new colours
        records = tooltip_fields(gdf, value_col, meta.get("unit", ""), decimals).to_dict("records")
        fields = dict(zip(codes, records))
    legend = map_legend(gdf, value_col, meta, classification, legend_note)
    group = folium.FeatureGroup(name=_("Colours"), control=False)
    group.add_child(_Restyle(fills, fields, legend_html(legend)))
    return group


# --- Legend ----------------------------------------------------------------------------------

_HISTOGRAM_HEIGHT = 28
_HISTOGRAM_BAR_WIDTH = 10


def legend_html(legend: Legend) -> str:
    """The legend as HTML: title, unit, classes with counts, a histogram, the no-data swatch.

    Usable inside the map (`LegendControl`) or beside it (`st.html`). Every text is escaped.
    """
    parts = [f'<div class="atlas-legend" style="{_LEGEND_STYLE}">']
    parts.append(f"<strong>{escape(legend.title)}</strong>")
    if legend.unit:
        parts.append(f'<div style="color:#555">{escape(_("Unit: {unit}", unit=legend.unit))}</div>')
    parts.append(_histogram_svg(legend))
    rows = [(c.colour, c.label, c.count) for c in legend.classes]
    rows.append((legend.no_data_colour, legend.no_data_label, legend.no_data_count))
    parts.append('<table style="border-collapse:collapse">')
    parts.extend(_legend_row(colour, label, count) for colour, label, count in rows)
    parts.append("</table>")
    parts.append(f'<div style="color:#555">{escape(legend.scheme_label)}</div>')
    if legend.note:
        parts.append(f'<div style="color:#555;max-width:14em">{escape(legend.note)}</div>')
    parts.append("</div>")
    return "".join(parts)


_LEGEND_STYLE = "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;color:#222"


def _legend_row(colour: str, label: str, count: int) -> str:
    swatch = f'<span style="display:inline-block;width:14px;height:12px;background:{escape(colour)};border:1px solid #999"></span>'
    return (
        f'<tr class="atlas-legend-class" data-count="{int(count)}"><td style="padding:1px 4px 1px 0">{swatch}</td>'
        f'<td style="padding:1px 6px 1px 0">{escape(label)}</td>'
        f'<td style="text-align:right;color:#555">{escape(fmt_number(count, 0))}</td></tr>'
    )


def _histogram_svg(legend: Legend) -> str:
    if not legend.histogram:
        return ""
    tallest = max(b.count for b in legend.histogram) or 1
    width = _HISTOGRAM_BAR_WIDTH * len(legend.histogram)
    bars = []
    for i, b in enumerate(legend.histogram):
        h = round(_HISTOGRAM_HEIGHT * b.count / tallest, 1)
        bars.append(
            f'<rect x="{i * _HISTOGRAM_BAR_WIDTH}" y="{_HISTOGRAM_HEIGHT - h}" width="{_HISTOGRAM_BAR_WIDTH - 1}" '
            f'height="{h}" fill="{escape(b.colour)}" stroke="#888" stroke-width=".5"><title>{b.count}</title></rect>'
        )
    label = escape(_("Distribution of values"))
    return f'<svg role="img" aria-label="{label}" width="{width}" height="{_HISTOGRAM_HEIGHT}" style="display:block;margin:4px 0">{"".join(bars)}</svg>'


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


# --- Members -----------------------------------------------------------------------------------


def members_layer(members: pd.DataFrame, name: str | None = None) -> folium.GeoJson:
    """Eurocities members as small circles with their name as tooltip.

    members: member_id, name, lat, lon. One GeoJSON layer rather than one folium Marker per
    member keeps the generated script small. A click reports the feature's `member_id`.
    """
    points = gpd.GeoDataFrame(
        {
            "member_id": members["member_id"].astype(str).to_numpy(),
            "tip": [f"<strong>{escape(n)}</strong>" for n in members["name"]],
            "fill": "#f03b20",
        },
        geometry=gpd.points_from_xy(members["lon"].round(5), members["lat"].round(5)),
        crs=WGS84,
    )
    return folium.GeoJson(
        points.to_geo_dict(drop_id=True),
        name=name or _("Eurocities members"),
        # markerPane keeps members above the polygons, which come to the front on hover.
        marker=folium.CircleMarker(radius=3.5, fill=True, pane="markerPane", class_name=MEMBER_CLASS),
        style=JsCode('function (feature) { return {fillColor: feature.properties.fill, color: "#333", weight: 1.5, fillOpacity: 1}; }'),
        on_each_feature=JsCode(
            'function (feature, layer) { layer.bindTooltip(feature.properties.tip, {sticky: false}); }'
        ),
    )

