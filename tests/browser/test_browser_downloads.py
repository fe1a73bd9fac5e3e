"""What a journalist takes away: the CSV, PNG and SVG of a chart are valid files whose numbers
are the store's, and a link to the Practices page filtered by a theme shows the right entries."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import expect

from atlas import paths
from atlas.store import Store
from tests.browser.harness import open_page

pytestmark = pytest.mark.browser
LINK = "/compare?indicator=never_used_internet&year=2024"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.open(paths.store_dir())


def download(page, label: str, index: int = 0) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).nth(index).click()
    return info.value.path().read_bytes()


def test_csv_of_the_ranking_has_a_citation_header_and_the_store_values(page, store):
    open_page(page, LINK)
    text = download(page, "Download CSV").decode("utf-8")
    assert text.startswith("# Column value: Never used the internet, in % of individuals.")  # what the values are
    assert "\n# Source: Eurostat\n" in text and "# Dataset: isoc_r_iuse_i" in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    row = table[table["member_ids"].str.split(",").map(lambda ids: "paris" in ids)].iloc[0]
    paris = store.member_figure("paris", "never_used_internet", 2024)
    assert row["value"] == pytest.approx(paris.value) and row["geo_code"] == "FR10"
    assert row["label"].startswith(f"{store.place_name('FR10')} (region): ") and "Paris" in row["members"]
    assert len(table) > 50 and not table.duplicated(["geo_code", "year"]).any()  # one row per figure


def test_png_and_svg_of_the_ranking_are_valid_and_cite_the_source(page, store):
    open_page(page, LINK)
    assert download(page, "Download PNG")[:8] == b"\x89PNG\r\n\x1a\n"
    svg = download(page, "Download SVG").decode("utf-8")
    assert svg.startswith("<svg") and "isoc_r_iuse_i" in svg
    assert f"{store.place_name('FR10')} (region)" in svg  # a shared figure's bar is named by its area


def test_excel_of_the_ranking_opens_and_names_the_areas(page, store):
    """The .xlsx beside the CSV: a workbook whose first sheet is the table (labels name the area
    and level of every shared figure) and whose second cites the source."""
    open_page(page, "/compare?indicator=egov_users&year=2022&country=DE")
    book = pd.read_excel(io.BytesIO(download(page, "Download Excel")), sheet_name=None)
    data, about = book["data"], book["sources"]
    assert len(data) == 1 and data.loc[0, "n_members"] == 19 and data.loc[0, "label"].startswith("Germany (country)")
    assert about["about"].str.contains("Digital Economy and Society Index").any()


def test_a_link_to_practices_filtered_by_theme_shows_the_expected_entries(page):
    open_page(page, "/practices?themes=devices")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Cyberbank (with Cybersoek)")).to_be_visible()
    expect(main.get_by_text("Teatime")).to_have_count(0)  # a skills-and-support practice
