"""Read at a glance, on any screen (issue 16), in Chromium at 1280 and 390 px on the built store:
the City profile's first screen cuts no text; a tap on a region on a phone shows its panel and link
in view; the longest ranking has a value on every bar; Compare's choices change language without a
reload; a map link's centre and zoom reopen that view, and moving the map writes them; tap targets
are at least 24 px. Screenshots of each are kept in tests/browser/screenshots/.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from atlas import map_data as md
from atlas import paths
from atlas.store import Store
from atlas.views import ranking_frame
from tests.browser.harness import (MAP_FRAME, PHONE, VIEWPORTS, assert_clean, expect_no_error_shown,
                                   open_page, screenshot, wait_for_app_run, wait_for_map_idle)

FRAME = MAP_FRAME
EUROPE = "/map?view=europe&indicator=never_used_internet"
MIN_TARGET = 24  # px, WCAG 2.2 target size (minimum)


@pytest.fixture(scope="module")
def store(app_url) -> Store:
    return Store.open(paths.store_dir())


def wait_for_map(page) -> None:
    page.wait_for_function("""sel => { const f = document.querySelector(sel);
        return f && f.contentWindow && f.contentWindow.atlasArea && f.contentWindow.atlasArea.key; }""", arg=FRAME)


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_city_profile_first_screen_cuts_no_text(new_page, width):
    """Every cell, heading and legend entry of the glance fits its box and the screen: nothing is
    cut or hidden sideways (the old table cut the value at 390 px and the flags at 1280)."""
    page = new_page(VIEWPORTS[width])
    open_page(page, "/city?member=manchester")
    glance = page.locator(".atlas-glance")
    expect(glance).to_be_visible()
    cut = glance.evaluate("""(box, width) => [...box.querySelectorAll("td, th, strong, .area, summary, .legend span")]
        .filter(e => e.offsetParent !== null)
        .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > width + 1)
        .map(e => e.textContent.slice(0, 60))""", VIEWPORTS[width]["width"])
    assert not cut, cut
    rows = glance.locator("tbody tr")
    expect(rows.first).to_contain_text("Never used the internet")
    assert rows.first.locator(".mark.member").count() == 1
    rows.first.locator("summary").click()
    expect(rows.first.locator("details")).to_contain_text("Source:")
    screenshot(page, f"glance-city-{width}")
    expect_no_error_shown(page)
    assert_clean(page)


def test_a_tap_on_a_region_on_a_phone_shows_its_panel_and_link_in_view(new_page, store):
    page = new_page(PHONE)
    open_page(page, EUROPE)
    wait_for_map(page)
    frame = page.locator(FRAME).first.element_handle().content_frame()
    frame.evaluate("() => window.atlasArea.paths['FR10'].getElement().setAttribute('data-test-code', 'FR10')")
    frame.locator("path[data-test-code='FR10']").dispatch_event("click")
    panel = page.locator(".st-key-map_selection")
    link = panel.locator("[data-testid='stPageLink'] a", has_text=": City profile").first
    expect(link).to_be_visible()
    expect(panel).to_contain_text(store.place_name("FR10"))
    expect(panel).to_contain_text("%")  # the region's figure
    expect(link).to_be_in_viewport(ratio=1)  # scrolled into view
    box = link.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= MIN_TARGET
    screenshot(page, "glance-map-tap-phone")
    assert_clean(page)


def test_the_longest_ranking_has_a_value_on_every_bar(page, store):
    """The all-countries ranking with the most bars (one per figure: members sharing one are one bar)."""
    years = {y: len(ranking_frame(store, "never_used_internet", y)) for y in store.years("never_used_internet")}
    year = max(years, key=years.get)
    ranking = ranking_frame(store, "never_used_internet", year)
    open_page(page, f"/compare?indicator=never_used_internet&year={year}&country=all")
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for()
    page.wait_for_function("""n => { const c = document.querySelector("[data-testid='stVegaLiteChart'] svg");
        return c && c.querySelectorAll("g.mark-text text").length >= n; }""", arg=len(ranking))
    texts = chart.evaluate("""c => [...c.querySelectorAll("svg g.mark-text text")].map(t => t.textContent)""")
    values = [t for t in texts if re.fullmatch(r"[0-9.]+%", t)]
    assert len(values) == len(ranking), (len(values), len(ranking))
    axis_top = chart.evaluate("""c => { const axes = [...c.querySelectorAll("svg g.mark-group.role-axis")];
        const plot = c.querySelector("svg g.mark-rect.role-mark");
        return axes.some(a => a.getBoundingClientRect().bottom <= plot.getBoundingClientRect().top + 2); }""")
    assert axis_top, "the value axis is not above the bars"
    assert_clean(page)


def test_compare_choices_change_language_without_a_reload(page):
    open_page(page, "/compare")
    page.evaluate("() => { window.__same_document = true; }")
    page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
    page.get_by_role("option", name="Français").click()
    wait_for_app_run(page)
    shown = page.locator("[data-testid='stMain'] [data-testid='stSelectbox'] input")
    expect(shown.first).to_have_value("N'ont jamais utilisé internet")
    expect(shown.nth(1)).to_have_value("Tous les pays")
    assert page.evaluate("() => window.__same_document === true"), "the page was reloaded"
    assert_clean(page)


def test_a_map_link_with_a_view_reopens_there_and_moving_the_map_writes_it(page):
    open_page(page, EUROPE + "&center=48.5,2.5&zoom=7")
    wait_for_map(page)
    frame = page.locator(FRAME).first
    view = frame.evaluate("f => { const m = f.contentWindow.atlasArea.map; return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]; }")
    assert view[0] == 7 and abs(view[1] - 48.5) < 0.01 and abs(view[2] - 2.5) < 0.01, view
    assert "zoom=7" in page.url
    # A fresh link: nothing written until the reader moves the map; then the view is in the address.
    open_page(page, EUROPE)
    wait_for_map(page)
    wait_for_map_idle(page)  # its opening moves are over: a map nobody moved writes nothing
    assert "zoom=" not in page.url
    page.frame_locator(FRAME).locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("() => /[?&]zoom=/.test(location.search) && /[?&]center=/.test(location.search)")
    zoom = frame.evaluate("f => f.contentWindow.atlasArea.map.getZoom()")
    assert re.search(rf"[?&]zoom={zoom:g}(&|$)", page.url), (zoom, page.url)
    assert_clean(page)


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_tap_targets_are_at_least_24_px(new_page, width, store):
    """Member dots (their tap circles), the map's zoom buttons, the glance's Details toggles and the
    page links."""
    page = new_page(VIEWPORTS[width])
    open_page(page, EUROPE)
    wait_for_map(page)
    members = len(store.members.dropna(subset=["lat"]))
    expect(page.frame_locator(FRAME).locator("path.atlas-member")).to_have_count(members)  # fetched apart
    sizes = page.locator(FRAME).first.evaluate("""f => [...f.contentDocument.querySelectorAll(
        "path.atlas-member, .leaflet-control-zoom a")].map(e => { const r = e.getBoundingClientRect();
        return [e.getAttribute("class"), r.width, r.height, e.getAttribute("d")]; })""")
    assert sum("atlas-member" in (c or "") for c, _w, _h, _d in sizes) == members
    # Leaflet draws a circle outside the map's view as "M0 0" (nothing to tap); the rest must be 24 px.
    small = [s for s in sizes if min(s[1], s[2]) < MIN_TARGET - 0.5 and s[3] != "M0 0"]
    assert not small, small[:5]
    open_page(page, "/city?member=paris")
    small = page.locator("[data-testid='stMain']").evaluate("""m => [...m.querySelectorAll(
        ".atlas-glance summary, [data-testid='stPageLink'] a")].filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.slice(0, 40), e.getBoundingClientRect().height]).filter(s => s[1] < 24)""")
    assert not small, small
    assert_clean(page)


GM = "/map?view=districts&member=manchester&layer=gm_lsoa&indicator=deri_score"


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_greater_manchester_shows_its_boroughs_and_the_ten_most_affected(new_page, store, width):
    """The ten boroughs outlined and named over the 1,673 LSOAs, the ten worst LSOAs listed beside the
    map (a tap zooms to one), and a filter that keeps one borough's LSOAs."""
    page = new_page(VIEWPORTS[width])
    open_page(page, GM)
    wait_for_map(page)
    frame = page.locator(FRAME).first
    boroughs = sorted(md.parent_units(store, "manchester", "gm_lsoa")["parent"])
    assert len(boroughs) == 10
    frame_doc = page.frame_locator(FRAME)
    expect(frame_doc.locator(".atlas-parent-label")).to_have_count(10)
    labels = frame_doc.locator(".atlas-parent-label").all_inner_texts()
    assert sorted(labels) == boroughs
    worst = page.locator(".atlas-worst button")
    expect(worst).to_have_count(10)
    layer = md.district_layer(store, "manchester", "gm_lsoa", "deri_score")
    top = md.most_affected(layer, "worse").iloc[0]
    expect(worst.first).to_contain_text(top["name"])
    zoom_before = frame.evaluate("f => f.contentWindow.atlasArea.map.getZoom()")
    worst.first.click()
    page.wait_for_function("""([sel, z]) => document.querySelector(sel).contentWindow.atlasArea.map.getZoom() > z""",
                           arg=[FRAME, zoom_before])
    page.wait_for_function("() => /[?&]zoom=/.test(location.search)")  # the reader's move: the link keeps it
    screenshot(page, f"glance-gm-boroughs-{width}")
    page.get_by_label("Borough, commune or district").click()
    page.get_by_role("option", name="Bolton", exact=True).click()
    wait_for_app_run(page)
    bolton = int((layer["parent"] == "Bolton").sum())
    page.wait_for_function("""([sel, n]) => document.querySelector(sel).contentDocument
        .querySelectorAll("path.atlas-area").length === n""", arg=[FRAME, bolton])
    assert "part=Bolton" in page.url
    expect_no_error_shown(page)
    assert_clean(page)


MAP_VIEW = """f => { const m = f.contentWindow.atlasArea.map, b = m.getBounds();
    return {zoom: m.getZoom(), width: b.getEast() - b.getWest(), height: b.getNorth() - b.getSouth()}; }"""


def test_choosing_a_borough_zooms_the_map_to_it_and_the_moved_view_stays_in_the_link(page, store):
    """The filter fits the map to Bolton (zoom rises, the view shrinks) and back to all ten boroughs;
    a view the reader moved to stays in the address when a widget reruns the page (Streamlit rewrites
    the address from its own copy), and a reload of that address reopens it."""
    open_page(page, GM)
    wait_for_map(page)
    frame = page.locator(FRAME).first
    whole = frame.evaluate(MAP_VIEW)
    page.get_by_label("Borough, commune or district").click()
    page.get_by_role("option", name="Bolton", exact=True).click()
    wait_for_app_run(page)
    page.wait_for_function("([sel, z]) => document.querySelector(sel).contentWindow.atlasArea.map.getZoom() > z",
                           arg=[FRAME, whole["zoom"]])
    wait_for_map_idle(page)  # the fit's animation over: a click during it would write the fit's end
    bolton = frame.evaluate(MAP_VIEW)
    assert bolton["width"] < whole["width"] / 2 and bolton["height"] < whole["height"] / 2, (whole, bolton)
    assert "zoom=" not in page.url  # a fit of the filter is in the link as part=Bolton
    screenshot(page, "glance-gm-bolton")
    page.frame_locator(FRAME).locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("([sel, z]) => document.querySelector(sel).contentWindow.atlasArea.map.getZoom() > z",
                           arg=[FRAME, bolton["zoom"]])
    wait_for_map_idle(page)
    zoom = frame.evaluate("f => f.contentWindow.atlasArea.map.getZoom()")
    page.wait_for_function("z => new URLSearchParams(location.search).get('zoom') === String(z) "
                           "&& /[?&]center=/.test(location.search)", arg=zoom)
    moved = re.search(r"center=[^&]+&zoom=[^&]+|zoom=[^&]+", page.url).group(0)
    classes = page.get_by_label("Number of classes")
    classes.evaluate("e => e.scrollIntoView({block: 'center'})")  # at the viewport's edge its list would not open
    classes.click()
    page.get_by_role("option", name="4", exact=True).click()
    wait_for_app_run(page)
    page.wait_for_function("() => /[?&]k=4/.test(location.search)")
    assert f"zoom={zoom:g}" in page.url and "center=" in page.url and "part=Bolton" in page.url, (moved, page.url)
    page.goto(page.url)  # the link as shared
    wait_for_app_run(page)
    wait_for_map(page)
    assert page.locator(FRAME).first.evaluate("f => f.contentWindow.atlasArea.map.getZoom()") == zoom
    # Back to all boroughs: the map fits the whole layer again.
    page.get_by_label("Borough, commune or district").click()
    page.get_by_role("option", name="All", exact=True).click()
    wait_for_app_run(page)
    page.wait_for_function("([sel, z]) => document.querySelector(sel).contentWindow.atlasArea.map.getZoom() < z",
                           arg=[FRAME, bolton["zoom"]])
    expect_no_error_shown(page)
    assert_clean(page)


def test_charts_keep_room_for_their_bars_and_lines(new_page):
    """At 390 px the ranking's names leave room for the bars; the trend chart's plot keeps its height."""
    page = new_page(PHONE)
    open_page(page, "/compare?indicator=never_used_internet")
    page.wait_for_selector("[data-testid='stVegaLiteChart'] svg g.mark-rect.role-mark path")
    widest = page.locator("[data-testid='stVegaLiteChart']").first.evaluate(
        """c => Math.max(...[...c.querySelectorAll("svg g.mark-rect.role-mark path")].map(p => p.getBoundingClientRect().width))""")
    assert widest > PHONE["width"] * 0.35, widest
    open_page(page, "/trends")
    page.wait_for_selector("[data-testid='stVegaLiteChart'] svg g.mark-line path")
    tall = page.locator("[data-testid='stVegaLiteChart']").first.evaluate(
        """c => { const boxes = [...c.querySelectorAll("svg g.mark-line path")].map(p => p.getBoundingClientRect());
                  return Math.max(...boxes.map(b => b.bottom)) - Math.min(...boxes.map(b => b.top)); }""")
    assert tall > 200, tall
    assert_clean(page)
