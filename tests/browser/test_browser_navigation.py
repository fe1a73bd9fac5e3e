"""Moving between pages: the sidebar, permalinks, and the first deep link a new server gets."""
import re

from playwright.sync_api import expect

from tests.browser.harness import PAGES, assert_clean, open_page, wait_for_app_run


def nav_link(page, title: str):
    return page.get_by_test_id("stSidebarNavLink").filter(has_text=re.compile(rf"{re.escape(title)}$"))


def expect_router_navigation(page):
    """The six pages by their titles, in the router's order (each link also holds its icon's name)."""
    links = page.get_by_test_id("stSidebarNavLink")
    expect(links).to_have_text([re.compile(rf"{re.escape(t)}$") for t in PAGES.values()])


def test_sidebar_lists_the_router_pages_by_title(page):
    """The sidebar navigation is the router's: the six pages by their titles, in order."""
    open_page(page, "/compare")
    expect_router_navigation(page)


def test_sidebar_link_switches_page(page):
    """Clicking Compare in the sidebar opens the Compare page at /compare."""
    open_page(page, "/map")
    nav_link(page, PAGES["/compare"]).click()
    page.wait_for_url("**/compare**")
    wait_for_app_run(page)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_text("Compare members")


def test_permalink_reopens_the_view_in_a_fresh_browser(new_page):
    """/compare?indicator=regular_internet_use&year=2023, opened in a new browser context, shows
    that indicator and year."""
    page = new_page()
    open_page(page, "/compare?indicator=regular_internet_use&year=2023")
    expect(page.get_by_role("combobox", name="Indicator").first).to_have_value("Regular internet users")
    expect(page.get_by_test_id("stSlider").first).to_contain_text("2023")
    assert "indicator=regular_internet_use" in page.url and "year=2023" in page.url


def test_first_deep_link_after_server_start_goes_through_the_router(fresh_app_url, new_page):
    """The very first visitor of a new server, arriving at /city, gets the router's navigation and
    language choice, not Streamlit's pages/ folder mode (file names, a 'dashboard' entry)."""
    page = new_page(base_url=fresh_app_url)
    open_page(page, "/city")
    expect_router_navigation(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Language")).to_have_value("English")


def test_map_has_its_own_address(page):
    """/map, the address an article would print, opens the Map page with no console error."""
    open_page(page, "/map")
    assert page.url.split("?")[0].endswith("/map")
    assert_clean(page)


def test_root_address_opens_the_map_keeping_the_link_view(page):
    """/ (with a view in its query) goes on to /map with the same view."""
    open_page(page, "/?indicator=regular_internet_use")
    page.wait_for_url("**/map?**")
    wait_for_app_run(page)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_text("Map")
    expect(page.get_by_role("combobox", name="Indicator").first).to_have_value("Regular internet users")
