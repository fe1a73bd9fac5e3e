"""Two app processes behind nginx (deploy/, docs/deploy.md): sessions spread over both processes,
each browser stays on its own, and the load script runs through it.

nginx runs from a temporary folder (config, pid and logs there) on a free 127.0.0.1 port; the
balancing key is the `atlas_backend` cookie, so a test can choose which process a browser reaches.
Skipped, installing nothing, when nginx is missing (`make test` installs it).
"""
import json
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from deploy.local import COOKIE, local_deployment, nginx_binary
from tests.browser.harness import (DESKTOP, ROOT, RUN_TIMEOUT, assert_clean, ensure_store,
                                   expect_no_error_shown, open_page, record, tail)

STEPS = (("Compare", "Compare members"), ("City profile", "Paris"), ("Map", "Map"))  # link, heading
MAP_AREAS = "iframe[title='streamlit_folium.st_folium']"


@pytest.fixture(scope="module")
def deployment():
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx; `make test` does it); "
                    "this test installs nothing")
    ensure_store()
    with local_deployment(backends=2) as d:
        yield d


def keys_for_each_process(d) -> dict[str, str]:
    """A cookie value that reaches each app process: process URL -> key."""
    found: dict[str, str] = {}
    for i in range(64):
        found.setdefault(d.backend_for(f"test-{i}"), f"test-{i}")
        if len(found) == len(d.backends):
            return found
    pytest.fail(f"64 keys reached only {sorted(found)} of {d.backends}:\n{tail(d.access_log)}")


def browse(browser, url: str, key: str | None = None):
    """A fresh browser (with the balancing cookie ``key`` if given) that opens the Map, then moves
    through Compare, City profile and back to Map by the sidebar; closed after, so nginx logs its
    websocket. Returns the key nginx saw."""
    context = browser.new_context(viewport=DESKTOP, base_url=url)
    context.set_default_timeout(RUN_TIMEOUT)
    if key:
        context.add_cookies([{"name": COOKIE, "value": key, "url": url}])
    page = context.new_page()
    record(page, url.removeprefix("http://"))
    try:
        open_page(page, "/map")
        expect(page.frame_locator(MAP_AREAS).locator("path.atlas-area").first).to_be_attached(timeout=RUN_TIMEOUT)
        for link, heading in STEPS:
            page.get_by_test_id("stSidebarNavLink").filter(has_text=link).first.click()
            expect(page.locator("[data-testid='stMain'] h1")).to_have_text(heading, timeout=RUN_TIMEOUT)
            expect(page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")).to_be_attached(
                timeout=RUN_TIMEOUT)
        expect(page.frame_locator(MAP_AREAS).locator("path.atlas-area").first).to_be_attached(timeout=RUN_TIMEOUT)
        expect_no_error_shown(page)
        assert_clean(page)
        return {c["name"]: c["value"] for c in context.cookies()}[COOKIE]
    finally:
        context.close()


def requests_by_key(d, keys, wait: float = 10.0) -> dict[str, list[dict]]:
    """nginx's log lines of each key, once each key's websocket has been logged (at its close)."""
    deadline = time.monotonic() + wait
    while True:
        served = d.served()
        out = {k: [r for r in served if r["key"] == k] for k in keys}
        if all(any(r["request"].startswith("GET /_stcore/stream") for r in rs) for rs in out.values()):
            return out
        if time.monotonic() > deadline:
            pytest.fail(f"nginx logged no websocket for some of {keys}:\n{tail(d.access_log)}")
        time.sleep(0.2)


def test_sessions_spread_over_both_processes_and_each_stays_on_its_own(deployment, browser):
    """Two browsers whose keys hash to different processes each work through Map, Compare, City
    profile and Map again; every request of each, websocket included, reached its own process,
    and each kept a single websocket (one session) throughout."""
    keys = keys_for_each_process(deployment)
    for key in keys.values():
        browse(browser, deployment.url, key)
    logged = requests_by_key(deployment, list(keys.values()))
    for backend, key in keys.items():
        reached = {"http://" + r["upstream"] for r in logged[key] if r["upstream"] != "-"}  # "-": nginx served it
        assert reached == {backend}, f"{key}: {reached}"
        streams = [r for r in logged[key] if r["request"].startswith("GET /_stcore/stream")]
        assert len(streams) == 1, f"{key}: {len(streams)} websockets, not one session: {streams}"
    assert set(keys) == set(deployment.backends)


def test_a_new_browser_is_given_a_key_and_stays_on_one_process(deployment, browser):
    """A browser with no cookie gets `atlas_backend` from nginx on its first response, and all it
    asks afterwards, websocket included, reaches the process its first request did."""
    key = browse(browser, deployment.url)
    logged = requests_by_key(deployment, [key])[key]
    assert len({r["upstream"] for r in logged if r["upstream"] != "-"}) == 1, logged
    assert sum(r["request"].startswith("GET /_stcore/stream") for r in logged) == 1


def test_static_files_come_from_nginx_compressed_and_the_app_serves_only_the_session(deployment, browser):
    """A fresh browser's view of the Map: Streamlit's bundle, the map component's files, Leaflet and
    the outlines are answered by nginx itself (no upstream in its log), compressed, hashed names
    cached for a year; only /_stcore/ (websocket, health, host config) and /media/ (the page's
    icon) reach an app process."""
    key = browse(browser, deployment.url)
    logged = requests_by_key(deployment, [key])[key]
    by_nginx = [r["request"].split()[1] for r in logged if r["upstream"] == "-"]
    by_app = [r["request"].split()[1] for r in logged if r["upstream"] != "-"]
    assert any(p.startswith("/static/js/") for p in by_nginx) and any(p.startswith("/app/static/geo/") for p in by_nginx)
    assert any(p.startswith("/component/streamlit_folium.st_folium/") for p in by_nginx), by_nginx
    assert by_app and all("/_stcore/" in p or p.startswith("/media/") for p in by_app), by_app  # /map/_stcore/health:
    # the frontend's probe for its base path, answered 404 by the app
    bundle = next(p for p in by_nginx if p.startswith("/static/js/") and p.endswith(".js"))
    headers = {"Accept-Encoding": "gzip"}
    with urllib.request.urlopen(urllib.request.Request(deployment.url + bundle, headers=headers), timeout=10) as resp:
        assert resp.headers["Content-Encoding"] == "gzip"
        assert "immutable" in resp.headers["Cache-Control"] and "max-age=31536000" in resp.headers["Cache-Control"]
    with urllib.request.urlopen(urllib.request.Request(deployment.url + "/map", headers=headers), timeout=10) as resp:
        assert resp.headers["Cache-Control"] == "no-cache" and "atlas_backend=" in resp.headers["Set-Cookie"]


def test_nginx_answers_health_checks(deployment):
    """/_stcore/health through nginx says ok, as each process does on its own port."""
    from deploy.local import health

    assert health(deployment.url) and all(health(b) for b in deployment.backends)


def test_load_script_runs_through_nginx(deployment, tmp_path):
    """A tiny run of the load script's command (2 sessions, a few seconds) through nginx: views
    drawn, no error, and the memory of both app processes measured."""
    pids = [str(pid) for pid in deployment.backend_pids().values()]
    out = tmp_path / "load.json"
    cmd = [sys.executable, "-m", "deploy.load", "--url", deployment.url, "--pid", pids[0], "--pid", pids[1],
           "--sessions", "2", "--seconds", "4", "--browsers", "1", "--ramp", "0", "--json", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert report["errors"] == 0 and report["page_problems"] == 0, report
    assert report["time_to_drawn_s"]["map"]["n"] >= 2, report
    assert len(report["memory_mb"]) == 2 and all(m["peak"] > 0 for m in report["memory_mb"].values()), report


def test_protocol_load_runs_through_nginx(deployment, tmp_path):
    """A tiny run of the protocol-level load (readers speaking Streamlit's websocket protocol, no
    browser) through nginx: every journey's page view and interactions finish, with no error, and
    the report gives server CPU per view and per interaction and memory per idle session."""
    pids = [str(pid) for pid in deployment.backend_pids().values()]
    out = tmp_path / "protocol.json"
    cmd = [sys.executable, "-m", "deploy.load", "--protocol", "--url", deployment.url, "--pid", pids[0], "--pid", pids[1],
           "--rate", "1", "--seconds", "4", "--think", "0.2", "--idle", "3", "--json", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    (rate,) = report["rates"]
    # each reader: a page view and two changes, or a change left out where its control may be absent
    assert rate["readers"] == 4 and rate["steps"] + rate["steps_absent"] == 12 and rate["errors"] == 0, rate
    assert report["cpu_s_per_view"] > 0 and report["cpu_s_per_interaction"] > 0, report
    assert report["idle_sessions"] == 3 and "mb_per_idle_session" in report, report
