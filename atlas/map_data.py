"""The data behind the Map page: layers of polygons with values, as plain GeoDataFrames."""
from __future__ import annotations

import pandas as pd
from shapely.geometry import box

from atlas.i18n import _
from atlas.store import Store
from atlas.text import flag_words

EUROSTAT_BOUNDARIES = "© EuroGeographics for the administrative boundaries"
# The mainland frame of the Europe view; the outermost regions (Canarias, the French overseas
# departments, the Azores and Madeira) would shrink Europe to a corner of the map.
EUROPE_FRAME = box(-25.0, 34.0, 45.0, 72.0)


def in_europe_frame(layer):
    """The polygons to draw on the Europe view; the table keeps every region."""
    return layer[layer.intersects(EUROPE_FRAME)]


def europe_layer(store: Store, indicator: str, year: int):
    """Polygons for one indicator and year at the finest level each country publishes:
    NUTS 2, else NUTS 1 (DE, EL, TR, UK), else the country; the NUTS version of that year."""
    import geopandas as gpd

    values = store.values(indicator, year).dropna(subset=["value"])
    parts, covered = [], set()
    for level in ("nuts2", "nuts1", "country"):
        rows = values[(values["level"] == level) & ~values["geo_code"].str[:2].isin(covered)]
        parts.append(rows)
        covered |= set(rows["geo_code"].str[:2])
    chosen = pd.concat(parts, ignore_index=True)
    version = 2024 if year >= 2024 else 2021
    shapes = store.regions.sort_values("version", ascending=(version == 2021))  # preferred version last
    shapes = shapes.drop_duplicates("geo_code", keep="last")
    layer = shapes.merge(chosen, on=["geo_code", "level"], how="inner")
    layer["name"] = layer["geo_code"].map(store.place_name)
    return gpd.GeoDataFrame(layer[["geo_code", "name", "level", "value", "year", "flag", "source", "geometry"]],
                            geometry="geometry", crs="EPSG:4326")


def district_layer(store: Store, member_id: str, layer_id: str, indicator: str | None, year: int | None = None):
    """A member's districts with the indicator's values (NaN where a district has none)."""
    shapes = store.member_districts(member_id, layer_id)
    if indicator is None:
        return shapes.assign(value=float("nan"), year=None, flag="", moe=float("nan"), sample_size=float("nan"))
    values = store.values(indicator, year)
    values = values[values["level"] == "district"].rename(columns={"n": "sample_size"})
    if year is None and not values.empty:
        values = values[values["year"] == values["year"].max()]
    return shapes.merge(values[["geo_code", "value", "year", "flag", "moe", "sample_size"]], on="geo_code", how="left")


def map_meta(store: Store, indicator: str, boundary_attribution: str = EUROSTAT_BOUNDARIES) -> dict:
    ind = store.indicators[indicator]
    source = store.sources[ind["source"]]
    return {"title": _(ind["title"]), "unit": ind["unit"], "higher_is": ind["higher_is"],
            "source": f"{source['publisher']}, {ind['dataset']}",
            "attribution": f"{boundary_attribution} · {source['attribution']}"}


def layer_attribution(store: Store, layer_id: str) -> str:
    spec = store.sources.get(layer_id, {})
    return spec.get("attribution", "")


def map_table(layer, indicator: dict) -> pd.DataFrame:
    """The figures on a map as a plain table: code, name, value, year, flags, margin of error."""
    table = pd.DataFrame({"code": layer["geo_code"].str.split(":").str[-1], "name": layer["name"],
                          "value": layer["value"], "year": layer["year"], "flags": layer["flag"].fillna("").map(flag_words)})
    if "moe" in layer and layer["moe"].notna().any():
        table["moe"] = layer["moe"]
        table["sample_size"] = layer["sample_size"]
    return table.sort_values("value", ascending=indicator["higher_is"] == "better", na_position="last")
