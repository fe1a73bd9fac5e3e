"""`python -m atlas bench --serve`: the server's CPU per fresh page view and per Map interaction.

In one run, on free loopback ports: the app (dashboard.py) and a trivial Streamlit page (a title
only, the yardstick: what any Streamlit page costs its server). Each page is opened in a fresh
headless Chromium context (a new reader: nothing cached, its own session), waited for until drawn
and idle, and the context closed; the server's CPU time (user + system, from /proc, the process
and its children) over that span is one view's cost. Rounds rotate the pages; medians over
`runs` rounds, after warm-up views of each page (not counted: the processes' caches filled, as
on a server that has been up a while).

Map interactions (indicator, year, classes) are measured without a browser, by a reader speaking
Streamlit's websocket protocol (tools.protocol): the CPU the server spends on one widget change,
and the time until that run finished; and in the browser, the time from the reader's choice (the
option clicked, the arrow key pressed) until the Europe map's polygons show the new colours.

With `backends=2` the app is the loopback deployment of docs/deploy.md (two processes behind
nginx, which serves the static files): a view's cost is the CPU of both app processes, and nginx's
own CPU is given apart. The trivial page is always served directly, as the issue's yardstick.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from tools.bench import FRAME
from tools.server import CHROMIUM, CHROMIUM_ARGS, serve

PAGES = {
    "Map, Europe": "/map?view=europe&indicator=never_used_internet",
    "Map, Greater Manchester": "/map?view=districts&member=manchester&layer=gm_lsoa&indicator=deri_score",
    "Trends": "/trends",
    "Compare": "/compare",
    "City profile, Paris": "/city?member=paris",
    "City profile, Manchester": "/city?member=manchester",
    "What cities do": "/practices",
    "About the data": "/about",
}
TRIVIAL = "Trivial page (title only)"
TRIVIAL_APP = 'import streamlit as st\n\nst.title("A trivial page")\n'
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 120_000
# Drawn: the script has run, the session is connected, nothing is loading, and a map page's
# polygons are in its frame.
DRAWN_JS = """(map) => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute("data-test-script-state") !== "notRunning"
        || app.getAttribute("data-test-connection-state") !== "CONNECTED") { return false; }
    if (!document.querySelector("h1")) { return false; }
    if (document.querySelector("[data-testid='stSpinner'], [data-testid='stSkeleton'], "
        + "[data-testid='stSkeletonElement'], [data-testid='stAppSkeleton']")) { return false; }
    if (!map) { return true; }
    const f = document.querySelector("iframe[title='streamlit_folium.st_folium']");
    return !!(f && f.contentDocument && f.contentDocument.querySelector("path.atlas-area"));
}"""
IDLE_JS = """() => document.querySelector("[data-testid='stApp']")
    ?.getAttribute("data-test-script-state") === "notRunning" """
# (widget label, two options to alternate between) on the Europe map.
INTERACTIONS = {"indicator": ("Indicator", ["Regular internet users", "Never used the internet"]),
                "year": ("Year", [["2024"], ["2025"]]),
                "classes": ("Classes", ["Natural breaks (Fisher–Jenks)", "Quantiles"])}
# The map's colours, one fill per polygon: what a reader sees change.
FILLS = """[...(document.querySelector(frame)?.contentDocument?.querySelectorAll("path.atlas-area") ?? [])]
    .map(p => p.getAttribute("fill")).join()"""
FILLS_JS = f"(frame) => {FILLS}"
RECOLOURED_JS = f"([frame, before]) => {{ const now = {FILLS}; return now !== '' && now !== before; }}"


def cpu_seconds(pids: list[int]) -> float:
    from deploy.procs import tree_cpu

    return sum(tree_cpu(pid) for pid in pids)


def settle(page, quiet_s: float = 1.0) -> None:
    """Wait until the script has stayed idle for `quiet_s` (a component's value can rerun it)."""
    deadline, idle_since = time.monotonic() + 60, None
    while time.monotonic() < deadline:
        now = time.monotonic()
        idle_since = (idle_since or now) if page.evaluate(IDLE_JS) else None
        if idle_since is not None and now - idle_since >= quiet_s:
            return
        page.wait_for_timeout(100)


def view_cpu(browser, url: str, pids: list[int], is_map: bool) -> tuple[float, float]:
    """One fresh reader's view of `url`: (server CPU seconds, seconds until drawn)."""
    before = cpu_seconds(pids)
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        start = time.monotonic()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(DRAWN_JS, arg=is_map, polling=100, timeout=TIMEOUT_MS)
        drawn = time.monotonic() - start
        settle(page)
    finally:
        context.close()
    time.sleep(0.5)  # the server closes the session
    return cpu_seconds(pids) - before, drawn


def choose(page, name: str, i: int):
    """Get the Europe map's control `name` ready, and return the reader's last move: the click on
    the other option (a select box), or the arrow key (the year's slider)."""
    label, options = INTERACTIONS[name]
    if name == "year":
        page.get_by_role("slider").first.focus()
        return lambda: page.keyboard.press("ArrowRight" if i % 2 else "ArrowLeft")
    page.get_by_label(label, exact=True).click()
    return lambda: page.get_by_role("option", name=options[i % 2], exact=True).click()


def recolour_seconds(browser, url: str, runs: int) -> dict[str, float]:
    """Seconds from a reader's choice on the Europe map (the option clicked, the key pressed) until
    its polygons show the new colours, in a real browser: the median over `runs` back and forth."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url + PAGES["Map, Europe"], timeout=TIMEOUT_MS)
        page.wait_for_function(DRAWN_JS, arg=True, polling=100, timeout=TIMEOUT_MS)
        settle(page)
        out = {}
        for name in INTERACTIONS:
            took = []
            for i in range(runs * 2):
                move, before = choose(page, name, i), page.evaluate(FILLS_JS, FRAME)
                start = time.monotonic()
                move()
                page.wait_for_function(RECOLOURED_JS, arg=[FRAME, before], polling="raf", timeout=TIMEOUT_MS)
                took.append(time.monotonic() - start)
                settle(page, 0.5)
            out[name] = round(statistics.median(took), 2)
        return out
    finally:
        context.close()


async def interaction_cpu(url: str, pids: list[int], runs: int) -> dict:
    """CPU seconds and seconds to the finished run of each Map interaction, medians over `runs`."""
    from tools.protocol import Reader

    out = {}
    async with Reader(url) as reader:
        await reader.open("map", "view=europe&indicator=never_used_internet")
        for name, (label, options) in INTERACTIONS.items():
            cpu, took = [], []
            for i in range(runs * 2):  # back and forth
                before = cpu_seconds(pids)
                took.append(await reader.change(label, options[i % 2]))
                cpu.append(cpu_seconds(pids) - before)
            out[name] = {"cpu_s": round(statistics.median(cpu), 3), "run_s": round(statistics.median(took), 3)}
        out["errors_shown"] = reader.errors_shown
    return out


@contextlib.contextmanager
def app_under_test(backends: int, scratch: Path):
    """(url, app pids, nginx pid or None): one app process, or `backends` behind nginx."""
    from deploy.procs import listener_pid

    if backends > 1:
        from deploy.local import local_deployment

        with local_deployment(backends) as d:
            nginx = int((d.folder / "nginx.pid").read_text().strip())
            yield d.url, list(d.backend_pids().values()), nginx
    else:
        with serve(scratch / "app.log") as url:
            yield url, [listener_pid(urlsplit(url).port)], None


def measure(runs: int, backends: int = 1, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    from deploy.procs import listener_pid

    load_before = round(os.getloadavg()[0], 1)
    with tempfile.TemporaryDirectory(prefix="atlas-serve-bench-") as scratch, sync_playwright() as pw:
        scratch = Path(scratch)
        (scratch / "trivial.py").write_text(TRIVIAL_APP)
        with app_under_test(backends, scratch) as (url, pids, nginx), \
                serve(scratch / "trivial.log", scratch / "trivial.py", scratch) as trivial_url:
            trivial_pid = [listener_pid(urlsplit(trivial_url).port)]
            targets = {name: (url + path, pids, path.startswith("/map")) for name, path in PAGES.items()}
            targets[TRIVIAL] = (trivial_url + "/", trivial_pid, False)
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            cpu = {name: [] for name in targets}
            drawn = {name: [] for name in targets}
            nginx_cpu = 0.0
            try:
                for _ in range(2 * backends - 1):  # warm-up, not counted: each process, as readers hash to it
                    for target in targets.values():
                        view_cpu(browser, *target)
                order = list(targets.items())
                for round_ in range(runs):
                    nginx_before = cpu_seconds([nginx]) if nginx else 0.0
                    for name, target in order[round_ % len(order):] + order[:round_ % len(order)]:
                        spent, took = view_cpu(browser, *target)
                        cpu[name].append(spent)
                        drawn[name].append(took)
                    nginx_cpu += (cpu_seconds([nginx]) - nginx_before) if nginx else 0.0
                    log(f"round {round_ + 1}/{runs} (load {os.getloadavg()[0]:.1f}): "
                        + ", ".join(f"{n} {cpu[n][-1]:.2f}" for n in targets))
                recoloured = recolour_seconds(browser, url, runs)
            finally:
                browser.close()
            with concurrent.futures.ThreadPoolExecutor(1) as pool:  # Playwright's own loop runs in this thread
                interactions = pool.submit(asyncio.run, interaction_cpu(url, pids, runs)).result()
    for name, seconds in recoloured.items():
        interactions[name]["recoloured_s"] = seconds
    trivial = statistics.median(cpu[TRIVIAL])
    pages = {name: {"cpu_s": round(statistics.median(cpu[name]), 3),
                    "x_trivial": round(statistics.median(cpu[name]) / trivial, 2) if trivial else None,
                    "drawn_s": round(statistics.median(drawn[name]), 2)} for name in targets}
    return {"date": date.today().isoformat(), "runs": runs, "backends": backends, "cores": os.cpu_count(),
            "load_average_before": load_before, "load_average_after": round(os.getloadavg()[0], 1),
            "trivial_cpu_s": round(trivial, 3), "pages": pages, "interactions": interactions,
            "nginx_cpu_s_per_view": round(nginx_cpu / (runs * len(PAGES)), 3) if nginx else None}


def targets(result: dict) -> list[tuple[str, bool]]:
    limit = 1.2 if result["backends"] > 1 else 2.0
    pages = {n: p for n, p in result["pages"].items() if n != TRIVIAL}
    out = [(f"{name} at most {limit}x the trivial page", p["x_trivial"] <= limit) for name, p in pages.items()]
    out += [(f"Map interaction ({name}) at most 0.10 CPU-s", result["interactions"][name]["cpu_s"] <= 0.10)
            for name in INTERACTIONS]
    out += [(f"Map interaction ({name}) recoloured within 0.4 s", result["interactions"][name]["recoloured_s"] <= 0.4)
            for name in INTERACTIONS]
    return out


def section(result: dict) -> str:
    """A Markdown table of the figures (the README's Performance section takes them by hand)."""
    how = "two app processes behind nginx" if result["backends"] > 1 else "one app process, direct"
    rows = ["| page | server CPU per view | × trivial page | drawn in |", "|---|---|---|---|"]
    rows += [f"| {name} | {p['cpu_s']:.2f} s | {p['x_trivial']:.2f} | {p['drawn_s']:.1f} s |"
             for name, p in result["pages"].items()]
    rows += ["", "| Map interaction | server CPU | run finished in | recoloured in (browser) |", "|---|---|---|---|"]
    rows += [f"| {name} | {v['cpu_s']:.3f} s | {v['run_s']:.2f} s | {v['recoloured_s']:.2f} s |"
             for name, v in result["interactions"].items() if isinstance(v, dict)]
    flags = "" if result["backends"] == 1 else f" --backends {result['backends']}"
    nginx = (f"\n\nnginx's own CPU per view: {result['nginx_cpu_s_per_view']:.3f} s."
             if result.get("nginx_cpu_s_per_view") is not None else "")
    return (f"`python -m atlas bench --serve --runs {result['runs']}{flags}` on {result['date']} ({how}; "
            f"{result['cores']} cores, load average {result['load_average_before']} before, "
            f"{result['load_average_after']} after; medians):\n\n" + "\n".join(rows) + nginx + "\n\n"
            + "\n".join(f"- {'met' if ok else 'NOT met'}: {name}" for name, ok in targets(result)) + "\n")


def run_serve_bench(as_json: bool, runs: int, backends: int = 1) -> int:
    import json

    from tools.bench import write_report

    log = (lambda *a: print(*a, file=sys.stderr)) if as_json else print
    result = measure(max(1, runs), backends, log)
    text = section(result)
    log(f"written: {write_report('serve' if backends == 1 else f'serve-{backends}', result, text)}")
    print(json.dumps(result) if as_json else text)
    return 0
