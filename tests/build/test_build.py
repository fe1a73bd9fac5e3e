"""The atomic build: a good build writes a store (the session's synthetic store); a rebuild swaps it
in one rename (two full builds); a failed first build leaves nothing; the download path fetches the
same files over HTTP. Runs on the SYNTHETIC mirror (tests/synthetic_mirror.py), copied per test
where a test changes a file; provenance is also checked on the real store when it is present.
Broken source files are the hostile corpus's (tests/build/test_hostile_sources_build.py).
"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pandas as pd
import pytest

from atlas.build import run_build
from atlas.errors import SourceError
from atlas.levels import level_of
from atlas.sources import Fetcher, load_sources, source
from atlas.store import Store
from support import Log, quiet

TSV = "indicators/eurostat_regional/isoc_r_iuse_i__I_IUX__nuts0-2__2006-2025.tsv"


# --- a good build ------------------------------------------------------------------------------

def test_good_build_is_a_symlink_to_a_complete_store(synthetic_store):
    assert synthetic_store.is_symlink()
    names = {p.name for p in synthetic_store.resolve().iterdir()}
    assert names == {"manifest.json", "observations.parquet", "members.parquet", "places.parquet", "recodes.parquet",
                     "layers.parquet", "regions.parquet", "districts.parquet", "points.parquet",
                     "district_population.parquet", "dataset", "digital-divide-atlas-data.zip"}
    s = Store(synthetic_store)
    assert s.manifest["counts"]["observations"] == len(s.observations) > 0
    assert s.manifest["counts"]["members"] == len(s.members) == 64


def test_build_records_every_file_it_read(synthetic_store, synthetic_mirror):
    """Provenance: each file of each source, with its size and checksum."""
    files = {f["file"]: f for src in Store(synthetic_store).manifest["sources"] for f in src["files"]}
    assert TSV in files and len(files) >= 50
    assert files[TSV]["bytes"] == (synthetic_mirror / TSV).stat().st_size
    assert len(files[TSV]["sha256"]) == 64


def test_rebuild_swaps_and_removes_the_old_store(built, mirror):
    before = built.resolve()
    assert run_build(mirror=mirror, store=built, log=quiet) == 0
    assert built.resolve() != before and not before.exists()
    assert sorted(p.name for p in built.parent.iterdir() if p.name != "store") == [built.resolve().name]


def test_district_figures_without_a_boundary_are_left_out(synthetic_store):
    """The synthetic IFN file has an IRIS (991019999) with no boundary: it is not in the store."""
    codes = set(Store(synthetic_store).observations["geo_code"])
    assert "fr_iris:991010001" in codes
    assert "fr_iris:991019999" not in codes
    assert "gm_lsoa:E01999999" not in codes  # DERI covers all England; only Greater Manchester has boundaries


def test_flags_reach_the_store(synthetic_store):
    obs = Store(synthetic_store).observations.set_index(["indicator", "geo_code", "year"])
    assert obs.loc[("never_used_internet", "HU11", 2018), ["value", "flag"]].tolist() == [8.25, "b"]
    flag_only = obs.loc[("never_used_internet", "NL35", 2024)]
    assert pd.isna(flag_only["value"]) and flag_only["flag"] == "u"
    assert ("never_used_internet", "PT1A", 2025) not in obs.index  # ': ' is nothing at all


def test_survey_figures_keep_sample_size_and_margin(synthetic_store):
    obs = Store(synthetic_store).observations
    row = obs[(obs["indicator"] == "bcn_household_internet") & (obs["geo_code"] == "bcn_districte:1")].iloc[0]
    assert (row["n"], row["moe"], row["period"]) == (500.0, 4.3, "2016-01")


# --- every observation can be traced ---------------------------------------------------------------

def check_traceable(store: Path) -> None:
    s = Store(store)
    known_sources = {src["id"] for src in load_sources()}
    assert set(s.observations["source"]) <= known_sources
    assert set(s.observations["indicator"]) <= set(s.indicator_ids)
    for ind_id, src in s.observations[["indicator", "source"]].drop_duplicates().itertuples(index=False):
        assert s.indicator(ind_id).source == src
    assert not s.observations.duplicated(["indicator", "geo_code", "year"]).any()
    assert s.observations["level"].isin(["eu", "country", "nuts1", "nuts2", "nuts3", "kreis", "city", "district"]).all()


def test_every_synthetic_observation_has_a_known_source(synthetic_store):
    check_traceable(synthetic_store)


def test_every_real_observation_has_a_known_source(real_store):
    check_traceable(real_store)


@pytest.mark.parametrize("code, level", [("EU27_2020", "eu"), ("DE", "country"), ("DE3", "nuts1"), ("NL35", "nuts2"),
                                         ("de_kreis:11000", "kreis"), ("fr_iris:751010101", "district"),
                                         ("NL001C", "city"), ("AT001C1", "city"), ("NL001K", None), ("DEA11", "nuts3"),
                                         ("EA19_2020", None), ("12345", None)])
def test_level_of(code, level):
    """The level comes from the code's shape; aggregates that are not places are dropped."""
    assert level_of(code) == level


# --- a failed build ----------------------------------------------------------------------------------
# Broken source files, each failing the build with the previous store kept serving: the hostile corpus
# (tests/hostile_cases.yaml; tests/unit/test_hostile_sources.py, tests/build/test_hostile_sources_build.py).

def test_first_build_failing_leaves_no_store(mirror, tmp_path):
    (mirror / TSV).write_text("<html>Service unavailable</html>\n", encoding="utf-8")
    store = tmp_path / "fresh" / "store"
    assert run_build(mirror=mirror, store=store, log=quiet) == 1
    assert not store.exists() and list(store.parent.iterdir()) == []


def test_no_mirror_is_a_clear_failure(tmp_path):
    log = Log()
    assert run_build(mirror=tmp_path / "nowhere", store=tmp_path / "store", log=log) == 1
    assert "no mirror folder" in log.text


# --- the download path, against a loopback HTTP server --------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def mirror_server(synthetic_mirror):
    """The synthetic mirror served over HTTP on 127.0.0.1, a free port, in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(synthetic_mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_download_build_equals_mirror_build(mirror_server, synthetic_store, tmp_path):
    """Fetched over HTTP, the same files give the same store, and the downloads are not kept."""
    store = tmp_path / "downloaded" / "store"
    log = Log()
    assert run_build(download=True, base_url=mirror_server, store=store, log=log) == 0, log.text
    got, expected = Store(store), Store(synthetic_store)
    assert len(got.observations) == len(expected.observations)
    assert got.manifest["counts"] == expected.manifest["counts"]
    assert got.manifest["from"] == mirror_server
    checksums = lambda s: {f["file"]: f["sha256"] for src in s.manifest["sources"] for f in src["files"]}  # noqa: E731
    assert checksums(got) == checksums(expected)
    assert not (store.resolve() / "downloads").exists()


def test_download_of_a_missing_file_names_it(mirror_server, synthetic_mirror, tmp_path):
    fetcher = Fetcher(download_dir=tmp_path / "dl", base_url=mirror_server)
    with pytest.raises(SourceError) as err:
        fetcher.get(source("eurostat_iux"), "indicators/no_such_file.tsv")
    assert err.value.file == "indicators/no_such_file.tsv" and "404" in err.value.problem


def test_download_url_quotes_the_path(mirror_server, synthetic_mirror, tmp_path):
    """Mirror paths with characters that need quoting (spaces here) still download."""
    (synthetic_mirror / "odd name.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    try:
        got = Fetcher(download_dir=tmp_path / "dl", base_url=mirror_server).get({}, "odd name.csv")
        assert got.read_text(encoding="utf-8") == "a,b\n1,2\n"
    finally:
        (synthetic_mirror / "odd name.csv").unlink()
