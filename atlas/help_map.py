"""Help places on the maps, and the "need and help" view: the data behind them, no Streamlit.

The points of a member travel like its outlines: packed once (`pack_points`) into a static file
the browser caches, drawn by `PointsLayer`, one switchable overlay per source file (each file is
one kind of help), clustered when dense. Every text in a popup is escaped here, in Python.
"""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from atlas.classify import NO_DATA_COLOUR
from atlas.help_points import DEFAULT_THRESHOLD_M, gap_summary, gap_table
from atlas.i18n import _, fmt_number
from atlas.map_data import district_layer
from atlas.legends import LEGEND_STYLE, legend_row
from atlas.area_layer import area_rows
from atlas.maps import LOAD_JS
from atlas.text import escape
from atlas.store import Store
from atlas.static_files import markercluster_css_urls, markercluster_js_url, publish_geometry

# Point colours: dark and saturated, apart from the light sequential fills of the choropleths.
KIND_COLOURS = {"help_point": "#c51b7d", "library": "#e66101", "wifi": "#7b3294", "mediator": "#5a3d0c"}
POINTS_FORMAT = "atlas-points-1"
# need-and-help colours: highlighted, worst fifth with help near, the other districts
NEED_COLOURS = ("#b2182b", "#f4a582", "#f7f7f7")


def place_kind_label(kind: str) -> str:
    return {"help_point": _("Help point"), "library": _("Library"), "wifi": _("Public Wi-Fi"),
            "mediator": _("Digital mediator")}.get(kind, kind)


def point_layers(store: Store, member_id: str) -> pd.DataFrame:
    """The member's point layers: layer_id, kind, title, vintage, attribution, count, historical."""
    points = store.member_points(member_id)
    counts = points.groupby("layer_id").size()
    rows = []
    for layer_id, count in counts.items():
        spec = store.sources[layer_id]
        rows.append({"layer_id": layer_id, "kind": spec["point_kind"], "kind_label": place_kind_label(spec["point_kind"]),
                     "title": spec["title"], "vintage": spec.get("vintage", ""), "attribution": spec["attribution"],
                     "licence": spec["licence"], "count": int(count), "historical": bool(spec.get("historical"))})
    columns = ["layer_id", "kind", "kind_label", "title", "vintage", "attribution", "licence", "count", "historical"]
    return pd.DataFrame(rows, columns=columns)


def counted_kinds(layers: pd.DataFrame) -> list[str]:
    """The kinds counted as help by default: every current layer's kind (historical layers are shown
    but not counted)."""
    return sorted(set(layers.loc[~layers["historical"], "kind"]))


def pack_points(store: Store, member_id: str) -> dict:
    """The member's points for `PointsLayer`: one entry per layer (label with its count, colour,
    shown at first or not) and rows [lat, lon, layer index, popup HTML], every text escaped."""
    layers = point_layers(store, member_id)
    points = store.member_points(member_id)
    index = {layer_id: i for i, layer_id in enumerate(layers["layer_id"])}
    rows = []
    for p in points.itertuples(index=False):
        layer = layers.iloc[index[p.layer_id]]
        rows.append([round(float(p.lat), 6), round(float(p.lon), 6), index[p.layer_id], _popup(p, layer)])
    return {
        "format": POINTS_FORMAT,
        "layers": [{"label": escape(_("{kind}: {title} ({count})", kind=r.kind_label, title=r.title,
                                      count=fmt_number(r.count, 0))),
                    "kind": r.kind, "colour": KIND_COLOURS.get(r.kind, "#333333"), "shown": not r.historical}
                   for r in layers.itertuples()],
        "rows": rows,
    }


def points_source(store: Store, member_id: str) -> str | dict | None:
    """Where the browser gets a member's help places, like its outlines: a static file's URL, else
    the packed places themselves; None when the member has none."""
    packed = pack_points(store, member_id)
    if not packed["rows"]:
        return None
    return publish_geometry(packed, f"points-{member_id}-{store.manifest['built_at'][:10]}") or packed


def _popup(point, layer) -> str:
    unnamed = _("(no name in the source)")  # outside the f-string, where the extractor finds it
    lines = [f"<strong>{escape(point.name or unnamed)}</strong>",
             escape(f"{layer.kind_label} · {layer.title}")]
    if point.hours:
        lines.append(escape(_("Opening hours: {hours}", hours=point.hours)))
    url = str(point.url or "")
    if url.lower().startswith(("http://", "https://")):
        lines.append(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(url[:60])}</a>')
    if point.approximate:
        lines.append("<em>" + escape(_("Approximate place (the centre of its commune)")) + "</em>")
    attribution = layer.attribution.removeprefix("Source : ").removeprefix("Source: ")  # the label says it once
    lines.append("<small>" + escape(_("Source: {source}, {vintage}", source=attribution, vintage=layer.vintage))
                 + "</small>")
    return "<br>".join(lines)


class PointsLayer(JSCSSMixin, MacroElement):
    """Help places fetched once from `source` (a URL of a `pack_points` file, or the dict itself):
    one overlay per layer in a layer control whose labels carry each layer's count, each a
    marker cluster (dense cities) of circle markers `path.atlas-point` with an escaped popup; not
    `interactive`: plain small dots, for a small overview map whose clusters would crowd each other
    under the 24 px a finger needs (WCAG 2.2 target size)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var source = {{ this.source|tojson }}, interactive = {{ this.interactive|tojson }};
            if (map.options.maxZoom === undefined) { map.options.maxZoom = 18; }  // clusters need one; no tiles set it
            var control = L.control.layers(null, null, {collapsed: false, position: "topright"}).addTo(map);
            control.getContainer().classList.add("atlas-points-control");
            control.getContainer().style.font = "12px/1.3 sans-serif";
            function draw(packed) {
                // One cluster for every kind: a cluster per kind would lie over another kind's and hide its
                // taps (axe-core's target size). Each kind's toggle adds or removes its places.
                // Not interactive (a small overview map): plain small dots, no clusters to tap.
                var cluster = (interactive ? L.markerClusterGroup({maxClusterRadius: 40, disableClusteringAtZoom: 16,
                                                                   showCoverageOnHover: false, chunkedLoading: true})
                                           : L.featureGroup()).addTo(map);
                if (!cluster.addLayers) {
                    cluster.addLayers = function (ms) { ms.forEach(function (m) { cluster.addLayer(m); }); };
                    cluster.removeLayers = function (ms) { ms.forEach(function (m) { cluster.removeLayer(m); }); };
                }
                var markers = packed.layers.map(function () { return []; });
                packed.rows.forEach(function (r) {
                    var layer = packed.layers[r[2]];
                    var marker = L.circleMarker([r[0], r[1]], {radius: interactive ? 6 : 3, weight: interactive ? 1.5 : 0.5,
                        color: "#ffffff", fillColor: layer.colour, fillOpacity: 1, interactive: interactive,
                        className: "atlas-point atlas-point-" + layer.kind});
                    if (interactive) { marker.bindPopup(r[3]); }
                    markers[r[2]].push(marker);
                });
                packed.layers.forEach(function (layer, i) {
                    var toggle = L.layerGroup();  // stands for the kind in the control; its places live in the cluster
                    toggle.on("add", function () { cluster.addLayers(markers[i]); });
                    toggle.on("remove", function () { cluster.removeLayers(markers[i]); });
                    var swatch = '<span style="display:inline-block;width:10px;height:10px;border-radius:5px;margin:0 4px;background:'
                        + layer.colour + '"></span>';
                    control.addOverlay(toggle, swatch + layer.label);
                    if (layer.shown) { toggle.addTo(map); }
                });
                map.getContainer().setAttribute("data-atlas-points", String(packed.rows.length));
            }
            var loading = ({{ this.load_js }})(source);
            loading.then(draw).catch(function (e) { console.error("atlas: the help places could not be loaded: " + e); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, source: str | Mapping[str, Any], interactive: bool = True):
        super().__init__()
        self._name = "AtlasPoints"
        self.source = source if isinstance(source, str) else dict(source)
        self.load_js = LOAD_JS
        self.interactive = interactive  # False: small dots, no clusters or popups (an overview map)
        self.default_js = [("leaflet.markercluster", markercluster_js_url())]
        self.default_css = [(f"markercluster_{i}", url) for i, url in enumerate(markercluster_css_urls())]


# --- need and help --------------------------------------------------------------------------

def need_help_table(store: Store, member_id: str, layer_id: str, indicator: str, year: int | None,
                    threshold_m: float = DEFAULT_THRESHOLD_M, kinds: list[str] | None = None,
                    codes: list[str] | None = None) -> pd.DataFrame:
    """The gap table of one member's districts (see `atlas.help_points.gap_table`); with `codes`,
    of those districts only (the City of Manchester's within Greater Manchester's), so the fifth
    most in need is the fifth of that area."""
    districts = district_layer(store, member_id, layer_id, indicator, year)
    if codes is not None:
        districts = districts[districts["geo_code"].isin(codes)]
    points = store.member_points(member_id)
    if kinds is None:
        kinds = counted_kinds(point_layers(store, member_id))
    higher_is = store.indicator(indicator).higher_is
    return gap_table(districts, points, higher_is, threshold_m, kinds, population=store.district_population)


def need_help_data(table: pd.DataFrame, meta: Mapping[str, Any], decimals: int = 1) -> dict:
    """The area colours of the need-and-help view, in the format `AreaLayer` draws."""
    categories = [(-1 if pd.isna(v) else 0 if h else 1 if w else 2)
                  for v, h, w in zip(table["value"], table["highlighted"], table["worst_fifth"])]
    return area_rows(table, "value", meta, categories, list(NEED_COLOURS), decimals)


def need_help_legend(table: pd.DataFrame, threshold_m: float) -> list[tuple[str, str, int]]:
    """(colour, words, count) for each colour of the need-and-help view."""
    known = table["value"].notna()
    return [
        (NEED_COLOURS[0], _("Among the fifth most in need, no help place within {distance}",
                            distance=distance_words(threshold_m)), int(table["highlighted"].sum())),
        (NEED_COLOURS[1], _("Among the fifth most in need, a help place within {distance}",
                            distance=distance_words(threshold_m)), int((table["worst_fifth"] & ~table["highlighted"]).sum())),
        (NEED_COLOURS[2], _("Other districts"), int((known & ~table["worst_fifth"]).sum())),
        (NO_DATA_COLOUR, _("No figure"), int((~known).sum())),
    ]


def need_help_legend_html(table: pd.DataFrame, threshold_m: float) -> str:
    rows = "".join(legend_row(colour, words, count) for colour, words, count in need_help_legend(table, threshold_m))
    title = _("Need and help")
    return (f'<div class="atlas-legend atlas-need-legend" style="{LEGEND_STYLE}"><strong>{escape(title)}'
            f'</strong><table style="border-collapse:collapse">{rows}</table></div>')


def points_caption(store: Store, member_id: str) -> str:
    """Under the map: each layer of help places with its count, vintage and source."""
    layers = point_layers(store, member_id)
    parts = [_("{kind}: {title}, {count} places ({vintage}; {attribution})", kind=r.kind_label, title=r.title,
               count=fmt_number(r.count, 0), vintage=r.vintage, attribution=r.attribution) for r in layers.itertuples()]
    return _("Help places (switch each layer on or off in the map's corner): {layers}.", layers="; ".join(parts))


def distance_words(metres: float) -> str:
    km = metres / 1000
    return _("{km} km", km=fmt_number(km, 0 if km == int(km) else 1)) if metres >= 1000 else _("{m} m", m=fmt_number(metres, 0))


def gap_csv_source(store: Store, indicator: str, layers: pd.DataFrame) -> dict:
    """The CSV header of the need-and-help table: the need's source and every points layer counted."""
    need = store.sources[store.indicator(indicator).source]
    specs = [need] + [store.sources[layer_id] for layer_id in layers["layer_id"]]
    return {key: " | ".join(dict.fromkeys(str(s.get(key, "")) for s in specs))
            for key in ("publisher", "title", "licence", "attribution")}


def highlighted_list(table: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    """The highlighted districts by name with their figures, for the page and the CSV."""
    rows = table[table["highlighted"]].sort_values("value", ascending=False)
    out = pd.DataFrame({_("Code"): rows["geo_code"].str.split(":").str[-1], _("District"): rows["name"],
                        _("Need (value)"): rows["value"], _("Help places inside"): rows["help_inside"],
                        _("Nearest listed place (m)"): rows["nearest_m"]})
    for kind in kinds:
        out[_("Nearest: {kind} (m)", kind=place_kind_label(kind))] = rows[f"nearest_m_{kind}"]
    if rows["population"].notna().any():
        out[_("Population")] = rows["population"].round(0)
    return out


def gap_caveat() -> str:
    return _("Distance in a straight line from each district's centre (its centroid: no finer population is "
             "published) to the nearest listed place. It is not a measure of the quality, opening hours or "
             "capacity of the help on offer, and a place missing from a source counts as absent.")


def gap_sentence(store: Store, member_id: str, layer_id: str, indicator: str, member_name: str,
                 unit_plural: str, own_area: bool = False) -> str | None:
    """'In <member>, <units> among the fifth most in need with no help place within 1 km: <n> of all <N> <units>;
    <p> people live there.' None where the member has no help places."""
    layers = point_layers(store, member_id)
    kinds = counted_kinds(layers)
    if not kinds:
        return None
    codes = None
    if own_area:  # the member's own districts only (the City of Manchester's of Greater Manchester's)
        from atlas.views import city_districts

        codes = city_districts(store, member_id, layer_id)["geo_code"].tolist()
    table = need_help_table(store, member_id, layer_id, indicator, None, DEFAULT_THRESHOLD_M, kinds, codes)
    summary = gap_summary(table)
    # Worded to read right for any n without plural forms, and to name what the total counts ("1 of
    # all 31 IRIS", not "1 of 31", which reads as a share of the neediest fifth).
    text = _("In {member}, {units} among the fifth most in need with no help place within {distance}: "
             "{n} of all {total} {units}", member=member_name, n=fmt_number(summary["n"], 0),
             total=fmt_number(summary["total"], 0), units=unit_plural, distance=distance_words(DEFAULT_THRESHOLD_M))
    if summary["population"] is not None and summary["n"]:
        text += _("; {people} people live there", people=fmt_number(summary["population"], 0))
    counted = layers[layers["kind"].isin(kinds) & ~layers["historical"]]
    sources = "; ".join(f"{r.title} ({r.vintage})" for r in counted.itertuples())
    ind = store.indicator(indicator)
    text += ". " + _("Need: {indicator} ({source}); help places counted: {places}.",
                     indicator=ind.title, source=store.sources[ind.source]["attribution"], places=sources)
    if summary["population"] is not None and summary["n"]:
        text += " " + _("Population as given in the {source} file.", source=store.sources["ifn_2020"]["title"])
    return text
