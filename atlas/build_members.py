"""The build's members: each one resolved to its place, the region whose figures stand for it, its
Kreis (a German city that is a Kreis of its own), its reviewed city areas and its district layers."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from atlas.catalogue import HEADLINE_INDICATOR
from atlas.city_areas import nuts3_problems, region_problems
from atlas.errors import BuildError
from atlas.geo import read_layer
from atlas.members import Gazetteer, load_city_areas, load_decisions, resolve_members
from atlas.readers.tabular import read_csv_source, read_lines
from atlas.sources import source
from atlas.name_keys import fold


def build_members(files: dict, regions: gpd.GeoDataFrame, observations: pd.DataFrame,
                  layers: pd.DataFrame) -> pd.DataFrame:
    names = read_lines(files["members_list"][0])
    if len(names) != len(set(names)):
        raise BuildError(f"{source('members_list')['file']}: duplicate member names")
    decisions = load_decisions()
    unknown = set(decisions.index) - set(names)
    if unknown:
        raise BuildError(f"data/members.csv names members not on the member page: {sorted(unknown)}")
    gazetteer = Gazetteer(read_csv_source(files["geonames"][0]))
    urau = read_layer(files["urau_cities"][0])
    nuts = {(version, level): regions[(regions["version"] == version) & (regions["level"] == f"nuts{level}")]
            .rename(columns={"geo_code": "NUTS_ID", "country": "CNTR_CODE"})
            for version in (2024, 2021) for level in (2, 1)}
    members = resolve_members(names, decisions, gazetteer, urau, nuts).assign(on_member_page=True)
    members = add_figure_regions(members, observations, regions)
    kreise = kreis_codes(read_csv_source(files["lau"][0], dtype={"lau_code": str},
                                         usecols=["lau_code", "lau_name_national", "country"]))
    members["kreis_code"] = [_kreis_of(m, kreise) for m in members.to_dict("records")]
    members["city_areas"] = members["member_id"].map(city_areas_by_member()).fillna("")
    layers_by_member = layers.groupby("member_name")["layer_id"].apply(lambda ids: ",".join(ids))
    members["district_layers"] = members["name"].map(layers_by_member).fillna("")
    return members


def check_nuts3_city_areas(members: pd.DataFrame, lau: pd.DataFrame) -> None:
    """A NUTS row of data/city_areas.csv must be the member itself (one LAU, the member's own; or a
    region of as many as its note says the member is)."""
    areas = load_city_areas()
    problems = nuts3_problems(areas, members, lau) + region_problems(areas, members, lau)
    if problems:
        raise BuildError("; ".join(problems))


def city_areas_by_member() -> pd.Series:
    """member_id -> its reviewed city-level areas, comma-separated ('' for none)."""
    try:
        areas = load_city_areas()
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    return areas.groupby("member_id")["geo_code"].agg(",".join)


REGIONAL_INDICATORS = (HEADLINE_INDICATOR, "regular_internet_use")


def add_figure_regions(members: pd.DataFrame, observations: pd.DataFrame, regions) -> pd.DataFrame:
    """The region whose figures stand for a member: the finest NUTS region the regional
    tables publish for it (NUTS 2, or NUTS 1 where the country has only that)."""
    regional = observations[observations["indicator"].isin(REGIONAL_INDICATORS)]
    latest_year_by_code = regional.groupby("geo_code")["year"].max()
    names = regions.sort_values("version", ascending=False).drop_duplicates("geo_code").set_index("geo_code")["name"]
    codes, levels, region_names = [], [], []
    for member in members.to_dict("records"):
        candidates = [member.get(c) for c in ("nuts2_2024", "nuts2_2021", "nuts1_2024", "nuts1_2021")]
        published = [c for c in candidates if isinstance(c, str) and c in latest_year_by_code.index]
        best = max(published, key=lambda c: (latest_year_by_code[c], len(c)), default=None)
        codes.append(best)
        levels.append(("nuts2" if len(best) == 4 else "nuts1") if best else None)
        region_names.append(names.get(best) if best else None)
    return members.assign(region_code=codes, region_level=levels, region_name=region_names)


def kreis_codes(lau: pd.DataFrame) -> dict[str, str]:
    """Folded municipality name -> Kreis (5-digit AGS) for German municipalities that are a
    Kreis of their own (kreisfreie Städte: the only LAU of their Kreis), so the Kreis figure is the city's."""
    german = lau[lau["country"] == "DE"].assign(kreis=lambda f: f["lau_code"].str.zfill(8).str[:5])
    single = german.groupby("kreis").filter(lambda rows: len(rows) == 1)
    # LAU names read "Bonn, Stadt" or "Hagen, Stadt der FernUniversität": the part before the comma
    return {fold(name.split(",")[0]): kreis for name, kreis in zip(single["lau_name_national"], single["kreis"])}


def _kreis_of(member: dict, kreise: dict[str, str]) -> str | None:
    if member.get("country") != "DE":
        return None
    for name in (member["local_name"], member["name"]):
        if fold(name) in kreise:
            return f"de_kreis:{kreise[fold(name)]}"
    return None

