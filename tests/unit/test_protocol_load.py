"""deploy.protocol_load without a server: percentiles, the choice of another option, the summary.
The report below is made up (synthetic), shaped like `python -m deploy.load --protocol --json`."""
import asyncio
import random
from concurrent.futures import ThreadPoolExecutor

from tools.protocol import Reader, Widget
from deploy import protocol_load as pl


def test_nearest_rank_percentile():
    values = [float(v) for v in range(1, 101)]
    assert pl.percentile(values, 50) == 50 and pl.percentile(values, 95) == 95
    assert pl.percentile([], 95) is None and pl.percentile([3.0], 95) == 3.0


def test_a_select_slider_is_set_as_a_list_and_a_selectbox_as_text():
    reader = Reader("http://127.0.0.1:1")
    reader.widgets = {"Year": Widget("slider", "y", "Year", ["2023", "2024", "2025"]),
                      "Indicator": Widget("selectbox", "i", "Indicator", ["a", "b"])}
    rng = random.Random(1)
    assert pl.pick(reader, "Year", rng)[0] in ("2023", "2024")
    assert pl.pick(reader, "Indicator", rng) == "a"


def test_summary_says_whether_a_rate_is_sustained():
    rate = {"rate": 5.0, "readers": 150, "steps": 450, "errors": 0, "error_examples": [], "p50_s": 0.4, "p95_s": 1.2,
            "view_p95_s": 1.5, "interaction_p95_s": 0.9, "server_cpu_s_per_reader": 0.3, "load_average_after": 3.0,
            "sustained": True}
    report = {"url": "http://127.0.0.1:8080", "processes": 2, "cores": 2, "load_average_before": 1.0, "think_s": 1.0,
              "cpu_s_per_view": 0.1, "cpu_s_per_interaction": 0.08, "rates": [rate], "idle_sessions": 50,
              "mb_per_idle_session": 0.5, "rss_mb": {"a": 400.0}, "sustained_rate": 5.0}
    text = pl.summary(report)
    assert "5 new readers/s: 150 readers, 450 steps (0 left out: their control was not on the view), 0 errors" in text
    assert ": sustained" in text
    assert "sustained: 5.0 new readers/s with p95 <= 2.0 s and 0 errors" in text


class FakeReader:
    """A reader whose page shows only the controls given (synthetic; no server)."""
    labels: tuple = ()

    def __init__(self, url, timeout=None):
        self.widgets = {label: Widget("selectbox", label, label, ["a", "b"]) for label in self.labels}
        self.errors_shown = 0

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def open(self, page, query):
        return 0.1

    async def change(self, label, option):
        return 0.05


def run_journey(monkeypatch, labels, journey):
    monkeypatch.setattr(pl, "Reader", type("Page", (FakeReader,), {"labels": labels}))
    monkeypatch.setattr(pl, "JOURNEYS", (journey,))
    what = {"view": [], "interaction": [], "absent": [], "errors": []}
    # In a thread of its own: the browser tests' Playwright may hold a running loop in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, pl.journey("http://synthetic", 0, 1, random.Random(1), what)).result()
    return what


def test_a_control_missing_from_its_view_is_an_error_unless_it_may_be_absent(monkeypatch):
    """A renamed label must not quietly shorten every journey and flatter the figures."""
    renamed = run_journey(monkeypatch, ("Year",), ("map", "", [("Year", None), ("Indicator", None)]))
    assert renamed["interaction"] == [0.05] and renamed["errors"] == ["map: LookupError: no control labelled 'Indicator'"]
    no_classes = run_journey(monkeypatch, ("Member",), ("map", "", [("Member", None), ("Classes", None)]))
    assert no_classes["errors"] == [] and no_classes["absent"] == ["Classes"] and len(no_classes["interaction"]) == 1
