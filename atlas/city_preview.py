"""What the About page shows of an uploaded city folder: its problems and a map of it."""
from __future__ import annotations

import pandas as pd

from atlas.citydata.report import Report
from atlas.classify import classify
from atlas.i18n import _
from atlas.maps import choropleth_map


def problems_table(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{_("Severity"): _(p.severity), _("File"): p.file, _("Where"): p.where,
                          _("Problem"): p.message, _("What to do"): p.fix} for p in report.problems])


def preview_map(report: Report):
    """The uploaded districts coloured by the first indicator's latest year (outlines if none),
    with the city's own help places, if any, as small dots coloured by kind."""
    return add_places(district_preview(report), report.points)


def add_places(folium_map, points: pd.DataFrame):
    import folium

    from atlas.help_map import KIND_COLOURS, place_kind_label
    from atlas.text import escape

    for place in points.itertuples(index=False):
        colour = KIND_COLOURS.get(place.kind, "#333333")
        folium.CircleMarker([place.lat, place.lon], radius=5, color="#ffffff", weight=1, fill=True, fill_color=colour,
                            fill_opacity=0.9, tooltip=escape(f"{place.name} · {place_kind_label(place.kind)}")).add_to(folium_map)
    return folium_map


def places_table(report: Report) -> pd.DataFrame:
    from atlas.help_map import place_kind_label

    return pd.DataFrame({_("Name"): report.points["name"], _("Kind"): report.points["kind"].map(place_kind_label),
                         _("Latitude"): report.points["lat"], _("Longitude"): report.points["lon"],
                         _("Opening hours"): report.points["hours"], _("Web address"): report.points["url"]})


def district_preview(report: Report):
    meta = report.metadata if isinstance(report.metadata, dict) else {}
    shapes = report.boundaries.rename(columns={"code": "geo_code"})
    figures = report.figures
    indicators = [i for i in meta.get("indicators", []) if isinstance(i, dict) and i.get("id") in set(figures["indicator"])]
    if not indicators:
        layer = shapes.assign(value=float("nan"), year=None, flag="")
        info = {"title": _("Preview"), "unit": "", "higher_is": "worse", "source": "", "attribution": ""}
        return choropleth_map(layer, "value", info, classify([], k=3), legend=False)
    ind = indicators[0]
    rows = figures[figures["indicator"] == ind["id"]]
    rows = rows[rows["year"] == rows["year"].max()]
    layer = shapes.merge(rows.rename(columns={"code": "geo_code", "sample_size": "sample_size"})[
        ["geo_code", "value", "year", "moe", "sample_size"]], on="geo_code", how="left").assign(flag="")
    higher_is = ind.get("higher_is") if ind.get("higher_is") in ("better", "worse") else "worse"
    info = {"title": str(ind.get("title", ind["id"])), "unit": str(ind.get("unit", "")), "higher_is": higher_is,
            "source": str(ind.get("source", "")), "attribution": str(ind.get("attribution", ""))}
    return choropleth_map(layer, "value", info, classify(layer["value"], k=5, higher_is=higher_is))
