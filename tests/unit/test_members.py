"""Member resolution on small synthetic frames (invented places and squares) and the reviewed
decisions table; the expected resolutions of real members are checked against a built store in
tests/build/test_members_store.py."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, box

from atlas.members import Gazetteer, load_decisions, matching_urau, region_at, resolve_members


def _none(value):
    return None if value is None or (isinstance(value, float) and value != value) else value


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
