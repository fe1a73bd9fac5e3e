"""Eurostat's API without a build: which catalogue sources are API queries, the SDMX-CSV reader on a
SYNTHETIC answer in the API's wire format, and how a difference from the mirror's extract is judged.
The download build itself (a loopback server replaying recorded answers) is in
tests/build/test_eurostat_api_store.py."""
from __future__ import annotations

import pandas as pd
import pytest

from atlas.eurostat_api import api_query, differences
from atlas.readers.sdmx_csv import last_update, read_sdmx_csv
from atlas.errors import SourceError
from atlas.sources import load_sources, source

def eurostat_sources() -> list[dict]:
    return [s for s in load_sources() if api_query(s)]


def test_the_catalogue_s_eurostat_sources_are_api_queries():
    assert {s["id"] for s in eurostat_sources()} == {"eurostat_iux", "eurostat_iuse", "eurostat_iday",
                                                      "eurostat_dskl_degurba", "eurostat_iubk", "eurostat_iacc_h",
                                                      "eurostat_broad_h"}
    assert api_query(source("eurostat_dskl_degurba")) == ("isoc_sk_dskl_i21", "A.IND_TOTAL+IND_DEG1+IND_DEG3.I_DSK2_BAB.PC_IND.")
    assert api_query(source("desi_2022")) is None
    assert api_query(source("eurostat_urb_percep")) is None  # answer shares: the mirror's extract stays


ANSWER = """DATAFLOW,LAST UPDATE,freq,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS
ESTAT:ISOC_R_IUSE_I(1.0),01/02/26 11:00:00,A,I_IUX,PC_IND,XA,2024,7.25,,
ESTAT:ISOC_R_IUSE_I(1.0),25/06/26 23:00:00,A,I_IUX,PC_IND,XA1,2024,,u,
ESTAT:ISOC_R_IUSE_I(1.0),25/06/26 23:00:00,A,I_IUX,PC_IND,XA1,2025,,,
ESTAT:ISOC_R_IUSE_I(1.0),25/06/26 23:00:00,A,I_IUX,PC_IND,XA11,2025,3.5,bu,
"""  # synthetic values and codes, Eurostat's layout


def test_the_sdmx_csv_reader_keeps_flags_drops_empty_cells_and_finds_the_stamp(tmp_path):
    path = tmp_path / "answer.csv"
    path.write_text(ANSWER, encoding="utf-8")
    got = read_sdmx_csv(path, {})
    assert got.fillna({"value": -1}).values.tolist() == [["I_IUX", "XA", 2024, 7.25, ""], ["I_IUX", "XA1", 2024, -1, "u"],
                                                         ["I_IUX", "XA11", 2025, 3.5, "bu"]]
    assert last_update(path) == "2026-06-25"


def test_the_sdmx_csv_reader_names_a_bad_cell(tmp_path):
    path = tmp_path / "answer.csv"
    path.write_text(ANSWER.replace(",3.5,bu,", ",3.5,q,"), encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_sdmx_csv(path, {})
    assert err.value.where == "line 5"


def test_differences_respect_the_extract_s_rounding():
    extract = pd.DataFrame({"key": "K", "geo": ["A", "B", "C"], "year": 2020, "value": [10.0, 20.0, 30.0], "flag": ""})
    fresh = pd.DataFrame({"key": "K", "geo": ["A", "B", "D"], "year": 2020, "value": [10.4, 20.6, 1.0],
                          "flag": ["", "", "u"]})
    got = differences(extract, fresh)
    assert got[["geo", "change"]].values.tolist() == [["D", "new in the download"], ["C", "not in the download"],
                                                      ["B", "value changed"]]
