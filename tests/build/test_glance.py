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


def test_headline_counts_the_rows_compared_with_the_eu_by_the_area_they_describe(paris):
    """Paris's EU comparisons are all France's national figures: the sentence says so, and never
    credits Paris with them (a journalist must not write "Paris beats the EU on 6 of 8")."""
    with_eu = paris.dropna(subset=["eu_value"])
    with_eu = with_eu[with_eu["value"].round(1) != with_eu["eu_value"].round(1)]
    assert set(with_eu["level"]) == {"country"}
    better = ((with_eu["value"] > with_eu["eu_value"]) == (with_eu["higher_is"] == "better")).sum()
    text = headline(paris, "Paris", "France")
    assert (f"Against the EU 27 average, France's national figures, shown for Paris where nothing closer is published, "
            f"are better on {better} of {len(with_eu)} indicators and worse on {len(with_eu) - better}.") in text
    assert "figures for Paris are better" not in text and "Paris itself" not in text
    regional = paris[paris["level"] == "nuts2"].dropna(subset=["country_value"])
    assert f"Against France as a whole, the regional figures shown for Paris: better on {len(regional)} of" in text
    assert "carry a flag" in text  # Ile-de-France's figures are of low reliability
    shared = (~paris["level"].isin(["city", "kreis", "district"])).sum()
    assert f"{shared} of the {len(paris)} figures describe the member's region or country" in text


def test_a_members_own_figures_are_compared_apart_from_the_shared_ones():
    """Synthetic rows: one city figure, one regional, one national; each comparison in its own group."""
    rows = pd.DataFrame({"level": ["city", "nuts2", "country"], "value": [10.0, 20.0, 30.0],
                         "eu_value": [15.0, 15.0, 25.0], "country_value": [30.0, 30.0, 30.0],
                         "higher_is": ["better"] * 3, "flags": ["", "", ""]})
    text = headline(rows, "Synthetic City", "Synthland")
    assert "the figures of Synthetic City itself are better on 0 of 1 indicators and worse on 1." in text
    assert "the regional figures shown for Synthetic City are better on 1 of 1 indicators" in text
    assert "Synthland's national figures, shown for Synthetic City where nothing closer is published, are better on 1 of 1" in text
    assert "Against Synthland as a whole, the figures of Synthetic City itself: better on 0 of 1, worse on 1." in text
    assert "carry a flag" not in text


def test_every_row_names_its_area_and_has_its_details_and_a_plot(paris):
    html = glance_html(paris, "Paris")
    assert html.count("<tr>") == len(paris) + 1  # with the header
    assert html.count("<details>") == len(paris)
    assert html.count("class='mark member'") == len(paris)
    # the area (no code: codes are for tables), year and flags in sight, the unit beside the title
    assert "regional figure for NUTS 2 region Ile-de-France · 2025 · low reliability<" in html
    assert "<strong>Never used the internet</strong> <span class='unit'>(% of individuals)</span>" in html
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
