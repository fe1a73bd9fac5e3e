"""Accessibility: axe-core on every page and inside the map's frame, the keyboard, text
alternatives for charts and maps, and the document's language and title.

axe-core comes from the npm registry at setup (tests/browser/axe.py); its full results per page
are written to tests/browser/logs/axe-<page>.json for a look, whether the test passes or not.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import blocking, describe, run_axe
from tests.browser.harness import LOGS, PAGES, open_page, slug, wait_for_app_run

ADDRESSES = pytest.mark.parametrize("path", PAGES, ids=slug)
COMPONENT_FRAME = re.compile(r"/component/")  # streamlit-folium's map is a component iframe


def component_frames(page):
    """The frames of custom components (the folium maps), once their documents have loaded."""
    page.wait_for_function("""() => [...document.querySelectorAll("iframe")].every(f =>
        f.contentDocument && f.contentDocument.readyState === "complete" && f.contentDocument.URL !== "about:blank")""")
    return [f for f in page.frames if COMPONENT_FRAME.search(f.url or "")]


def keep(name: str, results: dict) -> None:
    LOGS.mkdir(parents=True, exist_ok=True)
    (LOGS / f"axe-{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


# --- axe-core -----------------------------------------------------------------------------------

@ADDRESSES
def test_axe_finds_no_serious_or_critical_violation_on_the_page(page, path):
    """axe-core (WCAG 2.x A/AA and best practices) on the whole page: nothing serious or critical."""
    open_page(page, path)
    results = run_axe(page)
    keep(slug(path), results)
    assert not blocking(results), describe(blocking(results))


@pytest.mark.parametrize("path", ["/map", "/city"], ids=slug)
def test_axe_finds_no_serious_or_critical_violation_in_the_map_frame(page, path):
    """axe-core injected into each map's own frame: nothing serious or critical inside the map."""
    open_page(page, path)
    page.locator("iframe").first.wait_for()
    frames = component_frames(page)
    assert frames, "no map frame on the page"
    found = []
    for i, frame in enumerate(frames):
        frame.wait_for_selector(".leaflet-container")
        results = run_axe(frame)
        keep(f"{slug(path)}-frame{i}", results)
        found += blocking(results)
    assert not found, describe(found)


# --- keyboard ------------------------------------------------------------------------------------

FOCUSABLE = ("[data-testid='stMain'] input:not([type=hidden]), [data-testid='stMain'] button, "
             "[data-testid='stMain'] a[href], [data-testid='stMain'] [role='slider'], "
             "[data-testid='stSidebar'] input, [data-testid='stSidebar'] a[href]")


def tab_through(page, limit: int = 4000) -> tuple[set[str], int]:
    """Press Tab from the top of the document until the focus comes round to its first stop again;
    the ids of every control that took focus, and the number of presses one round took. A map
    makes each of its areas a stop (Leaflet opens the area's tooltip on focus), so a round can be long."""
    page.evaluate("""s => document.querySelectorAll(s).forEach((e, i) => e.setAttribute('data-kb', String(i)))""",
                  FOCUSABLE)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen: set[str] = set()
    first = None
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        got = page.evaluate("""() => { const a = document.activeElement;
            const e = a && (a.closest('[data-kb]') || a.querySelector('[data-kb]'));
            return [a === document.body ? null : (a.tagName + (a.id || '') + (a.getAttribute('data-kb') || '')
                                                    + (a.getAttribute('href') || '') + (a.getAttribute('aria-label') || '')),
                    e ? e.getAttribute('data-kb') : null]; }""")
        stop, control = got
        if control is not None:
            seen.add(control)
        if first is None:
            first = stop
        elif stop == first:
            return seen, presses - 1
    return seen, limit


def visible_controls(page) -> dict[str, str]:
    """The controls in the tab order (tabIndex >= 0) that are visible. Parts of a widget that take
    no Tab stop on purpose (a select's arrow, a chip's remove cross: tabindex=-1) are worked from
    the widget's own input with the arrow keys and Backspace."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-kb]')]
        .filter(e => e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true}) && !e.disabled
                     && !e.closest('details:not([open])') && !e.closest('[aria-hidden="true"]'))
        .map(e => [e.getAttribute('data-kb'), (e.getAttribute('aria-label') || e.innerText || e.outerHTML).slice(0, 80)]))""")


@pytest.mark.parametrize("path", ["/compare", "/trends", "/practices", "/city"], ids=slug)
def test_every_control_is_reachable_with_tab(page, path):
    """Tab from the top of the page reaches every visible control (inputs, buttons, links, sliders)."""
    open_page(page, path)
    reached, presses = tab_through(page)
    controls = visible_controls(page)
    missed = {k: v for k, v in controls.items() if k not in reached}
    print(f"{path}: {len(controls)} controls, one round of Tab is {presses} presses")
    assert controls and not missed, f"not reached with Tab ({presses} presses): {list(missed.values())}"


def test_indicator_can_be_chosen_with_the_keyboard(page):
    """On Compare, focus the Indicator select with Tab, open it with the arrow key, pick another
    indicator with the keyboard: the page redraws with it and the address says so."""
    open_page(page, "/compare?indicator=never_used_internet")
    select = page.get_by_role("combobox", name="Indicator").first
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(60):
        page.keyboard.press("Tab")
        if select.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("the Indicator select never took focus with Tab")
    before = select.input_value()
    page.keyboard.press("ArrowDown")
    page.get_by_role("listbox").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_for_app_run(page)
    expect(select).not_to_have_value(before)
    # retried like the line above: the address changes when the rerun ends, not when Enter is pressed
    expect(page).not_to_have_url(re.compile(r"indicator=never_used_internet"))


def test_year_slider_moves_with_the_arrow_keys(page):
    """The Year slider on Compare takes focus and moves a year with the left arrow key."""
    open_page(page, "/compare?indicator=never_used_internet")
    slider = page.get_by_role("slider").first
    slider.focus()
    before = slider.get_attribute("aria-valuenow")
    page.keyboard.press("ArrowLeft")
    wait_for_app_run(page)
    expect(page.get_by_role("slider").first).not_to_have_attribute("aria-valuenow", before)


# --- text alternatives ----------------------------------------------------------------------------

TABLE_EXPANDER = "The figures in this chart, as a table"


@pytest.mark.parametrize("path, charts", [("/trends", 1), ("/compare", 2)], ids=["trends", "compare"])
def test_every_chart_has_its_table_beside_it(page, path, charts):
    """Each chart is followed by an expander holding its figures as a table, drawn once it is opened
    (the click reruns the script: the table's code loads only for readers who ask for it)."""
    open_page(page, path)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stVegaLiteChart")).to_have_count(charts)
    expanders = main.get_by_test_id("stExpander").filter(has_text=TABLE_EXPANDER)
    expect(expanders).to_have_count(charts)
    expect(main.get_by_test_id("stDataFrame")).to_have_count(0)
    for i in range(charts):
        expanders.nth(i).locator("summary").click()
        expect(expanders.nth(i).get_by_test_id("stDataFrame")).to_be_visible()  # drawn by the rerun the click asks for
        wait_for_app_run(page)
    # each chart's table comes after it and before the next chart
    order = page.evaluate("""() => [...document.querySelectorAll(
        "[data-testid='stMain'] [data-testid='stVegaLiteChart'], [data-testid='stMain'] [data-testid='stExpander']")]
        .map(e => e.dataset.testid)""")
    assert order == ["stVegaLiteChart", "stExpander"] * charts, order


MAP_TABLE = "The figures on this map, as a sortable table"


def test_map_has_its_figures_as_a_table(page):
    """Below the Europe map: the indicator's definition and an expander that opens, with the
    keyboard, on a table of every region's figure."""
    open_page(page, "/map")
    main = page.get_by_test_id("stMain")
    main.locator("iframe").first.wait_for()
    order = page.evaluate("""() => [...document.querySelectorAll(
        "[data-testid='stMain'] iframe, [data-testid='stMain'] [data-testid='stExpander']")]
        .map(e => e.tagName === 'IFRAME' ? 'map' : e.innerText.trim())""")
    assert order[0] == "map" and order[1].endswith(")") and MAP_TABLE in order[1], order
    summary = main.get_by_test_id("stExpander").filter(has_text=MAP_TABLE).locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    wait_for_app_run(page)
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()


def test_every_city_map_has_a_sentence_and_the_profile_a_table(page):
    """On the City profile every small district map comes after a sentence giving the spread
    (highest and lowest district), and the profile's figures are a table, drawn once its expander is opened."""
    open_page(page, "/city?member=paris")
    main = page.get_by_test_id("stMain")
    profile_table = main.get_by_test_id("stExpander").filter(has_text="All figures, as a table")
    expect(profile_table.get_by_test_id("stDataFrame")).to_have_count(0)
    profile_table.locator("summary").click()
    expect(profile_table.get_by_test_id("stDataFrame")).to_be_visible()  # drawn by the rerun the click asks for
    wait_for_app_run(page)
    maps = main.locator("iframe")
    sentences = main.get_by_test_id("stMarkdown").filter(has_text=re.compile(r"the highest value is in .+ the lowest"))
    assert maps.count() >= 1, "Paris should have at least one district map"
    assert sentences.count() == maps.count(), (sentences.count(), maps.count())


# --- language and title ------------------------------------------------------------------------------

@ADDRESSES
def test_page_declares_its_language_and_title(page, path):
    """<html lang> is set and matches the interface language; the title names the page and the atlas."""
    open_page(page, path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == f"{PAGES[path]} · Digital Divide Atlas"


def test_language_follows_the_chosen_interface_language(page):
    """With ?lang=fr the document says fr, so a screen reader reads it in French."""
    open_page(page, "/about?lang=fr")
    assert page.evaluate("document.documentElement.lang") == "fr"
