"""Every page, opened by its address in a fresh browser: clean, titled, and narrow enough for a phone."""
import pytest
from playwright.sync_api import expect

from tests.browser.harness import PAGES, PHONE, VIEWPORTS, assert_clean, expect_no_error_shown, open_page, screenshot, slug

ADDRESSES = pytest.mark.parametrize("path", PAGES, ids=slug)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@ADDRESSES
def test_page_opens_with_no_console_error_failed_request_or_third_party_request(new_page, path, viewport):
    """Opened by its address, the page draws with no error box, no console error, no failed request and no
    request to any host but the app's own; a screenshot is kept for a look."""
    page = new_page(VIEWPORTS[viewport])
    open_page(page, path)
    screenshot(page, f"{slug(path)}-{viewport}")
    expect_no_error_shown(page)
    assert_clean(page)


@ADDRESSES
def test_page_has_one_heading_and_a_document_title(page, path):
    """The page shows one main heading, and the browser tab has a title."""
    open_page(page, path)
    expect(page.locator("[data-testid='stMain'] h1")).to_have_count(1)
    assert page.title().strip(), "the document has no title"


@ADDRESSES
def test_page_does_not_overflow_horizontally_on_a_phone(new_page, path):
    """At 390 px wide neither the document nor the main area scrolls sideways."""
    page = new_page(PHONE)
    open_page(page, path)
    widths = page.evaluate("""() => {
        const main = document.querySelector("[data-testid='stMain']");
        return {doc: document.documentElement.scrollWidth, main: main.scrollWidth, mainClient: main.clientWidth};
    }""")
    assert widths["doc"] <= PHONE["width"] + 1, widths
    assert widths["main"] <= widths["mainClient"] + 1, widths


def test_document_declares_its_language(page):
    """The document says which language it is in (screen readers pick their voice by it)."""
    open_page(page, "/about")
    assert page.evaluate("document.documentElement.lang") == "en"
