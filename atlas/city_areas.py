"""Areas whose figures are a member's own (level "city"): the reviewed catalogue data/city_areas.csv.

A NUTS 3 area stands for a member only when it is the member, neither bigger nor smaller: the
LAU table lists exactly one local authority in it (not bigger), and that authority carries the
member's name (not smaller: London's NUTS 3 areas each hold a borough or two, not London).
"""
from __future__ import annotations

import re

import pandas as pd

from atlas.paths import CATALOGUE_DIR
from atlas.text_utils import fold

KINDS = ("nuts3", "urban_audit_city")
COLUMNS = ["member_id", "geo_code", "kind", "note"]


def load_city_areas() -> pd.DataFrame:
    table = pd.read_csv(CATALOGUE_DIR / "city_areas.csv", dtype=str, keep_default_na=False, comment="#")
    unknown = set(table["kind"]) - set(KINDS)
    if list(table.columns) != COLUMNS or unknown:
        raise ValueError(f"data/city_areas.csv: expected columns {COLUMNS} and kinds {KINDS}")
    return table


def same_place(lau_name: str, member_names: list[str]) -> bool:
    """'Bristol, City of', 'City of Edinburgh', 'Glasgow City' name Bristol, Edinburgh, Glasgow;
    'Brighton and Hove' names Brighton & Hove."""
    def core(name: str) -> str:
        words = fold(name.replace("&", " and ")).split()
        return " ".join(w for w in words if w not in ("city", "of"))
    return core(lau_name) in {core(n) for n in member_names}


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


def member_city_codes(areas: pd.DataFrame) -> dict[str, str]:
    """member_id -> the area code whose figures are the member's own."""
    return dict(zip(areas["member_id"], areas["geo_code"]))
