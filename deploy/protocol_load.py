"""Load at the protocol level: readers that speak Streamlit's websocket protocol (tools.protocol),
not browsers, so on a small machine the server, not the load generator, is what runs out.

    python -m deploy.load --protocol [--rate 5 --rate 8] [--seconds 60] [--backends 2 | --url URL]

New readers arrive at `rate` per second for `seconds`. Each replays one reader journey (below):
opens a page (a fresh session), waits `think` seconds, changes a control, waits, changes another,
and leaves. Each step is timed from the message sent to the finished run. A rate is sustained
when the p95 of all steps is at most 2 s and nothing failed. Before the load, a quiet calibration
measures the server's CPU per page view and per interaction (one reader at a time), and
`idle` readers open the Map and stay: the app processes' memory per idle session.
With `with_browsers` N, N real Chromium visitors (deploy/load.py's) browse alongside each rate: do
pages still draw under that load? Bounded: at most MAX_READERS readers per rate, no step waits
longer than `step_timeout`.
"""
from __future__ import annotations

import asyncio
import os
import random
import statistics
import time

from tools.protocol import Reader
from deploy.procs import mb, tree_cpu, tree_rss

MAX_READERS = 3000
SUSTAINED_P95_S = 2.0
# Reader journeys: (page, query string, [(control's label, option or None for another one), ...]).
JOURNEYS = (
    ("map", "view=europe&indicator=never_used_internet", [("Indicator", None), ("Year", None)]),
    ("map", "view=districts&member=paris&layer=fr_iris&indicator=ifn_score", [("Member", None), ("Classes", None)]),
    ("compare", "", [("Indicator", None), ("Year", None)]),
    ("city", "member=paris", [("Member", None), ("Member", None)]),
    ("trends", "", [("Indicator", None), ("Show", None)]),
)
# Controls a journey may find absent: another member's districts may have no figures, so no classes;
# an indicator published for one year only has no year control (its year is said in a caption).
# Any other control missing is an error (a renamed label must not quietly shorten every journey).
MAY_BE_ABSENT = {"Classes", "Year"}


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * q // 100) - 1))], 3)


def pick(reader: Reader, label: str, rng: random.Random):
    """Another option of the control labelled `label` than the one shown (a select slider's as a list)."""
    widget = reader.widgets[label]
    option = rng.choice(widget.options[:-1] if len(widget.options) > 1 else widget.options)
    return [option] if widget.kind == "slider" else option


async def journey(url: str, think: float, timeout: float, rng: random.Random, what: dict) -> None:
    """One reader: a page view and its interactions; appends to what["view"], what["interaction"],
    what["absent"] (controls allowed to be missing that were) and what["errors"]."""
    page, query, changes = rng.choice(JOURNEYS)
    try:
        async with Reader(url, timeout=timeout) as reader:
            what["view"].append(await reader.open(page, query))
            for label, _option in changes:
                if label not in reader.widgets:
                    if label not in MAY_BE_ABSENT:
                        raise LookupError(f"no control labelled {label!r}")
                    what["absent"].append(label)
                    continue
                await asyncio.sleep(think)
                what["interaction"].append(await reader.change(label, pick(reader, label, rng)))
            if reader.errors_shown:
                what["errors"].append(f"{page}: an error shown on the page")
    except Exception as exc:  # RunFailed, a closed socket, a control not drawn: counted, never raised
        what["errors"].append(f"{page}: {type(exc).__name__}: {str(exc)[:100]}")


async def at_rate(url: str, rate: float, seconds: float, think: float, timeout: float, seed: int) -> dict:
    rng = random.Random(seed)
    what = {"view": [], "interaction": [], "absent": [], "errors": []}
    readers = min(MAX_READERS, int(rate * seconds))
    start = time.monotonic()
    tasks = []
    for i in range(readers):
        await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
        tasks.append(asyncio.create_task(journey(url, think, timeout, random.Random(rng.random()), what)))
    await asyncio.gather(*tasks)
    steps = what["view"] + what["interaction"]
    p95 = percentile(steps, 95)
    return {"rate": rate, "readers": readers, "elapsed_s": round(time.monotonic() - start, 1),
            "steps": len(steps), "steps_absent": len(what["absent"]), "errors": len(what["errors"]), "error_examples": sorted(set(what["errors"]))[:5],
            "p50_s": percentile(steps, 50), "p95_s": p95,
            "view_p50_s": percentile(what["view"], 50), "view_p95_s": percentile(what["view"], 95),
            "interaction_p50_s": percentile(what["interaction"], 50),
            "interaction_p95_s": percentile(what["interaction"], 95),
            "sustained": bool(steps) and not what["errors"] and p95 is not None and p95 <= SUSTAINED_P95_S}


async def browsers_alongside(url: str, args, seconds: float) -> dict:
    """`args.with_browsers` real Chromium sessions (deploy/load.py's visitors: Map, Compare, City
    profile, ...) during the load: do pages still draw under it?"""
    from playwright.async_api import async_playwright

    from tools.server import CHROMIUM, CHROMIUM_ARGS
    from deploy.load import Run, session

    run = Run()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(session(browser, url, run, deadline, args, i) for i in range(args.with_browsers)))
        await browser.close()
    drawn = [t for ts in run.times.values() for t in ts]
    return {"browser_views_drawn": len(drawn), "browser_errors": sum(run.errors.values()) + len(run.problems),
            "browser_error_examples": (list(run.errors) + run.problems)[:3],
            "browser_p50_s": percentile(drawn, 50), "browser_p95_s": percentile(drawn, 95)}


def cpu(pids) -> float:
    return sum(tree_cpu(p) for p in pids)


async def calibrate(url: str, pids, views: int = 10) -> dict:
    """Server CPU per fresh page view (the Map, Europe) and per Map interaction, one reader at a time."""
    per_view, per_change = [], []
    for i in range(views):
        async with Reader(url) as reader:
            before = cpu(pids)
            await reader.open("map", "view=europe&indicator=never_used_internet")
            per_view.append(cpu(pids) - before)
            for label, option in (("Indicator", "Regular internet users"), ("Year", ["2024"])):
                before = cpu(pids)
                await reader.change(label, option)
                per_change.append(cpu(pids) - before)
    return {"cpu_s_per_view": round(statistics.median(per_view), 3),
            "cpu_s_per_interaction": round(statistics.median(per_change), 3)}


async def idle_memory(url: str, pids, sessions: int) -> dict:
    """Memory the app processes hold per reader who opened the Map and stays (an idle tab)."""
    before = sum(tree_rss(p) for p in pids)
    readers = [Reader(url) for _ in range(sessions)]
    try:
        for reader in readers:
            await reader.__aenter__()
            await reader.open("map", "view=europe&indicator=never_used_internet")
        await asyncio.sleep(2)
        held = sum(tree_rss(p) for p in pids)
    finally:
        for reader in readers:
            await reader.__aexit__(None, None, None)
    return {"idle_sessions": sessions, "rss_mb_before": mb(before), "rss_mb_with_idle": mb(held),
            "mb_per_idle_session": round(mb(held - before) / sessions, 2)}


async def protocol_run(url: str, pids: dict[str, int], args) -> dict:
    procs = list(pids.values())
    async with Reader(url) as warm:  # fill the process's caches once, as a server that has been up
        for page, query, _ in JOURNEYS:
            await warm.open(page, query)
    report = {"url": url, "processes": len(procs), "cores": os.cpu_count(),
              "load_average_before": round(os.getloadavg()[0], 1), "think_s": args.think}
    report |= await calibrate(url, procs)
    report |= await idle_memory(url, procs, args.idle)  # before the load: its garbage would hide a session's share
    report["rates"] = []
    for rate in args.rate or [5.0]:
        before = cpu(procs)
        load = at_rate(url, rate, args.seconds, args.think, args.step_timeout, seed=int(rate * 1000))
        if args.with_browsers:
            result, seen = await asyncio.gather(load, browsers_alongside(url, args, args.seconds))
            result |= seen
        else:
            result = await load
        result["server_cpu_s_per_reader"] = round((cpu(procs) - before) / max(1, result["readers"]), 3)
        result["load_average_after"] = round(os.getloadavg()[0], 1)
        report["rates"].append(result)
    sustained = [r["rate"] for r in report["rates"] if r["sustained"]]
    report["sustained_rate"] = max(sustained) if sustained else None
    report["rss_mb"] = {name: mb(tree_rss(pid)) for name, pid in pids.items()}
    return report


def summary(r: dict) -> str:
    lines = [f"protocol-level load on {r['url']} ({r['processes']} app process(es), {r['cores']} cores, load average "
             f"{r['load_average_before']} before; think time {r['think_s']} s):",
             f"  server CPU per Map view {r['cpu_s_per_view']} s, per Map interaction {r['cpu_s_per_interaction']} s "
             "(one reader at a time)"]
    for x in r["rates"]:
        lines.append(f"  {x['rate']:g} new readers/s: {x['readers']} readers, {x['steps']} steps "
                     f"({x.get('steps_absent', 0)} left out: their control was not on the view), {x['errors']} errors, "
                     f"p50 {x['p50_s']} s, p95 {x['p95_s']} s (views p95 {x['view_p95_s']} s, interactions p95 "
                     f"{x['interaction_p95_s']} s), server CPU {x['server_cpu_s_per_reader']} s per reader, "
                     f"load average after {x['load_average_after']}: {'sustained' if x['sustained'] else 'NOT sustained'}")
        lines += [f"    error: {e}" for e in x["error_examples"]]
        if "browser_views_drawn" in x:
            lines.append(f"    real browsers alongside: {x['browser_views_drawn']} views drawn, {x['browser_errors']} errors, "
                         f"p50 {x['browser_p50_s']} s, p95 {x['browser_p95_s']} s {x['browser_error_examples'] or ''}")
    lines.append(f"  memory: {r['mb_per_idle_session']} MB per idle session ({r['idle_sessions']} held open); "
                 f"processes now {r['rss_mb']} MB")
    lines.append(f"  sustained: {r['sustained_rate'] or 'none'} new readers/s with p95 <= {SUSTAINED_P95_S} s and 0 errors")
    return "\n".join(lines)
