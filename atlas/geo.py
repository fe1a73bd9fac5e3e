"""Boundary layers: read, check, repair and simplify for the web, topology kept."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from atlas.errors import SourceError

WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:3035"  # ETRS89-LAEA: equal-area over Europe, so areas are comparable


def read_layer(path: Path, code_field: str | None = None) -> gpd.GeoDataFrame:
    """A boundary file as WGS84 polygons. Empty geometries and duplicate codes fail, naming
    the feature; invalid rings are repaired (make_valid) and counted in `attrs['repaired']`."""
    try:
        layer = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for broken files
        raise SourceError(path, "", f"cannot be read as a boundary file: {exc}") from None
    if layer.empty:
        raise SourceError(path, "", "no features")
    if layer.crs is None:
        raise SourceError(path, "", "no coordinate reference system")
    layer = layer.to_crs(WGS84)
    empty = layer.geometry.isna() | layer.geometry.is_empty
    if empty.any():
        raise SourceError(path, f"feature {int(empty.idxmax()) + 1}", "empty or missing geometry")
    if code_field:
        if code_field not in layer.columns:
            raise SourceError(path, "properties", f"no field {code_field!r}")
        duplicated = layer[code_field].duplicated()
        if duplicated.any():
            raise SourceError(path, f"feature {int(duplicated.idxmax()) + 1}",
                              f"duplicate code {layer[code_field][duplicated.idxmax()]!r}")
    invalid = ~layer.geometry.is_valid
    if invalid.any():
        layer.loc[invalid, "geometry"] = shapely.make_valid(layer.geometry[invalid].values)
        layer["geometry"] = layer.geometry.map(_polygonal)
        if (layer.geometry.isna() | layer.geometry.is_empty).any():
            bad = int((layer.geometry.isna() | layer.geometry.is_empty).idxmax()) + 1
            raise SourceError(path, f"feature {bad}", "invalid geometry that cannot be repaired")
    layer.attrs["repaired"] = int(invalid.sum())
    return layer


def _polygonal(geometry):
    """make_valid can return a collection with stray lines; keep the polygons."""
    if geometry is None or geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def simplify_for_web(layer: gpd.GeoDataFrame, tolerance: float, grid: float = 1e-5) -> gpd.GeoDataFrame:
    """Simplify neighbours together so shared edges stay shared (no gaps or slivers), then
    snap to a grid (1e-5° ≈ 1 m) that no screen can tell apart."""
    out = layer.copy()
    geoms = shapely.coverage_simplify(out.geometry.values, tolerance)
    out["geometry"] = shapely.set_precision(geoms, grid)
    out = out[~out.geometry.is_empty]
    return out


def in_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layer in longitude and latitude, as Leaflet draws it (unchanged when it already is, or has no CRS)."""
    if gdf.crs is None or gdf.crs.equals(WGS84):
        return gdf
    return gdf.to_crs(WGS84)


def round_coordinates(geometry: gpd.GeoSeries, decimals: int) -> gpd.GeoSeries:
    """Coordinates rounded to `decimals`: fewer bytes, the same picture."""
    rounded = shapely.transform(geometry.values, lambda xy: np.round(xy, decimals))
    return gpd.GeoSeries(rounded, index=geometry.index, crs=geometry.crs)
