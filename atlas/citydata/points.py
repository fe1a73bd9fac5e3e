"""A city's own help places (optional): `points.csv` or `points.geojson`, or the file named in
city.yaml (`points: file:`). One row per place: name, kind, lat and lon (or a GeoJSON point),
optionally opening hours and a web address. Checked with the rules of the atlas's own point
layers (atlas.points): inside Europe, inside the city's districts, no duplicates, no contact details.
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from atlas.citydata.report import Report, listed
from atlas.citydata.tables import TableError, decode, guess_decimal, is_missing, parse_number, read_csv_table
from atlas.i18n import _
from atlas.points import EUROPE_VIEW_FRAME, KINDS, has_contact_details

POINTS_NAMES = ("points.csv", "points.geojson")
POINT_FIELDS = ["name", "kind", "lat", "lon", "hours", "url"]
NEAR_M = 1000  # a place this close outside the districts still serves them (a library across the street)


def empty_points() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("lat", "lon") else "object") for c in POINT_FIELDS})


def raw_points(path: Path) -> list[tuple[str, dict]]:
    """(where, fields) per place; raises TableError when the file cannot be read."""
    if path.suffix.lower() == ".csv":
        table = read_csv_table(path, {"name", "kind", "lat", "lon"})
        table.decimal = guess_decimal(table, ["lat", "lon"])
        out = []
        for number, cells in table.rows:
            fields = dict(zip(table.columns, cells))
            for axis in ("lat", "lon"):
                fields[axis] = coordinate(fields.get(axis), table.decimal)
            out.append((_("row {row}", row=number), fields))
        return out
    try:
        features = json.loads(decode(path.read_bytes())[0]).get("features") or []
    except (ValueError, AttributeError) as exc:
        raise TableError(_("The points file is not GeoJSON: {detail}.", detail=exc), _("Export it again as GeoJSON.")) from None
    out = []
    for number, feature in enumerate(features, start=1):
        fields = {key.lower(): value for key, value in (feature.get("properties") or {}).items()}
        geometry = feature.get("geometry") or {}
        lon, lat = (geometry.get("coordinates") or [None, None])[:2] if geometry.get("type") == "Point" else (None, None)
        out.append((_("feature {number}", number=number), {**fields, "lat": lat, "lon": lon}))
    return out


def coordinate(cell, decimal: str) -> float | None:
    if is_missing(cell):
        return None
    try:
        return parse_number(cell, decimal)
    except ValueError:
        return None


def in_box(lon, lat) -> bool:
    return EUROPE_VIEW_FRAME[0] <= lon <= EUROPE_VIEW_FRAME[2] and EUROPE_VIEW_FRAME[1] <= lat <= EUROPE_VIEW_FRAME[3]


def checked_place(fields: dict, where: str, path: Path, report: Report) -> dict | None:
    name, kind = str(fields.get("name") or "").strip(), str(fields.get("kind") or "").strip()
    lat, lon = fields.get("lat"), fields.get("lon")
    if not name:
        report.error(path, where, _("This place has no name."), _("Give every place its name, or delete the row."))
        return None
    if kind not in KINDS:
        report.error(path, where, _("The kind '{kind}' is not one the atlas shows.", kind=kind),
                     _("Use one of: {kinds}.", kinds=", ".join(KINDS)))
        return None
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        report.error(path, where, _("'{name}' has no readable coordinates.", name=name),
                     _("Give lat and lon in WGS84 degrees (e.g. 45.7640 and 4.8357), no address."))
        return None
    if not in_box(lon, lat):
        swapped = in_box(lat, lon)
        report.error(path, where, _("'{name}' lies outside Europe (lat {lat}, lon {lon}).", name=name, lat=lat, lon=lon),
                     _("Latitude and longitude are in the wrong order: swap them.") if swapped
                     else _("Give lat and lon in WGS84 degrees (e.g. 45.7640 and 4.8357)."))
        return None
    extra = {key: str(fields.get(key) or "").strip() for key in ("hours", "url")}
    if any(has_contact_details(text) for text in (name, *extra.values())):
        report.error(path, where, _("'{name}' holds what looks like an e-mail address or telephone number.", name=name),
                     _("Remove contact details: the atlas stores no personal data."))
        return None
    return {"name": name, "kind": kind, "lat": float(lat), "lon": float(lon), **extra}


def read_city_points(path: Path, boundaries: gpd.GeoDataFrame, report: Report) -> pd.DataFrame:
    """The places that pass; problems in the report. Places far outside the districts and
    repeated places are left out with a warning."""
    try:
        raw = raw_points(path)
    except TableError as exc:
        report.error(path, "", exc.message, exc.fix)
        return empty_points()
    places = [p for p in (_with_where(checked_place(fields, where, path, report), where) for where, fields in raw) if p]
    frame = pd.DataFrame(places, columns=POINT_FIELDS + ["where"]) if places else empty_points().assign(where="")
    repeated = frame.duplicated(["name", "lat", "lon"])
    if repeated.any():
        report.warning(path, listed(frame.loc[repeated, "where"]), _("The same place (name and coordinates) appears again; left out."),
                       _("Nothing needed; delete the repeated rows to silence this."))
    frame = frame[~repeated]
    if len(boundaries) and len(frame):
        area = gpd.GeoSeries([shapely.union_all(boundaries.geometry.values)], crs="EPSG:4326").to_crs("EPSG:3035").iloc[0]
        spots = gpd.GeoSeries(gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326").to_crs("EPSG:3035")
        outside = (spots.distance(area) > NEAR_M).to_numpy()
        if outside.any():
            report.warning(path, listed(frame.loc[outside, "where"]),
                           _("{count} place(s) lie more than {m} m outside the districts; left out.", count=int(outside.sum()), m=NEAR_M),
                           _("Check their coordinates (lat and lon swapped? another town?)."))
        frame = frame[~outside]
    return frame[POINT_FIELDS].reset_index(drop=True)


def _with_where(place: dict | None, where: str) -> dict | None:
    return {**place, "where": where} if place else None
