"""The figures table: one row per district, indicator and year. Rows are parsed one by one
so each problem names its spreadsheet row; then the table is checked against the metadata
(known indicators, unit ranges) and the boundaries (codes both ways)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from atlas.citydata.report import FIGURE_COLUMNS, Report, empty_figures, listed
from atlas.citydata.tables import (MISSING_MARKS, AmbiguousNumber, RawTable, TableError, guess_decimal, header_key, is_missing,
                                   parse_number, read_csv_table, read_xlsx_table)
from atlas.i18n import _

REQUIRED = ["district_code", "indicator", "year", "value"]
OPTIONAL = ["moe", "lower", "upper", "sample_size"]
EARLIEST_YEAR = 1900


def rows_text(numbers) -> str:
    """[2, 3, 5] -> 'rows 2, 3, 5'; long lists are cut after ten."""
    numbers = sorted(numbers)
    return _("row {rows}", rows=numbers[0]) if len(numbers) == 1 else _("rows {rows}", rows=listed(numbers))


def missing_marks() -> str:
    return ", ".join(f"'{mark}'" for mark in MISSING_MARKS if mark)


def read_table(path: Path, report: Report) -> RawTable | None:
    try:
        if path.suffix.lower() == ".xlsx":
            table, first_sheet = read_xlsx_table(path)
            if first_sheet:
                report.warning(path, "", _("The workbook has several sheets; read the first, '{sheet}'.", sheet=first_sheet),
                               _("Name the sheet with the figures 'figures' to be sure the right one is read."))
            return table
        table = read_csv_table(path, set(REQUIRED + OPTIONAL))
    except TableError as exc:
        report.error(path, "", exc.message, exc.fix)
        return None
    if table.encoding not in ("UTF-8", "UTF-8 with BOM"):
        report.warning(path, "", _("The file is not UTF-8; read it as {encoding}.", encoding=table.encoding),
                       _("If accented names look wrong in the atlas, save the file as 'CSV UTF-8'."))
    return table


WIDE_EXAMPLE = "figures:\n  layout: wide\n  year: 2021"


def long_table(table: RawTable, indicators: dict[str, dict], options: dict, path: Path, report: Report) -> RawTable | None:
    """A wide table (one column per indicator id, as publishers export) turned into the long
    form: one row per district, indicator and year. A long table is returned as it is."""
    by_key = {header_key(i): i for i in indicators if isinstance(i, str)}
    wide = [c for c in table.columns if c in by_key]
    if "indicator" in table.columns or (not wide and options.get("layout") != "wide"):
        return table
    if not wide or "district_code" not in table.columns:
        report.error(path, _("row 1"), _("city.yaml declares a wide table, but the header has no district code column or "
                                         "no column named after an indicator id ({ids}).", ids=", ".join(indicators)),
                     _("Name the columns district_code (or Code IRIS, Stadtteil, wijk, ...) and one per indicator id."))
        return None
    year = options.get("year")
    if "year" not in table.columns and not isinstance(year, int):
        report.error(path, _("row 1"), _("The table has one column per indicator ({columns}) but no year column.",
                                         columns=", ".join(by_key[c] for c in wide)),
                     _("Add a year column, or give the year of all its figures in city.yaml:\n{example}", example=WIDE_EXAMPLE))
        return None
    ignored = [c for c in table.columns if c and c not in wide + ["district_code", "year"]]
    if ignored:
        report.warning(path, _("row 1"), _("Column(s) not in the contract, ignored: {columns}.", columns=", ".join(ignored)),
                       _("Nothing needed; remove them to silence this."))
    rows = []
    for number, cells in table.rows:
        cell = dict(zip(table.columns, cells))
        rows += [(number, [cell.get("district_code", ""), by_key[c], cell.get("year", year), cell.get(c, "")]) for c in wide]
    long = RawTable(["district_code", "indicator", "year", "value"], rows, table.encoding, table.delimiter)
    long.decimal = guess_decimal(long, ["value"])
    return long


def check_header(table: RawTable, path: Path, report: Report) -> bool:
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        found = ", ".join(c for c in table.columns if c) or "-"
        report.error(path, _("row 1"), _("Column(s) missing: {missing}. Found: {found}.", missing=", ".join(missing), found=found),
                     _("The header row must name the columns district_code, indicator, year, value "
                       "(optionally moe, lower, upper, sample_size), separated by ',' or ';'; or, for a table with one column "
                       "per indicator, district_code, year and the indicator ids, with in city.yaml:\n{example}",
                       example=WIDE_EXAMPLE))
        return False
    unknown = [c for c in table.columns if c and c not in REQUIRED + OPTIONAL]
    if unknown:
        report.warning(path, _("row 1"), _("Column(s) not in the contract, ignored: {columns}.", columns=", ".join(unknown)),
                       _("Nothing needed; remove them to silence this."))
    if ("lower" in table.columns) != ("upper" in table.columns):
        report.warning(path, _("row 1"), _("Only one of 'lower' and 'upper' is given; confidence bounds are ignored."),
                       _("Give both bounds, or a 'moe' column."))
    return True


class RowError(Exception):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def number_or_none(cells: dict, column: str, decimal: str) -> float | None:
    cell = cells.get(column)
    if is_missing(cell):
        return None
    try:
        return parse_number(cell, decimal)
    except AmbiguousNumber as exc:
        raise RowError(_("Column '{column}': {detail}.", column=column, detail=str(exc)),
                       _("Write it without a thousands mark, with the file's decimal mark (e.g. 101781 or 101{mark}781).",
                         mark=decimal)) from None
    except ValueError as exc:
        raise RowError(_("Column '{column}': {detail}.", column=column, detail=str(exc)),
                       _("Write numbers with one decimal mark throughout the file, without units or text; "
                         "for a suppressed value write one of: {marks}.", marks=missing_marks())) from None


def parse_year(cells: dict, decimal: str) -> int:
    try:
        year = number_or_none(cells, "year", decimal)
    except RowError:
        year = None
    if year is None or not year.is_integer():
        raise RowError(_("The year {year!r} is not a year.", year=cells.get("year")), _("Write the year as four digits, e.g. 2023."))
    this_year = dt.date.today().year
    if year > this_year:
        raise RowError(_("The year {year} is in the future.", year=int(year)), _("Check the year; figures can only be for {now} or earlier.", now=this_year))
    if year < EARLIEST_YEAR:
        raise RowError(_("The year {year} is implausible.", year=int(year)), _("Write the year as four digits, e.g. 2023."))
    return int(year)


def margin(value: float, cells: dict, decimal: str) -> float | None:
    """The margin of error: 'moe', else half the width of 'lower'..'upper'."""
    moe = number_or_none(cells, "moe", decimal)
    lower, upper = number_or_none(cells, "lower", decimal), number_or_none(cells, "upper", decimal)
    if moe is not None and moe < 0:
        raise RowError(_("The margin of error {moe} is negative.", moe=moe), _("Give the margin as a positive number (value ± moe)."))
    if moe is None and lower is not None and upper is not None:
        if not lower <= value <= upper:
            raise RowError(_("The value {value} is not between its bounds {lower} and {upper}.", value=value, lower=lower, upper=upper),
                           _("Check the order of the columns: lower, then upper."))
        moe = (upper - lower) / 2
    return moe


def sample_size(cells: dict, decimal: str) -> int | None:
    n = number_or_none(cells, "sample_size", decimal)
    if n is not None and (n < 0 or not n.is_integer()):
        raise RowError(_("The sample size {n} is not a whole number of people.", n=n), _("Give the number of respondents, e.g. 412."))
    return None if n is None else int(n)


SCIENTIFIC = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")
WHOLE_AS_DECIMAL = re.compile(r"^(\d+)[.,]0+$")


def district_code(cell) -> tuple[str, str]:
    """The code as text, and how Excel had mangled it: '' (not), 'decimal' (75101.0 or 75101,0,
    read back as 75101) or 'scientific' (6,9003E+8: digits are lost, it cannot be read back)."""
    code = str(cell if cell is not None else "").strip()
    if SCIENTIFIC.match(code):
        return code, "scientific"
    whole = WHOLE_AS_DECIMAL.match(code)
    return (whole.group(1), "decimal") if whole else (code, "")


def parse_row(cells: dict, decimal: str) -> dict | None:
    """One row -> a record, None when the value is missing; RowError for anything wrong."""
    code, _mangled = district_code(cells.get("district_code"))
    indicator = str(cells.get("indicator", "")).strip()
    if not code or not indicator:
        raise RowError(_("The district code or the indicator is empty."), _("Fill both in, or delete the row."))
    year = parse_year(cells, decimal)
    value = number_or_none(cells, "value", decimal)
    if value is None:
        return None
    return {"code": code, "indicator": indicator, "year": year, "value": value,
            "moe": margin(value, cells, decimal), "sample_size": sample_size(cells, decimal)}


def excel_codes(table: RawTable, path: Path, report: Report) -> set[int]:
    """Codes Excel turned into numbers, named once each kind: rows in scientific notation are
    returned to be skipped (their digits are lost); '75101,0' is read back as 75101."""
    if "district_code" not in table.columns:
        return set()
    index = table.columns.index("district_code")
    kinds: dict[str, list[tuple[int, str]]] = {"scientific": [], "decimal": []}
    for number, cells in table.rows:
        cell = cells[index] if index < len(cells) else ""
        code, kind = district_code(cell)
        if kind and isinstance(cell, str):
            kinds[kind].append((number, cell.strip()))
    if kinds["scientific"]:
        rows, first = [n for n, _cell in kinds["scientific"]], kinds["scientific"][0][1]
        report.error(path, rows_text(rows),
                     _("{count} district code(s) are in scientific notation (e.g. '{code}'): Excel turned the codes into "
                       "numbers and dropped digits, so they cannot be read back.", count=len(rows), code=first),
                     _("In Excel, format the code column as Text before pasting or opening the data (or import the CSV "
                       "with Data > From Text/CSV, column type Text), then export again."))
    if kinds["decimal"]:
        rows, first = [n for n, _cell in kinds["decimal"]], kinds["decimal"][0][1]
        report.warning(path, rows_text(rows),
                       _("{count} district code(s) are written as decimal numbers (e.g. '{code}'); read without the "
                         "decimal part.", count=len(rows), code=first),
                       _("Nothing needed; to silence this, format the code column as Text in Excel and export again."))
    return {n for n, _cell in kinds["scientific"]}


def parse_rows(table: RawTable, path: Path, report: Report) -> pd.DataFrame:
    records, empty = [], []
    width = len(table.columns)
    skipped = excel_codes(table, path, report)
    for number, cells in table.rows:
        if number in skipped:
            continue
        if len(cells) > width:  # trailing separators on every line widen the header too, so this is a real shift
            report.error(path, _("row {row}", row=number), _("{count} cells where the header has {width}.", count=len(cells), width=width),
                         _("A value probably contains the separator '{sep}' (a decimal comma?): put it in quotes or use ';' between cells.",
                           sep=table.delimiter or ","))
            continue
        named = dict(zip(table.columns, cells))
        try:
            record = parse_row(named, table.decimal)
        except RowError as exc:
            report.error(path, _("row {row}", row=number), exc.message, exc.fix)
            continue
        if record is None:
            empty.append(number)
        else:
            records.append({**record, "row": number})
    if empty:
        report.warning(path, rows_text(empty), _("No value; these rows are left out."),
                       _("Nothing needed if the figures are suppressed or unknown (read as no value: an empty cell or {marks}); "
                         "otherwise fill them in.", marks=missing_marks()))
    return pd.DataFrame(records, columns=FIGURE_COLUMNS + ["row"])


def check_indicators(rows: pd.DataFrame, indicators: dict[str, dict], path: Path, report: Report) -> pd.DataFrame:
    """Unknown indicators and values outside the unit's range are errors; the rows are dropped."""
    bad = pd.Series(False, index=rows.index)
    for indicator, group in rows.groupby("indicator"):
        definition = indicators.get(indicator)
        if definition is None:
            report.error(path, rows_text(group["row"]), _("Unknown indicator '{id}'.", id=indicator),
                         _("Define it in city.yaml under indicators, or correct the id. Defined: {known}.",
                           known=", ".join(indicators) or "-"))
            bad[group.index] = True
            continue
        low, high = definition.get("min"), definition.get("max")
        outside = group[(group["value"] < low) | (group["value"] > high)] if low is not None and high is not None else group.iloc[:0]
        for _index, row in outside.iterrows():
            report.error(path, _("row {row}", row=row["row"]),
                         _("The value {value} of '{id}' is outside its range {min} to {max} ({unit}).",
                           value=row["value"], id=indicator, min=low, max=high, unit=definition.get("unit", "")),
                         _("Check the value; shares in percent are 0-100, not 0-1. If the range is wrong, change min/max in city.yaml."))
        bad[outside.index] = True
        warn_fractions(group["value"], indicator, definition, path, report)
    for indicator in sorted(set(indicators) - set(rows["indicator"])):
        report.warning(path, "", _("The indicator '{id}' is defined in city.yaml but has no figures.", id=indicator),
                       _("Add its figures, or remove its definition."))
    return rows[~bad]


def warn_fractions(values: pd.Series, indicator: str, definition: dict, path: Path, report: Report) -> None:
    """Every value between 0 and 1 for a wider range: most often shares written as fractions."""
    low, high = definition.get("min"), definition.get("max")
    if not isinstance(high, (int, float)) or high <= 1 or values.empty:
        return
    if values.between(0, 1).all() and ((values > 0) & (values < 1)).any():
        report.warning(path, "", _("All {count} values of '{id}' lie between 0 and 1, though its range is {min} to {max} ({unit}): "
                                   "they look like fractions.", count=len(values), id=indicator, min=low, max=high,
                                   unit=definition.get("unit", "")),
                       _("If they are shares, multiply them by 100 to give percentages (0.25 -> 25); if the unit really is "
                         "0 to 1, set min: 0 and max: 1 in city.yaml."))


def check_duplicates(rows: pd.DataFrame, path: Path, report: Report) -> pd.DataFrame:
    key = ["code", "indicator", "year"]
    duplicated = rows[rows.duplicated(key, keep=False)]
    for (code, indicator, year), group in duplicated.groupby(key):
        report.error(path, rows_text(group["row"]),
                     _("District {code}, indicator '{id}', year {year} appears more than once.", code=code, id=indicator, year=year),
                     _("Keep one row per district, indicator and year."))
    return rows.drop_duplicates(key, keep=False)


def padded_match(code: str, boundary_codes: set[str]) -> str | None:
    """Excel drops leading zeros ('01' -> '1'): find the boundary code the table code lost them from."""
    for known in boundary_codes:
        if known.lstrip("0") == code.lstrip("0") and known != code:
            return known
    return None


def check_codes(rows: pd.DataFrame, boundary_codes: set[str], files: tuple[Path, Path], report: Report) -> pd.DataFrame:
    """Codes in the table but not in the boundaries: errors. Districts without figures: one warning."""
    figures_path, boundaries_path = files
    unknown = rows[~rows["code"].isin(boundary_codes)]
    for code, group in unknown.groupby("code"):
        twin = padded_match(code, boundary_codes)
        fix = (_("The boundaries have '{twin}': the leading zeros were probably lost (Excel does this). Format the column as text.", twin=twin)
               if twin else _("Correct the code, or add the district to the boundaries."))
        report.error(figures_path, rows_text(group["row"]), _("The district code '{code}' is not in the boundaries.", code=code), fix)
    without = sorted(boundary_codes - set(rows["code"]))
    if without:
        report.warning(boundaries_path, "", _("{count} district(s) have no figures: {codes}.", count=len(without), codes=listed(without)),
                       _("Nothing needed: they are shown as 'no data'. Otherwise add their rows to the figures table."))
    return rows[rows["code"].isin(boundary_codes)]


def read_figures(path: Path, indicators: dict[str, dict] | None, boundaries: tuple[set[str], Path] | None, report: Report,
                 options: dict | None = None) -> pd.DataFrame:
    """Every check on the figures table; returns the rows that passed, as `code, indicator, year, value, moe, sample_size`.
    `options` is city.yaml's `figures:` section (layout, year for a wide table).
    `indicators` and `boundaries` (codes, file) are None when their file could not be read:
    those checks are then skipped rather than flagging every row."""
    table = read_table(path, report)
    if table is not None and indicators is not None:
        table = long_table(table, indicators, options or {}, path, report)
    if table is None or not check_header(table, path, report):
        return empty_figures()
    rows = parse_rows(table, path, report)
    if indicators is not None:
        rows = check_indicators(rows, indicators, path, report)
    rows = check_duplicates(rows, path, report)
    if boundaries is not None:
        rows = check_codes(rows, boundaries[0], (path, boundaries[1]), report)
    rows = rows[FIGURE_COLUMNS].reset_index(drop=True)
    rows["year"] = rows["year"].astype("int64")
    rows["moe"] = pd.to_numeric(rows["moe"]).astype("float64")
    rows["sample_size"] = rows["sample_size"].astype("Int64")
    return rows
