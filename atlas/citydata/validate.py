"""`check_folder(path) -> Report`: every check on a city data folder, every problem at once.

Nothing here raises for bad input: a file that cannot be read becomes a Problem, and the
checks that need it are skipped (saying so once) instead of flooding the report.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from atlas.citydata.boundaries import read_boundaries
from atlas.citydata.figures import read_figures
from atlas.citydata.metadata import check_metadata, indicators_of, parse_metadata, read_structured, section
from atlas.citydata.points import POINTS_NAMES, read_city_points
from atlas.citydata.place import KnownPlaces, check_member, known_places
from atlas.citydata.report import Report
from atlas.i18n import _

METADATA_NAMES = ("city.yaml", "city.yml", "city.json")
PRACTICES_NAMES = ("practices.yaml", "practices.yml", "practices.json")
BOUNDARY_SUFFIXES = (".geojson", ".gpkg", ".zip", ".json")
FIGURE_SUFFIXES = (".csv", ".xlsx")
EXAMPLE = "docs/example-city"


def visible_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def metadata_file(folder: Path, report: Report) -> Path | None:
    found = [p for p in visible_files(folder) if p.name.lower() in METADATA_NAMES]
    if len(found) == 1:
        return found[0]
    if not found:
        report.error("city.yaml", "", _("The folder has no metadata file."),
                     _("Add city.yaml (or city.json) describing the city and its indicators; copy {example}/city.yaml to start.",
                       example=EXAMPLE))
    else:
        report.error(found[0], "", _("Several metadata files: {names}.", names=", ".join(p.name for p in found)),
                     _("Keep one of them."))
    return None


def named_file(folder: Path, name: str, part: str, report: Report) -> Path | None:
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        report.error(name, "", _("The {part} file '{name}' named in city.yaml is not in the folder.", part=part, name=name),
                     _("Put the file in the folder, or correct its name in city.yaml."))
        return None
    return path


def discovered_file(folder: Path, suffixes: tuple[str, ...], part: str, taken: set[str], report: Report) -> Path | None:
    """The one file of this kind in the folder; none or several is an error."""
    found = [p for p in visible_files(folder) if p.suffix.lower() in suffixes and p.name.lower() not in taken]
    if len(found) == 1:
        return found[0]
    if found:
        report.error(found[0], "", _("Several possible {part} files: {names}.", part=part, names=", ".join(p.name for p in found)),
                     _("Name the one to use in city.yaml ({part}: file: ...), or remove the others.", part=part))
    else:
        report.error(part, "", _("The folder has no {part} file ({kinds}).", part=part, kinds=", ".join(suffixes)),
                     _("Add it; see {example}.", example=EXAMPLE))
    return None


def locate(folder: Path, metadata: dict, part: str, suffixes: tuple[str, ...], report: Report) -> Path | None:
    name = section(metadata, part).get("file")
    if isinstance(name, str):
        return named_file(folder, name, part, report)
    points = section(metadata, "points").get("file")
    taken = set(METADATA_NAMES) | set(PRACTICES_NAMES) | set(POINTS_NAMES) | ({points.lower()} if isinstance(points, str) else set())
    return discovered_file(folder, suffixes, part, taken, report)


def warn_loose_shapefile(folder: Path, report: Report) -> None:
    for shp in (p for p in visible_files(folder) if p.suffix.lower() in (".shp", ".xls", ".ods")):
        fix = (_("Zip the Shapefile's .shp, .shx, .dbf and .prj into one .zip in this folder.") if shp.suffix.lower() == ".shp"
               else _("Save the table as .xlsx or as CSV."))
        report.warning(shp, "", _("This file type is not read."), fix)


def check_points(folder: Path, metadata: dict, report: Report) -> None:
    """The optional help places file: named in city.yaml, or points.csv / points.geojson."""
    name = section(metadata, "points").get("file")
    path = named_file(folder, name, "points", report) if isinstance(name, str) else next(
        (p for p in visible_files(folder) if p.name.lower() in POINTS_NAMES), None)
    if path is not None:
        report.files["points"] = path
        report.points = read_city_points(path, report.boundaries, report)


def check_practices(folder: Path, metadata: dict, report: Report) -> None:
    """Optional practices file, checked by atlas.practices when that module exists."""
    name = section(metadata, "practices").get("file")
    path = named_file(folder, name, "practices", report) if isinstance(name, str) else next(
        (p for p in visible_files(folder) if p.name.lower() in PRACTICES_NAMES), None)
    if path is None:
        return
    report.files["practices"] = path
    records = practices_records(path, report)
    try:
        practices = importlib.import_module("atlas.practices")
    except ImportError:
        report.warning(path, "", _("Practices are not checked by this version of the atlas."), _("Nothing needed."))
        return
    for message in practices.validate_practices(records or [], {report.member_id} - {None}):
        report.error(path, "", message, _("Correct the practice as the message says; see docs/city-data.md."))


def practices_records(path: Path, report: Report) -> list | None:
    """A list of practices, or a mapping with a 'practices' list."""
    data = read_structured(path, report)
    data = data.get("practices", data) if isinstance(data, dict) else data
    if not isinstance(data, list):
        report.error(path, "", _("The practices file must hold a list of practices."), _("Write one '- ' entry per practice."))
        return None
    return data


def read_metadata(folder: Path, report: Report) -> dict | None:
    path = metadata_file(folder, report)
    if path is None:
        return None
    report.files["metadata"] = path
    data = parse_metadata(path, report)
    if data is not None:
        check_metadata(path, data, report)
        report.metadata = data
    return data


def check_parts(folder: Path, report: Report, known: KnownPlaces | None) -> None:
    metadata = read_metadata(folder, report)
    meta = metadata or {}
    reference = check_member(meta, known, report.files["metadata"], report) if metadata is not None else None
    warn_loose_shapefile(folder, report)
    boundaries_path = locate(folder, meta, "boundaries", BOUNDARY_SUFFIXES, report)
    figures_path = locate(folder, meta, "figures", FIGURE_SUFFIXES, report)
    fields = section(meta, "boundaries")
    if boundaries_path is not None and {"code_field", "name_field"} <= set(fields):
        report.files["boundaries"] = boundaries_path
        report.boundaries = read_boundaries(boundaries_path, fields, report, reference, known.regions if known else None)
    if figures_path is not None:
        report.files["figures"] = figures_path
        indicators = {i.get("id"): i for i in indicators_of(meta)} if metadata is not None else None
        codes = (set(report.boundaries["code"]), boundaries_path) if len(report.boundaries) else None
        report.figures = read_figures(figures_path, indicators, codes, report, section(meta, "figures"))
    check_points(folder, meta, report)
    check_practices(folder, meta, report)


_STORE = object()


def check_folder(path, known: KnownPlaces | None | object = _STORE) -> Report:
    """Read and check a city data folder (see docs/city-data.md). Never raises for bad input.
    `known`: the members and regions to check the member id and the place against; by default
    those of the built store (None: not checked)."""
    folder = Path(path)
    report = Report(folder=folder)
    if not folder.is_dir():
        report.error(str(folder), "", _("This is not a folder."), _("Give the path of the folder holding city.yaml, the boundaries and the figures."))
        return report
    try:
        check_parts(folder, report, known_places() if known is _STORE else known)
    except Exception as exc:  # a bug of ours must still not show the analyst a traceback
        report.error("", "", _("The check stopped on an unexpected problem: {kind}: {detail}.", kind=type(exc).__name__, detail=exc),
                     _("Please report this with the folder attached, at the project's issue tracker."))
    return report
