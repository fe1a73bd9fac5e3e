"""The tests of test_eurostat_api.py that need a built store; those that do not are tests/unit/test_eurostat_api.py.

`build --download`: every Eurostat dataset of the catalogue fresh from Eurostat's API as
SDMX-CSV, its "last update" stamp in the store and in the citation, and a value-by-value report
of what the download changes against the mirror's extract.

The API is replayed from a loopback server (127.0.0.1) answering only the exact queries the
catalogue implies. Its answers are RECORDED IN THE API'S EXACT WIRE FORMAT (SDMX-CSV 1.0: header
`DATAFLOW,LAST UPDATE,freq,...,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS`, LF line ends, the flag
in its own column, an empty value for ':'), with SYNTHETIC values: they are the synthetic
mirror's values (tests/synthetic_mirror.py) with a few planted changes (PLANTED)."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pandas as pd
import pytest

from atlas.build import REFRESH_REPORT, run_build
from atlas.eurostat_api import api_query, api_url
from atlas.readers import READERS
from atlas.sources import load_sources, source_files
from atlas.store import Store
from atlas.text import citation
from tests.support import Log

STAMP = "25/06/26 23:00:00"  # Eurostat's dd/mm/yy hh:mm:ss
DIMENSIONS = {"isoc_r_iuse_i": ["freq", "indic_is", "unit", "geo"],
              "isoc_sk_dskl_i21": ["freq", "ind_type", "indic_is", "unit", "geo"],
              "isoc_r_iacc_h": ["freq", "unit", "geo"], "isoc_r_broad_h": ["freq", "unit", "geo"]}
# Planted in the recorded answers: (source, key, geo, year) -> (value or None, flag)
PLANTED = {
    ("eurostat_iux", "I_IUX", "FR10", 2025): "moved",      # +1.25 points
    ("eurostat_iux", "I_IUX", "PL91", 2024): "flagged",    # gains a 'b'
    ("eurostat_iux", "I_IUX", "FR10", 2026): "new",        # a year the extract lacks
    ("eurostat_iday", "I_IDAY", "FR10", 2019): "moved",    # +0.7: beyond the extract's whole-number rounding
}


def eurostat_sources() -> list[dict]:
    return [s for s in load_sources() if api_query(s)]


def recorded_answer(spec: dict, mirror: Path) -> str:
    """The answer Eurostat's API gives for this source's query, in its wire format, with the
    synthetic mirror's values and the PLANTED changes."""
    dataset, key = api_query(spec)
    raw = READERS[spec["reader"]](mirror / source_files(spec)[0], spec)
    dims = DIMENSIONS[dataset]
    fixed = dict(zip(dims, key.split(".")))
    lines = [",".join(["DATAFLOW", "LAST UPDATE", *dims, "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"])]
    rows = raw.to_dict("records")
    if spec["id"] == "eurostat_iux":
        rows.append({"key": "I_IUX", "geo": "FR10", "year": 2026, "value": 1.5, "flag": ""})
    for row in rows:
        value, flag = row["value"], row["flag"] or ""
        planted = PLANTED.get((spec["id"], str(row["key"]), row["geo"], int(row["year"])))
        if spec["id"] == "eurostat_iday":
            value += 0.7 if planted == "moved" else 0.0  # main's daily file has two decimals: no rounding slack
        elif planted == "moved":
            value += 1.25
        elif planted == "flagged":
            flag = "b"
        cells = {**fixed, "geo": row["geo"], spec.get("key_dimension", "indic_is"): row["key"],
                 "indic_is": fixed.get("indic_is") or row["key"]}
        shown = "" if pd.isna(value) else f"{value:.2f}"
        lines.append(",".join([f"ESTAT:{dataset.upper()}(1.0)", STAMP, *[cells[d] for d in dims], str(row["year"]),
                               shown, flag, ""]))
    return "\n".join(lines) + "\n"


class RecordedApi(http.server.BaseHTTPRequestHandler):
    answers: dict[str, str] = {}
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server name
        self.asked.append(self.path)
        body = self.answers.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/vnd.sdmx.data+csv;version=1.0.0")
        self.end_headers()
        self.wfile.write((body or "Not found").encode("utf-8"))

    def log_message(self, *args):
        pass


@pytest.fixture
def eurostat_api(synthetic_mirror):
    """The recorded answers on 127.0.0.1 at a free port; yields (base URL, handler class)."""
    handler = type("Api", (RecordedApi,), {"answers": {}, "asked": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/eurostat/api/dissemination"
    for spec in eurostat_sources():
        path = api_url(base, *api_query(spec)).split(str(server.server_address[1]), 1)[1]
        handler.answers[path] = recorded_answer(spec, synthetic_mirror)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def refreshed_store(eurostat_api, synthetic_mirror, tmp_path):
    base, handler = eurostat_api
    log = Log()
    store = tmp_path / "store"
    assert run_build(download=True, mirror=synthetic_mirror, eurostat_api=base, store=store, log=log) == 0, log.text
    return Store(store), handler, log


def test_download_asks_eurostat_s_api_for_each_dataset_as_sdmx_csv(refreshed_store):
    store, handler, _log = refreshed_store
    assert sorted(handler.asked) == sorted(handler.answers)
    assert all(path.endswith("?format=SDMX-CSV") for path in handler.asked)
    assert "/eurostat/api/dissemination/sdmx/2.1/data/isoc_r_iuse_i/A.I_IUX.PC_IND.?format=SDMX-CSV" in handler.asked


def test_the_last_update_stamp_is_in_the_store_and_the_citation(refreshed_store):
    store, _handler, _log = refreshed_store
    refreshed = store.manifest["refreshed"]
    assert set(refreshed) == {s["id"] for s in eurostat_sources()}
    assert all(entry["last_update"] == "2026-06-25" for entry in refreshed.values())
    cite = citation(store.sources["eurostat_iux"], "2026-12-01")
    assert cite == "Source: Eurostat, isoc_r_iuse_i (last updated 2026-06-25), extracted 2026-12-01; Digital Divide Atlas"
    assert "last updated" not in citation(store.sources["desi_2022"], "2026-12-01")  # not refreshed: no stamp


def test_the_fresh_values_are_the_ones_stored(refreshed_store, synthetic_store):
    store, _handler, _log = refreshed_store
    fresh = store.area_figure("FR10", "never_used_internet", 2025)
    mirror = Store(synthetic_store).area_figure("FR10", "never_used_internet", 2025)
    assert fresh.value == pytest.approx(mirror.value + 1.25)
    assert store.area_figure("PL91", "never_used_internet", 2024).flag == "b"
    assert store.area_figure("FR10", "never_used_internet", 2026).value == 1.5
    assert store.area_figure("FR", "basic_digital_skills").value == Store(synthetic_store).area_figure(
        "FR", "basic_digital_skills").value  # read through key_dimension ind_type


def test_every_difference_from_the_mirror_s_extract_is_reported_value_by_value(refreshed_store):
    """Exactly the planted changes (the daily file now has two decimals, so the whole-percent
    rounding slack is left to the unit tests of `differences`)."""
    store, _handler, log = refreshed_store
    report = pd.read_csv(store.folder / REFRESH_REPORT, keep_default_na=False)
    got = {(r.source, r.key, r.geo, int(r.year)): r.change for r in report.itertuples()}
    assert got == {("eurostat_iux", "I_IUX", "FR10", 2025): "value changed",
                   ("eurostat_iux", "I_IUX", "PL91", 2024): "flag changed",
                   ("eurostat_iux", "I_IUX", "FR10", 2026): "new in the download",
                   ("eurostat_iday", "I_IDAY", "FR10", 2019): "value changed"}
    assert store.manifest["refreshed"]["eurostat_iuse"]["differences"] == {}
    assert "I_IUX FR10 2025: value changed" in log.text and "I_IDAY FR10 2019: value changed" in log.text


def test_an_answer_that_is_not_sdmx_csv_fails_the_build_naming_the_dataset(eurostat_api, synthetic_mirror, tmp_path):
    base, handler = eurostat_api
    path = next(p for p in handler.answers if "A.I_IUSE" in p)
    handler.answers[path] = "<?xml version='1.0'?><S:Fault>No results found</S:Fault>\n"
    log = Log()
    assert run_build(download=True, mirror=synthetic_mirror, eurostat_api=base, store=tmp_path / "s", log=log) == 1
    assert "eurostat_iuse" in log.text and "not an Eurostat SDMX-CSV answer" in log.text
    assert not (tmp_path / "s").exists()
