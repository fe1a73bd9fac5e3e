"""Browser fixtures: the app on a free loopback port, Debian's chromium, and recorded pages.

- ``app_url`` (session): the app, the store built first if missing (skipped with the reason when
  there is no mirror to build it from). Stopped at the end of the session.
- ``fresh_app_url``: a server of its own, for what only happens on a server's first request.
- ``browser`` (session): Debian's chromium driven by Playwright.
- ``new_page(viewport, base_url)``: a page in a fresh browser context; at teardown every page it
  made must be clean (no console error, failed request, dialog or third-party host).
- ``page``: ``new_page(DESKTOP)``.
A failing test shows the tail of the server log. Every test here is marked ``browser``.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.harness import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, HERE, RUN_TIMEOUT, SERVER_LOGS,
                                   APP_CONNECTED, ensure_store, record, serve, tail,
                                   wait_for_app_run)

OWN_SERVER = {"fresh_app_url", "hostile_city_app"}  # fixtures that start a server of their own


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    names = set(getattr(item, "fixturenames", ()))
    if report.failed and SERVER_LOGS:
        shown = ([SERVER_LOGS[0]] if "app_url" in names else []) + ([SERVER_LOGS[-1]] if names & OWN_SERVER else [])
        for log in dict.fromkeys(shown):
            report.sections.append((f"streamlit log {log.name} (tail)", tail(log)))
    return report


@pytest.fixture(scope="session")
def app_url():
    """The app, served once for the session."""
    ensure_store()
    with serve() as url:
        yield url


@pytest.fixture
def fresh_app_url(app_url):
    """A newly started server that no browser has asked anything yet."""
    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, app_url):
    """Make pages, each in a fresh browser context; all must be clean at teardown."""
    made = []

    def make(viewport: dict = DESKTOP, base_url: str = app_url):
        context = browser.new_context(viewport=viewport, base_url=base_url)
        context.set_default_timeout(RUN_TIMEOUT)
        pg = context.new_page()
        record(pg, urlsplit(base_url).netloc)
        made.append((context, pg))
        return pg

    yield make
    problems = []
    for context, pg in made:
        if not pg.is_closed() and pg.locator(APP_CONNECTED).count():
            wait_for_app_run(pg)  # late console messages come from the page's last run: until it is over
        if not pg.atlas_recorder.reported:
            problems += pg.atlas_recorder.problems()
        context.close()
    if problems:
        pytest.fail("the page was not clean:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page(DESKTOP)
