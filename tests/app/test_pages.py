"""Every page under Streamlit's AppTest, on the SYNTHETIC store (tests/synthetic_mirror.py):
it runs without an exception and shows its title; links (query parameters) seed the view. Hostile
links are the hostile corpus's (tests/hostile_cases.yaml, tests/app/test_hostile_corpus.py).
AppTest cannot click inside the folium map; the map's content is tested as HTML in
tests/unit/test_maps.py and in the browser tests.
Keeping the view across a page switch is left to the browser tests: AppTest's switch_page sends
the previous page's widget states along, which a browser does not, so it cannot show it.
"""
from __future__ import annotations

import pytest

from tests.support import assert_clean, run_page

PAGES = {  # page -> its title on the synthetic store
    "pages/map.py": "Map",
    "pages/trends.py": "Trends",
    "pages/compare.py": "Compare members",
    "pages/city.py": "Paris",
    "pages/practices.py": "What cities do",
    "pages/about.py": "About the data",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_and_shows_its_title(app, page):
    at = run_page(app, page)
    assert_clean(at)
    assert [t.value for t in at.title] == [PAGES[page]]


def test_the_default_page_is_the_map(app):
    at = app.run()
    assert_clean(at)
    assert at.title[0].value == "Map"


def test_switching_through_every_page_in_one_session(app):
    at = app.run()
    for page, title in PAGES.items():
        at.switch_page(page)
        at.run()
        assert_clean(at)
        assert at.title[0].value == title, page


# --- links seed the view -------------------------------------------------------------------------

def test_link_seeds_indicator_and_year_on_compare(app):
    at = run_page(app, "pages/compare.py", indicator="regular_internet_use", year="2019")
    assert_clean(at)
    assert at.selectbox(key="w_indicator").value == "regular_internet_use"
    assert at.select_slider(key="w_year").value == 2019
    assert (at.query_params["indicator"], at.query_params["year"]) == ("regular_internet_use", "2019")


def test_link_seeds_the_member_of_the_city_profile(app):
    at = run_page(app, "pages/city.py", member="warsaw")
    assert_clean(at)
    assert at.selectbox(key="w_member").value == "warsaw"
    assert at.title[0].value == "Warszawa (Warsaw)"


def test_link_seeds_the_members_of_trends(app):
    at = run_page(app, "pages/trends.py", members="utrecht,budapest", indicator="never_used_internet")
    assert_clean(at)
    assert at.multiselect(key="w_members").value == ["utrecht", "budapest"]


def test_about_page_coverage_agrees_with_the_report(app, synthetic_store):
    """The About page's counts are the coverage report's."""
    from atlas.coverage import coverage_summary
    from atlas.store import Store

    at = run_page(app, "pages/about.py")
    summary = coverage_summary(Store(synthetic_store))
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"District": str(summary["with_district"]), "City": str(summary["with_city"]),
                     "Region": str(summary["with_region"]), "Country only": str(summary["with_country_only"]),
                     "None": str(summary["with_none"])}


def test_city_profile_says_the_figure_is_regional(app):
    """Warsaw has no city figures: what is shown says it is the region's (honesty, issue section 4)."""
    at = run_page(app, "pages/city.py", member="warsaw", profile_table="true")
    text = " ".join(m.value for m in at.markdown) + " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "region" in text.lower()


@pytest.mark.parametrize("page, params, link, label", [
    ("pages/compare.py", {}, "ranking_table", "The figures in this chart, as a table"),
    ("pages/city.py", {"member": "paris"}, "profile_table", "All figures, as a table"),
    ("pages/map.py", {"view": "cities", "indicator": "egov_online_easy", "year": "2019"}, "table",
     "The figures on this map, as a sortable table (3 rows)"),
], ids=["compare", "city", "map-cities"])
def test_a_table_is_drawn_only_once_opened(new_app, page, params, link, label):
    """The table's expander is on the page closed and empty (its heavy code is not loaded for readers
    who never open it); its link parameter opens it with the table inside (issue 14)."""
    closed = run_page(new_app(), page, **params)
    assert_clean(closed)
    assert [e.label for e in closed.expander if e.label == label]
    assert not closed.dataframe
    opened = run_page(new_app(), page, **params, **{link: "true"})
    assert_clean(opened)
    assert opened.query_params[link] == "true"
    assert len(next(e for e in opened.expander if e.label == label).dataframe) == 1


def test_city_profile_shows_the_member_note_in_the_reader_s_language(app):
    """The reviewed note on a member (data/members.csv) under the City profile's title is translated:
    /city?member=brussels&lang=fr showed it in English."""
    from atlas.members import load_decisions

    at = run_page(app, "pages/city.py", member="brussels", lang="fr")
    assert_clean(at)
    captions = [c.value for c in at.caption]
    assert ("La Ville de Bruxelles (une seule commune). Ses chiffres sont ceux de la Région de Bruxelles-Capitale "
            "(BE10), dans laquelle elle se trouve.") in captions
    assert load_decisions().loc["Brussels", "reason"] not in captions
