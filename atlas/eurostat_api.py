"""Eurostat's own dissemination API: the query behind a catalogue source, and what a fresh
download changes against the mirror's extract (its answer is read by atlas.readers.sdmx_csv).

A catalogue source is an Eurostat dataset when its `url` is an API data query, e.g.
`https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/isoc_r_iuse_i/A.I_IUX.PC_IND.?format=TSV`
(dataset `isoc_r_iuse_i`, series key `A.I_IUX.PC_IND.`: empty positions take every code).
`build --download` asks for the same query as SDMX-CSV 1.0, documented at
https://wikis.ec.europa.eu/display/EUROSTATHELP/API+SDMX+2.1+-+data+query, whose answer reads:

    DATAFLOW,LAST UPDATE,freq,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS
    ESTAT:ISOC_R_IUSE_I(1.0),25/06/26 23:00:00,A,I_IUX,PC_IND,AT,2024,5.41,,
"""
from __future__ import annotations

import re

import pandas as pd

OFFICIAL_API = "https://ec.europa.eu/eurostat/api/dissemination"
_QUERY = re.compile(r"/api/dissemination/sdmx/2\.1/data/(?P<dataset>[A-Za-z0-9_$]+)/?(?P<key>[^?]*)")


# Readers whose files the SDMX-CSV answer can replace; a perception survey's answer shares
# (eurostat_answer_shares: sums of answers, a different key dimension) stay the mirror's extract.
REFRESHABLE_READERS = ("eurostat_tsv", "eurostat_sdmx_csv", "dskl_degurba_csv")


def api_query(spec: dict) -> tuple[str, str] | None:
    """(dataset, series key) of a source whose official address is an Eurostat API query and whose
    reader the SDMX-CSV answer can stand in for, else None."""
    if spec.get("reader") not in REFRESHABLE_READERS:
        return None
    match = _QUERY.search(str(spec.get("url") or ""))
    return (match["dataset"], match["key"]) if match else None


def api_url(base: str, dataset: str, key: str) -> str:
    """The SDMX-CSV query for a dataset and series key at `base` (the official API by default)."""
    return f"{base.rstrip('/')}/sdmx/2.1/data/{dataset}/{key}?format=SDMX-CSV"


DIFF_COLUMNS = ["key", "geo", "year", "mirror_value", "mirror_flag", "fresh_value", "fresh_flag", "change"]


def differences(extract: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """Value by value, where a fresh download differs from the mirror's extract: a value that moved
    by more than the extract's rounding (whole numbers in one file), a changed flag, a value new in
    the download, or one the download no longer has. Only the keys the extract holds are compared."""
    fresh = fresh[fresh["key"].isin(set(extract["key"]))]
    both = extract.merge(fresh, on=["key", "geo", "year"], how="outer", suffixes=("_m", "_f"), indicator=True)
    tolerance = 0.5 * 10 ** -_decimals(extract["value"]) + 1e-9
    moved = (both["value_m"] - both["value_f"]).abs() > tolerance
    one_missing = both["value_m"].isna() != both["value_f"].isna()
    change = pd.Series("", index=both.index, dtype=object)
    change[both["flag_m"].fillna("") != both["flag_f"].fillna("")] = "flag changed"
    change[moved | one_missing] = "value changed"
    change[both["_merge"] == "right_only"] = "new in the download"
    change[both["_merge"] == "left_only"] = "not in the download"
    both = both.assign(change=change)[change != ""]
    out = both.rename(columns={"value_m": "mirror_value", "flag_m": "mirror_flag", "value_f": "fresh_value",
                               "flag_f": "fresh_flag"})[DIFF_COLUMNS]
    return out.sort_values(["change", "key", "geo", "year"]).reset_index(drop=True)


def _decimals(values: pd.Series) -> int:
    """How many decimals the extract's values carry (0 for whole percents, 2 for Eurostat's TSV)."""
    values = values.dropna()
    for decimals in range(5):
        scaled = values * 10 ** decimals
        if ((scaled - scaled.round()).abs() < 1e-6).all():
            return decimals
    return 5
