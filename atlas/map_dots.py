"""Points on a map: Eurocities members as dots with their name (and figure), fetched once from a
static file, and members coloured by their own city figure, sent with the colours; each dot with a
tap target at least 24 px wide."""
from __future__ import annotations

from typing import Any, Mapping

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode

from atlas.classify import Classification
from atlas.geo import WGS84
from atlas.i18n import _
from atlas.map_tooltips import tooltip_fields, tooltip_labels
from atlas.maps import LOAD_JS
from atlas.text import escape

MEMBER_CLASS, DOT_CLASS, CITY_DOT_CLASS = "atlas-member", "atlas-member-dot", "atlas-city-figure"
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


def member_places(members: pd.DataFrame) -> dict:
    """Eurocities members as GeoJSON points with their id and their name as escaped tooltip HTML: made
    once per store and published as a static file (`atlas.cached.member_places`).

    members: member_id, name, lat, lon."""
    return _points(members, [f"<strong>{escape(n)}</strong>" for n in members["name"]]).to_geo_dict(drop_id=True)


class MembersLayer(MacroElement):
    """Members as small circles under invisible tap circles (`path.atlas-member`) with their name, and
    their figure when the colours sent one, as tooltip; a click reports the feature's `member_id`.

    The places come from `source` (a URL of a `member_places` file the browser fetches once and
    caches, else the places themselves), so the map's script does not carry them on every run. The
    group is made with the map: streamlit-folium listens for clicks on the layers that exist then, and
    the circles added later pass their clicks up to it. The map's container says how many members
    are drawn in `data-atlas-members`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var group = L.featureGroup().addTo(map), source = {{ this.source|tojson }}, tip = {{ this.tip_js }};
            function circles(places, radius, className, style, each) {
                return L.geoJSON(places, {
                    pointToLayer: function (feature, at) {
                        return L.circleMarker(at, {radius: radius, pane: "markerPane", className: className}); },
                    style: style, onEachFeature: each});
            }
            var loading = ({{ this.load_js }})(source);
            loading.then(function (places) {
                circles(places, {{ this.dot_radius }}, {{ this.dot_class|tojson }}, function () {
                    return {fillColor: "#f03b20", color: "#333", weight: 1.5, fillOpacity: 1, fill: true}; }).addTo(group);
                circles(places, {{ this.tap_radius }}, {{ this.tap_class|tojson }}, function () {
                    return {fillColor: "#000", fillOpacity: 0, opacity: 0, weight: 0, fill: true}; }, tip).addTo(group);
                map.getContainer().setAttribute("data-atlas-members", String(places.features.length));
            }).catch(function (e) { console.error("atlas: the members could not be loaded: " + e); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, source: str | Mapping[str, Any]):
        super().__init__()
        self._name = "AtlasMembers"
        self.source = source if isinstance(source, str) else dict(source)
        self.load_js = LOAD_JS
        self.tip_js, self.dot_radius, self.tap_radius = _MEMBER_TIP_JS, DOT_RADIUS, TAP_RADIUS
        self.dot_class, self.tap_class = DOT_CLASS, MEMBER_CLASS


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


def _points(places: pd.DataFrame, tips: list[str]) -> gpd.GeoDataFrame:
    """`places`' lat/lon (about 1 m) with their member_id and escaped HTML tooltip."""
    return gpd.GeoDataFrame({"member_id": places["member_id"].astype(str).to_numpy(), "tip": tips},
                            geometry=gpd.points_from_xy(places["lon"].round(5), places["lat"].round(5)), crs=WGS84)


def _dots(places: pd.DataFrame, tips: list[str], fills: list[str], name: str, radius: float, dot_class: str,
          tap_class: str) -> folium.FeatureGroup:
    """Circles at `places`' lat/lon with a fill each, under invisible circles at least 24 px wide
    that take the taps and carry the escaped HTML tooltip."""
    group = folium.FeatureGroup(name=name)
    shapes = _points(places, tips).assign(fill=list(fills)).to_geo_dict(drop_id=True)
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
        on_each_feature=JsCode(_FIXED_TIP_JS),
    ).add_to(group)
    return group
