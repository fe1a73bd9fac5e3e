"""The four Eurostat regional series and the 2019 perception survey on every page, under AppTest on
the SYNTHETIC store (tests/synthetic_mirror.py): one member per new source."""
from __future__ import annotations

import pytest

from tests.support import assert_clean, run_page


def tables(at) -> str:
    return " ".join(str(df.value.to_dict()) for df in at.dataframe)


@pytest.mark.parametrize("indicator, year", [("household_internet_access", "2025"), ("daily_internet_use", "2025"),
                                             ("internet_banking", "2025"), ("household_broadband", "2021")])
def test_regional_series_on_the_europe_map(app, indicator, year):
    at = run_page(app, "pages/map.py", view="europe", indicator=indicator, year=year)
    assert_clean(at)
    assert at.query_params["indicator"] == indicator and at.query_params["year"] == year


def test_opinion_item_on_compare_with_its_answer_shares(app):
    """Warsaw's 2019 opinion is a city figure; the table carries the five answer shares."""
    at = run_page(app, "pages/compare.py", indicator="egov_online_easy", year="2019", ranking_table="true")
    assert_clean(at)
    text = tables(at)
    assert "city figure for Warszawa" in text and "strongly agree" in text and "don't know" in text


def test_opinion_item_in_lisbons_city_profile(app):
    at = run_page(app, "pages/city.py", member="lisbon", profile_table="true")
    assert_clean(at)
    text = tables(at)
    assert "Opinion survey 2019" in text and "city figure for Lisboa" in text


@pytest.mark.parametrize("member, indicator", [("berlin", "internet_banking"), ("budapest", "household_internet_access"),
                                               ("brussels-capital-region", "egov_online_easy")])
def test_new_indicators_on_trends(app, member, indicator):
    at = run_page(app, "pages/trends.py", indicator=indicator, members=member)
    assert_clean(at)
    assert at.query_params["indicator"] == indicator
