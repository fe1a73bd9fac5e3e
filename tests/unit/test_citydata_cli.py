"""`python -m atlas check | add | remove` and load_city_folder, on SYNTHETIC folders
(copies of docs/example-city made in tmp_path). The rebuild is replaced by a stand-in
that records its calls, so these tests need no store."""
from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest

from atlas.__main__ import main
from atlas.citydata.cli import add_command, check_command, remove_command
from atlas.citydata.folder import CityDataError, added_cities, load_city_folder
from atlas.paths import ROOT

EXAMPLE = ROOT / "docs" / "example-city"


@pytest.fixture
def folder(tmp_path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "synthetic-city"))


@pytest.fixture
def broken(folder) -> Path:
    text = (folder / "figures.csv").read_text(encoding="utf-8")
    (folder / "figures.csv").write_text(text + "SY09,no_home_internet,2024,101,,\n", encoding="utf-8")
    return folder


@pytest.fixture
def builds(monkeypatch, tmp_path):
    """The city data area in tmp_path, and a stand-in atlas.build recording each rebuild.
    Set `builds.status` to make the next rebuilds fail."""
    area = tmp_path / "city-data"
    monkeypatch.setenv("ATLAS_CITY_DATA", str(area))
    calls = types.SimpleNamespace(count=0, status=0, seen=[], area=area)

    def run_build(**kwargs):
        calls.count += 1
        calls.seen.append([p.name for p in added_cities()])  # what the build is to read
        return calls.status

    monkeypatch.setitem(sys.modules, "atlas.build", types.SimpleNamespace(run_build=run_build))
    return calls


def test_check_of_the_good_folder_exits_0_and_prints_the_summary(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "ERROR" not in out and "WARNING" not in out
    assert "  Districts: 4\n" in out
    assert "  Indicators: 2 (digital_help_visits, no_home_internet)\n" in out
    assert "  Years: 2023–2024\n" in out
    assert "coverage 100.0 %" in out
    assert "The folder can be added" in out


def test_check_of_a_broken_folder_prints_file_row_message_and_fix(broken, capsys):
    assert check_command(broken) == 1
    out = capsys.readouterr().out
    assert ("ERROR    figures.csv, row 14: The value 101.0 of 'no_home_internet' is outside its range 0 to 100 (%).\n"
            "         What to do: Check the value;") in out
    assert "0 error(s)" not in out and "1 error(s), 0 warning(s)." in out
    assert out.rstrip().endswith("The folder cannot be added until the errors are fixed.")


def test_warnings_alone_still_exit_0(folder, capsys):
    (folder / "figures.csv").write_bytes((folder / "figures.csv").read_bytes().replace(b"SY02,digital_help_visits,2024,12.0", b"SY02,digital_help_visits,2024,"))
    assert check_command(folder) == 0
    assert "WARNING  figures.csv, row 11: No value; these rows are left out." in capsys.readouterr().out


def test_add_copies_the_folder_under_its_member_id_and_rebuilds(folder, builds):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "notes-to-self.txt").write_text("not part of the contract")
    assert add_command(folder) == 0
    added = builds.area / "synthetica-example"
    assert sorted(p.name for p in added.iterdir()) == ["README.md", "city.yaml", "districts.geojson", "figures.csv"]
    assert builds.seen == [["synthetica-example"]]  # the copy is in place when the build runs
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} == before  # the user's files untouched
    assert load_city_folder(added).figures.equals(load_city_folder(folder).figures)


def test_add_refuses_a_broken_folder_and_does_not_build(broken, builds, capsys):
    assert add_command(broken) == 1
    assert builds.count == 0 and not (builds.area / "synthetica-example").exists()
    assert "The folder cannot be added" in capsys.readouterr().out


def test_failed_rebuild_puts_the_previous_city_folder_back(folder, builds):
    assert add_command(folder) == 0
    first = (builds.area / "synthetica-example" / "figures.csv").read_text()
    (folder / "figures.csv").write_text(first.replace("12.4", "13.4"))
    builds.status = 2
    assert add_command(folder) == 2
    assert (builds.area / "synthetica-example" / "figures.csv").read_text() == first
    assert sorted(p.name for p in builds.area.iterdir()) == ["synthetica-example"]  # no staging left behind


def test_remove_takes_the_city_out_and_rebuilds(folder, builds, capsys):
    add_command(folder)
    assert remove_command("synthetica-example") == 0
    assert not (builds.area / "synthetica-example").exists()
    assert builds.seen[-1] == []
    assert "Removed synthetica-example." in capsys.readouterr().out


def test_remove_of_an_unknown_city_lists_the_added_ones(folder, builds, capsys):
    add_command(folder)
    assert remove_command("Atlantis") == 1
    assert "No added city 'Atlantis'. Added cities: synthetica-example." in capsys.readouterr().err
    assert builds.count == 1


def test_failed_rebuild_on_remove_keeps_the_city(folder, builds):
    add_command(folder)
    builds.status = 1
    assert remove_command("synthetica-example") == 1
    assert (builds.area / "synthetica-example" / "city.yaml").exists()


def test_load_city_folder_returns_the_documented_shape():
    city = load_city_folder(EXAMPLE)
    assert city.member_id == "synthetica-example"
    assert list(city.boundaries.columns) == ["code", "name", "geometry"] and city.boundaries.crs.to_epsg() == 4326
    assert list(city.figures.columns) == ["code", "indicator", "year", "value", "moe", "sample_size"]
    assert [str(t) for t in city.figures.dtypes] == ["str", "str", "int64", "float64", "float64", "Int64"]
    assert city.metadata["indicators"][0]["licence"] == "CC0 1.0"
    assert city.warnings == []


def test_load_city_folder_raises_with_every_error(broken):
    with pytest.raises(CityDataError) as raised:
        load_city_folder(broken)
    assert "row 14" in str(raised.value) and "outside its range" in str(raised.value)
    assert not raised.value.report.ok
