"""Areas drawn the Map page's way: the outlines fetched once per layer from a static file the
browser caches (`atlas.packed_geometry`), while the colours, tooltip text and legend travel as a
small `feature_group_to_add` (`area_data_group`). The map's own script then depends on the layer
only, so another year, indicator or classification recolours the drawn polygons without remounting
the map or sending geometry again."""
from __future__ import annotations

import hashlib
from typing import Any, Iterable, Mapping

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from atlas.classify import NO_DATA_COLOUR, Classification
from atlas.i18n import _
from atlas.map_tooltips import HIGHLIGHT, OUTLINE, TIP_JS, tooltip_fields, tooltip_labels
from atlas.maps import LOAD_JS, base_map
from atlas.text import escape
from atlas.view_in_url import ViewInUrl


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
            var loading = ({{ this.load_js }})(source);
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
        self.load_js = LOAD_JS
        self.attribution = escape(attribution)
        self.tip_js = TIP_JS
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
