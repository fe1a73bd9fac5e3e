"""The boundaries file: read it (GeoJSON, GeoPackage, zipped Shapefile), settle its CRS,
check codes, repair geometries where that is safe, and look for overlaps and gaps."""
from __future__ import annotations

import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from pyproj import CRS

from atlas.citydata.place import Reference, cause_fix, check_place, likely_cause
from atlas.citydata.report import Report, empty_boundaries, listed
from atlas.citydata.tables import decode
from atlas.geo import METRIC_CRS
from atlas.i18n import _, fmt_number

REPAIR_AREA_TOLERANCE = 0.01        # a repair may change a district's area by 1 % at most
OVERLAP_TOLERANCE = 0.01            # overlap: share of the smaller district's area; above it, a warning
OVERLAP_ERROR = 0.10                # above this the layer is wrong (two vintages mixed?), not just simplified
GAP_TOLERANCE = 0.01                # gap: share of the median district's area
MIN_SLIVER_M2 = 100                 # below this, overlaps and gaps are digitising noise
MEMBERS_BOX = (-35.0, 25.0, 60.0, 75.0)  # lon/lat box every Eurocities member lies in, generously


def read_raw_boundaries(path: Path, layer: str | None, report: Report) -> gpd.GeoDataFrame | None:
    """The city's file as written (a zipped Shapefile, a GeoPackage's one layer, GeoJSON), or None
    with the problem in `report`. The checks come after; official layers use `atlas.geo.read_layer`."""
    try:
        source = shapefile_in_zip(path, report) if path.suffix.lower() == ".zip" else str(path)
        if source is None:
            return None
        if path.suffix.lower() == ".gpkg" and layer is None:
            layer = only_layer(path, report)
            if layer is None:
                return None
        encoding = dbf_encoding(path, report) if path.suffix.lower() == ".zip" else None
        return gpd.read_file(source, layer=layer, encoding=encoding) if encoding else gpd.read_file(source, layer=layer)
    except Exception as exc:  # pyogrio raises DataSourceError, DataLayerError, OSError, ...
        report.error(path, "", _("The boundaries cannot be read: {detail}.", detail=str(exc).strip() or type(exc).__name__),
                     _("Open the file in QGIS to check it, and export it again as GeoPackage or GeoJSON."))
        return None


def shapefile_in_zip(path: Path, report: Report) -> str | None:
    try:
        members = [n for n in zipfile.ZipFile(path).namelist() if n.lower().endswith(".shp")]
    except zipfile.BadZipFile:
        report.error(path, "", _("This is not a readable zip file."), _("Zip the Shapefile's files (.shp, .shx, .dbf, .prj) again."))
        return None
    if len(members) != 1:
        report.error(path, "", _("The zip holds {count} Shapefiles; it must hold exactly one.", count=len(members)),
                     _("Put one Shapefile (.shp, .shx, .dbf, .prj of the same name) in the zip."))
        return None
    return f"/vsizip/{path}/{members[0]}"


def dbf_encoding(path: Path, report: Report) -> str | None:
    """A Shapefile without .cpg does not say how its names are encoded: detect it as for CSV
    files, and warn when it is not UTF-8 (GDAL would otherwise read Windows-1252 as Latin-1)."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if any(n.lower().endswith(".cpg") for n in names):
            return None
        dbf = next((n for n in names if n.lower().endswith(".dbf")), None)
        if dbf is None:
            return None
        _text, encoding = decode(archive.read(dbf))
    if encoding in ("UTF-8", "UTF-8 with BOM"):
        return None
    report.warning(path, "", _("The Shapefile has no .cpg file saying how its names are encoded; read them as {encoding}.",
                               encoding=encoding),
                   _("Check the accented names in the preview; to be sure, add a .cpg file holding the encoding "
                     "(e.g. UTF-8) to the zip, or export as GeoPackage."))
    return {"Windows-1252": "cp1252", "Latin-1": "latin1", "UTF-16": "utf-16"}.get(encoding)


def only_layer(path: Path, report: Report) -> str | None:
    layers = [name for name, geometry in pyogrio.list_layers(path) if geometry]
    if len(layers) == 1:
        return layers[0]
    report.error(path, "", _("The GeoPackage has {count} layers with geometries: {layers}.", count=len(layers),
                             layers=", ".join(layers) or "-"),
                 _("Name the layer to read in city.yaml under boundaries: layer: ..."))
    return None


def epsg_of(crs: CRS, path: Path, report: Report) -> int | None:
    """The CRS's EPSG code; an approximate match is accepted with a warning (ESRI .prj files)."""
    code = crs.to_epsg()
    if code is None:
        code = crs.to_epsg(min_confidence=25)
        if code is not None:
            report.warning(path, "", _("The CRS '{name}' has no exact EPSG code; read it as EPSG:{code}.", name=crs.name, code=code),
                           _("Check the map lands where it should, or export with an EPSG code (e.g. EPSG:2154, EPSG:25832)."))
    if code is None:
        report.error(path, "", _("The CRS '{name}' has no EPSG code.", name=crs.name),
                     _("Reproject the file to a CRS with an EPSG code, e.g. EPSG:4326 or your national grid, and export again."))
    return code


def to_wgs84(frame: gpd.GeoDataFrame, path: Path, report: Report, reference: Reference | None = None) -> gpd.GeoDataFrame | None:
    if frame.crs is None:
        report.error(path, "", _("The boundaries have no coordinate reference system (CRS)."),
                     _("Add the .prj file to the zip, or export again from QGIS with the CRS set."))
        return None
    if epsg_of(frame.crs, path, report) is None:
        return None
    projected = frame.to_crs("EPSG:4326")
    if not lands_in_europe(projected, frame, path, report, reference):
        return None
    check_area_of_use(frame.crs, projected, path, report)
    return projected


def lands_in_europe(projected: gpd.GeoDataFrame, original: gpd.GeoDataFrame, path: Path, report: Report,
                    reference: Reference | None = None) -> bool:
    west, south, east, north = projected.total_bounds
    if all(math.isfinite(v) for v in (west, south, east, north)) and inside(MEMBERS_BOX, west, south, east, north):
        return True
    swapped = inside(MEMBERS_BOX, south, west, north, east) if all(map(math.isfinite, (west, south, east, north))) else False
    fix = (_("The coordinates look like latitude, longitude in the wrong order: swap the axes and export again.")
           if swapped else
           _("The coordinates are probably in another CRS than the one declared ({crs}): set the right CRS and export again. "
             "GeoJSON must be in longitude/latitude (WGS84).", crs=original.crs.to_string()))
    cause = likely_cause(original, reference) if reference is not None else None
    fix = cause_fix(cause, original, reference) if cause else fix
    report.error(path, "", _("The districts do not land in Europe (bounds {bounds}).",
                             bounds=", ".join(f"{v:.4g}" for v in original.total_bounds)), fix)
    return False


def inside(box, west, south, east, north) -> bool:
    return box[0] <= west <= east <= box[2] and box[1] <= south <= north <= box[3]


def check_area_of_use(crs: CRS, projected: gpd.GeoDataFrame, path: Path, report: Report) -> None:
    area = crs.area_of_use
    if area is None or crs.is_geographic:
        return
    west, south, east, north = projected.total_bounds
    margin = 1.0  # degrees: national grids are used a little beyond their official area
    if not inside((area.west - margin, area.south - margin, area.east + margin, area.north + margin), west, south, east, north):
        report.warning(path, "", _("The districts lie outside the area the CRS {crs} is made for ({area}).",
                                   crs=crs.to_string(), area=area.name.rstrip(".")),
                       _("Check the CRS: the file may have been labelled with a CRS other than its coordinates'."))


def code_text(value) -> str:
    """75101, 75101.0 and ' 75101 ' are all '75101'; None and NaN are ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def feature_label(number: int, code: str = "") -> str:
    return _("feature {number} (code {code})", number=number, code=code) if code else _("feature {number}", number=number)


def pick_fields(frame: gpd.GeoDataFrame, fields: dict, path: Path, report: Report) -> gpd.GeoDataFrame | None:
    code_field, name_field = fields.get("code_field"), fields.get("name_field")
    available = ", ".join(c for c in frame.columns if c != "geometry")
    if code_field not in frame.columns:
        report.error(path, "", _("The code field '{field}' named in city.yaml is not in the boundaries.", field=code_field),
                     _("Set boundaries: code_field to one of: {available}.", available=available))
        return None
    codes = frame[code_field].map(code_text)
    if name_field in frame.columns:
        names = frame[name_field].map(code_text)
    else:
        report.warning(path, "", _("The name field '{field}' named in city.yaml is not in the boundaries; codes are shown as names.",
                                   field=name_field),
                       _("Set boundaries: name_field to one of: {available}.", available=available))
        names = codes
    return gpd.GeoDataFrame({"code": codes, "name": names.where(names != "", codes)}, geometry=frame.geometry.values, crs=frame.crs)


def check_codes(frame: gpd.GeoDataFrame, path: Path, report: Report) -> gpd.GeoDataFrame:
    """Features without a code are dropped; duplicate codes are errors (the figures could not say which one).
    The frame's index is the feature's position in the file, so messages can name it."""
    for position in frame.index[frame["code"] == ""]:
        report.error(path, feature_label(position + 1), _("This district has no code."),
                     _("Give every district a code in the code field."))
    frame = frame[frame["code"] != ""]
    for code in frame["code"][frame["code"].duplicated()].unique():
        numbers = listed(position + 1 for position in frame.index[frame["code"] == code])
        report.error(path, _("features {numbers}", numbers=numbers), _("The code '{code}' is used by more than one district.", code=code),
                     _("Give each district its own code, or merge the parts into one MultiPolygon."))
    return frame


def check_geometries(frame: gpd.GeoDataFrame, path: Path, report: Report) -> gpd.GeoDataFrame:
    """Missing and non-polygon shapes are errors; invalid ones are repaired when the repair
    barely changes the area (a warning), otherwise left as errors."""
    keep, repaired = [], []
    for position, (code, geometry) in enumerate(zip(frame["code"], frame.geometry)):
        where = feature_label(frame.index[position] + 1, code)
        fixed = checked_geometry(geometry, where, path, report)
        if fixed is not None:
            keep.append(position)
            repaired.append(fixed)
    out = frame.iloc[keep].copy()
    out["geometry"] = repaired
    return out.set_geometry("geometry").set_crs(frame.crs, allow_override=True)


def checked_geometry(geometry, where: str, path: Path, report: Report):
    if geometry is None or geometry.is_empty:
        report.error(path, where, _("This district has no geometry."), _("Draw its boundary or remove the feature."))
        return None
    geometry = shapely.force_2d(geometry)
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        report.error(path, where, _("This district is a {kind}, not a polygon.", kind=geometry.geom_type),
                     _("Districts must be areas: export the polygons, not points or lines."))
        return None
    if geometry.is_valid:
        return geometry
    return repaired_geometry(geometry, where, path, report)


def repaired_geometry(geometry, where: str, path: Path, report: Report):
    reason = shapely.is_valid_reason(geometry)
    fixed = polygons_only(shapely.make_valid(geometry))
    before, after = metric_area(geometry), metric_area(fixed)
    change = abs(after - before) / before if before > 0 else math.inf
    if fixed.is_empty or change > REPAIR_AREA_TOLERANCE:
        report.error(path, where, _("Invalid geometry ({reason}) that cannot be repaired safely.", reason=reason),
                     _("Fix this district's boundary in QGIS (Vector > Geometry Tools > Check Validity) and export again."))
        return None
    report.warning(path, where, _("Invalid geometry ({reason}); repaired, area changed by {change:.2f} %.",
                                  reason=reason, change=100 * change),
                   _("Nothing needed; to silence this, fix the boundary in QGIS and export again."))
    return fixed


def polygons_only(geometry):
    """make_valid may return a collection with stray lines; keep its polygons."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def metric_area(geometry) -> float:
    return float(gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(METRIC_CRS).area.iloc[0])


def overlapping_pairs(metric: gpd.GeoDataFrame) -> list[tuple[str, str, float, float]]:
    """(code, code, overlap m², share of the smaller district) for overlaps beyond the tolerance."""
    pairs = []
    left, right = metric.sindex.query(metric.geometry, predicate="intersects")
    for i, j in zip(left, right):
        a, b = metric.geometry.iloc[i], metric.geometry.iloc[j]
        shared = a.intersection(b).area if i < j else 0.0
        smaller = min(a.area, b.area)
        if shared > max(MIN_SLIVER_M2, OVERLAP_TOLERANCE * smaller):
            pairs.append((metric["code"].iloc[i], metric["code"].iloc[j], shared, shared / smaller))
    return sorted(pairs, key=lambda pair: -pair[3])


GROUP_SHOWN = 5  # small overlaps and gaps: one line with the five largest and the total


def check_overlaps(metric: gpd.GeoDataFrame, path: Path, report: Report) -> None:
    """Large overlaps are errors, one by one; small ones (typical of simplified layers) are one
    warning with the five largest and the total."""
    pairs = overlapping_pairs(metric)
    fix = _("Districts must not overlap: fix the shared boundary in QGIS (snapping, or Vector > Geometry Tools > Check Validity).")
    for a, b, shared, share in (pair for pair in pairs if pair[3] > OVERLAP_ERROR):
        report.error(path, _("codes {a} and {b}", a=a, b=b),
                     _("These districts overlap by {area} m² ({share} % of the smaller one).", area=fmt_number(shared, 0),
                       share=fmt_number(100 * share)), fix)
    small = sorted((pair for pair in pairs if pair[3] <= OVERLAP_ERROR), key=lambda pair: -pair[2])
    if small:
        largest = "; ".join(_("{a}/{b} {area} m² ({share} %)", a=a, b=b, area=fmt_number(shared, 0), share=fmt_number(100 * share))
                            for a, b, shared, share in small[:GROUP_SHOWN])
        report.warning(path, "", _("{count} pair(s) of districts overlap by {low}–{high} % of the smaller one, {total} m² in all, "
                                   "as simplified boundaries often do. Largest: {largest}.", count=len(small),
                                   low=fmt_number(100 * OVERLAP_TOLERANCE, 0), high=fmt_number(100 * OVERLAP_ERROR, 0),
                                   total=fmt_number(sum(pair[2] for pair in small), 0), largest=largest),
                       _("Nothing needed for a map; for exact boundaries, export the layer without simplification."))


def check_gaps(metric: gpd.GeoDataFrame, path: Path, report: Report) -> None:
    """Holes inside the union of the districts: a lake or an enclave may be one, so warnings.
    A gap as large as a district gets a line of its own (a missing district?); the rest, one line
    with the five largest and the total (simplified layers have lots)."""
    union = shapely.union_all(metric.geometry.values)
    median = float(metric.area.median())
    tolerance = max(MIN_SLIVER_M2, GAP_TOLERANCE * median)
    holes = [shapely.Polygon(ring) for polygon in getattr(union, "geoms", [union]) for ring in getattr(polygon, "interiors", [])]
    holes = sorted((h for h in holes if h.area > tolerance), key=lambda h: -h.area)
    fix = _("If the area belongs to a district, close the gap; if it is outside the city (a lake, another municipality), nothing needed.")
    for hole in (h for h in holes if h.area >= median):
        report.warning(path, near(hole), _("A gap of {area} m² between districts, as large as a district, which no district covers.",
                                           area=fmt_number(hole.area, 0)), fix)
    small = [h for h in holes if h.area < median]
    if small:
        largest = "; ".join(_("{area} m² {where}", area=fmt_number(h.area, 0), where=near(h)) for h in small[:GROUP_SHOWN])
        report.warning(path, "", _("{count} gap(s) between districts that no district covers, {total} m² in all. Largest: {largest}.",
                                   count=len(small), total=fmt_number(sum(h.area for h in small), 0), largest=largest), fix)


def near(geometry) -> str:
    point = gpd.GeoSeries([geometry.representative_point()], crs=METRIC_CRS).to_crs("EPSG:4326").iloc[0]
    return _("near lon {lon:.5f}, lat {lat:.5f}", lon=point.x, lat=point.y)


def read_boundaries(path: Path, fields: dict, report: Report, reference: Reference | None = None,
                    regions: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Every check on the boundaries file; returns `code, name, geometry` in EPSG:4326
    (empty when nothing usable could be read). With the member's `reference` point, boundaries
    that miss it are an error naming the likely CRS."""
    raw = read_raw_boundaries(path, fields.get("layer"), report)
    if raw is None:
        return empty_boundaries()
    if raw.empty:
        report.error(path, "", _("The boundaries file has no features."), _("Export the layer with its districts."))
        return empty_boundaries()
    picked = pick_fields(raw.reset_index(drop=True), fields, path, report)
    if picked is None:
        return empty_boundaries()
    wgs84 = to_wgs84(picked, path, report, reference)
    if wgs84 is None or (reference is not None and not check_place(picked, wgs84, reference, regions, path, report)):
        return empty_boundaries()
    frame = check_geometries(check_codes(wgs84, path, report), path, report)
    if len(frame) > 1:
        metric = frame.to_crs(METRIC_CRS)
        check_overlaps(metric, path, report)
        check_gaps(metric, path, report)
    return frame.reset_index(drop=True)[["code", "name", "geometry"]]
