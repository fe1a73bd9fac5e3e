"""Points on a map: Eurocities members as dots with their name (and figure), and members coloured
by their own city figure; each dot with a tap target at least 24 px wide."""
from __future__ import annotations

from typing import Any, Mapping

import folium
import geopandas as gpd
import pandas as pd
from folium.utilities import JsCode

from atlas.classify import Classification
from atlas.geo import WGS84
from atlas.i18n import _
from atlas.map_tooltips import tooltip_fields, tooltip_labels
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
