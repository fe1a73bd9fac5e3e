"""Hand-edited and hostile links: unknown ids, markup, odd values. The page draws with a safe
default, shows no traceback or error box, and runs nothing it was handed."""
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.harness import assert_clean, expect_no_error_shown, open_page

MARKUP = {
    "script": "<script>window.__xss=1;alert(1)</script>",
    "img": '<img src=x onerror="window.__xss=1">',
    "svg": "<svg onload=window.__xss=1>",
}

# (id, address): links a visitor might be handed. Values are quoted as a browser would send them.
ODD_LINKS = [
    ("unknown-indicator", "/compare?indicator=no_such_indicator"),
    ("year-out-of-range", "/compare?indicator=regular_internet_use&year=1850"),
    ("year-not-a-number", "/compare?year=twenty"),
    ("very-long-member", "/city?member=" + "a" * 5000),
    ("javascript-url", "/city?member=" + quote("javascript:window.__xss=1")),
    ("markup-in-members", "/trends?members=" + quote("paris,<img src=x onerror=window.__xss=1>")),
    ("rtl-and-zero-width", "/city?member=" + quote("par\u200fis\u200d")),
    ("combining-marks", "/city?member=" + quote("pa\u0301\u0301\u0301ris")),
    ("markup-in-language", "/?lang=" + quote('"><script>window.__xss=1</script>')),
]


def xss_marker(page):
    page.wait_for_timeout(300)  # the notice toast, and anything it might run
    return page.evaluate("typeof window.__xss")


@pytest.mark.parametrize("kind", MARKUP)
def test_unknown_member_with_markup_shows_no_traceback_or_error(page, kind):
    """/city?member=<markup> draws the page (the default member) with no traceback or error box."""
    open_page(page, "/city?member=" + quote(MARKUP[kind]))
    expect(page.locator("[data-testid='stMain'] h1")).to_have_count(1)
    expect_no_error_shown(page)


@pytest.mark.parametrize("kind", MARKUP)
def test_markup_in_a_link_does_not_run(page, kind):
    """A script handed in /city?member=... never runs: window.__xss stays unset, no dialog opens."""
    open_page(page, "/city?member=" + quote(MARKUP[kind]))
    assert xss_marker(page) == "undefined"
    assert_clean(page)


def test_unknown_member_is_named_in_a_notice_as_text(page):
    """The link's unknown member is reported in a notice, its markup shown as text."""
    open_page(page, "/city?member=" + quote(MARKUP["script"]))
    expect(page.get_by_test_id("stToast")).to_contain_text("<script>")


@pytest.mark.parametrize("path", [p for _, p in ODD_LINKS], ids=[i for i, _ in ODD_LINKS])
def test_odd_link_draws_a_safe_default(page, path):
    """An odd or hostile link draws the page, with no traceback, no error box, and no script run."""
    open_page(page, path)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_count(1)
    expect_no_error_shown(page)
    assert xss_marker(page) == "undefined"
