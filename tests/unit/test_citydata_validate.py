"""The city-data validator (atlas.citydata.check_folder), one test per kind of problem.

Every folder here is SYNTHETIC: a copy of docs/example-city (four made-up square districts
in the North Sea) made in tmp_path and broken on purpose in one way per test.
"""
from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
import yaml
from shapely.geometry import Polygon, box

from atlas.citydata import check_folder
from atlas.paths import ROOT

EXAMPLE = ROOT / "docs" / "example-city"
GOOD_FIGURES = (EXAMPLE / "figures.csv").read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path) -> Path:
    """A synthetic good folder to break."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "synthetic-city"))


def problems(report, fragment: str, severity: str | None = None):
    found = [p for p in report.problems if fragment in p.message and severity in (None, p.severity)]
    assert found, f"no problem with {fragment!r} in:\n" + "\n".join(map(str, report.problems))
    return found


def only(report, fragment: str, severity: str = "error"):
    found = problems(report, fragment, severity)
    assert len(found) == 1, found
    return found[0]


def set_figures(folder: Path, text: str, encoding: str = "utf-8") -> None:
    (folder / "figures.csv").write_bytes(text.encode(encoding))


def edit_metadata(folder: Path, change) -> None:
    data = yaml.safe_load((folder / "city.yaml").read_text(encoding="utf-8"))
    change(data)
    (folder / "city.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def districts(folder: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(folder / "districts.geojson")


def write_districts(folder: Path, frame: gpd.GeoDataFrame) -> None:
    (folder / "districts.geojson").unlink()
    frame.to_file(folder / "districts.geojson", driver="GeoJSON")


# --- the good folder -------------------------------------------------------------------

def test_example_folder_passes_without_any_problem():
    report = check_folder(EXAMPLE)
    assert report.problems == []
    assert report.ok
    assert report.summary == {"districts": 4, "indicators": ["digital_help_visits", "no_home_internet"],
                              "years": [2023, 2024], "rows": 12, "coverage_percent": 100.0}


def test_normalised_data_has_the_documented_shape():
    report = check_folder(EXAMPLE)
    assert list(report.boundaries.columns) == ["code", "name", "geometry"]
    assert report.boundaries.crs.to_epsg() == 4326
    assert report.boundaries["code"].tolist() == ["SY01", "SY02", "SY03", "SY04"]
    assert report.boundaries["name"].iloc[0] == "Synthetic North-West"
    assert list(report.figures.columns) == ["code", "indicator", "year", "value", "moe", "sample_size"]
    first = report.figures.iloc[0]
    assert (first["code"], first["indicator"], first["year"], first["value"], first["moe"], first["sample_size"]) == \
        ("SY01", "no_home_internet", 2023, 12.4, 2.1, 410)
    assert report.figures["moe"].isna().sum() == 4  # digital_help_visits has no margins
    assert report.metadata["synthetic"] is True


def test_coverage_counts_missing_district_values(folder):
    set_figures(folder, GOOD_FIGURES.replace("SY04,digital_help_visits,2024,19.7,,\n", ""))
    summary = check_folder(folder).summary
    assert summary["coverage_percent"] == round(100 * 11 / 12, 1)


# --- codes ----------------------------------------------------------------------------------

def test_code_in_table_missing_from_boundaries(folder):
    set_figures(folder, GOOD_FIGURES + "SY09,no_home_internet,2024,10.0,,\n")
    problem = only(check_folder(folder), "The district code 'SY09' is not in the boundaries.")
    assert (problem.file, problem.where) == ("figures.csv", "row 14")


def test_lost_leading_zeros_are_explained(folder):
    frame = districts(folder)
    frame["quartier_code"] = ["01", "02", "03", "04"]
    write_districts(folder, frame)
    set_figures(folder, GOOD_FIGURES.replace("SY0", "0").replace("\n01,", "\n1,"))
    problem = only(check_folder(folder), "The district code '1' is not in the boundaries.")
    assert "'01'" in problem.fix and "leading zeros" in problem.fix


def test_boundary_district_without_figures_is_a_warning(folder):
    set_figures(folder, "\n".join(line for line in GOOD_FIGURES.splitlines() if not line.startswith("SY03")) + "\n")
    report = check_folder(folder)
    problem = only(report, "1 district(s) have no figures: SY03.", "warning")
    assert problem.file == "districts.geojson"
    assert report.ok


def test_duplicate_codes_in_boundaries(folder):
    frame = districts(folder)
    frame.loc[1, "quartier_code"] = "SY01"
    write_districts(folder, frame)
    problem = only(check_folder(folder), "The code 'SY01' is used by more than one district.")
    assert problem.where == "features 1, 2"


def test_district_without_code(folder):
    frame = districts(folder)
    frame.loc[2, "quartier_code"] = None
    write_districts(folder, frame)
    assert only(check_folder(folder), "This district has no code.").where == "feature 3"


def test_duplicate_rows_for_code_indicator_year(folder):
    set_figures(folder, GOOD_FIGURES + "SY02,no_home_internet,2024,7.5,,\n")
    problem = only(check_folder(folder), "District SY02, indicator 'no_home_internet', year 2024 appears more than once.")
    assert problem.where == "rows 7, 14"


# --- values ---------------------------------------------------------------------------------

def test_value_outside_declared_range(folder):
    set_figures(folder, GOOD_FIGURES.replace("SY03,no_home_internet,2024,16.9", "SY03,no_home_internet,2024,169"))
    report = check_folder(folder)
    problem = only(report, "The value 169.0 of 'no_home_internet' is outside its range 0 to 100 (%).")
    assert problem.where == "row 8"
    assert not report.ok
    assert len(report.figures) == 11  # the bad row is not passed on


def test_year_in_the_future(folder):
    future = date.today().year + 1
    set_figures(folder, GOOD_FIGURES + f"SY01,digital_help_visits,{future},30,,\n")
    problem = only(check_folder(folder), f"The year {future} is in the future.")
    assert problem.where == "row 14"


def test_year_that_is_not_a_year(folder):
    set_figures(folder, GOOD_FIGURES + "SY01,digital_help_visits,2023/24,30,,\n")
    assert only(check_folder(folder), "is not a year").where == "row 14"


def test_unknown_indicator(folder):
    set_figures(folder, GOOD_FIGURES + "SY01,broadband,2024,30,,\nSY02,broadband,2024,31,,\n")
    problem = only(check_folder(folder), "Unknown indicator 'broadband'.")
    assert problem.where == "rows 14, 15"
    assert "no_home_internet" in problem.fix


def test_indicator_defined_but_without_figures_is_a_warning(folder):
    set_figures(folder, "\n".join(l for l in GOOD_FIGURES.splitlines() if "digital_help" not in l) + "\n")
    only(check_folder(folder), "The indicator 'digital_help_visits' is defined in city.yaml but has no figures.", "warning")


def test_missing_value_is_a_warning_and_the_row_is_left_out(folder):
    set_figures(folder, GOOD_FIGURES.replace("SY02,digital_help_visits,2024,12.0", "SY02,digital_help_visits,2024,NA"))
    report = check_folder(folder)
    assert only(report, "No value; these rows are left out.", "warning").where == "row 11"
    assert len(report.figures) == 11 and report.ok


def test_negative_margin_and_bounds_out_of_order(folder):
    set_figures(folder, "district_code,indicator,year,value,moe,lower,upper\n"
                        "SY01,no_home_internet,2024,11.1,-2,,\n"
                        "SY02,no_home_internet,2024,7.2,,8.0,9.0\n"
                        "SY03,no_home_internet,2024,16.9,,14.9,18.9\n")
    report = check_folder(folder)
    assert only(report, "The margin of error -2.0 is negative.").where == "row 2"
    assert only(report, "The value 7.2 is not between its bounds 8.0 and 9.0.").where == "row 3"
    assert report.figures["moe"].tolist() == [pytest.approx(2.0)]  # half of 14.9..18.9


def test_missing_required_column(folder):
    set_figures(folder, GOOD_FIGURES.replace("district_code,indicator,year,value", "district_code,indicator,periode,value"))
    problem = only(check_folder(folder), "Column(s) missing: year.")
    assert problem.where == "row 1"


def test_malformed_row_with_too_many_cells(folder):
    # a decimal comma in a comma-separated file splits the value in two
    set_figures(folder, GOOD_FIGURES + "SY01,digital_help_visits,2023,30,5,,\n")
    problem = only(check_folder(folder), "7 cells where the header has 6.")
    assert problem.where == "row 14" and "decimal comma" in problem.fix


def test_mixed_decimal_marks_are_an_error(folder):
    set_figures(folder, french_export(GOOD_FIGURES).replace("9,3", "9.3"))
    problem = only(check_folder(folder), "'9.3' has a decimal point but the file uses decimal commas")
    assert problem.where == "row 5"


# --- separators, decimal marks and encodings ----------------------------------------------------

def french_export(text: str) -> str:
    """What Excel in French, German or Dutch writes: ';' between cells, ',' as decimal mark."""
    return text.replace(",", ";").replace(".", ",")


def test_semicolon_and_decimal_comma_read_as_the_same_numbers(folder):
    set_figures(folder, french_export(GOOD_FIGURES).replace("\n", "\r\n"))
    report = check_folder(folder)
    assert report.problems == []
    assert report.figures.equals(check_folder(EXAMPLE).figures)


def test_thousands_separators_in_a_decimal_comma_file(folder):
    edit_metadata(folder, lambda m: m["indicators"][1].update(max=10000))
    set_figures(folder, french_export(GOOD_FIGURES).replace("31,5;", "1.231,5;"))
    report = check_folder(folder)
    assert report.ok, report.problems
    assert 1231.5 in report.figures["value"].tolist()


def test_latin1_file_with_accented_codes_is_read(folder):
    frame = districts(folder)
    frame["quartier_code"] = ["Liège", "Gérardmer", "Zürich-Süd", "Évora"]
    write_districts(folder, frame)
    text = GOOD_FIGURES
    for old, new in zip(["SY01", "SY02", "SY03", "SY04"], frame["quartier_code"]):
        text = text.replace(old, new)
    set_figures(folder, french_export(text), encoding="latin-1")
    report = check_folder(folder)
    assert only(report, "The file is not UTF-8; read it as Latin-1.", "warning").file == "figures.csv"
    assert report.errors == []
    assert sorted(report.figures["code"].unique()) == sorted(frame["quartier_code"])


@pytest.mark.parametrize("encoding, label", [("utf-8-sig", None), ("cp1252", "Windows-1252"), ("utf-16", "UTF-16")])
def test_other_encodings_are_detected(folder, encoding, label):
    # ’ (U+2019) is 0x92 in Windows-1252, a byte Latin-1 leaves as a control character
    set_figures(folder, GOOD_FIGURES.replace("sample_size", "sample_size,note") + "SY01,digital_help_visits,2023,3,,,l’été\n",
                encoding=encoding)
    report = check_folder(folder)
    assert report.errors == []
    assert len(report.figures) == 13
    encoding_warnings = [p.message for p in report.warnings if "not UTF-8" in p.message]
    assert encoding_warnings == ([f"The file is not UTF-8; read it as {label}."] if label else [])


def test_xlsx_figures_with_numeric_codes(folder):
    frame = districts(folder)
    frame["quartier_code"] = ["101", "102", "103", "104"]
    write_districts(folder, frame)
    table = [line.split(",") for line in GOOD_FIGURES.replace("SY0", "10").splitlines()]
    rows = [table[0]] + [[int(r[0]), r[1], int(r[2]), float(r[3]), float(r[4]) if r[4] else None,
                          int(r[5]) if r[5] else None] for r in table[1:]]
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "figures"
    for row in rows:
        book.active.append(row)
    book.save(folder / "figures.xlsx")
    (folder / "figures.csv").unlink()
    edit_metadata(folder, lambda m: m["figures"].update(file="figures.xlsx"))
    report = check_folder(folder)
    assert report.problems == []
    assert report.figures["code"].tolist()[:2] == ["101", "102"]
    assert report.figures["value"].tolist() == check_folder(EXAMPLE).figures["value"].tolist()


# --- geometries ---------------------------------------------------------------------------------

def test_invalid_geometry_with_a_tiny_loop_is_repaired_with_a_warning(folder):
    frame = districts(folder)
    (x0, y0, x1, y1) = frame.geometry.iloc[0].bounds
    e = (x1 - x0) / 100
    # the ring's last edge crosses its first: a figure-of-eight with a tiny second loop
    frame.loc[0, "geometry"] = Polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0 + e, y0 - e), (x0, y0)])
    assert not frame.geometry.iloc[0].is_valid
    write_districts(folder, frame)
    report = check_folder(folder)
    problem = only(report, "Invalid geometry (Self-intersection", "warning")
    assert problem.where == "feature 1 (code SY01)" and "repaired" in problem.message
    assert report.ok and report.boundaries.geometry.is_valid.all()


def test_bowtie_geometry_is_not_repaired(folder):
    frame = districts(folder)
    (x0, y0, x1, y1) = frame.geometry.iloc[3].bounds
    frame.loc[3, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)])
    write_districts(folder, frame)
    report = check_folder(folder)
    assert only(report, "cannot be repaired safely").where == "feature 4 (code SY04)"
    assert "SY04" not in report.boundaries["code"].tolist()


def test_point_instead_of_polygon(folder):
    frame = districts(folder)
    frame.loc[1, "geometry"] = frame.geometry.iloc[1].centroid
    write_districts(folder, frame)
    assert only(check_folder(folder), "This district is a Point, not a polygon.").where == "feature 2 (code SY02)"


def test_overlapping_districts(folder):
    frame = districts(folder)
    step = frame.geometry.iloc[0].bounds[2] - frame.geometry.iloc[0].bounds[0]
    frame.loc[1, "geometry"] = frame.geometry.iloc[1].buffer(0).union(box(*frame.geometry.iloc[0].bounds).buffer(-step / 4))
    write_districts(folder, frame)
    problem = only(check_folder(folder), "These districts overlap by")
    assert problem.where == "codes SY01 and SY02"


def test_small_overlap_as_from_simplification_is_a_warning(folder):
    frame = districts(folder)
    step = frame.geometry.iloc[0].bounds[2] - frame.geometry.iloc[0].bounds[0]
    frame.loc[1, "geometry"] = frame.geometry.iloc[1].buffer(step * 0.05, join_style="mitre")
    write_districts(folder, frame)
    report = check_folder(folder)
    problem = only(report, "pair(s) of districts overlap", "warning")
    assert problem.message.startswith("2 pair(s) of districts overlap by 1–10 % of the smaller one, ")
    assert problem.message.endswith("m² in all, as simplified boundaries often do. Largest: SY02/SY04 35,610 m² (5.0 %); "
                                    "SY01/SY02 35,607 m² (5.0 %).")
    assert report.ok


def test_overlap_below_tolerance_is_ignored(folder):
    frame = districts(folder)
    frame.loc[1, "geometry"] = frame.geometry.iloc[1].buffer(0.000005, join_style="mitre")  # about 0.5 m
    write_districts(folder, frame)
    assert check_folder(folder).problems == []


def test_gap_between_districts_is_a_warning(folder):
    frame = districts(folder)
    centre = (3.01, 55.01)  # where the four squares meet
    hole = box(centre[0] - 0.002, centre[1] - 0.002, centre[0] + 0.002, centre[1] + 0.002)
    frame["geometry"] = frame.geometry.difference(hole)
    write_districts(folder, frame)
    report = check_folder(folder)
    problem = only(report, "gap(s) between districts", "warning")
    assert problem.message.startswith("1 gap(s) between districts that no district covers, ")
    assert "m² near lon 3.01000, lat 55.01000" in problem.message
    assert report.ok


# --- CRS ------------------------------------------------------------------------------------------

def write_zipped_shapefile(folder: Path, frame: gpd.GeoDataFrame, with_prj: bool = True) -> None:
    """Field names shortened to fit the Shapefile's ten characters."""
    frame.rename(columns={"quartier_code": "code", "quartier_name": "name"}).to_file(folder / "districts.shp")
    with zipfile.ZipFile(folder / "districts.zip", "w") as z:
        for suffix in (".shp", ".shx", ".dbf", ".cpg") + ((".prj",) if with_prj else ()):
            if (folder / f"districts{suffix}").exists():
                z.write(folder / f"districts{suffix}", f"districts{suffix}")
    for part in folder.glob("districts.*"):
        if part.suffix != ".zip":
            part.unlink()
    edit_metadata(folder, lambda m: m["boundaries"].update(file="districts.zip", code_field="code", name_field="name"))


def test_zipped_shapefile_in_a_national_grid_is_reprojected(folder):
    original = districts(folder)
    write_zipped_shapefile(folder, original.to_crs("EPSG:25831"))
    report = check_folder(folder)
    assert report.problems == []
    assert report.boundaries.crs.to_epsg() == 4326
    assert report.boundaries.total_bounds == pytest.approx(original.total_bounds, abs=1e-7)


def test_shapefile_without_prj_has_no_crs(folder):
    write_zipped_shapefile(folder, districts(folder).to_crs("EPSG:3035"), with_prj=False)
    problem = only(check_folder(folder), "The boundaries have no coordinate reference system (CRS).")
    assert problem.file == "districts.zip" and ".prj" in problem.fix


def test_geopackage_with_several_layers_needs_a_layer_name(folder):
    frame = districts(folder)
    frame.to_file(folder / "districts.gpkg", layer="quartiers")
    frame.to_file(folder / "districts.gpkg", layer="quartiers_2019")
    (folder / "districts.geojson").unlink()
    edit_metadata(folder, lambda m: m["boundaries"].update(file="districts.gpkg"))
    assert "quartiers_2019" in only(check_folder(folder), "The GeoPackage has 2 layers").message
    edit_metadata(folder, lambda m: m["boundaries"].update(layer="quartiers"))
    assert check_folder(folder).problems == []


def test_projected_coordinates_in_a_geojson_without_crs(folder):
    projected = json.loads(districts(folder).to_crs("EPSG:3035").to_json())
    del projected["crs"]  # as many exports do: GeoJSON is meant to be WGS84
    (folder / "districts.geojson").write_text(json.dumps(projected), encoding="utf-8")
    problem = only(check_folder(folder), "The districts do not land in Europe")
    assert problem.fix.startswith("The coordinates are probably in EPSG:3035 (ETRS89-extended / LAEA Europe), not in "
                                  "EPSG:4326 as the file says: read as EPSG:3035 they land on Synthetica")


def test_latitude_and_longitude_swapped(folder):
    data = json.loads((folder / "districts.geojson").read_text(encoding="utf-8"))
    for feature in data["features"]:
        feature["geometry"]["coordinates"] = [[[lat, lon] for lon, lat in ring] for ring in feature["geometry"]["coordinates"]]
    (folder / "districts.geojson").write_text(json.dumps(data), encoding="utf-8")
    problem = only(check_folder(folder), "The districts do not land in Europe")
    assert "wrong order" in problem.fix


def test_crs_made_for_another_area_is_a_warning(folder):
    write_districts(folder, districts(folder).to_crs("EPSG:2154"))  # Lambert-93, made for France
    report = check_folder(folder)
    problem = only(report, "outside the area the CRS EPSG:2154 is made for", "warning")
    assert problem.file == "districts.geojson" and report.ok


# --- metadata and the folder -------------------------------------------------------------------

def test_metadata_schema_errors_name_the_field(folder):
    def break_it(meta):
        meta["indicators"][0]["higher_is"] = "higher"
        del meta["indicators"][1]["licence"]
        meta["indicators"][1]["license"] = "CC0 1.0"
    edit_metadata(folder, break_it)
    report = check_folder(folder)
    enum = only(report, "'indicators[0].higher_is' is 'higher'; it must be one of: better, worse.")
    assert enum.file == "city.yaml" and enum.where == "indicators[0].higher_is"
    assert only(report, "'licence' is missing in indicators[1].").where == "indicators[1]"
    assert "license" in only(report, "Unknown field(s) in indicators[1]: license.").message


def test_min_not_below_max(folder):
    edit_metadata(folder, lambda m: m["indicators"][0].update(min=100, max=0))
    assert only(check_folder(folder), "Indicator 'no_home_internet': min (100) is not below max (0).").where == "indicators[0]"


def test_yaml_syntax_error_names_the_line(folder):
    text = (folder / "city.yaml").read_text(encoding="utf-8")
    (folder / "city.yaml").write_text(text.replace("unit_name: quartier\n", "unit_name: quartier: district\n"), encoding="utf-8")
    problem = only(check_folder(folder), "Not valid YAML")
    lines = text.splitlines()
    assert problem.where == f"line {lines.index('unit_name: quartier') + 1}"


def test_metadata_as_json_works_too(folder):
    meta = yaml.safe_load((folder / "city.yaml").read_text(encoding="utf-8"))
    (folder / "city.yaml").unlink()
    (folder / "city.json").write_text(json.dumps(meta), encoding="utf-8")
    assert check_folder(folder).problems == []


def test_no_metadata_file(folder):
    (folder / "city.yaml").unlink()
    report = check_folder(folder)
    assert only(report, "The folder has no metadata file.").file == "city.yaml"


def test_two_figure_files_without_a_name_in_metadata(folder):
    edit_metadata(folder, lambda m: m.pop("figures"))
    shutil.copy(folder / "figures.csv", folder / "figures-old.csv")
    problem = only(check_folder(folder), "Several possible figures files: figures-old.csv, figures.csv.")
    assert "figures: file:" in problem.fix


def test_named_file_that_is_not_there(folder):
    edit_metadata(folder, lambda m: m["boundaries"].update(file="quartiers.gpkg"))
    only(check_folder(folder), "The boundaries file 'quartiers.gpkg' named in city.yaml is not in the folder.")


def test_wrong_code_field_lists_the_available_fields(folder):
    edit_metadata(folder, lambda m: m["boundaries"].update(code_field="CODE_IRIS"))
    problem = only(check_folder(folder), "The code field 'CODE_IRIS' named in city.yaml is not in the boundaries.")
    assert "quartier_code" in problem.fix


@pytest.mark.parametrize("name", ["city.yaml", "districts.geojson", "figures.csv"])
def test_garbage_in_a_file_gives_an_error_on_it_not_a_traceback(folder, name):
    (folder / name).write_bytes(b"\x00\xff\xfe garbage \x81\x9d{[;,\n" * 3)
    report = check_folder(folder)
    assert name in {p.file for p in report.errors}, report.problems


def test_not_a_folder(tmp_path):
    report = check_folder(tmp_path / "missing")
    assert only(report, "This is not a folder.")


def test_practices_file_is_checked_by_atlas_practices(folder):
    pytest.importorskip("atlas.practices")
    (folder / "practices.yaml").write_text("- id: synthetic-practice\n  member_id: synthetica-example\n", encoding="utf-8")
    report = check_folder(folder)
    assert report.files["practices"].name == "practices.yaml"
    assert any(p.file == "practices.yaml" for p in report.errors)  # name, summary, ... are missing
