"""The ONS sources and city-level areas: the readers on SYNTHETIC workbooks (tests/synthetic_mirror.py),
the rule that a NUTS 3 area stands for a member only when it IS the member, and the store placing each
member at the level its data support. The real catalogue is checked against the real LAU table when
../shared/data is there."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from atlas.city_areas import nuts3_problems, region_problems, same_place
from atlas.members import load_city_areas
from atlas.paths import default_mirror
from atlas.readers.ons import read_ons_census_online, read_ons_internet_users
from atlas.errors import SourceError
from atlas.name_keys import slug

ONS = "indicators/uk_ons/internetusers2020.xlsx"
CENSUS = "indicators/uk_ons/lsoa_census_onlinesharesfinal.xlsx"


# --- readers -----------------------------------------------------------------------------------

def test_non_users_come_with_the_2020_interval_only(synthetic_mirror):
    rows = read_ons_internet_users(synthetic_mirror / ONS, {}).set_index(["geo", "year"])
    assert rows.loc[("UKD33", 2020), "value"] == 6.25 and rows.loc[("UKD33", 2020), "moe"] == 3.0
    assert math.isnan(rows.loc[("UKD33", 2019), "moe"])  # ONS published no interval before 2020
    assert ("UKD33", 2016) not in rows.index  # '-': Manchester's area starts in 2017
    assert rows.loc[("UKI31", 2020), "moe"] == 2.5  # upper - estimate, though the lower limit is '-'
    assert rows.loc[("UK", 2014), "value"] == 14.25
    assert "UKM6" not in rows.index.get_level_values("geo")  # a NUTS 2 code inside the NUTS 3 table


def _copy(path: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(path, tmp_path / path.name))


def test_an_interval_that_disagrees_with_table_6b_is_an_error(synthetic_mirror, tmp_path):
    path = _copy(synthetic_mirror / ONS, tmp_path)
    book = openpyxl.load_workbook(path)
    book["9b"]["D6"] = 6.75  # UKD's estimate in 9B, 8.75 in 6B
    book.save(path)
    with pytest.raises(SourceError, match="9b.*differs from sheet 6b"):
        read_ons_internet_users(path, {})


def test_a_workbook_without_the_years_row_is_an_error(synthetic_mirror, tmp_path):
    path = _copy(synthetic_mirror / ONS, tmp_path)
    book = openpyxl.load_workbook(path)
    book["6b"]["L4"] = "2013"
    book.save(path)
    with pytest.raises(SourceError, match="2014-2020"):
        read_ons_internet_users(path, {})


def test_a_file_that_is_not_a_workbook_is_an_error(tmp_path):
    path = tmp_path / "internetusers2020.xlsx"
    path.write_text("not a zip")
    with pytest.raises(SourceError, match="xlsx workbook"):
        read_ons_internet_users(path, {})


def test_census_shares_are_percent_and_paper_first_is_masked(synthetic_mirror):
    rows = read_ons_census_online(synthetic_mirror / CENSUS, {}).set_index("geo")
    assert rows.loc["E01999901", "value"] == 95.2 and rows.loc["E01999901", "flag"] == ""
    assert pd.isna(rows.loc["E01999902", "value"]) and rows.loc["E01999902", "flag"] == "d"


def test_a_census_share_above_one_is_an_error(synthetic_mirror, tmp_path):
    path = _copy(synthetic_mirror / CENSUS, tmp_path)
    book = openpyxl.load_workbook(path)
    book["Online_Share_England&Wales"]["I3"] = 93.5  # a percentage where a fraction belongs
    book.save(path)
    with pytest.raises(SourceError, match="row 3.*fraction"):
        read_ons_census_online(path, {})


# --- the rule: a NUTS 3 area is the member's only when it is the member -----------------------

MEMBERS = pd.DataFrame({"member_id": ["bristol", "london", "cardiff"], "name": ["Bristol", "London", "Cardiff"],
                        "local_name": ["Bristol", "London", "Caerdydd"]})
LAU = pd.DataFrame({"code_2016": ["UKK11", "UKI32", "UKL22", "UKL22"],
                    "lau_name_national": ["Bristol, City of", "Westminster", "Cardiff", "Vale of Glamorgan"]})


def _areas(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"member_id": m, "geo_code": c, "kind": "nuts3", "note": ""} for m, c in rows])


def test_a_nuts3_area_that_is_the_city_passes():
    assert nuts3_problems(_areas(("bristol", "UKK11")), MEMBERS, LAU) == []


def test_a_bigger_area_is_refused():
    assert "2 local authorities" in nuts3_problems(_areas(("cardiff", "UKL22")), MEMBERS, LAU)[0]


def test_a_smaller_area_is_refused():
    assert "Westminster, not the member" in nuts3_problems(_areas(("london", "UKI32")), MEMBERS, LAU)[0]


def test_unknown_members_and_codes_are_refused():
    problems = nuts3_problems(_areas(("bristl", "UKK11"), ("bristol", "UKK1")), MEMBERS, LAU)
    assert ["not a member id" in problems[0], "not a NUTS 3 code" in problems[1]] == [True, True]


@pytest.mark.parametrize("lau, member", [("Bristol, City of", "Bristol"), ("City of Edinburgh", "Edinburgh"),
                                         ("Glasgow City", "Glasgow"), ("Brighton and Hove", "Brighton & Hove")])
def test_local_authority_names_match_their_member(lau, member):
    assert same_place(lau, [member])


def test_westminster_is_not_london():
    assert not same_place("Westminster", ["London"])


@pytest.mark.parametrize("lau, member", [("Berlin, Stadt", "Berlin"), ("Hamburg, Freie und Hansestadt", "Hamburg")])
def test_a_status_after_the_comma_still_names_the_member(lau, member):
    assert same_place(lau, [member])


# --- a NUTS 1 or 2 region is the member's only when it is the member (synthetic LAU rows) ------------

REGION_MEMBERS = pd.DataFrame({"member_id": ["wien", "london"], "name": ["Vienna", "London"], "local_name": ["Wien", "London"]})
REGION_LAU = pd.DataFrame({"code_2016": ["AT130", "UKI31", "UKI32", "UKI41"],
                           "lau_name_national": ["Wien", "Camden", "Westminster", "Hackney"]})


def _regions(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"member_id": m, "geo_code": c, "kind": "region", "note": n} for m, c, n in rows])


def test_a_region_of_one_local_authority_that_is_the_member_passes():
    assert region_problems(_regions(("wien", "AT13", "")), REGION_MEMBERS, REGION_LAU) == []


def test_a_region_of_several_passes_only_when_its_note_says_how_many_the_member_is():
    assert region_problems(_regions(("london", "UKI", "3 local authorities, which the member is")),
                           REGION_MEMBERS, REGION_LAU) == []
    grown = region_problems(_regions(("london", "UKI", "2 local authorities, which the member is")), REGION_MEMBERS, REGION_LAU)
    assert "3 local authorities in this region, which its note does not say" in grown[0]


def test_a_region_of_another_place_or_an_unknown_code_is_refused():
    other = region_problems(_regions(("london", "AT13", "")), REGION_MEMBERS, REGION_LAU)
    assert "its one local authority is Wien, not the member" in other[0]
    assert "not a NUTS 1 or 2 code" in region_problems(_regions(("wien", "AT130", "")), REGION_MEMBERS, REGION_LAU)[0]


# --- the real catalogue against the real LAU table ----------------------------------------------

MIRROR = default_mirror()
real = pytest.mark.skipif(MIRROR is None or not (MIRROR / "indicators").is_dir(), reason="no ../shared/data")


@real
def test_every_real_city_area_is_its_member():
    names = (MIRROR / "eurocities_members.txt").read_text(encoding="utf-8").split("\n")
    members = pd.DataFrame([{"member_id": slug(n), "name": n, "local_name": n} for n in names if n.strip()])
    lau = pd.read_csv(MIRROR / "indicators/reference/nuts_lau_2019__gisco_lau_nuts2016_degurba_cities_fua.csv.gz",
                      dtype=str, usecols=["code_2016", "lau_name_national"])
    areas = load_city_areas()
    assert nuts3_problems(areas, members, lau) == []
    assert (areas["kind"] == "nuts3").sum() == 12
    refused = _areas(("london", "UKI32"), ("newcastle-gateshead", "UKC22"), ("cardiff", "UKL22"))
    assert len(nuts3_problems(refused, members, lau)) == 3
