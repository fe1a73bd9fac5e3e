"""Need and help side by side: how far each district is from the nearest listed help place.

Pure functions on GeoDataFrames. Distances are straight lines in metres in EPSG:3035 (the
European equal-area grid), from each district's centre: the population-weighted centre where
population points are given, else the centroid. This is the distance to the nearest *listed*
place, not a measure of the service's quality, opening hours or capacity.
"""
from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd

METRIC = "EPSG:3035"
DEFAULT_THRESHOLD_M = 1000
WORST_SHARE = 0.2  # "the fifth most in need"
BORDER_M = 0.01  # a point this close to a border is on it (coordinates round-trip through degrees)


def as_points(points: pd.DataFrame) -> gpd.GeoDataFrame:
    """Stored points (lat, lon) as a GeoDataFrame in EPSG:3035; approximate places are left out."""
    exact = points[~points["approximate"].astype(bool)] if "approximate" in points else points
    geometry = gpd.points_from_xy(exact["lon"].astype(float), exact["lat"].astype(float), crs="EPSG:4326")
    return gpd.GeoDataFrame(exact.drop(columns="geometry", errors="ignore"), geometry=geometry).to_crs(METRIC)


def district_centres(districts: gpd.GeoDataFrame, population: gpd.GeoDataFrame | None = None) -> gpd.GeoSeries:
    """Each district's centre in EPSG:3035: the mean of `population` points inside it weighted by
    their `population` column, or the district's centroid where it has no population points."""
    shapes = districts.to_crs(METRIC)
    centres = shapes.geometry.centroid
    if population is None or population.empty:
        return centres
    people = population.to_crs(METRIC)
    joined = gpd.sjoin(people[["population", "geometry"]], shapes[["geometry"]], predicate="within")
    joined = joined[joined["population"] > 0]
    if joined.empty:
        return centres
    weights = joined["population"]
    x = (joined.geometry.x * weights).groupby(joined["index_right"]).sum() / weights.groupby(joined["index_right"]).sum()
    y = (joined.geometry.y * weights).groupby(joined["index_right"]).sum() / weights.groupby(joined["index_right"]).sum()
    weighted = gpd.GeoSeries(gpd.points_from_xy(x, y), index=x.index, crs=METRIC)
    return centres.where(~centres.index.isin(weighted.index), weighted.reindex(centres.index))


def points_inside(districts: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> pd.Series:
    """Number of points in each district; a point on a shared border counts for both districts."""
    if points.empty:
        return pd.Series(0, index=districts.index)
    touching = gpd.GeoDataFrame(geometry=points.geometry.buffer(BORDER_M), crs=METRIC)
    joined = gpd.sjoin(touching, districts.to_crs(METRIC)[["geometry"]], predicate="intersects")
    return joined.groupby("index_right").size().reindex(districts.index, fill_value=0).astype(int)


def nearest_distance(centres: gpd.GeoSeries, points: gpd.GeoDataFrame) -> pd.Series:
    """Metres from each centre to the nearest of `points` (NaN when there is none)."""
    if points.empty:
        return pd.Series(np.nan, index=centres.index)
    from shapely import STRtree

    tree = STRtree(points.geometry.values)
    _nearest, distances = tree.query_nearest(centres.values, return_distance=True, all_matches=False)
    return pd.Series(distances, index=centres.index)


def worst_fifth(values: pd.Series, higher_is: str, share: float = WORST_SHARE) -> pd.Series:
    """True for the districts among the `share` most in need: the worst ceil(share * n) ranks of the
    districts with a value (ties at the edge are all in). `higher_is`: 'worse' or 'better'."""
    known = values.dropna()
    if known.empty:
        return pd.Series(False, index=values.index)
    ranks = known.rank(method="min", ascending=(higher_is == "better"))
    cut = math.ceil(share * len(known))
    return (ranks <= cut).reindex(values.index, fill_value=False)


def gap_table(districts: gpd.GeoDataFrame, points: pd.DataFrame, higher_is: str,
              threshold_m: float = DEFAULT_THRESHOLD_M, kinds: list[str] | None = None,
              population: pd.Series | None = None, population_points: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """One row per district: its need value, whether it is among the fifth most in need, the help
    places inside it, the distance to the nearest place of each kind and of any counted kind, and
    `highlighted` (worst fifth and nothing counted within `threshold_m`).

    districts: geo_code, name, value, geometry. points: stored rows (kind, lat, lon, approximate).
    kinds: the kinds counted as help (default: every kind present). population: geo_code -> residents."""
    located = as_points(points)
    kinds = list(kinds) if kinds is not None else sorted(located["kind"].unique())
    counted = located[located["kind"].isin(kinds)]
    centres = district_centres(districts, population_points)
    table = pd.DataFrame({"geo_code": districts["geo_code"], "name": districts["name"], "value": districts["value"]},
                         index=districts.index)
    table["worst_fifth"] = worst_fifth(districts["value"], higher_is)
    table["help_inside"] = points_inside(districts, counted)
    for kind in kinds:
        table[f"nearest_m_{kind}"] = nearest_distance(centres, counted[counted["kind"] == kind]).round(0)
    table["nearest_m"] = nearest_distance(centres, counted).round(0)
    within = table["nearest_m"] <= threshold_m
    table["highlighted"] = table["worst_fifth"] & ~within
    table["population"] = table["geo_code"].map(population) if population is not None else np.nan
    return table.reset_index(drop=True)


def gap_summary(table: pd.DataFrame) -> dict:
    """n of N districts highlighted, and the people living in them when every one has a population."""
    highlighted = table[table["highlighted"]]
    people = highlighted["population"]
    return {"n": len(highlighted), "total": int(table["value"].notna().sum()),
            "population": float(people.sum()) if len(people) and people.notna().all() else None}
