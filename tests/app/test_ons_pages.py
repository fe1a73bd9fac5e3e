"""The ONS sources and Lyon's IRIS on the pages, under AppTest on the SYNTHETIC store
(tests/synthetic_mirror.py): one member per new source, each figure with its level, interval,
source and (for the Census online share) ONS's disclaimer."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support import assert_clean
from tests.support import run_page as open_page
DISCLAIMER = "NOT official statistics on either the census or population"


def run_page(at: AppTest, page: str, **params) -> AppTest:
    at = open_page(at, page, **params)
    assert_clean(at)
    return at


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    cells = [str(cell) for df in at.dataframe for cell in df.value.to_numpy().ravel()]
    return " ".join(parts + cells)


def test_london_nuts3_areas_on_the_map_with_their_interval(app):
    at = run_page(app, "pages/map.py", view="districts", member="london", layer="london_nuts3",
                  indicator="ons_non_users", table="true")
    assert at.selectbox(key="w_indicator").value == "ons_non_users"
    table = next(df.value for df in at.dataframe if "moe" in df.value.columns).set_index("code")
    assert sorted(table.index) == ["UKI31", "UKI32"]
    assert table.loc["UKI31", "moe"] == 2.5
    assert "Office for National Statistics" in page_text(at)


def test_census_online_share_beside_deri_with_the_disclaimer(app):
    at = run_page(app, "pages/map.py", view="districts", member="manchester", layer="gm_lsoa",
                  indicator="census_online_share")
    assert at.selectbox(key="w_indicator").value == "census_online_share"
    assert DISCLAIMER in page_text(at)


def test_compare_ranks_manchester_at_city_level(app):
    at = run_page(app, "pages/compare.py", indicator="ons_non_users", year="2020", ranking_table="true")
    text = page_text(at)
    assert "city figure for Manchester" in text
    assert "city figure for UKI" in text  # London: its NUTS 1 region is Greater London; its NUTS 3 areas are not London
    assert "regional figure for NUTS 1 region" not in text


def test_trends_show_manchester_from_2017(app):
    at = run_page(app, "pages/trends.py", indicator="ons_non_users", members="manchester",
                  trends_table="true")
    table = next(df.value for df in at.dataframe if "area" in df.value.columns)
    mine = table[table["member_ids"] == "manchester"]
    assert mine["year"].tolist() == [2017, 2018, 2019, 2020]
    assert set(mine["area"]) == {"city figure for Manchester"}


def test_city_profile_of_manchester_shows_the_interval_and_both_lsoa_sources(app):
    at = run_page(app, "pages/city.py", member="manchester", profile_table="true")
    text = page_text(at)
    assert "(±3.0)" in text and "city figure for Manchester" in text
    headers = [h.value for h in at.header]
    assert any("Digital exclusion risk" in h for h in headers)
    assert any("answered the 2021 Census online" in h for h in headers)
    assert DISCLAIMER in text


def test_city_profile_of_lyon_has_its_iris(app):
    at = run_page(app, "pages/city.py", member="lyon")
    assert any("IRIS" in h.value for h in at.header)
