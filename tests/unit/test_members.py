"""Member resolution: each name on the member page -> kind, country, place, Urban Audit city and
the NUTS region its regional figures come from.

The table of expected resolutions is checked against a store built from the REAL public mirror
(../shared/data); those tests are skipped when the mirror is absent. The expected values were
checked by hand against the member page, GeoNames and the NUTS 2021/2024 maps. The unit tests
below it use small synthetic frames (invented places and squares).
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from atlas.members import Gazetteer, load_decisions, matching_urau, region_at, resolve_members

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


def _none(value):
    return None if value is None or (isinstance(value, float) and value != value) else value


def test_expected_table_is_big_enough():
    assert len(EXPECTED) >= 25


# --- the reviewed decisions table -------------------------------------------------------------

def test_every_decision_has_a_reason_and_a_known_kind():
    decisions = load_decisions()
    assert decisions.index.is_unique
    assert (decisions["reason"].str.len() > 10).all()
    assert set(decisions["kind"]) <= {"city", "metropolitan", "non_city"}


def test_every_decision_names_a_member_on_the_page(real_mirror):
    names = set((real_mirror / "eurocities_members.txt").read_text(encoding="utf-8").splitlines())
    assert set(load_decisions().index) <= names


# --- the resolution functions, on synthetic frames --------------------------------------------

SYNTHETIC_GAZETTEER = pd.DataFrame([
    # geonameid, name, lat, lon, country, population, alternate names: all invented
    (1, "Testburg", 50.0, 10.0, "DE", 500000, "Testbourg|Testowo"),
    (2, "Testburg", 45.0, 9.0, "IT", 20000, ""),
    (3, "Otherplace", 48.0, 2.0, "FR", 100000, "Porto"),
    (4, "Porto", 41.0, -8.6, "PT", 230000, ""),
], columns=["geonameid", "name", "latitude", "longitude", "countrycode_eurostat", "population", "alternatenames_latin"])


def test_gazetteer_prefers_the_most_populous_namesake():
    gaz = Gazetteer(SYNTHETIC_GAZETTEER)
    assert gaz.lookup("Testburg")["geonameid"] == 1
    assert gaz.lookup("Testburg", "IT")["geonameid"] == 2
    assert gaz.lookup("Testburg", "PL") is None


def test_gazetteer_matches_alternate_names_and_folds_accents():
    gaz = Gazetteer(SYNTHETIC_GAZETTEER)
    assert gaz.lookup("Testowo")["geonameid"] == 1
    assert gaz.lookup("TÉSTBOURG")["geonameid"] == 1
    assert gaz.lookup("Nowhere") is None


def test_alternate_name_of_a_bigger_place_can_win_unless_country_is_given():
    """Why Porto needs a decision: another, bigger place lists 'Porto' as an alternate name."""
    gaz = Gazetteer(SYNTHETIC_GAZETTEER.assign(population=[1, 1, 900000, 230000]))
    assert gaz.lookup("Porto")["geonameid"] == 3
    assert gaz.lookup("Porto", "PT")["geonameid"] == 4


SQUARES = gpd.GeoDataFrame({"NUTS_ID": ["ZZ11", "ZZ12", "YY11"], "CNTR_CODE": ["ZZ", "ZZ", "YY"]},
                           geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs="EPSG:4326")


def test_region_at_point_inside():
    assert region_at(SQUARES, 0.5, 1.5, "ZZ") == "ZZ12"


def test_region_at_stays_in_the_country():
    """A point inside YY11 asked for country ZZ gets ZZ's nearest region, never YY's."""
    assert region_at(SQUARES, 0.5, 2.05, "ZZ") == "ZZ12"


def test_region_at_nearest_within_a_harbour_distance_only():
    assert region_at(SQUARES, 1.1, 0.5, "ZZ") == "ZZ11"  # 0.1 degrees off the coast
    assert region_at(SQUARES, 5.0, 0.5, "ZZ") is None
    assert region_at(SQUARES, 0.5, 0.5, "XX") is None


URAU = gpd.GeoDataFrame({"urau_code": ["ZZ001C", "ZZ002C"], "contr_code": ["ZZ", "ZZ"],
                         "urau_name": ["Testburg/Testbourg", "Neighbourtown"]},
                        geometry=[Point(10.3, 50.0), Point(10.01, 50.01)], crs="EPSG:4326")


def test_matching_urau_prefers_the_name_within_40_km_over_the_nearest_point():
    place = pd.Series({"latitude": 50.0, "longitude": 10.0})
    assert matching_urau(URAU, place, {"Testbourg"}, "ZZ")["urau_code"] == "ZZ001C"
    assert matching_urau(URAU, place, {"Unrelated"}, "ZZ")["urau_code"] == "ZZ002C"  # nearest, within 5 km
    assert matching_urau(URAU, place, {"Testbourg"}, "YY") is None


def test_resolve_members_applies_decisions():
    """A non-city member gets no place; a decision's place, country, local name and `none` Urban
    Audit code are used; an unknown name stays unresolved and says so."""
    gaz = Gazetteer(SYNTHETIC_GAZETTEER)
    decisions = pd.DataFrame([
        {"name": "Test Office", "kind": "non_city", "place": "", "country": "", "geonameid": "", "urau_code": "",
         "local_name": "", "reason": "synthetic office"},
        {"name": "Greater Testburg", "kind": "metropolitan", "place": "Testburg", "country": "DE", "geonameid": "",
         "urau_code": "none", "local_name": "Groß-Testburg", "reason": "synthetic metropolitan body"},
    ]).set_index("name")
    nuts = {(2024, 2): gpd.GeoDataFrame({"NUTS_ID": ["DE99"], "CNTR_CODE": ["DE"]}, geometry=[box(9, 49, 11, 51)],
                                        crs="EPSG:4326")}
    urau = URAU.assign(contr_code="DE")
    out = resolve_members(["Test Office", "Greater Testburg", "Testburg", "Nowhere"], decisions, gaz, urau, nuts)
    out = out.set_index("name")
    assert out.loc["Test Office", "kind"] == "non_city" and _none(out.loc["Test Office", "country"]) is None
    metro = out.loc["Greater Testburg"]
    assert (metro["kind"], metro["country"], metro["local_name"], _none(metro["urau_code"]), metro["nuts2_2024"]) == \
        ("metropolitan", "DE", "Groß-Testburg", None, "DE99")
    city = out.loc["Testburg"]
    assert (city["kind"], city["urau_code"], city["local_name"]) == ("city", "ZZ001C", "Testburg/Testbourg")
    assert out.loc["Nowhere", "resolution"] == "no GeoNames match"
    assert out["member_id"].tolist() == ["test-office", "greater-testburg", "testburg", "nowhere"]
