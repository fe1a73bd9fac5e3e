"""Readers for the two ONS workbooks (.xlsx): Internet users, UK: 2020 (non-users by NUTS 3, with
2020 confidence intervals) and the Census 2021 online share of household responses by LSOA."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

from atlas.errors import SourceError

NON_USERS = "non_users"  # Table 6B's "Used over 3 months ago/Never used": lapsed + never used
ONLINE_SHARE = "online_share"


def _sheet_rows(path: Path, sheet: str) -> list[tuple]:
    """The cell values of one sheet, row by row; an unreadable workbook or a missing sheet is a SourceError."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SourceError(path, "", f"cannot be read as an .xlsx workbook: {exc}") from None
    try:
        if sheet not in book.sheetnames:
            raise SourceError(path, f"sheet {sheet}", f"missing (sheets: {', '.join(book.sheetnames)})")
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def _number(cell) -> float | None:
    """ONS writes '-' for not available."""
    return float(cell) if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def _geo(code, name) -> str | None:
    """'UK' (the UK row has its name only), NUTS 1 (UKD) and NUTS 3 (UKD33) codes. Four-character codes
    (UKM4, UKM6: Highlands and Islands, a NUTS 2 region inside a NUTS 3 table) are left out."""
    code = str(code or "").strip()
    if not code and str(name or "").strip() == "UK":
        return "UK"
    return code if len(code) in (3, 5) and code.startswith("UK") else None


def read_ons_internet_users(path: Path, spec: dict) -> pd.DataFrame:
    """Table 6B's non-user share 2014-2020 per area, with Table 9B's 2020 95% interval as `moe`
    (half its width: ONS's intervals are symmetric; a lower limit below zero is printed '-')."""
    rows = _sheet_rows(path, "6b")
    header = next((i for i, r in enumerate(rows) if r and r[0] == "NUTS Code"), None)
    if header is None or list(rows[header][11:18]) != list(range(2014, 2021)):
        raise SourceError(path, "sheet 6b", "expected a 'NUTS Code' row with the non-user years 2014-2020 in columns L-R")
    out = []
    for line, row in enumerate(rows[header + 1:], start=header + 2):
        geo = _geo(row[0], row[1]) if len(row) > 17 else None
        for year, cell in zip(range(2014, 2021), row[11:18]):
            if geo and _number(cell) is not None:
                out.append({"key": NON_USERS, "geo": geo, "year": year, "value": _number(cell), "flag": "", "line": line})
    frame = pd.DataFrame(out)
    if frame.empty:
        raise SourceError(path, "sheet 6b", "no non-user figures found")
    if frame.duplicated(["geo", "year"]).any():
        raise SourceError(path, "sheet 6b", f"code {frame[frame.duplicated(['geo', 'year'])].iloc[0]['geo']} listed twice")
    intervals = _intervals(path)
    frame["moe"] = [_moe(path, intervals, r) for r in frame.itertuples()]
    frame["period"] = frame["year"].astype(str) + "-Q1"
    return frame.drop(columns="line")


def _intervals(path: Path) -> dict[str, tuple]:
    """Table 9B: code -> (lower, estimate, upper), from its two side-by-side column blocks."""
    found = {}
    for row in _sheet_rows(path, "9b")[5:]:
        for block in (row[0:5], row[6:11]):
            if len(block) == 5 and _geo(block[0], block[1]) and _number(block[3]) is not None:
                found[_geo(block[0], block[1])] = (_number(block[2]), _number(block[3]), _number(block[4]))
    return found


def _moe(path: Path, intervals: dict, row) -> float | None:
    if row.year != 2020 or row.geo not in intervals:
        return None
    lower, estimate, upper = intervals[row.geo]
    if estimate != row.value:
        raise SourceError(path, f"sheet 9b, {row.geo}", f"estimate {estimate} differs from sheet 6b ({row.value})")
    return round(upper - estimate, 1) if upper is not None else None


CENSUS_SHEET = "Online_Share_England&Wales"
CENSUS_COLUMNS = ["LSOA Code", "Paper First", "Online share of returns"]


def read_ons_census_online(path: Path, spec: dict) -> pd.DataFrame:
    """Online share of household returns (fraction -> %), by LSOA 2011. Paper-first LSOAs (sent paper
    questionnaires first, so not comparable) are kept without a value, flagged 'd' (definition differs)."""
    rows = _sheet_rows(path, CENSUS_SHEET)
    header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
    missing = [c for c in CENSUS_COLUMNS if c not in header]
    if missing:
        raise SourceError(path, f"sheet {CENSUS_SHEET}, row 1", f"missing column(s): {', '.join(missing)}")
    code, paper, share = (header.index(c) for c in CENSUS_COLUMNS)
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or row[code] is None:
            continue
        value = _number(row[share])
        if value is None or not 0 <= value <= 1:
            raise SourceError(path, f"sheet {CENSUS_SHEET}, row {line}", f"online share is not a fraction 0-1: {row[share]!r}")
        paper_first = str(row[paper]).strip() == "Yes"
        out.append({"key": ONLINE_SHARE, "geo": str(row[code]).strip(), "year": 2021,
                    "value": None if paper_first else round(value * 100, 1), "flag": "d" if paper_first else ""})
    frame = pd.DataFrame(out)
    if frame.empty or frame["geo"].duplicated().any():
        raise SourceError(path, f"sheet {CENSUS_SHEET}", "no LSOA rows, or an LSOA listed twice")
    frame["period"] = "2021-03"
    return frame
