"""NUTS recodes: which older codes a region's series was published under, and how a member's
series is joined across them (a `same` recode joins without a break, a `part` recode is a break).

code_chain is checked on the recodes built from the REAL NUTS history (skipped without the
mirror) and on small synthetic frames; member_series on the synthetic store, whose invented
series use the real recodes NL31 -> NL35 (same), PL1 -> PL9 -> PL91, PT17 -> PT1A, HU10 -> HU11 (part).
"""
from __future__ import annotations

import pandas as pd
import pytest

from atlas.regions import RECODE_COLUMNS, all_recodes, code_chain, recodes_from_history, reviewed_recodes
from atlas.store import _series_over


def chain(code, recodes):
    return [(c["code"], c["until"], c["relation"]) for c in code_chain(code, recodes)]


@pytest.fixture(scope="module")
def real_recodes(real_mirror) -> pd.DataFrame:
    return all_recodes(pd.read_csv(real_mirror / "indicators/reference/nuts_changes__1999-2021.csv"))


@pytest.mark.parametrize("code, expected", [
    ("PL91", [("PL91", None, "same"), ("PL9", 2022, "part"), ("PL1", 2017, "part")]),
    ("NL35", [("NL35", None, "same"), ("NL31", 2023, "same")]),
    ("HU11", [("HU11", None, "same"), ("HU10", 2017, "part")]),
    ("FRK2", [("FRK2", None, "same"), ("FR71", 2017, "same")]),
    ("PT1A", [("PT1A", None, "same"), ("PT17", 2023, "part")]),
    ("HR05", [("HR05", None, "same"), ("HR04", 2020, "part")]),
    ("IE06", [("IE06", None, "same"), ("IE02", 2017, "part")]),
    ("AT13", [("AT13", None, "same")]),
])
def test_code_chain_on_the_real_recodes(real_recodes, code, expected):
    """FRK2 comes from the NUTS history (a plain recode of FR71); the others from the reviewed table."""
    assert chain(code, real_recodes) == expected


def test_reviewed_recodes_are_well_formed():
    table = reviewed_recodes()
    assert list(table.columns) == RECODE_COLUMNS
    assert set(table["relation"]) <= {"same", "part"}
    assert table["reason"].str.len().gt(10).all()
    assert not table.duplicated(["old", "new"]).any()
    assert table["last_old_year"].between(2003, 2030).all()


def test_reviewed_table_wins_over_history():
    """When both sources list a pair, the reviewed relation (e.g. `part`) is kept."""
    history = pd.DataFrame({"code_2013": ["HU10"], "code_2016": ["HU11"], "change_2016": ["recoded"],
                            **{f"code_{v}": [None] for v in ("2003", "2006", "2010", "2021")},
                            **{f"change_{v}": [None] for v in ("2006", "2010", "2013", "2021")}})
    recodes = all_recodes(history)
    rows = recodes[(recodes["old"] == "HU10") & (recodes["new"] == "HU11")]
    assert rows["relation"].tolist() == ["part"]


def test_recodes_from_history_takes_only_recoded_rows():
    """Synthetic history: ZZ1Y recoded as ZZ1X in NUTS 2016 (same territory, last old year 2017);
    a row changed in another way, and an unchanged row, give nothing."""
    columns = [f"code_{v}" for v in ("2003", "2006", "2010", "2013", "2016", "2021")] + \
              [f"change_{v}" for v in ("2006", "2010", "2013", "2016", "2021")]
    history = pd.DataFrame([
        ["ZZ1Y"] * 4 + ["ZZ1X", "ZZ1X"] + [None, None, None, "recoded", None],
        ["ZZ2Y"] * 4 + ["ZZ2X", "ZZ2X"] + [None, None, None, "boundary shift", None],
        ["ZZ33"] * 6 + [None] * 5,
    ], columns=columns)
    out = recodes_from_history(history)
    assert out[["old", "new", "last_old_year", "relation"]].values.tolist() == [["ZZ1Y", "ZZ1X", 2017, "same"]]


def test_code_chain_stops_on_a_cycle():
    recodes = pd.DataFrame([("ZZ1", "ZZ2", 2017, "same", "x"), ("ZZ2", "ZZ1", 2020, "same", "y")], columns=RECODE_COLUMNS)
    assert [c["code"] for c in code_chain("ZZ2", recodes)] == ["ZZ2", "ZZ1"]


# --- joining a series across recodes ---------------------------------------------------------------

def synthetic_values(spec: dict[str, list[int]]) -> dict[str, pd.DataFrame]:
    """Synthetic observations by area code, as the store hands them to _series_over."""
    rows = pd.DataFrame([{"indicator": "x", "level": "nuts2" if len(code) == 4 else "nuts1", "geo_code": code, "year": y,
                          "value": float(y - 2000), "flag": "", "source": "synthetic"}
                         for code, years in spec.items() for y in years])
    return {code: area for code, area in rows.groupby("geo_code")}


def test_same_recode_joins_without_a_break():
    values = synthetic_values({"ZZ31": [2021, 2022, 2023], "ZZ35": [2024, 2025]})
    series = _series_over(values, [("ZZ35", None, "same"), ("ZZ31", 2023, "same")])
    assert series["year"].tolist() == [2021, 2022, 2023, 2024, 2025]
    assert series["geo_code"].tolist() == ["ZZ31"] * 3 + ["ZZ35"] * 2
    assert not series["is_break"].any()


def test_part_recode_is_marked_as_a_break_where_the_area_changes():
    values = synthetic_values({"ZZ17": [2022, 2023], "ZZ1A": [2024, 2025]})
    series = _series_over(values, [("ZZ1A", None, "same"), ("ZZ17", 2023, "part")])
    assert series.loc[series["is_break"], "year"].tolist() == [2024]


def test_old_code_is_not_used_after_its_last_year():
    """Figures published under the old code after it ended (a stale row) are not mixed in."""
    values = synthetic_values({"ZZ31": [2022, 2023, 2024], "ZZ35": [2024, 2025]})
    series = _series_over(values, [("ZZ35", None, "same"), ("ZZ31", 2023, "same")])
    assert series.set_index("year")["geo_code"].to_dict() == {2022: "ZZ31", 2023: "ZZ31", 2024: "ZZ35", 2025: "ZZ35"}
