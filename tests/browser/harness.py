"""What the browser tests share: the server, the page recorder and the waits.

- ``serve()``: `streamlit run dashboard.py` on a free 127.0.0.1 port, its output in
  ``tests/browser/logs/streamlit-<time>.log`` (listed in ``SERVER_LOGS``), ready when
  ``/_stcore/health`` says ``ok``.
- ``record(page, app_host)``: keep the page's console errors, failed requests, dialogs and the
  host of every request (``assert_clean`` fails on any of them, or on a host but the app's).
- ``open_page(page, path)``: go to ``path`` and wait until the script has run and no spinner is left.
- ``after_a_run(page, action)``: do ``action`` (a click that reruns the script), wait for that run.
- ``wait_for_map_idle(page)``: until the folium map in the page's frame has stopped moving.
- ``settle(page)``: until the fonts are in and the browser has drawn the layout.
No test waits a fixed time: each waits for the condition it needs.
- ``screenshot(page, name)``: a full-page PNG in ``tests/browser/screenshots/``.
"""
from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools import server

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
LOGS = HERE / "logs"
SCREENSHOTS = HERE / "screenshots"

CHROMIUM, CHROMIUM_ARGS = server.CHROMIUM, server.CHROMIUM_ARGS
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# address -> the page's title in the navigation (dashboard.py); / sends visitors on to /map.
PAGES = {"/map": "Map", "/trends": "Trends", "/compare": "Compare", "/city": "City profile",
         "/practices": "What cities do", "/about": "About the data"}


def slug(path: str) -> str:
    """A name for files and test ids."""
    return path.strip("/") or "root"

RUN_TIMEOUT = 60_000  # ms for anything the browser waits for

APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
APP_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Still drawing: a spinner, or a placeholder while a widget's code loads (React Suspense).
DRAWING = ("[data-testid='stSpinner'], [data-testid='stSkeleton'], [data-testid='stSkeletonElement'], "
           "[data-testid='stAppSkeleton']")


# --- the server -------------------------------------------------------------------------------

free_port, tail = server.free_port, server.tail


def ensure_store() -> None:
    """Build the store when it is missing; skip when there is no mirror to build it from."""
    from atlas import paths

    if (paths.store_dir() / "manifest.json").exists():
        return
    mirror = paths.default_mirror()
    if mirror is None or not mirror.is_dir():
        pytest.skip("the browser tests need a built store (data/store/manifest.json) and there is no "
                    "mirror of the public data to build one from (../shared/data or ATLAS_MIRROR)")
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / "build.log"
    with log.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "atlas", "build"], cwd=ROOT, stdout=out,
                              stderr=subprocess.STDOUT, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"`python -m atlas build` failed ({done.returncode}); log {log}:\n{tail(log)}",
                    pytrace=False)


SERVER_LOGS: list[Path] = []  # every server's log this session, oldest first: a failing test shows its own


@contextlib.contextmanager
def serve():
    """Run the app on a free loopback port; yield its URL; stop it. Its log goes to ``SERVER_LOGS``."""
    log = LOGS / f"streamlit-{time.time_ns()}.log"
    SERVER_LOGS.append(log)
    try:
        with server.serve(log) as url:
            yield url
    except server.ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


# --- what a page did ----------------------------------------------------------------------------

# Streamlit's own noise, not the app's: opened at /compare, the frontend first looks for its server
# at /compare/_stcore/health and /compare/_stcore/host-config (404), then at /_stcore/... (200).
# https://github.com/streamlit/streamlit/issues/7074 (open). Exactly these, and nothing else, pass.
UPSTREAM_404 = re.compile(r"^https?://[^/]+/[a-z_]+/_stcore/(health|host-config)$")


@dataclass
class Recorder:
    """Console errors, failed requests, dialogs and the host of every request of one page."""
    app_host: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    hosts: dict[str, list[str]] = field(default_factory=dict)  # host -> urls asked of it
    reported: bool = False  # a test has already failed on these problems

    def request(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            self.hosts.setdefault(parts.netloc, []).append(url)

    def console(self, msg) -> None:
        if msg.type != "error":
            return
        where = msg.location.get("url", "")
        if UPSTREAM_404.match(where) and "404" in msg.text:
            return
        self.console_errors.append(f"{msg.text} @ {where}")

    def response(self, resp) -> None:
        if resp.status >= 400 and not (resp.status == 404 and UPSTREAM_404.match(resp.url)):
            self.failed.append(f"{resp.request.method} {resp.url}: HTTP {resp.status}")

    def dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def foreign_hosts(self) -> dict[str, list[str]]:
        return {h: urls for h, urls in self.hosts.items() if h != self.app_host}

    def problems(self) -> list[str]:
        out = [f"console error: {e}" for e in self.console_errors]
        out += [f"failed request: {f}" for f in self.failed]
        out += [f"dialog opened: {d}" for d in self.dialogs]
        out += [f"request to a third party {h}: {urls[:3]}" for h, urls in self.foreign_hosts().items()]
        return out


def record(page, app_host: str) -> Recorder:
    rec = Recorder(app_host)
    page.on("console", rec.console)
    page.on("pageerror", lambda exc: rec.console_errors.append(f"uncaught: {exc}"))
    page.on("request", lambda req: rec.request(req.url))
    page.on("websocket", lambda ws: rec.request(ws.url))
    page.on("requestfailed", lambda req: None if cancelled_by_browser(req) else
            rec.failed.append(f"{req.method} {req.url}: {req.failure}"))
    page.on("response", rec.response)
    page.on("dialog", rec.dialog)
    page.atlas_recorder = rec
    return rec


def cancelled_by_browser(request) -> bool:
    """A request the browser itself dropped because the page moved on (a click on another page
    while the map's files were still coming): not a failure of the app. Errors the server
    returns (HTTP >= 400) are still recorded."""
    return "ERR_ABORTED" in (request.failure or "")


def assert_clean(page) -> None:
    """No console error, no failed request, no dialog and no request to a host but the app's own."""
    rec = page.atlas_recorder
    problems = rec.problems()
    rec.reported = bool(problems)
    assert not problems, "the page was not clean:\n  " + "\n  ".join(problems)


# --- waiting and looking ----------------------------------------------------------------------

def wait_for_app_run(page) -> None:
    """Until the script has finished (notRunning) and no spinner or placeholder is left."""
    page.wait_for_selector(APP_CONNECTED)
    page.wait_for_selector(APP_DONE)
    page.wait_for_function("s => document.querySelectorAll(s).length === 0", arg=DRAWING)


# A run has started since WATCH_RUNS was evaluated (the attribute may already be back to notRunning).
WATCH_RUNS = """() => { const app = document.querySelector("[data-testid='stApp']");
    window.__atlasRunStarted = false;
    new MutationObserver((records, observer) => {
        if (app.dataset.testScriptState === "running" || records.some(r => r.oldValue === "running")) {
            window.__atlasRunStarted = true;
            observer.disconnect();
        }
    }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"]}); }"""


def after_a_run(page, action) -> None:
    """Do `action` (a click that reruns the script), then wait until that run has started and finished:
    right after a click the app may still say notRunning, from the run before."""
    page.evaluate(WATCH_RUNS)
    action()
    page.wait_for_function("() => window.__atlasRunStarted")
    wait_for_app_run(page)


def open_page(page, path: str) -> None:
    """Open the app at ``path`` ("/compare?indicator=...") and wait until it is drawn."""
    page.goto(path if path.startswith("/") else "/" + path)
    wait_for_app_run(page)
    page.locator("[data-testid='stMain']").wait_for()


def expect_no_error_shown(page) -> None:
    """No traceback (stException) and no error box (st.error, which the router shows when a page fails)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def settle(page) -> None:
    """Until the fonts are loaded and the browser has drawn two frames: the layout after a resize."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise(done => "
                  "requestAnimationFrame(() => requestAnimationFrame(done))))")


MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"  # streamlit-folium's component frame
# The folium map of a frame (its global `map_<id>`) has settled: loaded, neither zooming nor panning,
# and no marker-cluster animation under way.
MAP_IDLE = """() => { const m = Object.keys(window).filter(k => k.startsWith("map_")).map(k => window[k])
        .find(v => window.L && v instanceof window.L.Map);
    return Boolean(m && m._loaded && !m._animatingZoom && !(m._panAnim && m._panAnim._inProgress)
                   && !m.getPane("mapPane").classList.contains("leaflet-cluster-anim")); }"""


def map_frame(page, nth: int = 0):
    """The document of the page's `nth` map frame."""
    return page.locator(MAP_FRAME).nth(nth).element_handle().content_frame()


def wait_for_map_idle(page, nth: int = 0) -> None:
    map_frame(page, nth).wait_for_function(MAP_IDLE)


def screenshot(page, name: str) -> Path:
    """The whole page. Streamlit scrolls inside its main area, not the document, so the viewport is
    made as tall as the content for the shot (the width stays) and put back after."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    viewport = page.viewport_size
    tall = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        "[data-testid='stMain'], [data-testid='stSidebarContent'], [data-testid='stAppScrollToBottomContainer']")]
        .map(e => e.scrollHeight + e.getBoundingClientRect().top), 0)""")
    page.set_viewport_size({"width": viewport["width"], "height": min(max(int(tall), viewport["height"]), 8000)})
    settle(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
    return path
