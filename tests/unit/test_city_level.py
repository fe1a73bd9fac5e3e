"""The four Eurostat regional series, the 2019 perception survey at city level, and the reviewed
city areas (data/city_areas.csv): readers on SYNTHETIC snippets in the real files' formats, the
SYNTHETIC store (tests/synthetic_mirror.py), and the catalogue reviewed against the REAL mirror
(skipped without it). No member may be placed at a closer level than its data supports."""
from __future__ import annotations

import gzip

import pandas as pd
import pytest

from atlas.members import CITY_AREA_KINDS, load_city_areas
from atlas.readers.sdmx_csv import read_sdmx_csv
from atlas.readers.tabular import read_eurostat_answer_shares, read_eurostat_tsv
from atlas.errors import SourceError
from atlas.name_keys import fold, slug


def rows(frame) -> dict:
    return {(r.key, r.geo, r.year): (None if r.value != r.value else r.value, r.flag) for r in frame.itertuples()}


# --- readers on synthetic snippets ------------------------------------------------------------------

SDMX_HEADER = "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"


def test_sdmx_csv_reads_values_and_flags_from_their_own_column(tmp_path):
    path = tmp_path / "synthetic_sdmx.csv"
    path.write_text(SDMX_HEADER + "ESTAT:X(1.0),25/06/26 23:00:00,A,PC_HH,ZZ11,2024,91.25,,\n"
                    "ESTAT:X(1.0),25/06/26 23:00:00,A,PC_HH,ZZ11,2025,,u,\n"
                    "ESTAT:X(1.0),25/06/26 23:00:00,A,PC_HH,ZZ,2025,93.75,b,\n", encoding="utf-8")
    assert rows(read_sdmx_csv(path, {})) == {
        ("PC_HH", "ZZ11", 2024): (91.25, ""), ("PC_HH", "ZZ11", 2025): (None, "u"), ("PC_HH", "ZZ", 2025): (93.75, "b")}


def test_sdmx_csv_unknown_flag_names_the_line(tmp_path):
    path = tmp_path / "synthetic_sdmx.csv"
    path.write_text(SDMX_HEADER + "ESTAT:X(1.0),25/06/26,A,PC_HH,ZZ,2025,93.75,?,\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line 2"):
        read_sdmx_csv(path, {})


def test_page_tabular_tsv_without_indicator_dimension_and_crlf(tmp_path):
    """isoc_r_broad_h: `freq,unit,geo\\TIME_PERIOD`, Windows line ends; the key is the unit."""
    path = tmp_path / "synthetic_broad.tsv"
    path.write_bytes(b"freq,unit,geo\\TIME_PERIOD\t2020 \t2021 \r\nA,PC_HH,ZZ1\t88.25 bu\t: u\r\n")
    assert rows(read_eurostat_tsv(path, {})) == {("PC_HH", "ZZ1", 2020): (88.25, "bu"), ("PC_HH", "ZZ1", 2021): (None, "u")}


def test_perception_survey_sum_of_agree_shares(tmp_path):
    """The bulk TSV (gzipped, waves newest first, `cities\\time`): the share who agree is strongly +
    somewhat agree, carries the flags of its parts, and is left out when a part is missing."""
    path = tmp_path / "synthetic_percep.tsv.gz"
    text = ("indic_ur,unit,cities\\time\t2019 \t2015 \n"
            "PS3606V,PC,ZZ001C\t30.3 \t: \nPS3607V,PC,ZZ001C\t40.2 e\t: \n"
            "PS3606V,PC,ZZ002C\t11.1 \t: \nPS3607V,PC,ZZ002C\t: u\t: \n")
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    frame = read_eurostat_answer_shares(path, {"sums": {"AGREE": ["PS3606V", "PS3607V"]}})
    got = rows(frame)
    assert got[("AGREE", "ZZ001C", 2019)] == (70.5, "e")
    assert ("AGREE", "ZZ002C", 2019) not in got
    assert got[("PS3606V", "ZZ002C", 2019)] == (11.1, "")


# --- the reviewed catalogue against the real files -------------------------------------------------

def test_city_areas_catalogue_is_well_formed():
    table = load_city_areas()
    assert set(table["kind"]) <= set(CITY_AREA_KINDS)
    assert table["note"].str.len().gt(10).all()
    assert not table.duplicated(["member_id", "geo_code"]).any()


def test_every_urban_audit_row_is_a_surveyed_city_named_as_the_member(real_mirror):
    """Each urban_audit_city row: a member on the member page, a city ("C") code of the 2019 survey wave,
    Eurostat's name for it is the member's own (English or local name), and no metropolitan body is given
    the figure of its core city; the one metropolitan row, Brussels Capital Region, is its 19 communes."""
    members = {slug(name): name for name in (real_mirror / "eurocities_members.txt").read_text(encoding="utf-8").split("\n") if name}
    names = dict(line.split("\t", 1) for line in (real_mirror / "indicators/eurostat_city/cities.dic")
                 .read_text(encoding="utf-8").splitlines())
    survey = read_eurostat_tsv(real_mirror / "indicators/eurostat_city/urb_percep__2004-2019__eurostat_bulk.tsv.gz", {})
    # the survey's digital items: e-government (2019 wave), internet access at home (2004, 2006 waves)
    digital = ((survey["key"] == "PS3606V") & (survey["year"] == 2019)) | ((survey["key"] == "PS1102V") & survey["year"].isin([2004, 2006]))
    surveyed = set(survey.loc[digital & survey["value"].notna(), "geo"])
    decisions = pd.read_csv("data/members.csv", dtype=str, keep_default_na=False, comment="#").set_index("name")
    rows = load_city_areas()
    rows = rows[rows["kind"] == "urban_audit_city"]
    # Eurostat's spelling differs from the member's in these reviewed cases (same city)
    spelled = {"athens": "Athina", "heraklion": "Irakleio", "nicosia": "Lefkosia", "brussels-capital-region": "Bruxelles/Brussel"}
    for row in rows.to_dict("records"):
        assert row["member_id"] in members, row
        code, name = row["geo_code"], members[row["member_id"]]
        assert code in surveyed and code.endswith("C"), row
        local = decisions["local_name"].get(name, "")
        label = names[code]
        assert fold(label) in {fold(name), fold(local), fold(spelled.get(row["member_id"], name))} \
            or fold(name) in fold(label) or fold(label) in fold(local) or fold(local) in fold(label), (row, label)
        assert decisions["kind"].get(name, "city") != "metropolitan" or row["member_id"] == "brussels-capital-region"
    assert "brussels" not in set(rows["member_id"])  # one commune of the survey's 19
