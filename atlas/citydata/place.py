"""Is the folder about a member the atlas knows, and do its boundaries lie where that member is?

A misspelt `member_id` would otherwise create a second member of the same name, and a wrong CRS
label puts the districts in another country while still "in Europe". The member's point (from
the store, or `lat`/`lon` of a new member) is the reference; when the boundaries miss it, the
usual national grids and swapped axes are tried on the raw coordinates to name the likely cause.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from atlas.citydata.report import Report
from atlas.geo import METRIC_CRS
from atlas.i18n import _, fmt_number
from atlas.name_keys import slug

PLACE_TOLERANCE_M = 25_000  # the member's point may lie this far outside its districts (a partial layer)
# National and regional grids members' GIS teams export in, and Web Mercator.
USUAL_GRIDS = (2154, 27572, 3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950, 25829, 25830, 25831, 25832, 25833,
               25834, 25835, 31466, 31467, 31468, 31469, 28992, 31370, 3812, 27700, 29903, 2157, 2180, 3067, 3006, 5514,
               3763, 2100, 23700, 3416, 31255, 31256, 31257, 2056, 21781, 3844, 3765, 3794, 3035, 3857, 4326)


@dataclass
class Reference:
    """Where the folder's member is: its name and point (WGS84)."""

    name: str
    lon: float
    lat: float


@dataclass
class KnownPlaces:
    """What the atlas knows: members (member_id, name, lat, lon; alt_names optional) and NUTS 2
    regions (name, geometry, EPSG:4326) to say where misplaced boundaries landed."""

    members: pd.DataFrame
    regions: gpd.GeoDataFrame | None = None


def known_places() -> KnownPlaces | None:
    """The members and regions of the built store; None before the first build."""
    from atlas.store import Store, StoreMissing

    try:
        store = Store.open()
        members = store.members
        regions = store.regions
    except (StoreMissing, OSError):
        return None
    nuts2 = regions[regions["level"] == "nuts2"]
    nuts2 = nuts2[nuts2["version"] == nuts2["version"].max()] if "version" in nuts2 else nuts2
    return KnownPlaces(members, nuts2[["geo_code", "name", "geometry"]].reset_index(drop=True))


def closest_ids(member_id: str, city: str, members: pd.DataFrame) -> list[str]:
    """Member ids the analyst may have meant: a word of the id, the city's name, or a near spelling."""
    ids = members["member_id"].tolist()
    words = set(member_id.split("-"))
    names = members["name"].map(slug)
    alt = members.get("alt_names", pd.Series("", index=members.index)).fillna("").map(lambda t: {slug(n) for n in t.split("|")})
    by_name = [i for i, name, others in zip(ids, names, alt) if i in words or (city and (name == slug(city) or slug(city) in others))]
    similar = difflib.get_close_matches(member_id, ids, n=5, cutoff=0.6)
    return list(dict.fromkeys(by_name + similar))[:5]


def check_member(meta: dict, known: KnownPlaces | None, path: Path, report: Report) -> Reference | None:
    """The member the folder is about, or None after reporting why it is not known."""
    member_id, city = meta.get("member_id"), str(meta.get("city") or "")
    if not isinstance(member_id, str):
        return None  # the schema check has said so
    new = meta.get("new_member") is True
    given = new_member_point(meta, path, report) if new else None
    if known is None:
        if not new:
            report.warning(path, "member_id", _("The member id cannot be checked: the atlas has no store yet."),
                           _("Run python -m atlas build, then check again."))
        return given
    rows = known.members[known.members["member_id"] == member_id]
    if len(rows) and new:
        report.error(path, "new_member", _("'{id}' is already a member of the atlas ({name}); new_member is for a place it does not have.",
                                           id=member_id, name=rows["name"].iloc[0]),
                     _("Remove new_member, lat and lon from city.yaml."))
        return None
    if len(rows):
        row = rows.iloc[0]
        return Reference(str(row["name"]), float(row["lon"]), float(row["lat"])) if pd.notna(row["lat"]) else None
    if not new:
        closest = ", ".join(closest_ids(member_id, city, known.members)) or "-"
        report.error(path, "member_id", _("The member id '{id}' is not a member the atlas knows. Closest ids: {closest}.",
                                          id=member_id, closest=closest),
                     _("Use the member's id. For a place the atlas does not have yet, add new_member: true with its "
                       "country, lat and lon to city.yaml."))
    return given


def new_member_point(meta: dict, path: Path, report: Report) -> Reference | None:
    missing = [field for field in ("country", "lat", "lon") if field not in meta]
    if missing:
        report.error(path, "new_member", _("A new member needs {fields} in city.yaml.", fields=", ".join(missing)),
                     _("Give its ISO country code (country: FR) and the coordinates of its centre (lat: 45.76, lon: 4.84)."))
        return None
    if not all(isinstance(meta[f], (int, float)) and not isinstance(meta[f], bool) for f in ("lat", "lon")):
        return None  # the schema check has said so
    return Reference(str(meta.get("city") or meta["member_id"]), float(meta["lon"]), float(meta["lat"]))


def distance_m(geometry_wgs84, lon: float, lat: float) -> float:
    shapes = gpd.GeoSeries([geometry_wgs84, shapely.Point(lon, lat)], crs="EPSG:4326").to_crs(METRIC_CRS)
    return float(shapes.iloc[0].distance(shapes.iloc[1]))


def is_at(reference: Reference, lon: float, lat: float) -> bool:
    return distance_m(shapely.Point(lon, lat), reference.lon, reference.lat) <= 2 * PLACE_TOLERANCE_M


def likely_cause(raw: gpd.GeoDataFrame, reference: Reference) -> str | None:
    """'swapped', an 'EPSG:nnnn' under which the raw coordinates land on the member, or None."""
    west, south, east, north = raw.total_bounds
    x, y = (west + east) / 2, (south + north) / 2
    declared = CRS.from_user_input(raw.crs) if raw.crs is not None else CRS.from_epsg(4326)
    lon, lat = Transformer.from_crs(declared, 4326, always_xy=True).transform(y, x)
    if is_at(reference, lon, lat):
        return "swapped"
    for code in USUAL_GRIDS:
        if declared.to_epsg() == code:
            continue
        lon, lat = Transformer.from_crs(code, 4326, always_xy=True).transform(x, y)
        if is_at(reference, lon, lat):
            return f"EPSG:{code}"
    return None


def cause_fix(cause: str | None, raw: gpd.GeoDataFrame, reference: Reference) -> str:
    if cause == "swapped":
        return _("Latitude and longitude are in the wrong order: swap the axes and export again.")
    if cause:
        declared = raw.crs.to_string() if raw.crs is not None else "EPSG:4326"
        return _("The coordinates are probably in {crs} ({name}), not in {declared} as the file says: read as {crs} they "
                 "land on {city}. Set the layer's CRS to {crs} (QGIS: Layer > Set CRS), then export again; GeoJSON "
                 "must be exported in EPSG:4326.", crs=cause, name=CRS.from_user_input(cause).name, declared=declared,
                 city=reference.name)
    return _("Check that the layer is {city}'s and that its CRS is the one its coordinates are in: a layer shifted "
             "by an offset, or another place's layer, lands like this.", city=reference.name)


def landed_where(extent, regions: gpd.GeoDataFrame | None) -> str:
    centre = extent.centroid
    if regions is not None and len(regions):
        hit = regions[regions.intersects(centre)]
        if len(hit):
            return _("in {region} ({code})", region=hit["name"].iloc[0], code=hit["geo_code"].iloc[0])
    return _("near lon {lon:.3f}, lat {lat:.3f}", lon=centre.x, lat=centre.y)


def check_place(raw: gpd.GeoDataFrame, wgs84: gpd.GeoDataFrame, reference: Reference, regions, path: Path, report: Report) -> bool:
    """An error when the districts' extent lies farther than the tolerance from the member's point
    (the extent, not the shapes: they are not repaired yet)."""
    extent = shapely.box(*wgs84.total_bounds)
    distance = distance_m(extent, reference.lon, reference.lat)
    if distance <= PLACE_TOLERANCE_M:
        return True
    report.error(path, "", _("The districts do not lie where {city} is: they land {where}, {km} km away.",
                             city=reference.name, where=landed_where(extent, regions), km=fmt_number(distance / 1000, 0)),
                 cause_fix(likely_cause(raw, reference), raw, reference))
    return False
