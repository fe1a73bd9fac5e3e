"""Issue 13, step 4: a city's own help places in its data folder (points.csv or points.geojson),
checked by `atlas check`, shown in the About page's preview and added as help layers. Every
folder is a copy of the SYNTHETIC example city (docs/example-city: squares in the North Sea)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from atlas.citydata import check_folder
from atlas.citydata.cli import summary_lines
from atlas.paths import ROOT

EXAMPLE = ROOT / "docs" / "example-city"
PLACES = ("nom;type;latitude;longitude;horaires;site web\n"
          "Espace numérique Nord;help_point;55,0175;3,0025;Mo-Fr 9:00-17:00;https://example.org/nord\n"
          "Bibliothèque Sud;library;55,0125;3,0125;;\n")


@pytest.fixture
def folder(tmp_path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "synthetic-city"))


def with_places(folder: Path, text: str) -> None:
    (folder / "points.csv").write_text(text, encoding="utf-8")


def test_places_in_french_with_decimal_commas_are_read(folder):
    with_places(folder, PLACES)
    report = check_folder(folder, None)
    assert report.problems == []
    assert report.points.values.tolist() == [
        ["Espace numérique Nord", "help_point", 55.0175, 3.0025, "Mo-Fr 9:00-17:00", "https://example.org/nord"],
        ["Bibliothèque Sud", "library", 55.0125, 3.0125, "", ""]]
    assert "  Help places: 2 (help_point, library)" in summary_lines(report)


@pytest.mark.parametrize("row, severity, message, fix", [
    ("Kiosque;kiosk;55,015;3,005;;", "error", "The kind 'kiosk' is not one the atlas shows.",
     "Use one of: help_point, library, wifi, mediator."),
    ("Inversé;wifi;3,005;55,015;;", "error", "'Inversé' lies outside Europe (lat 3.005, lon 55.015).",
     "Latitude and longitude are in the wrong order: swap them."),
    ("Appelez-nous;help_point;55,015;3,005;+33 4 72 10 30 30;", "error",
     "'Appelez-nous' holds what looks like an e-mail address or telephone number.",
     "Remove contact details: the atlas stores no personal data."),
    ("Sans lieu;help_point;;;;", "error", "'Sans lieu' has no readable coordinates.",
     "Give lat and lon in WGS84 degrees (e.g. 45.7640 and 4.8357), no address."),
    ("Ailleurs;wifi;45,0;4,0;;", "warning", "1 place(s) lie more than 1000 m outside the districts; left out.",
     "Check their coordinates (lat and lon swapped? another town?)."),
    ("Bibliothèque Sud;library;55,0125;3,0125;;", "warning", "The same place (name and coordinates) appears again; left out.",
     "Nothing needed; delete the repeated rows to silence this."),
])
def test_each_bad_place_is_named_with_its_row(folder, row, severity, message, fix):
    with_places(folder, PLACES + row + "\n")
    report = check_folder(folder, None)
    assert [(p.severity, p.file, p.where, p.message, p.fix) for p in report.problems] == \
        [(severity, "points.csv", "row 4", message, fix)]
    assert len(report.points) == 2


def test_places_as_geojson(folder):
    features = [{"type": "Feature", "properties": {"Name": "Wi-Fi place", "kind": "wifi"},
                 "geometry": {"type": "Point", "coordinates": [3.005, 55.015]}}]
    (folder / "points.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    report = check_folder(folder, None)
    assert report.problems == []
    assert report.points[["name", "kind", "lat", "lon"]].values.tolist() == [["Wi-Fi place", "wifi", 55.015, 3.005]]


def test_preview_map_shows_the_places_escaped(folder):
    from atlas.city_preview import preview_map

    with_places(folder, PLACES + "<b>Bold</b> desk;help_point;55,015;3,005;;\n")
    html = preview_map(check_folder(folder, None)).get_root().render()
    assert "&lt;b&gt;Bold&lt;/b&gt; desk · Help point" in html
    assert "<b>Bold</b> desk" not in html


def test_places_become_one_help_layer_per_kind(folder):
    from atlas.added_cities import Contribution, _add_city
    from atlas.citydata.folder import CityData

    with_places(folder, PLACES)
    report = check_folder(folder, None)
    out = Contribution()
    _add_city(out, CityData(report.member_id, report.metadata, report.boundaries, report.figures, [], report.points), set())
    kinds = {s["id"]: s["point_kind"] for s in out.sources if "point_kind" in s}
    assert kinds == {"city_synthetica-example__points_help_point": "help_point", "city_synthetica-example__points_library": "library"}
    assert [len(frame) for frame in out.points] == [1, 1]
