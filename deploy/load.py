"""Load: concurrent browser sessions through Map, Compare and City for a bounded time, on loopback.

    python -m deploy.load [--sessions 20] [--seconds 60] [--backends N | --url URL [--pid PID ...]]
    python -m deploy.load --protocol [--rate 5 ...] [--seconds 60] [--backends N | --url URL]

With --protocol the readers speak Streamlit's websocket protocol instead of driving browsers
(deploy/protocol_load.py): the server is measured, not the load generator.

Each session is a visitor: a browser context (several in one or a few Debian chromium processes)
that arrives at /map, then clicks Compare, City profile, Map, Compare, ... in the sidebar until the
time is up, each view timed from the address (or the click) to a drawn page: the script has run (stApp notRunning), nothing is
still loading, and the page's own content is there (the map's `path.atlas-area` polygons, the
ranking chart, the profile table). Errors are views that time out, fail, or show an error box,
plus console errors and failed requests. The server's memory is the RSS of each app process's
tree: idle, after one warm-up visit, its peak under load, and after.

Without --url it starts what it measures and stops it: one app process, or with --backends N the
loopback deployment of docs/deploy.md (N processes behind nginx). Bounded: no view waits longer
than --view-timeout, no session makes more than --max-views views, and it stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from deploy.procs import Sampler, command, listener_pid, mb, tree_cpu, tree_rss
from tools.server import CHROMIUM, CHROMIUM_ARGS, serve
from tests.browser.harness import APP_CONNECTED, APP_DONE, DESKTOP, DRAWING, record

# A visitor arrives at /map (the address an article prints), then moves by the sidebar:
# Compare, City profile, Map, Compare, ... Each view: (name, its sidebar link, the address it ends
# at, its heading, what else must be on the page once it is drawn).
VIEWS = (
    ("map", "Map", "/map", "Map", """() => {
        const f = document.querySelector("iframe[title='streamlit_folium.st_folium']");
        return !!(f && f.contentDocument && f.contentDocument.querySelector("path.atlas-area"));
    }"""),
    ("compare", "Compare", "/compare", "Compare members", """() => !!document.querySelector(
        "[data-testid='stMain'] [data-testid='stVegaLiteChart']")"""),
    ("city", "City profile", "/city", "Paris", """() => !!document.querySelector(
        "[data-testid='stMain'] .atlas-glance table")"""),  # the first screen's rows (the full table opens on demand)
)
ERROR_SHOWN = "[data-testid='stException'], [data-testid='stAlertContentError']"
DRAWN = """([path, heading, done, connected, loading, own]) => {
    const h1 = document.querySelector("[data-testid='stMain'] h1");
    return location.pathname.endsWith(path) && !!h1 && h1.textContent.trim() === heading
        && !!document.querySelector(done) && !!document.querySelector(connected)
        && !document.querySelector(loading) && eval(own)();
}"""


@dataclass
class Run:
    times: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)  # console errors and failed requests, by session


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, int(-(-q * len(ordered) // 100)) - 1))], 2)


async def view(page, arrive: bool, link: str, path: str, heading: str, own: str, timeout_ms: float) -> float:
    """Reach one view (by its address when ``arrive``, else by its sidebar link) and wait until it
    is drawn; the seconds it took."""
    start = time.monotonic()
    if arrive:
        await page.goto(path, wait_until="commit", timeout=timeout_ms)
    else:
        await page.get_by_test_id("stSidebarNavLink").filter(has_text=link).first.click(timeout=timeout_ms)
    await page.wait_for_function(DRAWN, arg=[path, heading, APP_DONE, APP_CONNECTED, DRAWING, own],
                                 polling=100, timeout=timeout_ms)
    took = time.monotonic() - start
    if await page.locator(ERROR_SHOWN).count():
        raise RuntimeError("an error box on the page")
    return took


async def session(browser, base_url: str, run: Run, deadline: float, args, start_after: float) -> None:
    """One visitor: arrives at /map, then clicks through the views until the deadline; after an
    error, arrives again."""
    await asyncio.sleep(start_after)
    context = await browser.new_context(viewport=DESKTOP, base_url=base_url)
    page = await context.new_page()
    rec = record(page, urlsplit(base_url).netloc)
    made, step = 0, 0  # views made (bounded); the step in the cycle, 0 = arrive at /map
    try:
        while time.monotonic() < deadline and made < args.max_views:
            name, link, path, heading, own = VIEWS[step % len(VIEWS)]
            made += 1
            try:
                run.times[name].append(await view(page, step == 0, link, path, heading, own,
                                                  args.view_timeout * 1000))
                step += 1
            except Exception as exc:  # a timeout or a broken page: counted, then arrive again
                run.errors[f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"] += 1
                step = 0
    finally:
        await page.wait_for_timeout(200)  # late console messages
        run.problems += rec.problems()
        await context.close()


async def drive(url: str, args, warm: list[str], sampler: Sampler) -> dict:
    """Warm each process once (one visit of every view, not counted), then run the sessions."""
    from playwright.async_api import async_playwright

    run, warmup = Run(), Run()
    async with async_playwright() as pw:
        browsers = [await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                    for _ in range(max(1, args.browsers))]
        once = argparse.Namespace(**{**vars(args), "max_views": len(VIEWS)})
        for backend in warm:
            await session(browsers[0], backend, warmup, float("inf"), once, 0)
        if warmup.errors:
            raise RuntimeError(f"the warm-up visit failed: {dict(warmup.errors)}")
        warm_rss = sampler.sample()
        cpu = {name: tree_cpu(pid) for name, pid in sampler.pids.items()} | {"browsers": tree_cpu(os.getpid())}
        started = time.monotonic()
        deadline = started + args.seconds
        ramp = min(args.ramp, args.seconds / 2)
        tasks = [session(browsers[i % len(browsers)], url, run, deadline, args, ramp * i / args.sessions)
                 for i in range(args.sessions)]
        bound = args.seconds + args.view_timeout + 60
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=bound)
        except asyncio.TimeoutError:
            run.errors[f"stopped: sessions still running {bound:.0f}s after the start"] += 1
        elapsed = time.monotonic() - started
        now = {name: tree_cpu(pid) for name, pid in sampler.pids.items()} | {"browsers": tree_cpu(os.getpid())}
        cpu = {name: round(now[name] - cpu[name], 1) for name in cpu}
        for b in browsers:
            await b.close()
    return {"run": run, "elapsed": elapsed, "warmup": warmup.times, "warm_rss": warm_rss, "cpu": cpu}


def measure(url: str, pids: dict[str, int], args, warm: list[str], balance=None) -> dict:
    """Drive ``url`` while sampling the memory of ``pids`` (a name for each -> pid)."""
    idle = {name: tree_rss(pid) for name, pid in pids.items()}
    load = os.getloadavg()[0]
    with Sampler(pids) as sampler:
        out = asyncio.run(drive(url, args, warm, sampler))
        time.sleep(2)  # the sessions have closed: let the servers notice
        after = sampler.sample()
    run = out["run"]
    all_times = [t for ts in run.times.values() for t in ts]
    report = {
        "url": url, "sessions": args.sessions, "seconds": args.seconds, "browsers": args.browsers,
        "cores": os.cpu_count(), "load_average_before": round(load, 1),
        "cpu_s": out["cpu"],  # CPU seconds used during the sessions: each server, and the browsers
        "elapsed_s": round(out["elapsed"], 1), "views": len(all_times), "errors": sum(run.errors.values()),
        "error_kinds": dict(run.errors), "page_problems": len(run.problems),
        "page_problem_examples": run.problems[:5],
        "time_to_drawn_s": {name: {"n": len(ts), "p50": percentile(ts, 50), "p95": percentile(ts, 95),
                                   "max": round(max(ts), 2) if ts else None}
                            for name, ts in [("all", all_times), *run.times.items()]},
        "warmup_s": {name: [round(t, 2) for t in ts] for name, ts in out["warmup"].items()},
        "memory_mb": {name: {"pid": pid, "command": command(pid)[:100], "idle": mb(idle[name]),
                             "warm": mb(out["warm_rss"][name]), "peak": mb(sampler.peak[name]),
                             "after": mb(after[name])} for name, pid in pids.items()},
    }
    if balance:
        report["sessions_per_process"] = balance()
    for name, m in report["memory_mb"].items():  # what one more session costs the process
        n = (report.get("sessions_per_process") or {}).get(name, args.sessions)
        m["per_session"] = round((m["peak"] - m["warm"]) / n, 1) if n else None
    return report


def loopback(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.")):
        raise SystemExit(f"{url}: this load script only drives a server on this machine (127.x.x.x)")
    return url.rstrip("/")


def sessions_per_process(deployment) -> dict[str, int]:
    """Websocket sessions (one per page load) each app process served, from nginx's access log."""
    keys = collections.defaultdict(set)
    for r in deployment.served():
        if r["request"].startswith("GET /_stcore/stream"):
            keys["http://" + r["upstream"]].add(r["key"])
    return {b: len(keys.get(b, ())) for b in deployment.backends}


@contextlib.contextmanager
def target(args):
    """What to drive: (url, {name: pid}, urls to warm, a function giving sessions per process)."""
    if args.url:
        url = loopback(args.url)
        pids = args.pid or [listener_pid(urlsplit(url).port or 80)]
        yield url, {f"pid {p}": p for p in pids if p}, [url], None
    elif args.backends > 1:
        from deploy.local import local_deployment

        with local_deployment(args.backends) as d:
            yield d.url, d.backend_pids(), d.backends, lambda: sessions_per_process(d)
    else:
        with tempfile.TemporaryDirectory(prefix="atlas-load-") as folder, serve(Path(folder) / "app.log") as url:
            yield url, {url: listener_pid(urlsplit(url).port)}, [url], None


def summary(r: dict) -> str:
    t = r["time_to_drawn_s"]
    lines = [f"{r['sessions']} sessions for {r['seconds']} s on {r['url']} ({r['browsers']} chromium): "
             f"{r['views']} views drawn, {r['errors']} errors, {r['page_problems']} console errors or failed requests"]
    lines += [f"  {name:8} n={v['n']:4}  p50 {v['p50']} s  p95 {v['p95']} s  max {v['max']} s" for name, v in t.items()]
    lines += [f"  memory {name}: idle {m['idle']} MB, warm {m['warm']} MB, peak {m['peak']} MB, after {m['after']} MB, "
              f"{m['per_session']} MB per session" for name, m in r["memory_mb"].items()]
    lines.append(f"  CPU seconds in {r['elapsed_s']} s on {r['cores']} cores (load average {r['load_average_before']} "
                 f"before): " + ", ".join(f"{k} {v}" for k, v in r["cpu_s"].items()))
    if r.get("sessions_per_process"):
        lines.append(f"  sessions per process: {r['sessions_per_process']}")
    lines += [f"  error: {k} x{v}" for k, v in r["error_kinds"].items()]
    lines += [f"  page: {p}" for p in r["page_problem_examples"]]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m deploy.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    p.add_argument("--seconds", type=float, default=60, help="how long new views are started (default 60)")
    p.add_argument("--url", help="drive this server on 127.x.x.x instead of starting one")
    p.add_argument("--pid", type=int, action="append", help="with --url: a server process to measure "
                   "(default: the one listening on the URL's port)")
    p.add_argument("--backends", type=int, default=1, help="start N app processes behind nginx (docs/deploy.md)")
    p.add_argument("--browsers", type=int, default=2, help="chromium processes sharing the sessions (default 2)")
    p.add_argument("--ramp", type=float, default=10, help="seconds over which the sessions arrive (default 10)")
    p.add_argument("--view-timeout", type=float, default=90, help="seconds a view may take (default 90)")
    p.add_argument("--max-views", type=int, default=300, help="views per session at most (default 300)")
    p.add_argument("--json", type=Path, help="also write the report here")
    proto = p.add_argument_group("--protocol: readers speaking Streamlit's websocket protocol, no browser "
                                 "(deploy/protocol_load.py)")
    proto.add_argument("--protocol", action="store_true", help="load the server with protocol-level readers")
    proto.add_argument("--rate", type=float, action="append",
                       help="new readers per second (repeat to step up; default 5)")
    proto.add_argument("--think", type=float, default=1.0, help="seconds a reader waits between steps (default 1)")
    proto.add_argument("--idle", type=int, default=50, help="readers held open to measure memory per idle session")
    proto.add_argument("--step-timeout", type=float, default=30, help="seconds a step may take (default 30)")
    proto.add_argument("--with-browsers", type=int, default=0,
                       help="real Chromium visitors alongside each rate, to check pages still draw (default 0)")
    return p


def run(argv: list[str] | None = None) -> dict:
    args = parser().parse_args(argv)
    with target(args) as (url, pids, warm, balance):
        if args.protocol:
            from deploy.protocol_load import protocol_run

            report = asyncio.run(protocol_run(url, pids, args))
            if balance:
                report["sessions_per_process"] = balance()
            report["errors"] = sum(r["errors"] for r in report["rates"])
        else:
            report = measure(url, pids, args, warm, balance)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return report


def main(argv: list[str] | None = None) -> None:
    report = run(argv)
    if "rates" in report:
        from deploy.protocol_load import summary as protocol_summary

        print(protocol_summary(report) + (f"\n  sessions per process: {report['sessions_per_process']}"
                                          if report.get("sessions_per_process") else ""))
    else:
        print(summary(report))
    raise SystemExit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
