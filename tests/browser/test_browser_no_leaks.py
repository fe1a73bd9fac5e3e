"""No leaks (issue 4, item 4): a visitor's browser asks nothing of any host but the app's own, over a
walk through every page and a use of the map, in the default configuration. Every request of the
page and of its frames (the maps) is recorded by the harness's recorder (tests/browser/harness.py)."""
import re

from playwright.sync_api import expect

from tests.browser.harness import PAGES, assert_clean, open_page, wait_for_app_run, wait_for_map_idle


def test_a_walk_through_every_page_and_the_map_asks_only_the_app(page, app_url):
    """Open /map, use the map (zoom, hover a region, pan, change indicator and classes), then visit
    every page from the sidebar, opening a chart's table on the way: every request, websocket
    included, goes to the app's own host."""
    open_page(page, "/map")
    frame = page.frame_locator("iframe").first
    shapes = frame.locator("path.leaflet-interactive")
    shapes.first.wait_for()
    frame.locator(".leaflet-control-zoom-in").click()
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 40, steps=8)
    page.mouse.up()
    wait_for_map_idle(page)  # the pan is over: what the map fetches after one, it has asked for
    select = page.get_by_role("combobox", name="Indicator").first
    select.click()
    page.get_by_role("option").nth(1).click()
    wait_for_app_run(page)
    page.get_by_role("combobox", name="Number of classes").first.click()
    page.get_by_role("option", name="7").click()
    wait_for_app_run(page)
    heading = page.locator("[data-testid='stMain'] h1").first
    for title in list(PAGES.values())[1:]:
        link = page.get_by_test_id("stSidebarNavLink").filter(has_text=re.compile(rf"{re.escape(title)}$"))
        # waited for by its heading: a quick page's run can start and end between two drawings of
        # the app, so that after_a_run sees no run (seen going from the City profile to What cities do)
        before = heading.inner_text()
        link.click()
        expect(heading).not_to_have_text(before)
        wait_for_app_run(page)
        tables = page.get_by_test_id("stExpander")
        if tables.count():  # a chart's or the profile's table: opening it reruns the page, which draws it
            tables.first.locator("summary").click()
            expect(tables.first.get_by_test_id("stDataFrame")).to_be_visible()
            wait_for_app_run(page)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_text("About the data")
    rec = page.atlas_recorder
    assert sum(len(urls) for urls in rec.hosts.values()) > 20, rec.hosts.keys()  # it did record the walk
    assert list(rec.hosts) == [app_url.split("//", 1)[1]], {h: u[:3] for h, u in rec.hosts.items()}
    assert_clean(page)
