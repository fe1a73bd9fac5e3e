"""Cities added with `python -m atlas add`: their folders turned into store rows like any source.

A city's indicators are namespaced by its member id (`<member>__<indicator>`), each with a
source of its own carrying the licence and attribution the city declared.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from atlas.citydata.folder import added_cities, load_city_folder
from atlas.geo import simplify_for_web


@dataclass
class Contribution:
    observations: list[pd.DataFrame] = field(default_factory=list)
    districts: list[gpd.GeoDataFrame] = field(default_factory=list)
    layers: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    points: list[pd.DataFrame] = field(default_factory=list)  # POINT_COLUMNS with member_id for member_name


def added_city_contribution(known_member_ids: set[str], log) -> Contribution:
    out = Contribution()
    for folder in added_cities():
        city = load_city_folder(folder)  # raises CityDataError naming every problem
        _add_city(out, city, known_member_ids)
        log(f"    added city {city.member_id}: {len(city.boundaries)} districts, {len(city.figures)} figures")
    return out


def _add_city(out: Contribution, city, known_member_ids: set[str]) -> None:
    meta = city.metadata
    layer_id = f"city_{city.member_id}"
    boundaries = simplify_for_web(city.boundaries, 0.00015)
    out.districts.append(gpd.GeoDataFrame({
        "geo_code": layer_id + ":" + boundaries["code"], "layer_id": layer_id, "member_name": meta["city"],
        "code": boundaries["code"], "name": boundaries["name"]}, geometry=boundaries.geometry.values, crs="EPSG:4326"))
    out.layers.append({"layer_id": layer_id, "member_name": meta["city"], "unit": meta["unit_name"],
                       "unit_plural": meta.get("unit_name_plural", meta["unit_name"]),
                       "area_note": "", "description": meta.get("description", ""), "features": len(boundaries), "repaired": 0})
    bounds = meta["boundaries"]
    if bounds.get("licence"):
        out.sources.append({"id": f"{layer_id}__boundaries", "title": f"{meta['city']}: {out.layers[-1]['unit_plural']}",
                            "publisher": bounds.get("attribution", meta["city"]), "licence": bounds["licence"],
                            "attribution": bounds.get("attribution", ""), "dataset": "", "url": bounds.get("source_url", ""),
                            "file": str(bounds.get("file", "")), "kind": "added_city"})
    for ind in meta["indicators"]:
        indicator_id, source_id = f"{city.member_id}__{ind['id']}", f"city_{city.member_id}__{ind['id']}"
        out.indicators.append({"id": indicator_id, "title": ind["title"], "definition": ind["definition"],
                               "unit": ind["unit"], "higher_is": ind["higher_is"], "source": source_id,
                               "dataset": ind["title"], "key": ind["id"], "added_by_city": city.member_id,
                               **{k: ind[k] for k in ("scale_note", "decimals") if k in ind}})
        out.sources.append({"id": source_id, "title": ind["title"], "publisher": ind["source"],
                            "licence": ind["licence"], "attribution": ind["attribution"], "dataset": ind["title"],
                            "url": ind.get("source_url", ""), "file": str(meta.get("figures", {}).get("file", "")),
                            "kind": "added_city"})
        rows = city.figures[city.figures["indicator"] == ind["id"]]
        out.observations.append(pd.DataFrame({
            "indicator": indicator_id, "level": "district", "geo_code": layer_id + ":" + rows["code"],
            "year": rows["year"].astype(int), "value": rows["value"].astype(float), "flag": "",
            "source": source_id, "moe": rows["moe"].astype(float), "n": rows["sample_size"].astype(float),
            "period": None}))
    _add_points(out, city)
    if city.member_id not in known_member_ids:
        centre = boundaries.union_all().centroid  # a folder checked before new_member existed has no lat/lon
        out.members.append({"member_id": city.member_id, "name": meta["city"], "kind": "city",
                            "country": meta.get("country"), "local_name": meta["city"], "lat": meta.get("lat", centre.y),
                            "lon": meta.get("lon", centre.x), "resolution": "added city data", "decision": "", "on_member_page": False,
                            "district_layers": layer_id})


def _add_points(out: Contribution, city) -> None:
    """The city's own help places: one layer (and source) per kind, like the atlas's own layers."""
    points, spec = city.points, city.metadata.get("points", {})
    if points is None or points.empty:
        return
    for kind, rows in points.groupby("kind"):
        layer_id = f"city_{city.member_id}__points_{kind}"
        out.sources.append({"id": layer_id, "title": spec.get("title", city.metadata["city"]), "publisher": city.metadata["city"],
                            "licence": spec.get("licence", ""), "attribution": spec.get("attribution", city.metadata["city"]),
                            "dataset": "", "url": "", "file": str(spec.get("file", "")), "kind": "added_city",
                            "point_kind": kind, "vintage": str(spec.get("vintage", ""))})
        out.points.append(pd.DataFrame({"layer_id": layer_id, "kind": kind, "member_id": city.member_id,
                                        "point_id": [str(i + 1) for i in range(len(rows))], "name": rows["name"].values,
                                        "lat": rows["lat"].values, "lon": rows["lon"].values, "hours": rows["hours"].values,
                                        "url": rows["url"].values, "approximate": False}))
