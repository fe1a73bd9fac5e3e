"""Help and access points (kind: points in data/sources.yaml): read, checked, kept per member.

Each file is one layer of one kind (help point, library, public Wi-Fi, mediator). A point reaches
the store only with coordinates inside Europe and inside a member's district area; exact
duplicates are dropped, the known bad coordinates of the catalogue are moved or dropped, and
every count is in the build report (`points_report` in the manifest). Only name, opening hours
and web address are kept: no e-mail address or telephone number reaches the store.
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.readers.tabular import read_csv_source
from atlas.errors import SourceError

KINDS = ("help_point", "library", "wifi", "mediator")
POINT_COLUMNS = ["layer_id", "kind", "member_name", "point_id", "name", "lat", "lon", "hours", "url", "approximate"]
EUROPE_VIEW_FRAME = (-25.0, 34.0, 45.0, 72.0)  # minx, miny, maxx, maxy: the mainland frame of the Europe view
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"(?<![\w/.=-])\+?\d[\d .]{8,}\d(?![\w/])")


def point_sources(sources) -> list[dict]:
    return [s for s in sources if s.get("kind") == "points"]


def read_points(path: Path, spec: dict) -> pd.DataFrame:
    """One source file as point_id, name, lat, lon, hours, url, approximate (lat/lon NaN if absent)."""
    raw = _read_raw(path, spec)
    fields = spec["fields"]
    missing = [c for key, c in fields.items() if key not in ("url", "hours") and c not in raw.columns]
    if missing:
        raise SourceError(path, "header", f"missing column(s): {', '.join(missing)}")
    for column, wanted in spec.get("keep_where", {}).items():
        raw = raw[raw[column] == wanted]
    out = pd.DataFrame(index=raw.index)
    out["point_id"] = raw[fields["id"]].astype(str) if "id" in fields else (raw.index + 1).astype(str)
    out["name"] = raw[fields["name"]].fillna("").astype(str).str.strip()
    if "latlon" in fields:
        out["lat"], out["lon"] = _split_latlon(raw[fields["latlon"]])
    else:
        out["lat"] = pd.to_numeric(raw[fields["lat"]], errors="coerce")
        out["lon"] = pd.to_numeric(raw[fields["lon"]], errors="coerce")
    out["hours"] = _hours(raw, spec)
    out["url"] = raw[fields["url"]].fillna("").astype(str).str.strip() if fields.get("url") in raw else ""
    out["approximate"] = False
    if spec.get("approximate_when_equal"):
        lat, lon = _split_latlon(raw[spec["approximate_when_equal"]])
        out["approximate"] = ((lat - out["lat"]).abs() < 1e-6) & ((lon - out["lon"]).abs() < 1e-6)
    return out.reset_index(drop=True)


def _read_raw(path: Path, spec: dict) -> pd.DataFrame:
    form = spec.get("format", "csv")
    if form == "csv":
        return read_csv_source(path, sep=spec.get("sep", ","), dtype=str, keep_default_na=False,
                               na_values=[""], encoding="utf-8-sig")
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise SourceError(path, "", f"not readable JSON: {exc}") from exc
    if form == "geojson":
        rows = [{**(f.get("properties") or {}), "lon": (f.get("geometry") or {}).get("coordinates", [None, None])[0],
                 "lat": (f.get("geometry") or {}).get("coordinates", [None, None])[1]} for f in data["features"]]
        return pd.DataFrame(rows)
    return pd.DataFrame(data)


def _split_latlon(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'48.85, 2.34' -> (48.85, 2.34); anything else -> NaN."""
    parts = column.fillna("").astype(str).str.split(",", n=1, expand=True).reindex(columns=[0, 1])
    return pd.to_numeric(parts[0], errors="coerce"), pd.to_numeric(parts[1], errors="coerce")


def _hours(raw: pd.DataFrame, spec: dict) -> pd.Series:
    """Opening hours as one line: the source's own field, or 'Mo 9:00-12:00; Tu ...' from day columns."""
    if spec["fields"].get("hours") in raw:
        return raw[spec["fields"]["hours"]].fillna("").astype(str).str.strip()
    days = spec.get("hours_by_day", {})
    if not days:
        return pd.Series("", index=raw.index)
    parts = [(day + " " + raw[column].fillna("").astype(str).str.strip()).where(raw[column].notna(), "")
             for day, column in days.items()]
    return pd.concat(parts, axis=1).apply(lambda row: "; ".join(p for p in row if p), axis=1)


def check_points(points: pd.DataFrame, spec: dict, areas: gpd.GeoDataFrame) -> tuple[pd.DataFrame, dict]:
    """Apply the catalogue's fixes and drops, then keep points inside Europe and inside a member's area.

    areas: member_name, geometry (one row per member, EPSG:4326). Returns the kept points (one row
    per point and member) and a report of what was dropped or moved and why."""
    report = {"layer_id": spec["id"], "kind": spec["point_kind"], "read": len(points)}
    points = points.copy()
    report["moved"], report["fixes_not_found"] = _apply_fixes(points, spec.get("fixes", []))
    dropped_known = pd.Series(False, index=points.index)
    for drop in spec.get("drops", []):
        dropped_known |= _at(points, drop["lon"], drop["lat"])
    report["dropped_known_bad"] = int(dropped_known.sum())
    points = points[~dropped_known]
    no_coordinates = points["lat"].isna() | points["lon"].isna()
    report["dropped_no_coordinates"] = int(no_coordinates.sum())
    points = points[~no_coordinates]
    minx, miny, maxx, maxy = EUROPE_VIEW_FRAME
    inside_europe = points["lon"].between(minx, maxx) & points["lat"].between(miny, maxy)
    report["dropped_outside_europe"] = int((~inside_europe).sum())
    points = points[inside_europe]
    duplicated = points.duplicated(["name", "lat", "lon"])
    report["dropped_duplicates"] = int(duplicated.sum())
    points = points[~duplicated]
    located = gpd.sjoin(gpd.GeoDataFrame(points, geometry=gpd.points_from_xy(points["lon"], points["lat"]),
                                         crs="EPSG:4326"), areas[["member_name", "geometry"]],
                        how="inner", predicate="intersects")
    report["outside_member_areas"] = int(len(points) - located.index.nunique())
    report["approximate"] = int(located["approximate"].sum())
    kept = pd.DataFrame(located.drop(columns=["geometry", "index_right"])).assign(
        layer_id=spec["id"], kind=spec["point_kind"])
    report["kept"] = len(kept)
    report["by_member"] = kept["member_name"].value_counts().sort_index().to_dict()
    _refuse_personal_data(kept, spec)
    return kept.reindex(columns=POINT_COLUMNS).reset_index(drop=True), report


def _at(points: pd.DataFrame, lon: float, lat: float) -> pd.Series:
    return ((points["lon"] - lon).abs() < 1e-6) & ((points["lat"] - lat).abs() < 1e-6)


def _apply_fixes(points: pd.DataFrame, fixes: list[dict]) -> tuple[int, int]:
    """Move the named points that sit at the known bad place. A fix that finds nothing is counted
    (a refreshed source may have corrected it; the catalogue then needs a look)."""
    moved = not_found = 0
    for fix in fixes:
        match = (points["name"] == fix["name"]) & _at(points, fix["lon"], fix["lat"])
        points.loc[match, ["lon", "lat"]] = fix["to_lon"], fix["to_lat"]
        moved += int(match.sum())
        not_found += int(not match.any())
    return moved, not_found


def has_contact_details(text: str) -> bool:
    """An e-mail address or a telephone number: personal data the store never keeps."""
    return bool(_EMAIL.search(text) or _PHONE.search(text))


def _refuse_personal_data(points: pd.DataFrame, spec: dict) -> None:
    for column in ("name", "hours", "url"):
        hit = points[column].fillna("").astype(str).map(has_contact_details)
        if hit.any():
            raise SourceError(spec["file"], f"point {points.loc[hit, 'point_id'].iloc[0]}, field {column}",
                              "looks like an e-mail address or telephone number; no contact details are stored")


def member_areas(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One outline per member: the union of all its district layers."""
    merged = districts[["member_name", "geometry"]].dissolve(by="member_name").reset_index()
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def build_points(files: dict, sources, districts: gpd.GeoDataFrame, log) -> tuple[pd.DataFrame, list[dict]]:
    """Every points layer, checked: the points kept and one report row per layer."""
    areas = member_areas(districts)
    frames, reports = [], []
    for spec in point_sources(sources):
        points = pd.concat([read_points(path, spec) for path in files[spec["id"]]], ignore_index=True)
        kept, report = check_points(points, spec, areas)
        frames.append(kept)
        reports.append(report)
        log(f"    {spec['id']}: {report['kept']} of {report['read']} points kept ({_report_line(report)})")
    if not frames:
        return pd.DataFrame(columns=POINT_COLUMNS), reports
    return pd.concat(frames, ignore_index=True), reports


def _report_line(report: dict) -> str:
    words = {"moved": "moved from a known bad place", "fixes_not_found": "catalogue fix(es) found nothing to move", "dropped_known_bad": "dropped at a known bad place",
             "dropped_no_coordinates": "without coordinates", "dropped_outside_europe": "outside Europe",
             "dropped_duplicates": "duplicates", "outside_member_areas": "outside every member's area",
             "approximate": "approximate (commune centre)"}
    return ", ".join(f"{report[k]} {w}" for k, w in words.items() if report.get(k)) or "none dropped"


def district_population(path: Path) -> pd.DataFrame:
    """IRIS population as the IFN file gives it (the only district population in the sources)."""
    frame = read_csv_source(path, dtype={"code_iris": str}, usecols=["code_iris", "population"])
    return pd.DataFrame({"geo_code": "fr_iris:" + frame["code_iris"].str.zfill(9),
                         "population": pd.to_numeric(frame["population"], errors="coerce"), "source": "ifn_2020"})
