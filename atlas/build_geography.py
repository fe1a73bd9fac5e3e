"""The build's geography: region and district outlines, simplified for the web, and the names of
every place a figure can describe."""
from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.city_areas import nuts3_city_names
from atlas.errors import SourceError
from atlas.geo import read_layer, simplify_for_web
from atlas.levels import level_of
from atlas.members import load_city_areas
from atlas.readers.tabular import read_csv_source
from atlas.sources import load_sources

NUTS_TOLERANCE = 0.01  # degrees; the 1:20M outlines are coarse already


# Regions of NUTS 2013, which no boundary file has, drawn as the union of their NUTS 2016 parts
# (SOURCES.md, "Boundaries for each year"); IE01/IE02 cannot be: the later regions cut across them.
NUTS2013_UNIONS = {"HU10": ["HU11", "HU12"], "LT00": ["LT01", "LT02"], "PL1": ["PL71", "PL9"], "PL3": ["PL72", "PL8"]}


def build_regions(files: dict) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Every region and country outline of NUTS 2016, 2021 and 2024 (each year's figures use the
    codes of the version then in force), plus the NUTS 2013 regions that can be rebuilt."""
    parts = [read_layer(path, "NUTS_ID").assign(version=2016) for path in files["nuts2016"]]
    parts += [read_layer(path, "NUTS_ID").assign(version=2021) for path in files["nuts2021"]]
    all2024 = read_layer(files["nuts2024"][0], "NUTS_ID")
    parts.append(all2024[all2024["LEVL_CODE"] <= 2].assign(version=2024))
    parts.append(_nuts2013_unions(parts[:3]))
    simplified = []
    for part in parts:
        for _, level in part.groupby("LEVL_CODE"):
            simplified.append(simplify_for_web(level, NUTS_TOLERANCE))
    regions = pd.concat(simplified, ignore_index=True)
    names = regions["NAME_LATN"] if "NAME_LATN" in regions else regions["NUTS_NAME"]
    regions = gpd.GeoDataFrame({
        "geo_code": regions["NUTS_ID"], "level": regions["LEVL_CODE"].map({0: "country", 1: "nuts1", 2: "nuts2"}),
        "version": regions["version"], "name": names.fillna(regions["NUTS_NAME"]), "country": regions["CNTR_CODE"],
    }, geometry=regions.geometry.values, crs="EPSG:4326")
    named = regions[regions["version"] != 2013].sort_values("version", ascending=False).drop_duplicates("geo_code")
    return regions, pd.DataFrame(named[["geo_code", "level", "name", "country"]])


def _nuts2013_unions(nuts2016: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """HU10 = HU11 + HU12 and the like, as outlines of version 2013 (names come from the NUTS history)."""
    shapes = pd.concat(nuts2016).set_index("NUTS_ID")
    rows = [{"NUTS_ID": code, "LEVL_CODE": len(code) - 2, "CNTR_CODE": code[:2], "NUTS_NAME": None, "NAME_LATN": None,
             "version": 2013, "geometry": shapes.loc[parts, "geometry"].union_all()}
            for code, parts in NUTS2013_UNIONS.items() if set(parts) <= set(shapes.index)]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=nuts2016[0].crs)


DISTRICT_TOLERANCE = 0.00015  # degrees, about 10-15 m: invisible at city zoom


def build_districts(files: dict, log) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    frames, layer_rows = [], []
    for spec in load_sources():
        if spec.get("kind") != "boundaries":
            continue
        layer = read_layer(files[spec["id"]][0], spec["code"])
        for member_name, rows in _split_layer(layer, spec):
            coded = rows[spec["code"]].notna() & (rows[spec["code"]].astype(str).str.strip() != "")
            if not coded.all():  # no code, no figures can attach: said in the log and the layers table
                log(f"    {spec['file']}: {int((~coded).sum())} feature(s) without a {spec['code']} left out")
            dropped, rows = int((~coded).sum()), simplify_for_web(rows[coded], DISTRICT_TOLERANCE)
            code = rows[spec["code"]].astype(str)
            part = spec.get("city_part") or {}
            frames.append(gpd.GeoDataFrame({
                "geo_code": spec["id"] + ":" + code, "layer_id": spec["id"], "member_name": member_name,
                "code": code, "name": rows[spec["name"]].astype(str), "in_city": _in_city(rows, spec),
                "parent": _parents(rows, spec)},
                geometry=rows.geometry.values, crs="EPSG:4326"))
            layer_rows.append({"layer_id": spec["id"], "member_name": member_name, "unit": spec["unit"][0],
                               "unit_plural": spec["unit"][1], "area_note": spec.get("area_note", ""),
                               "features": len(rows), "repaired": layer.attrs["repaired"],
                               "without_code": dropped, "wider_area": part.get("wider", ""),
                               "city_area": part.get("city", "")})
    districts = _parents_from_layers(pd.concat(frames, ignore_index=True))
    log(f"    {len(layer_rows)} district layers, {len(districts):,} districts")
    return gpd.GeoDataFrame(districts, crs="EPSG:4326"), pd.DataFrame(layer_rows)


def _parents(rows: gpd.GeoDataFrame, spec: dict) -> list[str | None]:
    """The larger unit each district belongs to, by the name readers know (a borough, a commune),
    for the outlines and labels drawn over a district map: a field of the layer (`parent_field`),
    or the name before its last word (`parent_from_name`: Greater Manchester's 'Bolton 005A')."""
    if spec.get("parent_field"):
        return rows[spec["parent_field"]].astype(str).tolist()
    if spec.get("parent_from_name"):
        return rows[spec["name"]].astype(str).str.rsplit(" ", n=1).str[0].tolist()
    return [None] * len(rows)


def _parents_from_layers(districts: pd.DataFrame) -> pd.DataFrame:
    """`parent_layer`: a district's larger unit is the unit of that layer, of the same member, in which
    the district's inner point lies (Barcelona's barris in its districtes, Hamburg's Stadtteile in its Bezirke)."""
    for spec in load_sources():
        if spec.get("kind") != "boundaries" or not spec.get("parent_layer"):
            continue
        for member_name in districts.loc[districts["layer_id"] == spec["id"], "member_name"].unique():
            mine = (districts["layer_id"] == spec["id"]) & (districts["member_name"] == member_name)
            wider = districts[(districts["layer_id"] == spec["parent_layer"]) & (districts["member_name"] == member_name)]
            points = gpd.GeoDataFrame(geometry=gpd.GeoSeries(districts.loc[mine, "geometry"]).representative_point(),
                                      crs="EPSG:4326")
            inside = points.sjoin(gpd.GeoDataFrame(wider[["name"]], geometry=wider.geometry.values, crs="EPSG:4326"),
                                  how="left", predicate="within")
            districts.loc[mine, "parent"] = inside[~inside.index.duplicated()]["name"].reindex(points.index).values
    return districts


def _in_city(rows: gpd.GeoDataFrame, spec: dict) -> list[bool]:
    """Which districts lie in the city itself when the layer covers more (Greater Manchester's
    LSOAs for the City of Manchester, an intercommunality's IRIS for its core commune)."""
    part = spec.get("city_part")
    if not part:
        return [True] * len(rows)
    if "name_prefix" in part:
        return rows[spec["name"]].astype(str).str.startswith(part["name_prefix"]).tolist()
    if part["field"] not in rows:
        raise SourceError(spec["file"], part["field"], "column missing: it says which districts are in the city")
    return (pd.to_numeric(rows[part["field"]], errors="coerce") == part["equals"]).tolist()


def _split_layer(layer: gpd.GeoDataFrame, spec: dict):
    if "code_prefix" in spec:  # a member's part of a wider file: London's NUTS 3 areas (UKI...)
        layer = layer[layer[spec["code"]].astype(str).str.startswith(spec["code_prefix"])]
    if "split_by" not in spec:
        yield spec["member"], layer
        return
    for value, member_name in spec["members"].items():
        rows = layer[layer[spec["split_by"]] == value]
        if rows.empty:
            raise SourceError(spec["file"], f"{spec['split_by']} = {value}", "no features for this member")
        yield member_name, rows


def place_names(region_names: pd.DataFrame, history: pd.DataFrame, districts: gpd.GeoDataFrame,
                members: pd.DataFrame, city_code_list: Path, observations: pd.DataFrame,
                lau: pd.DataFrame) -> pd.DataFrame:
    """Every place a figure can describe (geo_code, level, name, country); the first name of a code wins."""
    return pd.concat([region_names, historic_region_names(history), _district_names(districts),
                      _kreis_names(members), _city_names(city_code_list, observations),
                      nuts3_city_names(load_city_areas(), lau)], ignore_index=True)


def historic_region_names(history: pd.DataFrame) -> pd.DataFrame:
    """Names of codes that older NUTS versions used (PL1, HU10), which today's maps lack;
    current names come first in `places`, so these only fill gaps."""
    rows = []
    for version in ("2016", "2013", "2010", "2006", "2003"):
        named = history[[f"code_{version}", f"geo_name_{version}"]].dropna()
        rows += [(code, name) for code, name in named.itertuples(index=False)]
    names = pd.DataFrame(rows, columns=["geo_code", "name"]).drop_duplicates("geo_code")
    names["level"] = names["geo_code"].map(level_of)
    names["country"] = names["geo_code"].str[:2]
    return names[["geo_code", "level", "name", "country"]]


def _district_names(districts: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame({"geo_code": districts["geo_code"], "level": "district", "name": districts["name"], "country": None})


def _city_names(code_list: Path, observations: pd.DataFrame) -> pd.DataFrame:
    """Eurostat's own names (cities.dic: code<TAB>label, no header) for the cities with figures."""
    names = read_csv_source(code_list, sep="\t", header=None, names=["geo_code", "name"], dtype=str,
                            quoting=csv.QUOTE_NONE)
    cities = set(observations.loc[observations["level"] == "city", "geo_code"])
    names = names[names["geo_code"].isin(cities)]
    return pd.DataFrame({"geo_code": names["geo_code"], "level": "city", "name": names["name"],
                         "country": names["geo_code"].str[:2]})


def _kreis_names(members: pd.DataFrame) -> pd.DataFrame:
    rows = members.dropna(subset=["kreis_code"])
    return pd.DataFrame({"geo_code": rows["kreis_code"], "level": "kreis", "name": rows["local_name"], "country": "DE"})

