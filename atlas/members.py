"""The members of Eurocities: what each one is, and where its figures come from.

Each name on the member page is resolved automatically (GeoNames for the place and its
country, the Urban Audit for the city code, NUTS polygons for the regions); where that is
wrong or ambiguous, one reviewed table, data/members.csv, decides, with a reason per row.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point

from atlas.names import member_names
from atlas.paths import CATALOGUE_DIR
from atlas.name_keys import fold, slug

KINDS = ("city", "metropolitan", "non_city")
CITY_AREA_KINDS = ("urban_audit_city", "nuts3", "region")
# A NUTS 1 or 2 region that is the member: its figures are the member's own for the member, and stay
# regional figures on the Europe map (the build does not relabel them).
REGION_KIND = "region"
CITY_AREA_COLUMNS = ["member_id", "geo_code", "kind", "note"]


def load_decisions() -> pd.DataFrame:
    """The reviewed table: one row per member whose resolution needed a human decision."""
    table = pd.read_csv(CATALOGUE_DIR / "members.csv", dtype=str, keep_default_na=False, comment="#")
    unknown = set(table["kind"]) - set(KINDS) - {""}
    if unknown:
        raise ValueError(f"data/members.csv: unknown kind(s) {sorted(unknown)}")
    return table.set_index("name")


def load_city_areas() -> pd.DataFrame:
    """The reviewed table of areas that ARE a member (data/city_areas.csv): an Urban Audit city, or a
    NUTS 3, 2 or 1 region whose figures are the member's own, one row per member and area."""
    table = pd.read_csv(CATALOGUE_DIR / "city_areas.csv", dtype=str, keep_default_na=False, comment="#")
    if list(table.columns) != CITY_AREA_COLUMNS:
        raise ValueError(f"data/city_areas.csv: columns must be {','.join(CITY_AREA_COLUMNS)}")
    unknown = set(table["kind"]) - set(CITY_AREA_KINDS)
    if unknown:
        raise ValueError(f"data/city_areas.csv: unknown kind(s) {sorted(unknown)}")
    twice = table[table.duplicated(["member_id", "geo_code"])]
    if not twice.empty:
        raise ValueError(f"data/city_areas.csv: {twice.iloc[0]['member_id']} {twice.iloc[0]['geo_code']} listed twice")
    return table


CITY_AREA_MISS_COLUMNS = ["member_id", "geo_code", "area", "source", "relation"]


def load_city_area_misses() -> pd.DataFrame:
    """The reviewed table of areas that look like a member but are not it (data/city_area_misses.csv):
    larger than the member, or only part of it; their figures stay off the member's city level."""
    table = pd.read_csv(CATALOGUE_DIR / "city_area_misses.csv", dtype=str, keep_default_na=False, comment="#")
    if list(table.columns) != CITY_AREA_MISS_COLUMNS or not set(table["relation"]) <= {"larger", "part"}:
        raise ValueError("data/city_area_misses.csv: columns must be " + ",".join(CITY_AREA_MISS_COLUMNS)
                         + " and relation larger or part")
    return table


DISTRICT_MISS_COLUMNS = ["member_id", "source", "units", "local_authorities", "reason"]
DISTRICT_MISS_REASONS = {"no_outlines", "no_lookup"}


def load_district_misses() -> pd.DataFrame:
    """The reviewed table of district figures a source publishes for a member that the atlas does not
    show (data/district_misses.csv), and why: no outlines of the units, or no way to tell which are its."""
    table = pd.read_csv(CATALOGUE_DIR / "district_misses.csv", dtype=str, keep_default_na=False, comment="#")
    if list(table.columns) != DISTRICT_MISS_COLUMNS or not set(table["reason"]) <= DISTRICT_MISS_REASONS:
        raise ValueError("data/district_misses.csv: columns must be " + ",".join(DISTRICT_MISS_COLUMNS)
                         + " and reason one of " + ", ".join(sorted(DISTRICT_MISS_REASONS)))
    return table


@dataclass
class Gazetteer:
    """GeoNames cities indexed by folded name and alternate names."""

    cities: pd.DataFrame

    def __post_init__(self):
        index: dict[str, list[int]] = {}
        for i, row in enumerate(self.cities.itertuples()):
            names = {row.name, *str(row.alternatenames_latin or "").split("|")}
            for name in names:
                if name:
                    index.setdefault(fold(name), []).append(i)
        self._index = index

    def lookup(self, name: str, country: str | None = None) -> pd.Series | None:
        """The most populous place called `name` (optionally within a country)."""
        rows = self.cities.iloc[sorted(set(self._index.get(fold(name), [])))]
        if country:
            rows = rows[rows["countrycode_eurostat"] == country]
        if rows.empty:
            return None
        return rows.sort_values("population", ascending=False).iloc[0]

    def by_id(self, geonameid: int) -> pd.Series | None:
        rows = self.cities[self.cities["geonameid"] == geonameid]
        return None if rows.empty else rows.iloc[0]


def _distance_km(lat1, lon1, lat2, lon2):
    """Equirectangular distance: plenty for 'within a dozen km'."""
    import numpy as np

    x = np.radians(lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    y = np.radians(lat2 - lat1)
    return 6371 * np.sqrt(x * x + y * y)


def matching_urau(urau: gpd.GeoDataFrame, place: pd.Series, names: set[str], country: str) -> pd.Series | None:
    """The place's Urban Audit city: one whose name matches within 40 km, else one within 5 km.
    (Urban Audit points are municipality centroids, sometimes far from the town centre.)"""
    same_country = urau[urau["contr_code"] == country]
    if same_country.empty:
        return None
    km = _distance_km(place["latitude"], place["longitude"], same_country.geometry.y, same_country.geometry.x)
    folded = {fold(n) for n in names if n}
    named = same_country[(km <= 40) & same_country["urau_name"].map(
        lambda n: bool({fold(part) for part in str(n).split("/")} & folded))]
    if not named.empty:
        return named.iloc[0]
    best = km.idxmin()
    return same_country.loc[best] if km[best] <= 5 else None


def region_at(regions: gpd.GeoDataFrame, lat: float, lon: float, country: str) -> str | None:
    """The NUTS code of the region containing the point, or the nearest one in the country
    (1:20M outlines cut off harbours and coasts)."""
    in_country = regions[regions["CNTR_CODE"] == country]
    if in_country.empty:
        return None
    point = Point(lon, lat)
    hits = in_country[in_country.contains(point)]
    if not hits.empty:
        return hits.iloc[0]["NUTS_ID"]
    degrees = pd.Series(shapely.distance(in_country.geometry.values, point), index=in_country.index)
    return in_country.loc[degrees.idxmin(), "NUTS_ID"] if degrees.min() < 0.3 else None


def resolve_members(names: list[str], decisions: pd.DataFrame, gazetteer: Gazetteer,
                    urau: gpd.GeoDataFrame, nuts: dict[tuple[int, int], gpd.GeoDataFrame]) -> pd.DataFrame:
    """One row per member name: id, kind, country, coordinates, Urban Audit code, NUTS regions.

    `nuts` maps (version, level) -> polygons, e.g. (2024, 2). Regional figures are chosen later,
    by the build, from what the data actually hold (see atlas.regions.figure_region)."""
    rows = [_resolve(name, decisions, gazetteer, urau, nuts) for name in names]
    return pd.DataFrame(rows)


def _resolve(name, decisions, gazetteer, urau, nuts) -> dict:
    decision = decisions.loc[name].to_dict() if name in decisions.index else {}
    kind = decision.get("kind") or "city"
    row = {"member_id": slug(name), "name": name, "kind": kind, "country": None, "local_name": name, "alt_names": "",
           "lat": None, "lon": None, "urau_code": None, "resolution": "", "decision": decision.get("reason", "")}
    if kind == "non_city":
        row["resolution"] = "not a place: no figures"
        return row
    place = _place(name, decision, gazetteer)
    if place is None:
        row["resolution"] = "no GeoNames match"
        return row
    country = decision.get("country") or place["countrycode_eurostat"]
    row.update(country=country, lat=float(place["latitude"]), lon=float(place["longitude"]),
               local_name=decision.get("local_name") or place["name"], resolution=f"GeoNames {place['geonameid']}")
    urau_row = _urau(decision, urau, place, {name, place["name"], *str(place["alternatenames_latin"]).split("|")}, country)
    if urau_row is not None:
        row["urau_code"] = urau_row["urau_code"]
        if not decision.get("local_name"):
            row["local_name"] = urau_row["urau_name"]
    # every name a reader might search by: the Urban Audit's and GeoNames' (alternate) names of
    # the place; a metropolitan body keeps its own names (its core city's are not its names)
    place_names = [place["name"], _text(place["alternatenames_latin"]),
                   urau_row["urau_name"] if urau_row is not None else ""] if kind == "city" else []
    row["alt_names"] = member_names(name, row["local_name"], *place_names)
    for (version, level), regions in nuts.items():
        row[f"nuts{level}_{version}"] = region_at(regions, row["lat"], row["lon"], country)
    return row


def _text(value) -> str:
    """A cell as text; an empty cell (NaN) as ''."""
    return value if isinstance(value, str) else ""


def _place(name: str, decision: dict, gazetteer: Gazetteer) -> pd.Series | None:
    if decision.get("geonameid"):
        return gazetteer.by_id(int(decision["geonameid"]))
    return gazetteer.lookup(decision.get("place") or name, decision.get("country") or None)


def _urau(decision: dict, urau: gpd.GeoDataFrame, place: pd.Series, names: set[str], country: str) -> pd.Series | None:
    code = decision.get("urau_code")
    if code == "none":
        return None
    if code:
        hits = urau[urau["urau_code"] == code]
        return None if hits.empty else hits.iloc[0]
    return matching_urau(urau, place, names, country)
