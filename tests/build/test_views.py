"""The data behind Trends, Compare and City, on the SYNTHETIC store (tests/synthetic_mirror.py) and
on the store built from the real files (skipped without the mirror); a few checks need members or
layers only the real files have (`real`).

Generated sentences are compared with sentences written here from the store's own numbers,
so a change of rounding, area label or value shows up as a failure.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from atlas.i18n import set_language
from atlas.store import Store
from atlas.views import (change_since, city_profile, district_spread, never_used_summary, peer_members,
                         ranking_frame, scatter_frame, trends_frame)


@pytest.fixture(scope="module", params=["synthetic_store", "real_store"])
def which(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def store(which, request) -> Store:
    set_language("en")
    return Store.open(request.getfixturevalue(which))


@pytest.fixture(scope="module")
def real(real_store) -> Store:
    set_language("en")
    return Store.open(real_store)


def _one_decimal(value: float) -> str:
    """Rounded half up from the published digits, as the atlas promises (3.55 -> 3.6)."""
    return str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _flag(store, code, indicator, year) -> str:
    rows = store.values(indicator, year)
    return {"": "", "u": " (low reliability)", "b": " (break in series)"}[rows.loc[rows["geo_code"] == code, "flag"].iloc[0]]


def _value(store, code, indicator, year):
    rows = store.values(indicator, year)
    return float(rows.loc[rows["geo_code"] == code, "value"].iloc[0])


def _check_summary(store, member_id, region, country) -> None:
    """The summary names the region (or the city, where the region is the city: data/city_areas.csv),
    and both percentages are the store's values rounded to 1 decimal."""
    year = max(store.years("never_used_internet"))
    regional, national = _value(store, region, "never_used_internet", year), _value(store, country, "never_used_internet", year)
    flag = _flag(store, region, "never_used_internet", year)
    is_city = region in store.member(member_id)["city_areas"].split(",")
    where = store.place_name(region) if is_city else f"the region of {store.place_name(region)}"
    expected = (f"In {year}, {_one_decimal(regional)}%{flag} of people in {where} "
                f"had never used the internet, against {_one_decimal(national)}% in {store.place_name(country)}.")
    assert never_used_summary(store, member_id) == expected


@pytest.mark.parametrize("member_id, region, country", [("paris", "FR10", "FR"), ("warsaw", "PL91", "PL"),
                                                        ("berlin", "DE3", "DE")])
def test_never_used_summary_reads_every_number_from_the_store(store, member_id, region, country):
    _check_summary(store, member_id, region, country)


@pytest.mark.parametrize("member_id, region, country", [("vienna", "AT13", "AT"), ("lisbon", "PT1A", "PT")])
def test_never_used_summary_of_members_only_the_real_files_have(real, member_id, region, country):
    _check_summary(real, member_id, region, country)


def test_summary_for_a_member_with_national_figures_only_is_none(store):
    """Kyiv has no Eurostat figure for this indicator: no sentence rather than an invented one."""
    assert never_used_summary(store, "kyiv") is None


def test_city_profile_names_the_area_of_every_value(store):
    profile = city_profile(store, "paris").set_index("indicator")
    assert profile.loc["never_used_internet", "area"] == f"regional figure for NUTS 2 region {store.place_name('FR10')} (FR10)"
    assert profile.loc["basic_digital_skills", "area"] == "national figure for France"
    skills = profile.loc["basic_digital_skills"]
    assert skills["target"] == 80
    assert skills["gap_to_target"] == pytest.approx(80 - float(_one_decimal(skills["value"])), abs=1e-9)  # from the shown value
    assert skills["country_shown"] == skills["shown"]  # a national figure: the member's value is the country's
    assert skills["eu_value"] == pytest.approx(_value(store, "EU27_2020", "basic_digital_skills", skills["year"]))


def test_berlin_profile_uses_the_city_figure_for_broadband(store):
    """Berlin is a Kreis of its own: the Breitbandatlas figure is the city's, and says so."""
    row = city_profile(store, "berlin").set_index("indicator").loc["gigabit_availability"]
    assert row["area"] == "city figure for Berlin (a Kreis of its own)"
    assert row["value"] == pytest.approx(_value(store, "de_kreis:11000", "gigabit_availability", row["year"]))


def _row_of(frame, member_id: str):
    """The one row (bar, point or line) that stands for `member_id`."""
    rows = frame[frame["member_ids"].str.split(",").map(lambda ids: member_id in ids)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_ranking_marks_members_shown_through_their_region(store):
    ranking = ranking_frame(store, "never_used_internet", 2024)
    paris = _row_of(ranking, "paris")
    assert paris["is_proxy"] and paris["level"] == "nuts2"
    assert paris["value"] == pytest.approx(_value(store, "FR10", "never_used_internet", 2024))
    assert not ranking["member_ids"].str.contains("enedis").any()  # not a place


def test_ranking_by_country_keeps_only_that_country(store):
    ranking = ranking_frame(store, "never_used_internet", 2024, country="DE")
    everyone = ranking_frame(store, "never_used_internet", 2024)
    assert len(ranking) == (everyone["country"] == "DE").sum() > 0 and set(ranking["country"]) == {"DE"}


def test_trends_carry_breaks_and_references(store):
    trends = trends_frame(store, "never_used_internet", ["lisbon"])
    lisbon = trends[trends["member_ids"] == "lisbon"].set_index("year")
    first = lisbon.index[lisbon["geo_code"] == "PT1A"].min()  # PT17 -> PT1A, a `part` recode: a break
    assert bool(lisbon.loc[first, "is_break"]) and lisbon.loc[first - 1, "geo_code"] == "PT17"
    has_eu = not store.values("never_used_internet").query("geo_code == 'EU27_2020'").empty
    assert set(trends.loc[trends["kind"] == "reference", "label"]) == {"Portugal"} | ({"EU 27"} if has_eu else set())


def test_change_since_a_year_is_the_difference_in_points(store):
    trends = trends_frame(store, "never_used_internet", ["paris"], references=False)
    change = change_since(trends, 2016).set_index("year")
    last = change.index.max()
    expected = _value(store, "FR10", "never_used_internet", last) - _value(store, "FR10", "never_used_internet", 2016)
    assert change.loc[2016, "value"] == 0
    assert change.loc[last, "value"] == pytest.approx(expected, abs=0.01)


def test_change_across_a_break_says_so(store):
    change = change_since(trends_frame(store, "never_used_internet", ["lisbon"], references=False), 2020)
    assert "break" in change.sort_values("year").iloc[-1]["flag_words"]  # the last year, after PT17 -> PT1A


def test_scatter_gives_year_and_area_of_both_values(store):
    paris = _row_of(scatter_frame(store, "never_used_internet", "basic_digital_skills"), "paris")
    assert paris["y_area"] == "national figure for France"
    assert paris["x_area"].startswith("regional figure for NUTS 2 region")


MANCHESTER_LSOAS = {"synthetic_store": (2, 3), "real_store": (282, 1673)}  # the city's, Greater Manchester's


def test_district_spread_covers_the_city_of_manchester_not_greater_manchester(store, which):
    """The member is the City of Manchester: its 282 LSOAs, not the 1,673 of the ten boroughs
    (2 of the synthetic 3)."""
    spread = district_spread(store, "manchester")[0]
    values = store.values("deri_score")
    values = values[values["geo_code"].isin(spread["codes"])]
    assert (spread["count"], spread["wider_count"]) == MANCHESTER_LSOAS[which]
    assert (spread["area"], spread["wider_area"]) == ("City of Manchester", "Greater Manchester")
    assert spread["highest"].startswith("Manchester ") and spread["lowest"].startswith("Manchester ")
    assert spread["highest_value"] == pytest.approx(values["value"].max())
    assert spread["ratio"] == pytest.approx(round(values["value"].max() / values["value"].min(), 2))


def test_district_spread_of_a_metropolitan_member_is_its_whole_intercommunality(store):
    spread = district_spread(store, "aix-marseille-provence-metropole")[0]
    assert spread["wider_area"] == "" and spread["city_count"] == spread["wider_count"]


def test_peers_come_from_the_same_country_first(real):
    peers = peer_members(real, "eindhoven", {"amsterdam", "rotterdam", "ghent", "leipzig"})
    assert set(peers[:2]) == {"amsterdam", "rotterdam"}


def test_change_summary_says_points_with_a_sign(real):
    from atlas.text import trend_summary

    change = change_since(trends_frame(real, "never_used_internet", ["vienna"], references=False), 2016)
    text = trend_summary(change, real.indicator("never_used_internet"), since=2016)
    expected = _value(real, "AT13", "never_used_internet", 2025) - _value(real, "AT13", "never_used_internet", 2016)
    assert text.startswith(f"Wien (Vienna): −{_one_decimal(abs(expected))} points since 2016, to 2025 (city figure for Wien)")


def test_district_features_without_a_code_are_left_out_not_broken(real):
    """Amsterdam's wijken file has one feature without a code: the layer is drawn without it."""
    wijken = real.member_districts("amsterdam", "amsterdam_wijk")
    assert len(wijken) == 109 and (wijken["code"].str.strip() != "").all() and "None" not in set(wijken["code"])
    assert int(real.layers.set_index("layer_id").loc["amsterdam_wijk", "without_code"]) == 1
