"""What the validator finds: problems (each with file, place, message and what to do) and a summary."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

ERROR = "error"
WARNING = "warning"

FIGURE_COLUMNS = ["code", "indicator", "year", "value", "moe", "sample_size"]
BOUNDARY_COLUMNS = ["code", "name", "geometry"]
MAX_LISTED = 10  # longer lists of rows, features or codes are cut, with the total


def listed(items) -> str:
    """[2, 3, 5] -> '2, 3, 5'; after ten items, '…' and the count."""
    items = list(items)
    shown = ", ".join(map(str, items[:MAX_LISTED]))
    return shown + (f", … ({len(items)})" if len(items) > MAX_LISTED else "")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a city folder.

    `where` is a spreadsheet row ("row 7", header = row 1), a feature ("feature 3 (code 75101)"),
    a metadata path ("indicators[2].unit") or "" when the whole file is meant.
    """

    severity: str
    file: str
    where: str
    message: str
    fix: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def empty_boundaries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")


def empty_figures() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("value", "moe") else "object")
                         for c in FIGURE_COLUMNS})


@dataclass
class Report:
    """Everything `check_folder` found, plus the data normalised for the build.

    boundaries: GeoDataFrame `code, name, geometry` in EPSG:4326 (repaired geometries included).
    figures: DataFrame `code, indicator, year, value, moe, sample_size`; rows with errors left out.
    points: the city's own help places `name, kind, lat, lon, hours, url` (empty without a points file).
    metadata: the parsed metadata file (dict; empty when it could not be read).
    files: which file played which part: {"metadata": ..., "boundaries": ..., "figures": ..., "practices": ...}.
    """

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    boundaries: gpd.GeoDataFrame = field(default_factory=empty_boundaries)
    figures: pd.DataFrame = field(default_factory=empty_figures)
    metadata: dict = field(default_factory=dict)
    points: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["name", "kind", "lat", "lon", "hours", "url"]))
    files: dict[str, Path] = field(default_factory=dict)

    def add(self, severity: str, file, where: str, message: str, fix: str) -> None:
        name = file.name if isinstance(file, Path) else str(file or "")
        self.problems.append(Problem(severity, name, where, message, fix))

    def error(self, file, where: str, message: str, fix: str) -> None:
        self.add(ERROR, file, where, message, fix)

    def warning(self, file, where: str, message: str, fix: str) -> None:
        self.add(WARNING, file, where, message, fix)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when the folder can be added: warnings allowed, errors not."""
        return not self.errors

    @property
    def member_id(self) -> str | None:
        return self.metadata.get("member_id") if isinstance(self.metadata, dict) else None

    @property
    def summary(self) -> dict:
        """Districts, indicators, years and coverage.

        Coverage is the share of (district, indicator, year) cells that have a value, counting
        only the indicator-years the table has at all: a city that reports one indicator for
        2023 and every district has a value is 100 % covered.
        """
        figures = self.figures
        districts = len(self.boundaries)
        pairs = figures[["indicator", "year"]].drop_duplicates() if len(figures) else figures
        cells = districts * len(pairs)
        known = figures["code"].isin(set(self.boundaries["code"])) if len(figures) else figures
        filled = int(figures[known].drop_duplicates(["code", "indicator", "year"]).shape[0]) if len(figures) else 0
        return {
            "districts": districts,
            "indicators": sorted(figures["indicator"].unique().tolist()) if len(figures) else [],
            "years": sorted(int(y) for y in figures["year"].unique()) if len(figures) else [],
            "rows": len(figures),
            "coverage_percent": round(100 * filled / cells, 1) if cells else 0.0,
        }
