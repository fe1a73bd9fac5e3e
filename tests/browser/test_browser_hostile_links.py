"""Hand-edited links: an unknown member with markup in it."""
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.harness import assert_clean, expect_no_error_shown, open_page

PAYLOADS = {
    "script": "<script>window.__xss=1;alert(1)</script>",
    "img": '<img src=x onerror="window.__xss=1">',
    "svg": "<svg onload=window.__xss=1>",
}


@pytest.mark.parametrize("kind", PAYLOADS)
def test_unknown_member_with_markup_shows_no_traceback_or_error(page, kind):
    """/city?member=<markup> draws the page (the default member) with no traceback or error box."""
    open_page(page, "/city?member=" + quote(PAYLOADS[kind]))
    expect(page.locator("[data-testid='stMain'] h1")).to_have_count(1)
    expect_no_error_shown(page)


@pytest.mark.parametrize("kind", PAYLOADS)
def test_markup_in_a_link_does_not_run(page, kind):
    """A script handed in /city?member=... never runs: window.__xss stays unset, no dialog opens."""
    open_page(page, "/city?member=" + quote(PAYLOADS[kind]))
    page.wait_for_timeout(500)  # the notice toast, and anything it might run
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert_clean(page)


def test_unknown_member_is_named_in_a_notice(page):
    """The link's unknown member is reported in a notice, shown as text."""
    open_page(page, "/city?member=" + quote(PAYLOADS["script"]))
    expect(page.get_by_test_id("stToast")).to_contain_text("<script>")
