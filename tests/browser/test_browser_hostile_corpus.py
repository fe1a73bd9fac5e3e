"""The hostile corpus (tests/hostile_cases.yaml) in Chromium: the query cases marked `browser: true`
on the real store, and the synthetic city whose district is named with markup. Each hostile value
tries to set `window.__xss`; the marker must stay unset in the page and in every map frame, no
dialog may open, and the page draws with its heading and no error box or traceback; a value the page
ignores is named in a notice, its markup shown as characters. The only browser test of hostile links."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import assert_clean, expect_no_error_shown, open_page, serve
from tests.hostile_corpus import build_hostile_city_store, city_cases, link, query_cases

BROWSER_CASES = [c for c in query_cases() if c.get("browser")]
MARKER = "typeof window.__xss"


def markers(page) -> dict[str, str]:
    """window.__xss in the page and in each of its frames (the maps are component iframes)."""
    return {frame.url or "(page)": frame.evaluate(MARKER) for frame in page.frames}


# Every notice (toast) the page shows, as the reader sees its text, kept in window.__notices: a toast
# goes away after a few seconds, maybe before the page has finished drawing.
KEEP_NOTICES = """new MutationObserver(() => {
    window.__notices = window.__notices || [];
    for (const toast of document.querySelectorAll("[data-testid='stToast']")) {
        if (!window.__notices.includes(toast.innerText)) { window.__notices.push(toast.innerText); }
    }
}).observe(document, {subtree: true, childList: true, characterData: true});"""


def expect_a_notice_naming(page, case) -> None:
    """A notice of the ignored value names its parameter and shows any markup in it as characters."""
    param = case.get("checks") or next(iter(case["params"]))
    raw = str(case["params"][param])
    words = [f"\u201c{param}\u201d"] + ([raw[raw.index("<"):][:8]] if "<" in raw else [])
    page.wait_for_function("words => (window.__notices || []).some(n => words.every(w => n.includes(w)))",
                           arg=words)


def test_browser_subset_is_representative():
    """Every class of hostile link and every page is among the cases opened in the browser."""
    assert len(BROWSER_CASES) >= 15
    assert {c["class"] for c in BROWSER_CASES} >= {"unknown-id", "out-of-range", "very-long", "markup",
                                                   "javascript-url", "rtl", "zero-width", "combining"}
    assert {c["page"] for c in BROWSER_CASES} == {"map", "trends", "compare", "city", "practices", "about"}


@pytest.mark.parametrize("case", BROWSER_CASES, ids=[c["id"] for c in BROWSER_CASES])
def test_hostile_link_runs_nothing_and_draws_the_page(page, case):
    page.add_init_script(KEEP_NOTICES)
    open_page(page, link(case))
    expect(page.locator("[data-testid='stMain'] h1")).to_have_count(1)
    expect_no_error_shown(page)
    if case["expect"] == "default":
        expect_a_notice_naming(page, case)
    if case["page"] == "map":
        page.frame_locator("iframe").first.locator(".leaflet-container").wait_for()
    found = markers(page)
    assert set(found.values()) == {"undefined"}, found
    assert_clean(page)


# --- a district named with markup, from a synthetic city folder -------------------------------------

@pytest.fixture(params=city_cases(), ids=[c["id"] for c in city_cases()])
def hostile_city_app(request, synthetic_mirror, tmp_path_factory, monkeypatch):
    """The app on a SYNTHETIC store holding the example city with a district named as the case says."""
    folder = tmp_path_factory.mktemp("hostile-city")
    store, member_id = build_hostile_city_store(synthetic_mirror, folder, request.param["name"], monkeypatch)
    monkeypatch.setenv("ATLAS_STORE", str(store))
    with serve() as url:
        yield url, member_id, request.param


def test_district_named_with_markup_is_shown_as_text(hostile_city_app, new_page):
    """On the map the district's tooltip and the table show the name's characters; no <img> is made
    from it and the marker stays unset in the page and in the map's frame."""
    url, member_id, case = hostile_city_app
    page = new_page(base_url=url)
    open_page(page, f"/map?view=districts&member={member_id}&table=true")
    frame = page.frame_locator("iframe").first
    shapes = frame.locator("path.leaflet-interactive")
    expect(shapes).to_have_count(4)
    tooltip = frame.locator(".leaflet-tooltip")
    # Where each district is, first: a hovered district is brought to the front, which reorders the paths.
    boxes = [shapes.nth(i).bounding_box() for i in range(4)]
    seen = []
    for box in boxes:
        page.mouse.move(box["x"] + 10, box["y"] + 10, steps=4)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
        expect(tooltip).to_have_count(1)  # the hovered district's, the one before it closed
        seen.append(" | ".join(tooltip.all_inner_texts()))
        if case["name"] in seen[-1]:
            break
    else:
        pytest.fail(f"no district's tooltip shows {case['name']!r} as text: {seen}")
    expect(frame.locator("img[src='x']")).to_have_count(0)
    expect(page.locator("img[src='x']")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert set(markers(page).values()) == {"undefined"}
    assert_clean(page)
