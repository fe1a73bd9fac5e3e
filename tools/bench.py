"""`python -m atlas bench`: the Map page against a plain streamlit-folium rendering, in one run.

Starts two servers on free loopback ports: the app (dashboard.py) and a plain comparison app
(tools/plain_map_app.py, copied to a temporary folder: the same layers from the same store as full GeoJSON through
`folium.GeoJson` with a Python style function and tooltips, default `st_folium`, folium's CDN
links replaced by the app's local Leaflet so it runs offline). Then, in headless Debian
Chromium, each in a fresh browser context (a cold cache), interleaved over `runs` rounds:

The plain app reads the full outlines of the source files (NUTS 1:20M, the GM LSOA file), as a
plain app would; the Atlas serves the store's outlines, simplified at build time.

Rounds rotate the order of the pages, so none always follows the heaviest, and each page is
left only once its script has been idle for 1.5 s (a plain `st_folium` reruns the page after it
draws; that run would otherwise slow the next page on the same server). The Atlas's views are
opened at the address the app shows and shares (`/map?view=...`).

- drawn_s: from navigation until every polygon (and member dot) of the view is an SVG path in
  the map's frame; the median over the rounds.
- map_bytes: bytes that reached the browser for the map: the websocket messages carrying the
  map's component (as sent: deflated when the server negotiated permessage-deflate) and the
  HTTP responses for the component, Leaflet and the outlines (as transferred).
- reruns_pan_zoom: script runs after one drag and one zoom-in on the drawn map (each time the
  app's `data-test-script-state` turns to running).
- floor: the same timing for a page holding one empty `st_folium` map (the plain app's).
- x_floor: drawn_s as a multiple of that floor, measured in the same run (what holds across
  machines: a slower machine slows the floor too).
- controls_floor, x_controls: the same for the plain app's empty map among the kinds of elements
  the Map page carries (sidebar navigation, a search box, selects, a year slider, a legend,
  captions, downloads), and each Atlas view as a multiple of it: what the map itself adds to a
  Streamlit page with those controls, apart from what the controls cost.
- third_party_requests: requests to any host but the app's own, over the whole run.

The views: Europe (never_used_internet, latest year, NUTS 2 where published, with the member
dots) and Greater Manchester's 1,673 LSOAs (deri_score), with its help places and without them
(`places=off`): places_cost is the first's drawn_s over the second's.

The figures are printed and kept in the git-ignored `bench/` folder (map.json, map.md); no run
changes a tracked file. `--serve` measures the server's CPU per page view instead (tools.serve_bench).
"""
from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from atlas.paths import ROOT
from atlas.static_files import VENDOR_DIR
from tools.server import CHROMIUM, CHROMIUM_ARGS, serve

VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 120_000
EUROPE_INDICATOR, GM_INDICATOR = "never_used_internet", "deri_score"
FRAME = "iframe[title='streamlit_folium.st_folium']"
MAP_REQUEST = re.compile(r"/component/|/app/static/(vendor|geo)/")
MAP_MESSAGE = b"streamlit_folium"
YARDSTICKS = ("floor", "controls")  # the plain app's empty map: alone, and among the Map page's kinds of controls
RESULTS = ROOT / "bench"  # git-ignored: the last run's figures

PLAIN_APP = Path(__file__).with_name("plain_map_app.py")  # copied beside its config and Leaflet

# Counts script runs: each time the app's script state turns to "running".
COUNT_RUNS_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    window.__atlasRuns = 0;
    new MutationObserver(() => {
        if (app.getAttribute("data-test-script-state") === "running") { window.__atlasRuns += 1; }
    }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""

SCRIPT_IDLE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return !!app && app.getAttribute("data-test-script-state") === "notRunning";
}"""

DRAWN_JS = """([frame, n]) => {
    const f = document.querySelector(frame);
    const doc = f && f.contentDocument;
    if (!doc) { return false; }
    if (n === 0) { return !!doc.querySelector(".leaflet-control-zoom-in"); }
    return doc.querySelectorAll("path.leaflet-interactive").length >= n;
}"""


def _write_plain_app(folder: Path, store_dir: Path) -> Path:
    """The plain app in a scratch folder, with Leaflet in its `static/` and its config beside it."""
    from atlas import paths

    (folder / "static" / "vendor").mkdir(parents=True)
    shutil.copytree(VENDOR_DIR / "leaflet", folder / "static" / "vendor" / "leaflet")
    mirror = paths.default_mirror()
    if mirror is None or not mirror.is_dir():
        raise RuntimeError("the benchmark's plain app reads the full source outlines: no mirror (../shared/data or ATLAS_MIRROR)")
    (folder / "plain_map.json").write_text(json.dumps({
        "root": str(ROOT), "store": str(store_dir), "europe": EUROPE_INDICATOR, "gm": GM_INDICATOR,
        "nuts2024": str(mirror / "geo/nuts/nuts2024_20m_4326_all_levels.geojson"),
        "nuts2021": [str(mirror / f"geo/nuts/nuts2021_20m_4326_lvl{level}.geojson") for level in (0, 1, 2)],
        "gm_file": str(mirror / "district/uk_gm_lsoa11_generalised.geojson")}), encoding="utf-8")
    return Path(shutil.copy(PLAIN_APP, folder / "plain_map.py"))


# --- one page load -------------------------------------------------------------------------------

class Load:
    """One navigation in a fresh context: the time to drawn, the map's bytes, the hosts asked."""

    def __init__(self, browser, url: str, expected: int, foreign: list[str]):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.host = urlsplit(url).netloc
        self.foreign = foreign
        self.page.on("request", self._request)
        self.page.on("websocket", lambda ws: self._request(ws))
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.urls, self.transferred, self.ws_bytes, self.deflate = {}, {}, 0, False
        self.cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        self.cdp.on("Network.loadingFinished", lambda e: self.transferred.__setitem__(e["requestId"], e["encodedDataLength"]))
        self.cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)
        start = time.perf_counter()
        self.page.goto(url, wait_until="commit")
        self.page.wait_for_function(DRAWN_JS, arg=[FRAME, expected], polling="raf", timeout=TIMEOUT_MS)
        self.drawn_s = time.perf_counter() - start

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)

    def _handshake(self, event) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        self.deflate = "permessage-deflate" in headers.get("sec-websocket-extensions", "")

    def _frame(self, event) -> None:
        payload = event["response"]["payloadData"]
        data = base64.b64decode(payload) if event["response"]["opcode"] == 2 else payload.encode()
        if MAP_MESSAGE in data:
            if self.deflate:  # what permessage-deflate puts on the wire (no context takeover: an upper bound)
                packer = zlib.compressobj(wbits=-15)
                self.ws_bytes += len(packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)) - 4
            else:
                self.ws_bytes += len(data)

    def map_bytes(self) -> int:
        self.page.wait_for_timeout(300)  # the last loadingFinished events
        http = sum(size for rid, size in self.transferred.items() if MAP_REQUEST.search(self.urls.get(rid, "")))
        return int(http + self.ws_bytes)

    def reruns_after_pan_and_zoom(self) -> int:
        page = self.page
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT_MS)
        page.wait_for_timeout(1000)
        page.evaluate(COUNT_RUNS_JS)
        box = page.locator(FRAME).first.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 120, y + 60, steps=8)
        page.mouse.up()
        page.wait_for_timeout(1500)
        page.frame_locator(FRAME).first.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(2500)
        return int(page.evaluate("() => window.__atlasRuns"))

    def settle(self, quiet_s: float = 1.5) -> None:
        """Wait until the page's script has stayed idle for `quiet_s` (at most a minute): a plain
        `st_folium` reruns the page once after it draws, and that run must not spill into the
        next measurement on the same server."""
        deadline, idle_since = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            idle = self.page.evaluate(SCRIPT_IDLE_JS)
            now = time.monotonic()
            idle_since = (idle_since or now) if idle else None
            if idle_since is not None and now - idle_since >= quiet_s:
                return
            self.page.wait_for_timeout(100)

    def close(self) -> None:
        self.settle()
        self.context.close()


# --- the run -------------------------------------------------------------------------------------

def expected_counts(store_dir: Path) -> dict[str, int]:
    """Polygons (and member dots on the Europe view) each view draws, from the store."""
    from atlas.map_data import district_layer, europe_layer, in_europe_frame
    from atlas.store import Store

    store = Store.open(store_dir)
    year = max(store.years(EUROPE_INDICATOR))
    members = int(store.members["lat"].notna().sum())
    return {"nuts2": len(in_europe_frame(europe_layer(store, EUROPE_INDICATOR, year))) + members,
            "gm": len(district_layer(store, "manchester", "gm_lsoa", GM_INDICATOR)), "floor": 0, "controls": 0}


@contextlib.contextmanager
def served(log: Path, backends: int, app: tuple[Path, Path, list[str]] | None = None):
    """An app's URL and its processes' own: the process itself, or with `backends` > 1 that many
    behind nginx, which serves the static files (the deployment of docs/deploy.md)."""
    if backends == 1:
        with serve(log, *(app or ())) as url:
            yield url, [url]
        return
    from deploy.local import local_deployment

    with local_deployment(backends, folder=log.parent / f"{log.stem}-nginx", app=app) as d:
        yield d.url, d.backends


def measure(runs: int, log=print, backends: int = 1) -> dict:
    from playwright.sync_api import sync_playwright

    from atlas import paths

    load_average = round(os.getloadavg()[0], 1)
    store_dir = paths.store_dir().resolve()
    counts = expected_counts(store_dir)
    foreign: list[str] = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as scratch, sync_playwright() as pw:
        scratch = Path(scratch)
        scratch.chmod(0o755)  # nginx's workers (not root) read the plain app's static/ in here
        plain_script = _write_plain_app(scratch / "plain", store_dir)
        plain_app = (plain_script, scratch / "plain", ["--server.enableStaticServing", "true"])
        with served(scratch / "atlas.log", backends) as (atlas_url, atlas_processes), \
                served(scratch / "plain.log", backends, plain_app) as (plain_url, plain_processes):
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            pages = {
                ("nuts2", "atlas"): f"{atlas_url}/map?view=europe&indicator={EUROPE_INDICATOR}",
                ("nuts2", "plain"): f"{plain_url}/?view=nuts2",
                ("gm", "atlas"): f"{atlas_url}/map?view=districts&member=manchester&layer=gm_lsoa&indicator={GM_INDICATOR}",
                ("gm", "plain"): f"{plain_url}/?view=gm",
                # The same map without its help places: what the places cost to draw.
                ("gm", "no_places"): f"{atlas_url}/map?view=districts&member=manchester&layer=gm_lsoa"
                                     f"&indicator={GM_INDICATOR}&places=off",
                ("floor", "plain"): f"{plain_url}/?view=floor",
                ("controls", "plain"): f"{plain_url}/?view=controls",
            }
            times = {key: [] for key in pages}
            results: dict = {}
            try:
                # Warm every process's caches, each asked directly (nginx would pick one at random); not counted.
                for key, url in pages.items():
                    own, processes = (atlas_url, atlas_processes) if key[1] != "plain" else (plain_url, plain_processes)
                    for process in processes:
                        Load(browser, url.replace(own, process, 1), counts[key[0]], foreign).close()
                order = list(pages.items())
                for round_ in range(runs):
                    # Each round starts one page later, so no page always follows the heaviest one.
                    for key, url in order[round_ % len(order):] + order[: round_ % len(order)]:
                        load = Load(browser, url, counts[key[0]], foreign)
                        times[key].append(load.drawn_s)
                        if round_ == 0 and key[0] not in YARDSTICKS:
                            results[key] = {"map_bytes": load.map_bytes(), "reruns_pan_zoom": load.reruns_after_pan_and_zoom()}
                        load.close()
                    log(f"round {round_ + 1}/{runs}: " + ", ".join(f"{v}/{a} {times[(v, a)][-1]:.2f}s" for v, a in pages))
            finally:
                browser.close()
    floor, controls = (statistics.median(times[(yardstick, "plain")]) for yardstick in YARDSTICKS)
    out: dict = {"date": date.today().isoformat(), "load_average": load_average, "backends": backends}
    for view in ("nuts2", "gm"):
        entry = {}
        for app in ("atlas", "plain"):
            drawn = statistics.median(times[(view, app)])
            entry[app] = {"drawn_s": round(drawn, 3), "x_floor": round(drawn / floor, 2), **results[(view, app)]}
        entry["atlas"]["x_controls"] = round(entry["atlas"]["drawn_s"] / controls, 2)
        entry["speedup"] = round(entry["plain"]["drawn_s"] / entry["atlas"]["drawn_s"], 2)
        out[view] = entry
    bare = statistics.median(times[("gm", "no_places")])
    out["gm"]["no_places"] = {"drawn_s": round(bare, 3), "x_floor": round(bare / floor, 2), **results[("gm", "no_places")]}
    out["gm"]["places_cost"] = round(out["gm"]["atlas"]["drawn_s"] / bare, 2)
    out["floor"] = round(floor, 3)
    out["controls_floor"] = round(controls, 3)
    out["third_party_requests"] = len(foreign)
    return out


def targets(result: dict) -> list[tuple[str, bool]]:
    gm, nuts2 = result["gm"], result["nuts2"]
    return [
        ("Greater Manchester drawn within 1.25x the empty-map floor", gm["atlas"]["x_floor"] <= 1.25),
        ("Europe NUTS 2 drawn within 1.25x the empty-map floor", nuts2["atlas"]["x_floor"] <= 1.25),
        ("Greater Manchester map bytes at most 400 KB", gm["atlas"]["map_bytes"] <= 400_000),
        ("Greater Manchester with its help places at most 10% slower than without", gm["places_cost"] <= 1.10),
        ("0 reruns on pan and zoom", nuts2["atlas"]["reruns_pan_zoom"] == 0 and gm["atlas"]["reruns_pan_zoom"] == 0),
        ("0 third-party requests", result["third_party_requests"] == 0),
    ]


def performance_section(result: dict, runs: int) -> str:
    """The figures as a Markdown table, for the README's Performance section (copied by hand)."""
    def kb(n: int) -> str:
        return f"{n / 1000:,.0f} KB"

    floor = result["floor"]
    rows = ["| view | Atlas drawn | × floor | plain drawn | × floor | speed-up | Atlas map bytes | plain map bytes "
            "| reruns on pan + zoom (Atlas / plain) |", "|---|---|---|---|---|---|---|---|---|"]
    for view, label in (("nuts2", "Europe, NUTS 2 + members"), ("gm", "Greater Manchester, 1,673 LSOAs")):
        e, a, p = result[view], result[view]["atlas"], result[view]["plain"]
        rows.append(f"| {label} | {a['drawn_s']:.2f} s | {a['x_floor']:.2f}× | {p['drawn_s']:.2f} s | {p['x_floor']:.2f}× "
                    f"| {e['speedup']:.1f}× | {kb(a['map_bytes'])} | {kb(p['map_bytes'])} "
                    f"| {a['reruns_pan_zoom']} / {p['reruns_pan_zoom']} |")
    bare = result["gm"]["no_places"]
    rows.append(f"| Greater Manchester without its help places | {bare['drawn_s']:.2f} s | {bare['x_floor']:.2f}× "
                f"| | | | {kb(bare['map_bytes'])} | | {bare['reruns_pan_zoom']} |")
    met = f"Greater Manchester with its help places / without: {result['gm']['places_cost']:.2f}×.\n" + "\n".join(f"- {'met' if ok else 'NOT met'}: {name}" for name, ok in targets(result))
    backends = result.get("backends", 1)
    flags, how = (f" --backends {backends}", f"each app as {backends} processes behind nginx, which serves the static files"
                  ) if backends > 1 else ("", "each app a process of its own, direct")
    return (f"`python -m atlas bench --runs {runs}{flags}` on {result.get('date', date.today().isoformat())} ({how}), "
            f"load average {result.get('load_average', '?')} before the run; medians of {runs} cold loads.\n\n"
            + "\n".join(rows)
            + f"\n\nFloor (one empty `st_folium` map, served the same way, same run): {floor:.2f} s. Requests to hosts other than the "
            f"app's own: {result['third_party_requests']}.\n\n" + controls_line(result) + met + "\n")


def controls_line(result: dict) -> str:
    """What the controls cost apart from the map (runs before this yardstick have none)."""
    if "controls_floor" not in result:
        return ""
    controls = result["controls_floor"]
    return (f"The same empty map among the Map page's kinds of controls (the plain app's `?view=controls`): {controls:.2f} s, "
            f"{controls / result['floor']:.2f}× the floor; the Atlas's Europe map is {result['nuts2']['atlas']['x_controls']:.2f}× "
            f"that page, Greater Manchester's {result['gm']['atlas']['x_controls']:.2f}×.\n\n")


def write_report(name: str, result: dict, section: str, folder: Path = RESULTS) -> Path:
    """Keep a run's figures under the git-ignored `bench/` folder (`<name>.json` and `<name>.md`);
    the README states the figures by hand, so a run never changes a tracked file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (folder / f"{name}.md").write_text(section, encoding="utf-8")
    return folder / f"{name}.md"


def run_bench(as_json: bool, runs: int, backends: int = 1) -> int:
    runs = max(1, runs)
    log = (lambda *a: print(*a, file=sys.stderr)) if as_json else print
    result = measure(runs, log=log, backends=backends)
    name = "map" if backends == 1 else f"map-{backends}"
    log(f"written: {write_report(name, result, performance_section(result, runs))}")
    if as_json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))
        for name, ok in targets(result):
            print(f"{'ok ' if ok else 'NO '} {name}")
    return 0
