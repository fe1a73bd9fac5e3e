"""The tests of test_city_level.py that need a built store; those that do not are tests/unit/test_city_level.py.

The four Eurostat regional series, the 2019 perception survey at city level, and the reviewed
city areas (data/city_areas.csv): readers on SYNTHETIC snippets in the real files' formats, the
SYNTHETIC store (tests/synthetic_mirror.py), and the catalogue reviewed against the REAL mirror
(skipped without it). No member may be placed at a closer level than its data supports."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from atlas.members import load_city_areas
from atlas.store import Store
from atlas.text import area_label, flag_words
from atlas.views import indicator_options, ranking_frame, with_answer_shares


# --- the synthetic store ---------------------------------------------------------------------------

def test_known_source_error_is_kept_out_with_its_flag(synthetic_store):
    """UKN 2015 internet banking (2.40, an error in Eurostat's data) reaches no chart: no value, flag x."""
    store = Store(synthetic_store)
    row = store.values("internet_banking", 2015)
    row = row[row["geo_code"] == "UKN"].iloc[0]
    assert math.isnan(row["value"]) and row["flag"] == "x"
    assert "known error" in flag_words("x")
    assert store.area_figure("UKN", "internet_banking").year == 2016


def test_a_break_the_source_flags_is_a_break_in_the_series(synthetic_store):
    """Germany's internet banking 2021 (`b`): the series marks a break there, not a real drop."""
    series = Store(synthetic_store).member_series("berlin", "internet_banking").set_index("year")
    assert series.loc[2021, "flag"] == "b" and bool(series.loc[2021, "is_break"])
    assert not bool(series.loc[2020, "is_break"])


@pytest.mark.parametrize("member_id, code", [("lisbon", "PT001C"), ("warsaw", "PL001C"),
                                             ("brussels-capital-region", "BE001C")])
def test_perception_figure_is_the_members_own_city_figure(synthetic_store, member_id, code):
    store = Store(synthetic_store)
    fig = store.member_figure(member_id, "egov_online_easy")
    assert (fig.level, fig.geo_code, fig.year, fig.is_proxy) == ("city", code, 2019, False)
    assert area_label(fig.level, fig.geo_name, fig.geo_code).startswith("city figure for ")


def test_no_member_gets_a_city_figure_its_data_do_not_support(synthetic_store):
    """The City of Brussels is one of the 19 communes of the survey's Bruxelles/Brussel: no city
    figure; a survey city that is no member's (DE999C) is nobody's; regional series stay regional."""
    store = Store(synthetic_store)
    assert store.member_figure("brussels", "egov_online_easy") is None
    assert store.member_figure("brussels", "household_internet_access").level == "nuts2"
    ranked = ranking_frame(store, "egov_online_easy", 2019)
    assert set(ranked["member_ids"]) == {"lisbon", "warsaw", "brussels-capital-region"}
    assert set(ranked["level"]) == {"city"}


def test_brussels_capital_region_is_named_as_eurostat_names_its_city(synthetic_store):
    fig = Store(synthetic_store).member_figure("brussels-capital-region", "egov_online_easy")
    assert fig.geo_name == "Bruxelles/Brussel" and math.isclose(fig.value, 70.5)


def test_opinion_shares_are_their_own_indicator_with_answers_beside_it(synthetic_store):
    """Compare offers the opinion item on its own (never one of the answers), and its table carries
    the five answer shares, which add up to 100."""
    store = Store(synthetic_store)
    offered = indicator_options(store, levels=("city",))
    assert "egov_online_easy" in offered and not any(i.startswith("egov_online_s") for i in offered)
    assert store.indicator("egov_online_easy").unit != store.indicator("internet_banking").unit
    table = with_answer_shares(store, ranking_frame(store, "egov_online_easy", 2019), "egov_online_easy")
    lisbon = table.set_index("member_ids").loc["lisbon"]
    shares = lisbon.iloc[-5:].astype(float)
    assert math.isclose(shares.sum(), 100, abs_tol=1) and math.isclose(shares.iloc[0], 7.3)
    assert math.isclose(lisbon["value"], shares.iloc[0] + shares.iloc[1])


@pytest.mark.parametrize("indicator, first, last", [("household_internet_access", 2016, 2025),
                                                    ("household_broadband", 2017, 2021),
                                                    ("daily_internet_use", 2016, 2025), ("internet_banking", 2014, 2025)])
def test_regional_series_cover_their_years(synthetic_store, indicator, first, last):
    store = Store(synthetic_store)
    years = store.years(indicator)
    assert (years[0], years[-1]) == (first, last)
    assert set(store.levels(indicator)) >= {"nuts1", "nuts2", "country"}


# --- the reviewed catalogue against the real files -------------------------------------------------

def test_real_store_places_perception_figures_at_city_level_only_for_catalogued_members(real_store):
    store = Store(real_store)
    ranked = ranking_frame(store, "egov_online_easy", 2019)
    catalogued = set(load_city_areas()["member_id"])
    assert set(ranked["member_ids"]) <= catalogued and len(ranked) >= 55
    assert set(ranked["level"]) == {"city"} and not ranked["is_proxy"].any()
    vienna = store.member_figure("vienna", "egov_online_easy")
    assert (vienna.geo_code, round(vienna.value, 1)) == ("AT001C", 81.9)  # 39.8 strongly + 42.1 somewhat agree
    assert store.member_figure("aix-marseille-provence-metropole", "egov_online_easy") is None
    ukn = store.values("internet_banking", 2015)
    assert ukn.loc[ukn["geo_code"] == "UKN", "flag"].tolist() == ["x"]


def test_helsinki_and_manchester_are_their_one_local_authority_in_the_2006_survey(real_mirror, real_store):
    """Helsinki and Manchester were surveyed only in 2004/2006: their Urban Audit city is one local
    authority with the member's name (not bigger: FI001C2 and UK008C1 in the LAU table), and the store
    shows very + rather satisfied of that city, at city level, never a region's figure."""
    lau = pd.read_csv(real_mirror / "indicators/reference/nuts_lau_2019__gisco_lau_nuts2016_degurba_cities_fua.csv.gz",
                      dtype=str, usecols=["city_id", "lau_name_national"])
    for city_id, name in (("FI001C2", "Helsinki"), ("UK008C1", "Manchester")):
        assert lau.loc[lau["city_id"] == city_id, "lau_name_national"].tolist() == [name]
    store = Store(real_store)
    helsinki = store.member_series("helsinki", "home_internet_satisfied")
    assert helsinki[["year", "value", "level", "geo_code"]].values.tolist() == [[2004, 67.0, "city", "FI001C"],
                                                                               [2006, 85.2, "city", "FI001C"]]
    assert store.member_figure("espoo", "home_internet_satisfied") is None  # Helsinki's neighbour, not surveyed
