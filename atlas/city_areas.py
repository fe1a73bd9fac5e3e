"""Checks and names for the NUTS rows of data/city_areas.csv (loaded by atlas.members.load_city_areas).

A NUTS 3 area stands for a member only when it is the member, neither bigger nor smaller: the
LAU table lists exactly one local authority in it (not bigger), and that authority carries the
member's name (not smaller: London's NUTS 3 areas each hold a borough or two, not London).
A NUTS 1 or 2 region (kind `region`) likewise: one local authority that is the member (Wien, Berlin,
Praha), or as many as its reviewed note says the member is made of (London's 33, the Brussels-Capital
Region's 19 communes, İstanbul's 39 districts), so a region that grows or shrinks fails the build.
"""
from __future__ import annotations

import re

import pandas as pd

from atlas.name_keys import fold


def same_place(lau_name: str, member_names: list[str]) -> bool:
    """'Bristol, City of', 'City of Edinburgh', 'Glasgow City' name Bristol, Edinburgh, Glasgow;
    'Brighton and Hove' names Brighton & Hove; 'Berlin, Stadt' and 'Hamburg, Freie und Hansestadt'
    (the status after the comma) name Berlin and Hamburg."""
    def core(name: str) -> str:
        words = fold(name.replace("&", " and ")).split()
        return " ".join(w for w in words if w not in ("city", "of"))
    return bool({core(lau_name), core(lau_name.split(",")[0])} & {core(n) for n in member_names})


def nuts3_problems(areas: pd.DataFrame, members: pd.DataFrame, lau: pd.DataFrame) -> list[str]:
    """Why a nuts3 row of the catalogue is not the member's own area (empty when every row is)."""
    names = {m["member_id"]: [m["name"], m["local_name"]] for m in members.to_dict("records")}
    problems = []
    for row in areas[areas["kind"] == "nuts3"].to_dict("records"):
        where = f"data/city_areas.csv: {row['member_id']} {row['geo_code']}"
        if row["member_id"] not in names:
            problems.append(f"{where}: not a member id")
            continue
        if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{3}", row["geo_code"]):
            problems.append(f"{where}: not a NUTS 3 code")
            continue
        inside = lau[lau["code_2016"] == row["geo_code"]]
        if len(inside) != 1:
            problems.append(f"{where}: {len(inside)} local authorities in this NUTS 3 area, so it is not the city")
        elif not same_place(inside.iloc[0]["lau_name_national"], names[row["member_id"]]):
            problems.append(f"{where}: its one local authority is {inside.iloc[0]['lau_name_national']}, not the member")
    return problems


def region_problems(areas: pd.DataFrame, members: pd.DataFrame, lau: pd.DataFrame) -> list[str]:
    """Why a region row of the catalogue is not the member's own area (empty when every row is)."""
    names = {m["member_id"]: [m["name"], m["local_name"]] for m in members.to_dict("records")}
    problems = []
    for row in areas[areas["kind"] == "region"].to_dict("records"):
        where = f"data/city_areas.csv: {row['member_id']} {row['geo_code']}"
        if row["member_id"] not in names or not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{1,2}", row["geo_code"]):
            problems.append(f"{where}: not a member id, or not a NUTS 1 or 2 code")
            continue
        inside = lau[lau["code_2016"].str.startswith(row["geo_code"], na=False)]
        if len(inside) == 1 and not same_place(inside.iloc[0]["lau_name_national"], names[row["member_id"]]):
            problems.append(f"{where}: its one local authority is {inside.iloc[0]['lau_name_national']}, not the member")
        elif len(inside) != 1 and f"{len(inside)} local authorities" not in row["note"]:
            problems.append(f"{where}: {len(inside)} local authorities in this region, which its note does not say "
                            "the member is made of")
    return problems


def nuts3_city_names(areas: pd.DataFrame, lau: pd.DataFrame) -> pd.DataFrame:
    """Place names of the NUTS 3 city areas: the name of the one local authority each holds."""
    codes = areas.loc[areas["kind"] == "nuts3", "geo_code"]
    named = lau[lau["code_2016"].isin(codes)].drop_duplicates("code_2016")
    return pd.DataFrame({"geo_code": named["code_2016"], "level": "city", "name": named["lau_name_national"],
                         "country": named["code_2016"].str[:2]})
