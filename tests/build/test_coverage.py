"""The coverage report (`python -m atlas coverage --json`) on the SYNTHETIC store, whose members'
levels are known by construction, and on the REAL store (skipped without the mirror).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from atlas.coverage import coverage_summary, member_coverage
from atlas.store import Store

REPO = Path(__file__).resolve().parents[2]
REQUIRED_KEYS = {"members_total", "members_resolved", "with_district", "with_city", "with_region",
                 "with_country_only", "indicators", "observations"}


def coverage_json(store: Path) -> dict:
    env = {**os.environ, "ATLAS_STORE": str(store)}
    done = subprocess.run([sys.executable, "-m", "atlas", "coverage", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, "one JSON object, nothing else on stdout"
    return json.loads(lines[0])


def test_coverage_json_has_the_documented_keys(synthetic_store):
    report = coverage_json(synthetic_store)
    assert REQUIRED_KEYS <= set(report)
    assert all(isinstance(report[key], int) for key in REQUIRED_KEYS)


def test_coverage_json_counts_on_the_synthetic_store(synthetic_store):
    """By construction: 64 names, 12 placed (8 ordinary cities, Brussels twice, Kyiv, London); Kyiv has
    national figures only; Brussels Capital Region, Lisbon and Warsaw city figures (the perception
    survey, through data/city_areas.csv), and Budapest its region HU11's, which is the city (a region
    row of data/city_areas.csv); Brussels (one commune of the survey's 19) and Utrecht their region's;
    Paris, Berlin, Hamburg, Manchester, Barcelona, London (NUTS 3 areas), Lyon and the 10 French bodies
    on the IRIS layer have district figures. The other UK members of the NUTS 3 rows of
    data/city_areas.csv are not placed and have no ONS rows, so none is counted at city level."""
    report = coverage_json(synthetic_store)
    assert {k: report[k] for k in ("members_total", "members_resolved", "with_district", "with_city", "with_region",
                                   "with_country_only")} == \
        {"members_total": 64, "members_resolved": 12, "with_district": 17, "with_city": 4, "with_region": 2,
         "with_country_only": 1}
    store = Store(synthetic_store)
    assert report["observations"] == int(store.observations["value"].notna().sum())
    assert report["indicators"] == len(store.indicator_ids) == 47  # the catalogue's, with the 2004/2006 home internet item and its 5 answers


def test_coverage_json_counts_members_at_every_level_they_have(synthetic_store):
    """A member counts at each level with at least one figure: Paris has districts and its region,
    Lisbon its city and its region, Berlin its Bezirke and its Kreis, Manchester its LSOAs and its
    NUTS 3 area, London its NUTS 3 areas and its NUTS 1 region (Greater London, the city), Budapest
    its region HU11 (the city) (so 7 at city level)."""
    at = coverage_json(synthetic_store)["members_with_figures_at"]
    assert at == {"district": 17, "city": 7, "region": at["region"], "country": at["country"]}
    assert at["region"] >= 3 + 3 and at["country"] >= 11 - 1  # every placed member but Kyiv has its region


def test_levels_add_up(synthetic_store):
    summary = coverage_summary(Store(synthetic_store))
    levels = sum(summary[k] for k in ("with_district", "with_city", "with_region", "with_country_only", "with_none"))
    assert levels == summary["members_total"]


def test_each_member_has_a_level_and_a_reason(synthetic_store):
    table = member_coverage(Store(synthetic_store)).set_index("member_id")
    assert table["why"].str.len().gt(0).all()
    assert table.loc["kyiv", "level"] == "country"
    assert table.loc["enedis", "level"] == "none" and "not a place" in table.loc["enedis", "why"]
    assert table.loc["warsaw", "level"] == "city" and "PL001C" in table.loc["warsaw", "why"]
    assert table.loc["budapest", "level"] == "city" and "HU11" in table.loc["budapest", "why"]  # HU11 is the city
    assert table.loc["utrecht", "level"] == "region"
    assert table.loc["brussels", "level"] == "region"  # the survey's Brussels is the 19 communes, not the commune
    assert table.loc["berlin", "level"] == "district"


def test_no_store_is_a_clear_message(tmp_path):
    env = {**os.environ, "ATLAS_STORE": str(tmp_path / "none")}
    done = subprocess.run([sys.executable, "-m", "atlas", "coverage", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "atlas build" in done.stdout + done.stderr


def test_real_coverage_resolves_at_least_150_members(real_store):
    report = coverage_json(real_store)
    assert report["members_total"] == 159
    assert report["members_resolved"] >= 150
    assert report["with_district"] + report["with_city"] + report["with_region"] + report["with_country_only"] >= 150
    assert report["observations"] > 40000


def test_real_unresolved_members_are_only_the_non_city_ones(real_store):
    table = member_coverage(Store(real_store))
    unresolved = table[~table["resolved"]]
    assert set(unresolved["kind"]) <= {"non_city"}, unresolved[["name", "kind"]].to_string()
