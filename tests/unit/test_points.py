"""Help and access points: read from each catalogued format, checked (known bad coordinates,
Europe, member areas, duplicates, no contact details) and stored per member. SYNTHETIC fixtures
(tests/synthetic_mirror.py and the frames below); the real store is checked where present."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from atlas.points import KINDS, check_points, read_points
from atlas.errors import SourceError
from atlas.sources import load_sources

POINT_SOURCES = [s for s in load_sources() if s.get("kind") == "points"]
AREAS = gpd.GeoDataFrame({"member_name": ["Synthetic City"]}, geometry=[box(10.0, 50.0, 10.1, 50.1)], crs="EPSG:4326")


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"point_id": str(i), "name": name, "lat": lat, "lon": lon, "hours": "", "url": "",
                          "approximate": False} for i, (name, lat, lon) in enumerate(rows)])


SPEC = {"id": "synthetic_points", "point_kind": "library", "file": "synthetic.csv",
        "fixes": [{"name": "Moved library", "lon": 10.5, "lat": 50.5, "to_lon": 10.05, "to_lat": 50.05, "why": "test"}],
        "drops": [{"lon": 10.02, "lat": 50.02, "why": "a geocoder default"}]}


@pytest.mark.parametrize("spec", POINT_SOURCES, ids=lambda s: s["id"])
def test_points_sources_are_described(spec):
    assert spec["point_kind"] in KINDS
    assert spec.get("vintage") and spec.get("licence") and spec.get("attribution") and spec.get("caveat")


def test_check_fixes_drops_and_counts_every_point():
    points = frame(("Inside", 50.01, 10.01), ("Inside", 50.01, 10.01), ("Moved library", 50.5, 10.5),
                   ("Geocoder default", 50.02, 10.02), ("Overseas", -21.0, 55.5), ("Elsewhere in Europe", 48.0, 2.0),
                   ("No place", None, None))
    kept, report = check_points(points, SPEC, AREAS)
    assert sorted(kept["name"]) == ["Inside", "Moved library"]
    moved = kept[kept["name"] == "Moved library"].iloc[0]
    assert (moved["lon"], moved["lat"]) == (10.05, 50.05)
    assert set(kept["member_name"]) == {"Synthetic City"} and set(kept["kind"]) == {"library"}
    assert {k: report[k] for k in ("read", "moved", "dropped_known_bad", "dropped_outside_europe", "dropped_duplicates",
                                   "dropped_no_coordinates", "outside_member_areas", "kept")} == {
        "read": 7, "moved": 1, "dropped_known_bad": 1, "dropped_outside_europe": 1, "dropped_duplicates": 1,
        "dropped_no_coordinates": 1, "outside_member_areas": 1, "kept": 2}


def test_a_fix_that_finds_nothing_is_counted_not_applied():
    kept, report = check_points(frame(("Moved library", 50.05, 10.05)), SPEC, AREAS)
    assert report["moved"] == 0 and report["fixes_not_found"] == 1 and kept["lon"].iloc[0] == 10.05


@pytest.mark.parametrize("field,value", [("name", "Call 01 23 45 67 89"), ("hours", "ask jane.doe@example.org"),
                                         ("url", "mailto:someone@example.org")])
def test_contact_details_are_refused(field, value):
    points = frame(("Inside", 50.01, 10.01))
    points[field] = value
    with pytest.raises(SourceError, match="no contact details"):
        check_points(points, SPEC, AREAS)


def test_latlon_strings_hours_by_day_and_approximate(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("code;nom;pos;centre;type;h_lu;h_ma\n"
                    "1;Exact;50.01, 10.01;50.05, 10.05;public;9-12;\n"
                    "2;At the commune centre;50.05,10.05;50.05, 10.05;public;;14-17\n"
                    "3;Office;50.02, 10.02;50.05, 10.05;admin;;\n", encoding="utf-8")
    spec = {"sep": ";", "fields": {"id": "code", "name": "nom", "latlon": "pos"}, "keep_where": {"type": "public"},
            "approximate_when_equal": "centre", "hours_by_day": {"Mo": "h_lu", "Tu": "h_ma"}}
    points = read_points(path, spec)
    assert points[["name", "lat", "lon", "hours", "approximate"]].values.tolist() == [
        ["Exact", 50.01, 10.01, "Mo 9-12", False], ["At the commune centre", 50.05, 10.05, "Tu 14-17", True]]


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("nom,lat\nA,50\n", encoding="utf-8")
    with pytest.raises(SourceError, match="missing column"):
        read_points(path, {"fields": {"name": "nom", "lat": "lat", "lon": "lon"}})
