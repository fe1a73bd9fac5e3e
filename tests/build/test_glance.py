"""The City profile's first screen (atlas.glance) on the store built from the real files: the headline
counts what the rows show, each row names its area and carries its details, and text from data is
escaped."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from atlas.glance import TABLE_COLUMNS, glance_html, headline, profile_screen
from atlas.i18n import set_language
from atlas.store import Store
from atlas.views import city_profile


@pytest.fixture(scope="module")
def paris(real_store) -> pd.DataFrame:
    set_language("en")
    return city_profile(Store.open(real_store), "paris")


def test_headline_counts_the_rows_compared_with_the_eu(paris):
    with_eu = paris.dropna(subset=["eu_value"])
    with_eu = with_eu[with_eu["value"].round(1) != with_eu["eu_value"].round(1)]
    better = ((with_eu["value"] > with_eu["eu_value"]) == (with_eu["higher_is"] == "better")).sum()
    text = headline(paris, "Paris", "France")
    assert (f"the figures for Paris are better on {better} of {len(with_eu)} indicators and worse on "
            f"{len(with_eu) - better}.") in text
    shared = (~paris["level"].isin(["city", "kreis", "district"])).sum()
    assert f"{shared} of the {len(paris)} figures describe the member's region or country" in text


def test_every_row_names_its_area_and_has_its_details_and_a_plot(paris):
    html = glance_html(paris, "Paris")
    assert html.count("<tr>") == len(paris) + 1  # with the header
    assert html.count("<details>") == len(paris)
    assert html.count("class='mark member'") == len(paris)
    assert "regional figure for NUTS 2 region Ile-de-France<" in html  # no code: codes are for tables
    skills = paris.set_index("indicator").loc["basic_digital_skills"]
    assert f"{skills['gap_to_target']:.1f} points to go" in html
    positions = [float(x) for x in re.findall(r"left:([0-9.]+)%", html)]
    assert positions and all(0 <= x <= 100 for x in positions)


def test_text_from_data_is_escaped(paris):
    hostile = paris.assign(area_words="<img src=x onerror=alert(1)>")
    html = glance_html(hostile, "<b>Paris</b>")
    assert "<img" not in html and "&lt;img src=x" in html
    assert "<b>Paris" not in html


def test_the_profile_screen_holds_what_the_page_shows(real_store):
    set_language("en")
    store = Store.open(real_store)
    screen = profile_screen(store, "paris")
    assert screen.profile.equals(city_profile(store, "paris"))
    assert screen.headline == headline(screen.profile, "Paris", "France")
    assert screen.glance == glance_html(screen.profile, "Paris")
    assert list(screen.table.columns) == TABLE_COLUMNS and len(screen.table) == len(screen.profile)
    text = screen.table.select_dtypes(exclude="number")
    assert not text.isna().any().any() and (text == "—").any().any()  # an empty text cell reads "—"
    no_figures = store.members.loc[store.members["kind"] == "non_city", "member_id"]
    assert no_figures.empty or profile_screen(store, no_figures.iloc[0]) is None
