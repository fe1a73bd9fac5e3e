"""Finding a member by any name from the search box: the local name (Göteborg), the same without
accents (Goteborg) and an exonym (Kiev) open the City profile of the right member; on the Map, a
name leads to the member's districts, or says why there are none. Runs on the real store."""
import pytest
from playwright.sync_api import expect

from tests.browser.harness import assert_clean, expect_no_error_shown, open_page, wait_for_app_run

SEARCH = "Find a member by any name"


def search(page, text: str) -> None:
    box = page.get_by_label(SEARCH)
    box.fill(text)
    box.press("Enter")
    wait_for_app_run(page)


@pytest.mark.parametrize("typed, heading", [("Göteborg", "Göteborg (Gothenburg)"), ("Goteborg", "Göteborg (Gothenburg)"),
                                            ("Kiev", "Київ (Kyiv)")])
def test_the_city_profile_finds_a_member_by_any_name(page, typed, heading):
    open_page(page, "/city")
    search(page, typed)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_text(heading)
    expect(page.get_by_role("combobox", name="Member")).to_have_value(heading)
    expect(page.get_by_test_id("stMain")).to_contain_text("No district figures are published for")
    expect_no_error_shown(page)
    assert_clean(page)


def test_the_map_search_says_why_a_member_has_no_districts(page):
    open_page(page, "/map")
    search(page, "Goteborg")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("the closest figures are for Västsverige (SE23)")
    expect(main.get_by_role("link", name="Open the City profile of Göteborg (Gothenburg)")).to_be_visible()


def test_the_map_search_opens_a_member_s_districts(page):
    open_page(page, "/map")
    search(page, "Gand")  # Ghent in French
    expect(page.get_by_role("combobox", name="Member")).to_have_value("Gent (Ghent) – boundaries only, no figures")
    expect(page.get_by_test_id("stMain")).to_contain_text("No district figures are published for Gent (Ghent)")
