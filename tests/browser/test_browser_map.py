"""The Map page in Chromium: polygons drawn against the store, legends that add up, the side-by-side
view, no rerun on pan or zoom, recolouring without remounting, and screenshots at desktop and phone
width. A district named with markup is the hostile corpus's (tests/browser/test_browser_hostile_corpus.py).

Expected counts come from the store the app serves (data/store), read with the same package
functions the page uses.
"""
from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import expect

from atlas import map_data as md
from atlas import paths
from atlas.store import Store
from tests.browser.harness import (DESKTOP, MAP_FRAME, PHONE, assert_clean, expect_no_error_shown, map_frame,
                                   open_page, screenshot, wait_for_map_idle)

FRAME = MAP_FRAME
EUROPE = "/?view=europe&indicator=never_used_internet"
PARIS = "/?view=districts&member=paris&layer=fr_iris&indicator=ifn_score"
SIDE_MEMBERS = ["paris", "aix-marseille-provence-metropole", "metropole-europeenne-de-lille"]
SIDE = f"/?view=side&layer=fr_iris&indicator=ifn_score&members={','.join(SIDE_MEMBERS)}"


@pytest.fixture(scope="module")
def store(app_url) -> Store:
    return Store.open(paths.store_dir())


def europe_count(store: Store) -> int:
    year = max(store.years("never_used_internet"))
    return len(md.in_europe_frame(md.europe_layer(store, "never_used_internet", year)))


def district_count(store: Store, member: str) -> int:
    return len(md.district_layer(store, member, "fr_iris", "ifn_score"))


def wait_for_areas(page, counts: list[int]) -> None:
    """Until there is one map per count and each has exactly that many polygons drawn."""
    page.wait_for_function(
        """([sel, counts]) => {
            const frames = [...document.querySelectorAll(sel)];
            return frames.length === counts.length && frames.every((f, i) =>
                f.contentDocument && f.contentDocument.querySelectorAll("path.atlas-area").length === counts[i]);
        }""", arg=[FRAME, counts])


def legend_counts(page) -> list[int]:
    rows = page.locator("[data-testid='stMain'] tr.atlas-legend-class")
    return [int(n) for n in rows.evaluate_all("rows => rows.map(r => r.dataset.count)")]


def count_runs(page) -> None:
    """From now on, count the script runs in window.__runs and the values components send to Streamlit
    (what makes it rerun) in window.__values."""
    page.evaluate("""() => {
        const app = document.querySelector("[data-testid='stApp']");
        window.__runs = 0;
        window.__values = 0;
        window.__barrier = false;
        new MutationObserver(() => { if (app.dataset.testScriptState === "running") { window.__runs += 1; } })
            .observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
        window.addEventListener("message", event => {
            const data = event.data || {};
            if (data.type === "streamlit:setComponentValue") { window.__values += 1; }
            if (data.atlasBarrier) { window.__barrier = true; }
        });
    }""")


def assert_the_map_sent_nothing(page) -> None:
    """Fire now every timer due in the next 2 s (streamlit-folium reports a move or a click 250 ms
    later), then wait until every message the map's frame has sent reached the page (messages from one
    frame arrive in order, so a last one of ours marks the end): none may be a value for Streamlit, and
    no script may have run. Needs page.clock.install() before the page opened, and count_runs()."""
    page.clock.fast_forward(2000)
    map_frame(page).evaluate("() => window.parent.postMessage({atlasBarrier: true}, '*')")
    page.wait_for_function("() => window.__barrier")
    assert page.evaluate("() => [window.__values, window.__runs]") == [0, 0]


def test_europe_view_draws_every_region_with_a_legend_that_adds_up(page, store):
    """The Europe view draws one polygon per region in the mainland frame, the member dots, and a legend whose
    class counts (no data included) sum to the polygons drawn."""
    open_page(page, EUROPE)
    expected = europe_count(store)
    wait_for_areas(page, [expected])
    assert sum(legend_counts(page)) == expected
    members = int(store.members["lat"].notna().sum())  # fetched apart from the map: wait for them
    expect(page.frame_locator(FRAME).locator("path.atlas-member")).to_have_count(members)
    expect(page.get_by_text("© EuroGeographics for the administrative boundaries").first).to_be_visible()
    expect_no_error_shown(page)
    assert_clean(page)


def test_french_district_view_draws_every_iris(page, store):
    """Paris on the IFN: every IRIS of the store drawn once, legend counts summing to them, IGN–INSEE credited."""
    open_page(page, PARIS)
    expected = district_count(store, "paris")
    wait_for_areas(page, [expected])
    assert sum(legend_counts(page)) == expected
    expect(page.get_by_text("IGN").first).to_be_visible()
    assert_clean(page)


def test_side_by_side_shows_three_cities_on_one_scale_with_the_relative_scale_note(page, store):
    """Paris, Marseille and Lille: three maps with all their IRIS, one legend for all three, and the note that
    100 is each region's average."""
    open_page(page, SIDE)
    counts = [district_count(store, m) for m in SIDE_MEMBERS]
    wait_for_areas(page, counts)
    assert sum(legend_counts(page)) == sum(counts)
    assert page.locator("[data-testid='stMain'] .atlas-legend").count() == 1
    expect(page.get_by_text("100 = that region's average", exact=False)).to_be_visible()
    # One scale: the areas of each colour, over the three maps, are the one legend's class counts
    # (maps classified each on its own would give other counts).
    fills = Counter(fill for i in range(3) for fill in page.locator(FRAME).nth(i).evaluate(
        "f => [...f.contentDocument.querySelectorAll('path.atlas-area')].map(p => p.getAttribute('fill'))"))
    assert sorted(fills.values()) == sorted(n for n in legend_counts(page) if n)
    assert_clean(page)


def test_pan_zoom_and_a_click_on_a_district_do_not_rerun_the_page(page, store):
    """Dragging the map, zooming in and clicking a district run no script: only the Europe view
    reports clicks (on members and regions)."""
    page.clock.install()  # time flows as usual until the test moves it on
    open_page(page, "/?view=districts&member=manchester&layer=gm_lsoa")
    wait_for_areas(page, [1673])
    count_runs(page)
    page.frame_locator(FRAME).locator("path.atlas-area").nth(800).dispatch_event("click")  # before a drag
    box = page.locator(FRAME).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    page.frame_locator(FRAME).locator(".leaflet-control-zoom-in").click()
    wait_for_map_idle(page)
    assert_the_map_sent_nothing(page)
    assert_clean(page)


def test_other_classes_recolour_the_same_map_without_fetching_outlines_again(page, store):
    """Choosing 3 classes reruns the map's fragment: the same map (not remounted), the same polygons in new
    colours, the legend with 3 classes, and no second request for the outlines."""
    geometry_requests = []
    page.on("request", lambda r: geometry_requests.append(r.url) if "/app/static/geo/districts-" in r.url else None)
    open_page(page, PARIS)
    expected = district_count(store, "paris")
    wait_for_areas(page, [expected])
    page.locator(FRAME).evaluate("f => { f.contentWindow.__sameMap = true; }")
    before = legend_counts(page)
    classes = page.get_by_label("Number of classes")
    classes.evaluate("e => e.scrollIntoView({block: 'center'})")  # at the viewport's edge its list would not open
    classes.click()
    page.get_by_role("option", name="3", exact=True).click()
    page.wait_for_function("() => document.querySelectorAll(\"tr.atlas-legend-class\").length === 4")
    wait_for_areas(page, [expected])
    assert page.locator(FRAME).evaluate("f => f.contentWindow.__sameMap === true")
    assert len(before) == 6 and sum(legend_counts(page)) == expected
    fills = set(page.locator(FRAME).evaluate(
        "f => [...f.contentDocument.querySelectorAll('path.atlas-area')].map(p => p.getAttribute('fill'))"))
    assert len(fills - {"#d4d4d4"}) == 3
    assert len(geometry_requests) == 1
    assert_clean(page)


@pytest.mark.parametrize("can_unpack, fetched", [(True, ".json.gz"), (False, ".json")])
def test_the_outlines_travel_gzipped_and_are_unpacked_by_the_browser(new_page, store, can_unpack, fetched):
    """The browser fetches the outlines' gzipped copy (written once, so the server compresses nothing
    per reader), never the JSON as well, and draws every polygon from it; a browser without
    DecompressionStream (before 2023) fetches the plain JSON instead and draws the same."""
    page = new_page()
    if not can_unpack:
        page.context.add_init_script("delete window.DecompressionStream;")  # every frame, the map's too
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/app/static/geo/districts-" in r.url else None)
    open_page(page, PARIS)
    wait_for_areas(page, [district_count(store, "paris")])
    assert len(asked) == 1 and asked[0].endswith(fetched), asked
    assert_clean(page)


@pytest.mark.parametrize("answer", ["missing", "already unpacked"])
def test_a_gzipped_copy_that_fails_falls_back_to_the_json(page, store, answer):
    """A server without the .gz (404), or a proxy that sends it already unpacked (the JSON's bytes):
    the map asks for the JSON as well and draws every polygon from it. The browser's own line about
    the 404 is the only thing in the console."""
    def gzipped(route):
        if answer == "missing":
            route.fulfill(status=404, body="Not Found")
        else:
            plain = route.fetch(url=route.request.url.removesuffix(".gz"))
            route.fulfill(status=200, body=plain.body(), content_type="application/gzip")

    page.route("**/app/static/geo/districts-*.json.gz", gzipped)
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/app/static/geo/districts-" in r.url else None)
    open_page(page, PARIS)
    wait_for_areas(page, [district_count(store, "paris")])
    assert [url.rsplit(".", 1)[-1] for url in asked] == ["gz", "json"], asked
    recorder = page.atlas_recorder
    assert all(".json.gz" in problem for problem in recorder.problems()), recorder.problems()
    assert len(recorder.problems()) == (2 if answer == "missing" else 0)
    recorder.reported = True  # the 404's lines are this test's own doing


def test_a_click_on_a_member_offers_its_city_profile(page, store):
    """Clicking a member's dot shows a link to that member's City profile."""
    open_page(page, EUROPE)
    wait_for_areas(page, [europe_count(store)])
    dot = page.frame_locator(FRAME).locator("path.atlas-member").first
    dot.click(force=True)
    link = page.locator("[data-testid='stPageLink'] a", has_text=": City profile")
    expect(link).to_be_visible()
    assert "member=" in link.get_attribute("href")
    assert_clean(page)


def test_a_click_on_a_region_offers_the_city_profiles_of_its_members(page, store):
    """Clicking a region (Île-de-France) lists links to the City profiles of the members in it."""
    open_page(page, EUROPE)
    wait_for_areas(page, [europe_count(store)])
    frame = page.locator(FRAME).first.element_handle().content_frame()
    frame.evaluate("() => window.atlasArea.paths['FR10'].getElement().setAttribute('data-test-code', 'FR10')")
    frame.locator("path[data-test-code='FR10']").dispatch_event("click")  # under Paris's dot: no mouse
    links = page.locator("[data-testid='stPageLink'] a", has_text=": City profile")
    expect(links).to_have_count(len(md.members_in_area(store, "FR10")))
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("member=paris" in h for h in hrefs), hrefs
    expect(page.get_by_text("Eurocities members in")).to_be_visible()
    assert_clean(page)


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name, path", [("europe", EUROPE), ("paris", PARIS), ("side", SIDE)])
def test_map_views_screenshots(new_page, store, name, path, width):
    """Each view drawn at 1280 and 390 px wide, kept as a screenshot to look at."""
    page = new_page(DESKTOP if width == "desktop" else PHONE)
    open_page(page, path)
    counts = ([europe_count(store)] if name == "europe" else [district_count(store, "paris")] if name == "paris"
              else [district_count(store, m) for m in SIDE_MEMBERS])
    wait_for_areas(page, counts)
    for nth in range(len(counts)):
        wait_for_map_idle(page, nth)
    screenshot(page, f"map-{name}-{width}")
    expect_no_error_shown(page)
    assert_clean(page)


NEED_MEMBER = "/?view=districts&member=pau&layer=fr_iris&indicator=ifn_score"
CURRENT_ZOOM = """() => Object.keys(window).filter(k => k.startsWith("map_")).map(k => window[k])
    .find(v => window.L && v instanceof window.L.Map).getZoom()"""


def test_help_places_toggle_open_a_popup_and_need_and_help_downloads_its_table(page, store):
    """Pau's help places over its IRIS: a layer switched off and on again and a place's popup opened,
    neither rerunning the page; then the 'need and help' view, whose legend counts add up to the IRIS and
    whose highlighted districts download as a CSV citing the need's and the places' sources."""
    from atlas import help_map as hm

    page.clock.install()  # time flows as usual until the test moves it on
    open_page(page, NEED_MEMBER)
    wait_for_areas(page, [district_count(store, "pau")])
    frame = page.frame_locator(FRAME)
    expect(frame.locator(".atlas-points-control")).to_be_visible()
    page.wait_for_function(f"() => document.querySelector(\"{FRAME}\").contentDocument"
                           ".querySelector('[data-atlas-points]') !== null")
    count_runs(page)
    layers = hm.point_layers(store, "pau")
    library = layers[layers["kind"] == "library"].iloc[0]
    toggle = frame.locator(".atlas-points-control label", has_text=str(library["title"])).locator("input")
    shown = "f => f.contentDocument.querySelectorAll('.atlas-point-library, .marker-cluster').length"
    before = page.locator(FRAME).evaluate(shown)
    toggle.uncheck()
    assert page.locator(FRAME).evaluate(shown) < before
    toggle.check()
    assert page.locator(FRAME).evaluate(shown) == before
    for _attempt in range(6):  # zoom into clusters until single places show
        if frame.locator("path.atlas-point").count():
            break
        zoom = map_frame(page).evaluate(f"() => ({CURRENT_ZOOM})()")
        frame.locator(".marker-cluster").first.click()
        map_frame(page).wait_for_function(f"() => ({CURRENT_ZOOM})() !== {zoom} "
                                          "|| document.querySelector('.leaflet-cluster-spider-leg')")
        wait_for_map_idle(page)
    frame.locator("path.atlas-point").first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Source:")
    assert_the_map_sent_nothing(page)
    screenshot(page, "map-help-places-pau")

    page.get_by_label("Show", exact=True).click()
    page.get_by_role("option", name="Need and help").click()
    page.wait_for_selector(".atlas-need-legend")
    wait_for_areas(page, [district_count(store, "pau")])
    counts = [int(n) for n in page.locator(".atlas-need-legend tr.atlas-legend-class").evaluate_all(
        "rows => rows.map(r => r.dataset.count)")]
    assert sum(counts) == district_count(store, "pau")
    expect(page.get_by_text("not a measure of the quality", exact=False)).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert "# Source:" in text and "La MedNum" in text and "ANCT" in text
    table = [line for line in text.splitlines() if not line.startswith("#")]
    assert table[0].startswith("Code,District,Need (value)") and len(table) - 1 == counts[0]
    screenshot(page, "map-need-and-help-pau")
    expect_no_error_shown(page)
    assert_clean(page)
