"""The Map's city view: members coloured by their own city figure (the 2019 opinion item, ONS
non-users at NUTS 3 that is the city, a Kreis), under AppTest on the SYNTHETIC store."""
from __future__ import annotations

import pytest

from tests.app.test_new_sources import tables
from tests.support import assert_clean, run_page


def test_opinion_item_on_the_city_map_with_its_answer_shares(app):
    at = run_page(app, "pages/map.py", view="cities", indicator="egov_online_easy", year="2019", table="true")
    assert_clean(at)
    text = tables(at)
    assert "city figure for Warszawa" in text and "strongly agree" in text
    assert "Perception survey" in " ".join(c.value for c in at.caption)


def test_ons_city_figures_on_the_city_map_with_their_interval(app):
    """Manchester's NUTS 3 area is the city, and London's NUTS 1 region is Greater London, the member:
    both dots carry the ONS figure; London's NUTS 3 areas (its districts) give it no dot of their own."""
    at = run_page(app, "pages/map.py", view="cities", indicator="ons_non_users", year="2020", table="true")
    assert_clean(at)
    text = tables(at)
    assert "city figure for Manchester" in text and "city figure for UKI" in text and "UKI31" not in text


@pytest.mark.parametrize("page, params, expected", [
    ("pages/map.py", {"view": "cities", "indicator": "home_internet_satisfied", "year": "2006", "table": "true"},
     ["city figure for Warszawa", "city figure for Lisboa", "very satisfied"]),
    ("pages/compare.py", {"indicator": "home_internet_satisfied", "year": "2006", "ranking_table": "true"},
     ["city figure for Lisboa", "not at all satisfied"]),
    ("pages/trends.py", {"indicator": "home_internet_satisfied", "members": "warsaw", "trends_table": "true"}, ["2004", "2006"]),
    ("pages/city.py", {"member": "warsaw", "profile_table": "true"}, ["Opinion survey 2004/2006"]),
])
def test_home_internet_item_on_every_page(app, page, params, expected):
    """The 2004/2006 home internet item (synthetic shares for Warsaw and Lisbon): a city figure with its
    answers on the Map's city view and Compare, two waves on Trends, and in the City profile."""
    at = run_page(app, page, **params)
    assert_clean(at)
    text = tables(at)
    assert all(words in text for words in expected), text[:2000]


def test_help_places_switch_off_and_stay_off_in_the_link(app):
    """Greater Manchester's SYNTHETIC libraries are drawn (and named under the map) until the reader
    switches them off; the link then says places=off and reopens without them."""
    params = {"view": "districts", "member": "manchester", "layer": "gm_lsoa", "indicator": "deri_score"}
    at = run_page(app, "pages/map.py", **params)
    assert_clean(at)
    switch = next(t for t in at.toggle if t.label == "Show help places")
    assert switch.value and any("Help places" in c.value for c in at.caption)
    switch.set_value(False).run()
    assert_clean(at)
    assert at.query_params["places"] == "off"
    assert not any("Help places" in c.value for c in at.caption)


def test_a_link_with_places_off_opens_without_them(app):
    at = run_page(app, "pages/map.py", view="districts", member="manchester", layer="gm_lsoa",
                  indicator="deri_score", places="off")
    assert_clean(at)
    assert not next(t for t in at.toggle if t.label == "Show help places").value
    assert not any("Help places" in c.value for c in at.caption)
