"""The tests of test_members.py that need a built store; those that do not are tests/unit/test_members.py.

Member resolution: each name on the member page -> kind, country, place, Urban Audit city and
the NUTS region its regional figures come from.

The table of expected resolutions is checked against a store built from the REAL public mirror
(../shared/data); those tests are skipped when the mirror is absent. The expected values were
checked by hand against the member page, GeoNames and the NUTS 2021/2024 maps. The unit tests
below it use small synthetic frames (invented places and squares).
"""
from __future__ import annotations

import pandas as pd
import pytest

from atlas.store import Store

# name: (kind, country, region_code, region_level, local_name or None = not checked, extra checks)
EXPECTED = {
    # hand decisions in data/members.csv
    "Brussels": ("city", "BE", "BE10", "nuts2", "Bruxelles / Brussel", {"urau_code": "BE001C"}),
    "Brussels Capital Region": ("metropolitan", "BE", "BE10", "nuts2", None, {"urau_code": None}),
    "Athens": ("city", "EL", "EL3", "nuts1", "Αθήνα (Athina)", {"urau_code": "EL001C"}),
    "Amaroussion": ("city", "EL", "EL3", "nuts1", None, {"urau_code": None}),
    "Copenhagen": ("city", "DK", "DK01", "nuts2", "København", {"urau_code": "DK001C"}),
    "Kyiv": ("city", "UA", None, None, "Київ (Kyiv)", {"urau_code": None}),
    "Istanbul": ("city", "TR", "TR1", "nuts1", "İstanbul", {}),
    "Serdivan": ("city", "TR", "TR4", "nuts1", None, {}),
    "Banja Luka": ("city", "BA", None, None, None, {}),
    "Yerevan": ("city", "AM", None, None, None, {}),
    "Tbilisi": ("city", "GE", None, None, None, {}),
    "Porto": ("city", "PT", "PT11", "nuts2", "Porto", {}),  # not Bordeaux, whose alternate names include Porto
    "Luxembourg": ("city", "LU", "LU00", "nuts2", None, {}),
    "Bergen": ("city", "NO", "NO0A", "nuts2", None, {}),
    "Munster": ("city", "DE", "DEA", "nuts1", "Münster", {"kreis_code": "de_kreis:05515"}),
    "ENEDIS": ("non_city", None, None, None, None, {"lat": None}),
    "EUROCITIES Brussels Office": ("non_city", None, None, None, None, {"lat": None}),
    "Grand Paris Sud": ("metropolitan", "FR", "FR10", "nuts2", None, {}),
    "Newcastle-Gateshead": ("metropolitan", "UK", "UKC", "nuts1", None, {}),
    # automatic resolution
    "Munich": ("city", "DE", "DE2", "nuts1", "München", {"kreis_code": "de_kreis:09162"}),
    "Berlin": ("city", "DE", "DE3", "nuts1", "Berlin", {"kreis_code": "de_kreis:11000"}),
    "Hamburg": ("city", "DE", "DE6", "nuts1", "Hamburg", {"kreis_code": "de_kreis:02000"}),
    "Frankfurt": ("city", "DE", "DE7", "nuts1", "Frankfurt am Main", {"kreis_code": "de_kreis:06412"}),
    "Warsaw": ("city", "PL", "PL91", "nuts2", "Warszawa", {}),
    "Utrecht": ("city", "NL", "NL35", "nuts2", "Utrecht", {}),
    "The Hague": ("city", "NL", "NL36", "nuts2", "'s-Gravenhage", {}),
    "Lisbon": ("city", "PT", "PT1A", "nuts2", "Lisboa", {}),
    "Budapest": ("city", "HU", "HU11", "nuts2", "Budapest", {}),
    "Dublin": ("city", "IE", "IE06", "nuts2", None, {}),
    "Zagreb": ("city", "HR", "HR05", "nuts2", None, {}),
    "Oslo": ("city", "NO", "NO08", "nuts2", None, {}),
    "Vilnius": ("city", "LT", "LT01", "nuts2", None, {}),
    "Paris": ("city", "FR", "FR10", "nuts2", "Paris", {"urau_code": "FR001C"}),
    "Lyon": ("city", "FR", "FRK2", "nuts2", None, {}),
    "Manchester": ("city", "UK", "UKD", "nuts1", None, {"kreis_code": None}),
    "Vienna": ("city", "AT", "AT13", "nuts2", "Wien", {}),
    "Zurich": ("city", "CH", "CH04", "nuts2", "Zürich", {}),
    "Venice": ("city", "IT", "ITH3", "nuts2", "Venezia", {}),
    "Nicosia": ("city", "CY", "CY00", "nuts2", "Lefkosia", {}),
    "Belgrade": ("city", "RS", "RS11", "nuts2", None, {}),
    "Tirana": ("city", "AL", None, None, None, {}),
    "Thessaloniki": ("city", "EL", "EL5", "nuts1", None, {}),
}


@pytest.fixture(scope="module")
def real_members(real_store) -> pd.DataFrame:
    return Store(real_store).members.set_index("name")


def _none(value):
    return None if value is None or (isinstance(value, float) and value != value) else value


def test_expected_table_is_big_enough():
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_member_resolves_as_expected(real_members, name):
    """Kind, country, the region its figures come from (and its level), local name and more."""
    kind, country, region, level, local, extra = EXPECTED[name]
    member = real_members.loc[name]
    got = (member["kind"], _none(member["country"]), _none(member["region_code"]), _none(member["region_level"]))
    assert got == (kind, country, region, level)
    if local is not None:
        assert member["local_name"] == local
    for column, value in extra.items():
        assert _none(member[column]) == value, column


def test_every_member_page_name_is_in_the_store(real_members, real_mirror):
    names = [n.strip() for n in (real_mirror / "eurocities_members.txt").read_text(encoding="utf-8").splitlines() if n.strip()]
    assert len(names) == 159
    assert sorted(real_members.index) == sorted(names)


def test_places_have_coordinates_in_europe(real_members):
    """Every member that is a place has coordinates in the box from Iceland to Armenia."""
    places = real_members[real_members["kind"] != "non_city"]
    assert places["lat"].between(34, 72).all() and places["lon"].between(-25, 50).all()


def test_member_ids_are_unique(real_members):
    assert real_members["member_id"].is_unique


def test_regional_figures_exist_for_the_region_chosen(real_store):
    """A member's region_code is one the regional tables actually publish."""
    store = Store(real_store)
    regional = set(store.values("never_used_internet")["geo_code"])
    chosen = store.members["region_code"].dropna()
    assert set(chosen) <= regional
