"""A city data folder as the build reads it: checked, then normalised (`load_city_folder`).

The command line (`atlas.citydata.cli`) sits on top of this module; the build imports only this.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.citydata.report import Problem, Report
from atlas.citydata.validate import check_folder
from atlas.i18n import _
from atlas.paths import city_data_dir


def problem_lines(problem: Problem) -> list[str]:
    label = _("ERROR") if problem.is_error else _("WARNING")
    place = ", ".join(part for part in (problem.file, problem.where) if part)
    return [f"{label:<8} {place}: {problem.message}" if place else f"{label:<8} {problem.message}",
            " " * 9 + _("What to do: {fix}", fix=problem.fix)]


def added_cities() -> list[Path]:
    """The folders the build should read. Hidden ones are copies being added or removed."""
    area = city_data_dir()
    return sorted(p for p in area.iterdir() if p.is_dir() and not p.name.startswith(".")) if area.is_dir() else []


class CityDataError(Exception):
    """An added city folder no longer passes the check (edited by hand, or the rules changed)."""

    def __init__(self, report: Report):
        lines = [line for problem in report.errors for line in problem_lines(problem)]
        super().__init__(_("{folder} has errors:", folder=report.folder) + "\n" + "\n".join(lines))
        self.report = report


@dataclass
class CityData:
    member_id: str
    metadata: dict
    boundaries: gpd.GeoDataFrame
    figures: pd.DataFrame
    warnings: list[Problem]
    points: pd.DataFrame | None = None


def load_city_folder(path: Path) -> CityData:
    """The normalised data of one city folder, for the build. Raises CityDataError on any error.

    Returns CityData with:
      member_id  str, the folder's `member_id` from its metadata
      metadata   dict, the parsed city.yaml / city.json as written (see docs/city-metadata.schema.json):
                 city, unit_name, indicators (list of id, title, definition, unit, min, max,
                 higher_is, source, licence, attribution, ...), synthetic, ...
      boundaries GeoDataFrame in EPSG:4326, columns `code` (str), `name` (str), `geometry`
                 (Polygon/MultiPolygon, valid), one row per district, codes unique
      figures    DataFrame, columns `code` (str, in boundaries.code), `indicator` (str, an id of
                 metadata["indicators"]), `year` (int64), `value` (float64, inside the unit's range),
                 `moe` (float64 or NaN; half-width when the city gave lower/upper bounds),
                 `sample_size` (Int64 or <NA>); one row per code, indicator and year
      warnings   the check's warnings (list of Problem), for the build's log
      points     DataFrame `name, kind, lat, lon, hours, url`: the city's own help places (may be empty)
    """
    report = check_folder(path)
    if not report.ok:
        raise CityDataError(report)
    return CityData(report.member_id, report.metadata, report.boundaries, report.figures, report.warnings, report.points)
