"""Issue 15: a city's own data as cities really deliver it. Every folder here is SYNTHETIC, made
by the tests: a "Lyon-style" folder (French headers, ';', decimal commas, Windows-1252, CRLF, a
Lambert-93 GeoPackage) with four invented squares where Lyon is, then broken one way per test.
The member list is a small synthetic stand-in for the store's (real member ids and points).
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import yaml
from shapely.geometry import box

from atlas.citydata import check_folder
from atlas.citydata.place import KnownPlaces
from atlas.i18n import set_language

KNOWN = KnownPlaces(pd.DataFrame({"member_id": ["lyon", "lille", "leipzig"], "name": ["Lyon", "Lille", "Leipzig"],
                                  "lat": [45.74906, 50.63297, 51.33962], "lon": [4.84789, 3.05858, 12.37129]}))
NAMES = ["Perrache", "Bellecour – Nord", "Croix-Rousse Œuvre", "Gerland"]
CODES = ["692020101", "692020102", "692020103", "692020104"]
LYON_YAML = {
    "member_id": "lyon", "city": "Lyon", "country": "FR", "unit_name": "IRIS", "unit_name_plural": "IRIS",
    "synthetic": True, "description": "Synthetic figures for a test: four invented squares where Lyon is.",
    "boundaries": {"file": "iris.gpkg", "code_field": "CODE_IRIS", "name_field": "NOM_IRIS"},
    "figures": {"file": "fragilite.csv"},
    "indicators": [{"id": "ifn_score", "title": "Digital fragility score", "definition": "Synthetic index.",
                    "unit": "index (100 = regional average)", "min": 0, "max": 300, "higher_is": "worse",
                    "source": "Synthetic survey", "licence": "CC0 1.0", "attribution": "Synthetic test data"}],
}
FRENCH_CSV = ("Code IRIS;Libellé IRIS;Indicateur;Année;Valeur\r\n" + "".join(
    f"{code};{name};ifn_score;2020;{value}\r\n" for code, name, value in zip(CODES, NAMES, ["101,7", "87,25", "132,5", "99"])))


def lyon_squares() -> gpd.GeoDataFrame:
    squares = [box(4.82 + dx, 45.75 + dy, 4.83 + dx, 45.76 + dy) for dx in (0, 0.01) for dy in (0, 0.01)]
    return gpd.GeoDataFrame({"CODE_IRIS": CODES, "NOM_IRIS": NAMES}, geometry=squares, crs="EPSG:4326")


def write_gpkg(folder: Path, frame: gpd.GeoDataFrame) -> None:
    (folder / "iris.gpkg").unlink(missing_ok=True)
    frame.to_file(folder / "iris.gpkg", layer="iris", driver="GPKG")


def lambert93(label: str = "EPSG:2154", shift_m: float = 0) -> gpd.GeoDataFrame:
    """Lambert-93 coordinates, labelled `label` (a wrong label keeps the numbers)."""
    frame = lyon_squares().to_crs("EPSG:2154")
    frame["geometry"] = frame.geometry.translate(shift_m, 0)
    return frame.set_crs(label, allow_override=True)


@pytest.fixture
def lyon(tmp_path) -> Path:
    folder = tmp_path / "lyon-synthetic"
    folder.mkdir()
    (folder / "city.yaml").write_text(yaml.safe_dump(LYON_YAML, allow_unicode=True), encoding="utf-8")
    (folder / "fragilite.csv").write_bytes(FRENCH_CSV.encode("cp1252"))
    write_gpkg(folder, lambert93())
    return folder


def edit(folder: Path, change) -> None:
    data = yaml.safe_load((folder / "city.yaml").read_text(encoding="utf-8"))
    change(data)
    (folder / "city.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def set_csv(folder: Path, text: str) -> None:
    (folder / "fragilite.csv").write_bytes(text.encode("cp1252"))


def messages(report, severity: str = "error") -> list[str]:
    return [p.message for p in report.problems if p.severity == severity]


def one(report, severity: str = "error"):
    found = [p for p in report.problems if p.severity == severity]
    assert len(found) == 1, report.problems
    return found[0]


# --- the Lyon-style folder -----------------------------------------------------------------------

def test_lyon_style_folder_passes_with_nothing_changed_but_city_yaml(lyon):
    report = check_folder(lyon, KNOWN)
    assert [(p.severity, p.message) for p in report.problems] == [
        ("warning", "The file is not UTF-8; read it as Windows-1252."),
        ("warning", "Column(s) not in the contract, ignored: libelle_iris."),
    ]
    assert report.figures["value"].tolist() == [101.7, 87.25, 132.5, 99.0]
    assert report.boundaries["name"].tolist() == NAMES
    assert report.boundaries["code"].tolist() == CODES


# --- 1. place --------------------------------------------------------------------------------------

TO_LAMBERT93 = ("The coordinates are probably in EPSG:2154 (RGF93 v1 / Lambert-93), not in {label} as the file says: "
                "read as EPSG:2154 they land on Lyon. Set the layer's CRS to EPSG:2154 (QGIS: Layer > Set CRS), then "
                "export again; GeoJSON must be exported in EPSG:4326.")


@pytest.mark.parametrize("label, shift, message, fix", [
    ("EPSG:3857", 0, "The districts do not lie where Lyon is: they land near lon 7.566, lat 50.421, 556 km away.",
     TO_LAMBERT93.format(label="EPSG:3857")),
    ("EPSG:3946", 0, "The districts do not lie where Lyon is: they land near lon -10.943, lat 57.110, 1,665 km away.",
     TO_LAMBERT93.format(label="EPSG:3946")),
    ("EPSG:2154", 300_000, "The districts do not lie where Lyon is: they land near lon 8.681, lat 45.632, 298 km away.",
     "Check that the layer is Lyon's and that its CRS is the one its coordinates are in: a layer shifted by an offset, "
     "or another place's layer, lands like this."),
], ids=["lambert93-labelled-web-mercator", "lambert93-labelled-cc46", "shifted-300-km"])
def test_boundaries_in_the_wrong_place_are_an_error_naming_the_cause(lyon, label, shift, message, fix):
    write_gpkg(lyon, lambert93(label, shift))
    problem = one(check_folder(lyon, KNOWN))
    assert (problem.file, problem.message, problem.fix) == ("iris.gpkg", message, fix)


def test_swapped_axes_are_named(lyon):
    frame = lyon_squares()
    frame["geometry"] = frame.geometry.map(lambda g: box(g.bounds[1], g.bounds[0], g.bounds[3], g.bounds[2]))
    frame.to_file(lyon / "iris.geojson", driver="GeoJSON")
    edit(lyon, lambda m: m["boundaries"].update(file="iris.geojson"))
    problem = one(check_folder(lyon, KNOWN))
    assert problem.fix == "Latitude and longitude are in the wrong order: swap the axes and export again."


def test_a_region_names_where_the_boundaries_landed(lyon):
    regions = gpd.GeoDataFrame({"geo_code": ["DEB1"], "name": ["Koblenz"]}, geometry=[box(6.8, 49.9, 8.2, 50.9)], crs="EPSG:4326")
    write_gpkg(lyon, lambert93("EPSG:3857"))
    problem = one(check_folder(lyon, KnownPlaces(KNOWN.members, regions)))
    assert problem.message == "The districts do not lie where Lyon is: they land in Koblenz (DEB1), 556 km away."


# --- 2. numbers ------------------------------------------------------------------------------------

def test_a_lone_thousands_point_in_a_decimal_comma_file_is_an_error_naming_the_cell(lyon):
    set_csv(lyon, FRENCH_CSV.replace("101,7", "101.781"))
    problem = one(check_folder(lyon, KNOWN))
    assert (problem.where, problem.message, problem.fix) == (
        "row 2", "Column 'value': '101.781' could be a whole number with a thousands mark or a decimal number; "
                 "the file otherwise uses decimal commas.",
        "Write it without a thousands mark, with the file's decimal mark (e.g. 101781 or 101,781).")


def test_fractions_for_a_wider_range_are_a_warning_suggesting_percentages(lyon):
    set_csv(lyon, FRENCH_CSV.replace("101,7", "0,45").replace("87,25", "0,3").replace("132,5", "0,61").replace(";99", ";0,5"))
    report = check_folder(lyon, KNOWN)
    problem = [p for p in report.warnings if "fractions" in p.message][0]
    assert problem.message == ("All 4 values of 'ifn_score' lie between 0 and 1, though its range is 0 to 300 "
                               "(index (100 = regional average)): they look like fractions.")
    assert problem.fix.startswith("If they are shares, multiply them by 100 to give percentages (0.25 -> 25)")


def test_codes_in_scientific_notation_are_named_once(lyon):
    set_csv(lyon, FRENCH_CSV.replace("692020101", "6,9202E+8").replace("692020102", "6,9202E+8"))
    report = check_folder(lyon, KNOWN)
    assert [(p.where, p.message) for p in report.errors] == [
        ("rows 2, 3", "2 district code(s) are in scientific notation (e.g. '6,9202E+8'): Excel turned the codes into "
                      "numbers and dropped digits, so they cannot be read back.")]
    assert report.errors[0].fix.startswith("In Excel, format the code column as Text")


def test_codes_ending_in_comma_zero_are_read_back_with_one_warning(lyon):
    set_csv(lyon, "".join(line.replace("2020101;", "2020101,0;").replace("2020102;", "2020102,0;")
                          for line in FRENCH_CSV.splitlines(keepends=True)))
    report = check_folder(lyon, KNOWN)
    assert report.errors == []
    assert "2 district code(s) are written as decimal numbers (e.g. '692020101,0'); read without the decimal part." in \
        messages(report, "warning")
    assert sorted(report.figures["code"]) == CODES


# --- 3. members ------------------------------------------------------------------------------------

def test_a_misspelt_member_id_is_an_error_listing_the_closest_ids(lyon):
    edit(lyon, lambda m: m.update(member_id="metropole-de-lyon"))
    problem = one(check_folder(lyon, KNOWN))
    assert problem.message == "The member id 'metropole-de-lyon' is not a member the atlas knows. Closest ids: lyon."
    assert problem.where == "member_id"


def test_a_new_member_needs_its_country_and_coordinates(lyon):
    edit(lyon, lambda m: m.update(member_id="villeurbanne", new_member=True))
    assert one(check_folder(lyon, KNOWN)).message == "A new member needs lat, lon in city.yaml."
    edit(lyon, lambda m: m.update(lat=45.767, lon=4.880))
    assert check_folder(lyon, KNOWN).errors == []


def test_new_member_for_a_known_member_is_an_error(lyon):
    edit(lyon, lambda m: m.update(new_member=True, lat=45.75, lon=4.85))
    assert one(check_folder(lyon, KNOWN)).message == \
        "'lyon' is already a member of the atlas (Lyon); new_member is for a place it does not have."


def test_wrong_places_wrong_numbers_and_unknown_members_add_nothing(lyon, monkeypatch, tmp_path):
    """`add` refuses each of the issue's cases and leaves the city data area empty."""
    from atlas.citydata import cli, validate

    monkeypatch.setattr(validate, "known_places", lambda: KNOWN)
    monkeypatch.setenv("ATLAS_CITY_DATA", str(tmp_path / "area"))
    breakages = [lambda f: write_gpkg(f, lambert93("EPSG:3857")), lambda f: write_gpkg(f, lambert93("EPSG:3946")),
                 lambda f: write_gpkg(f, lambert93("EPSG:2154", 300_000)),
                 lambda f: set_csv(f, FRENCH_CSV.replace("101,7", "101.781")),
                 lambda f: edit(f, lambda m: m.update(member_id="metropole-de-lyon"))]
    for number, breakage in enumerate(breakages):
        folder = Path(shutil.copytree(lyon, tmp_path / f"case{number}"))
        breakage(folder)
        assert cli.add_command(folder) == 1
    assert not (tmp_path / "area").exists() or not any((tmp_path / "area").iterdir())


# --- 4. languages, layouts and suppression marks -----------------------------------------------

WIDE_CSV = "Code IRIS;Année;ifn_score;ifn_access\r\n" + "".join(
    f"{code};2020;{a};{b}\r\n" for code, a, b in zip(CODES, ["101,7", "87,25", "s", "99"], ["110", "nd", "95,5", "n.d."]))


def wide(folder: Path, text: str = WIDE_CSV) -> None:
    second = {**LYON_YAML["indicators"][0], "id": "ifn_access", "title": "Access to digital interfaces"}
    edit(folder, lambda m: m.update(indicators=[LYON_YAML["indicators"][0], second]))
    set_csv(folder, text)


def test_a_wide_french_table_is_read(lyon):
    wide(lyon)
    report = check_folder(lyon, KNOWN)
    assert report.errors == []
    assert report.figures[["code", "indicator", "value"]].values.tolist() == [
        [CODES[0], "ifn_score", 101.7], [CODES[0], "ifn_access", 110.0], [CODES[1], "ifn_score", 87.25],
        [CODES[2], "ifn_access", 95.5], [CODES[3], "ifn_score", 99.0]]


def test_a_wide_table_without_year_shows_the_city_yaml_lines(lyon):
    wide(lyon, WIDE_CSV.replace("Année;", "").replace(";2020;", ";"))
    problem = one(check_folder(lyon, KNOWN))
    assert problem.message == "The table has one column per indicator (ifn_score, ifn_access) but no year column."
    assert problem.fix == "Add a year column, or give the year of all its figures in city.yaml:\nfigures:\n  layout: wide\n  year: 2021"
    edit(lyon, lambda m: m["figures"].update(layout="wide", year=2020))
    assert check_folder(lyon, KNOWN).errors == []


@pytest.mark.parametrize("mark", ["s", "nd", "n.d.", "x", "..", "-"])
def test_suppression_marks_are_no_value(lyon, mark):
    set_csv(lyon, FRENCH_CSV.replace("87,25", mark))
    report = check_folder(lyon, KNOWN)
    assert report.errors == []
    assert "No value; these rows are left out." in messages(report, "warning")
    assert len(report.figures) == 3


def test_a_table_with_neither_form_is_told_both(lyon):
    set_csv(lyon, "Code IRIS;Taux\r\n692020101;12\r\n")
    problem = one(check_folder(lyon, KNOWN))
    assert problem.message == "Column(s) missing: indicator, year, value. Found: district_code, taux."
    assert problem.fix.endswith("with in city.yaml:\nfigures:\n  layout: wide\n  year: 2021")


# --- 5. Shapefile encodings ------------------------------------------------------------------------

def test_a_shapefile_without_cpg_is_read_in_its_detected_encoding_with_a_warning(lyon, tmp_path):
    shp = tmp_path / "shp"
    shp.mkdir()
    lambert93().to_file(shp / "iris.shp", encoding="cp1252")
    (shp / "iris.cpg").unlink()
    with zipfile.ZipFile(lyon / "iris.zip", "w") as archive:
        for part in shp.iterdir():
            archive.write(part, part.name)
    (lyon / "iris.gpkg").unlink()
    edit(lyon, lambda m: m["boundaries"].update(file="iris.zip"))
    report = check_folder(lyon, KNOWN)
    assert "The Shapefile has no .cpg file saying how its names are encoded; read them as Windows-1252." in messages(report, "warning")
    assert report.boundaries["name"].tolist() == NAMES


# --- 6. metadata -----------------------------------------------------------------------------------

def test_source_url_scale_note_decimals_and_boundary_licence_reach_the_store_rows(lyon):
    from atlas.added_cities import Contribution, _add_city
    from atlas.citydata.folder import load_city_folder
    from atlas.citydata import validate

    def more(meta):
        meta["indicators"][0].update(source_url="https://example.org/ifn", scale_note="100 = the regional average.", decimals=0)
        meta["boundaries"].update(licence="Licence Ouverte 2.0", attribution="© IGN (synthetic test)")
    edit(lyon, more)
    assert check_folder(lyon, KNOWN).errors == []
    original = validate.known_places
    validate.known_places = lambda: KNOWN
    try:
        city = load_city_folder(lyon)
    finally:
        validate.known_places = original
    out = Contribution()
    _add_city(out, city, {"lyon"})
    indicator, = out.indicators
    assert (indicator["scale_note"], indicator["decimals"]) == ("100 = the regional average.", 0)
    sources = {s["id"]: s for s in out.sources}
    assert sources["city_lyon__ifn_score"]["url"] == "https://example.org/ifn"
    assert (sources["city_lyon__boundaries"]["licence"], sources["city_lyon__boundaries"]["attribution"]) == \
        ("Licence Ouverte 2.0", "© IGN (synthetic test)")
    assert out.layers[0]["description"] == LYON_YAML["description"] and out.layers[0]["area_note"] == ""


# --- 7. quieter reports ----------------------------------------------------------------------------

def test_many_small_gaps_are_one_line_with_the_five_largest_and_the_total(lyon):
    frame = lyon_squares().to_crs("EPSG:2154")
    x0, y0 = frame.total_bounds[:2]
    corners = [(x0 + 100 + 150 * (i % 4), y0 + 200 + 400 * (i // 4)) for i in range(8)]
    holes = [box(x, y, x + 100, y + 100 + 10 * i) for i, (x, y) in enumerate(corners)]  # 10,000 to 17,000 m²
    frame.loc[0, "geometry"] = frame.geometry.iloc[0].difference(gpd.GeoSeries(holes).union_all())
    write_gpkg(lyon, frame)
    gaps = [p for p in check_folder(lyon, KNOWN).warnings if "gap" in p.message]
    assert len(gaps) == 1
    assert gaps[0].message.startswith("8 gap(s) between districts that no district covers, 108,186 m² in all. Largest: 17,029 m² near ")  # areas in EPSG:3035
    assert gaps[0].message.count(" m² near ") == 5


# --- 8. the reader's language --------------------------------------------------------------------

def test_the_report_speaks_french(lyon):
    edit(lyon, lambda m: m.update(member_id="metropole-de-lyon"))
    set_language("fr")
    try:
        problem = one(check_folder(lyon, KNOWN))
    finally:
        set_language("en")
    assert problem.message == "L'identifiant de membre 'metropole-de-lyon' n'est pas un membre connu de l'atlas. Identifiants proches : lyon."
