"""NUTS codes across versions: which older code a region's figures were published under.

Two sources: the NUTS history table (regions only *recoded*, same territory) and the reviewed
geo/nuts_recodes.csv (splits and NUTS 2024 changes). A series joined across a `same` recode
is continuous; across a `part` recode the break is shown, never hidden.
"""
from __future__ import annotations

import pandas as pd

from atlas.paths import GEO_CATALOGUE_DIR

# The last data year Eurostat published under each NUTS version.
LAST_YEAR_OF_VERSION = {"2003": 2007, "2006": 2011, "2010": 2014, "2013": 2017, "2016": 2020, "2021": 2023}
VERSIONS = list(LAST_YEAR_OF_VERSION)
RECODE_COLUMNS = ["old", "new", "last_old_year", "relation", "reason"]


def recodes_from_history(history: pd.DataFrame) -> pd.DataFrame:
    """Plain recodes (same territory, new code) between consecutive NUTS versions."""
    rows = []
    for old_version, new_version in zip(VERSIONS, VERSIONS[1:] + ["2021"]):
        if old_version == new_version:
            continue
        old_col, new_col, change_col = f"code_{old_version}", f"code_{new_version}", f"change_{new_version}"
        recoded = history[(history[change_col] == "recoded") & history[old_col].notna() & history[new_col].notna()]
        recoded = recoded[recoded[old_col] != recoded[new_col]]
        for old, new in zip(recoded[old_col], recoded[new_col]):
            rows.append((old, new, LAST_YEAR_OF_VERSION[old_version], "same",
                         f"NUTS {new_version} recoded {old} as {new} (same territory)"))
    return pd.DataFrame(rows, columns=RECODE_COLUMNS).drop_duplicates(["old", "new"])


def reviewed_recodes() -> pd.DataFrame:
    table = pd.read_csv(GEO_CATALOGUE_DIR / "nuts_recodes.csv", comment="#", dtype={"last_old_year": int})
    bad = set(table["relation"]) - {"same", "part"}
    if bad:
        raise ValueError(f"geo/nuts_recodes.csv: unknown relation(s) {sorted(bad)}")
    return table[RECODE_COLUMNS]


def all_recodes(history: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([reviewed_recodes(), recodes_from_history(history)], ignore_index=True).drop_duplicates(
        ["old", "new"], keep="first")


def code_chain(code: str, recodes: pd.DataFrame) -> list[dict]:
    """The codes a region's series was published under, newest first:
    [{code, until, relation}], where `until` is the last year that code applies to."""
    chain = [{"code": code, "until": None, "relation": "same"}]
    seen = {code}
    current = code
    while True:
        older = recodes[recodes["new"] == current]
        if older.empty:
            return chain
        row = older.iloc[0]
        if row["old"] in seen:
            return chain
        chain.append({"code": row["old"], "until": int(row["last_old_year"]), "relation": row["relation"],
                      "reason": row["reason"]})
        seen.add(row["old"])
        current = row["old"]
