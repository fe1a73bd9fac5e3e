"""Readers for the tabular sources (Eurostat, DESI, OWID, Breitbandatlas, IFN, DERI, Barcelona)."""
from __future__ import annotations

from decimal import Decimal

import csv
import gzip
import math
import re
from pathlib import Path

import pandas as pd

from atlas.errors import SourceError

OBS_COLUMNS = ["key", "geo", "year", "value", "flag"]
EUROSTAT_FLAGS = set("bcdefnpsuz")
_CELL = re.compile(r"^\s*(?P<value>:|-?\d+(?:\.\d+)?)\s*(?P<flag>[a-z]*)\s*$")


def parse_eurostat_cell(cell: str) -> tuple[float | None, str]:
    """'6.19 b' -> (6.19, 'b'); ': u' -> (None, 'u'); ': ' -> (None, ''). Raises ValueError."""
    match = _CELL.match(cell)
    if not match or not set(match["flag"]) <= EUROSTAT_FLAGS:
        raise ValueError(f"not a Eurostat value: {cell!r}")
    value = None if match["value"] == ":" else float(match["value"])
    return value, match["flag"]


def read_eurostat_tsv(path: Path, spec: dict) -> pd.DataFrame:
    """Eurostat SDMX-TSV: `freq,indic_is,unit,geo\\TIME_PERIOD` then one column per year; also the older
    bulk layout (`indic_ur,unit,cities\\time`, gzipped). The key is the indicator code, else the unit
    (a table with one indicator, such as isoc_r_broad_h); the geography is the last dimension."""
    try:
        return _read_eurostat_tsv(path)
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"byte {exc.start}", f"not UTF-8 text: {exc.reason}") from None
    except (EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(path, "", f"not a readable gzip file: {exc}") from None


def _open_text(path: Path):
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _read_eurostat_tsv(path: Path) -> pd.DataFrame:
    rows = []
    with _open_text(path) as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if not header or not header[0].endswith(("\\TIME_PERIOD", "\\time")):
            raise SourceError(path, "line 1", "not a Eurostat TSV header (expected '...,geo\\TIME_PERIOD')")
        dims = header[0].split("\\")[0].split(",")
        try:
            years = [int(h.strip()) for h in header[1:]]
        except ValueError:
            raise SourceError(path, "line 1", f"year columns are not years: {header[1:4]}") from None
        for line_no, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise SourceError(path, f"line {line_no}", f"{len(row)} cells, expected {len(header)} (truncated?)")
            keys = dict(zip(dims, row[0].split(",")))
            key = keys.get("indic_is") or keys.get("indic_ur") or keys.get("unit", "")
            for year, cell in zip(years, row[1:]):
                try:
                    value, flag = parse_eurostat_cell(cell)
                except ValueError as exc:
                    raise SourceError(path, f"line {line_no}, {year}", str(exc)) from None
                if value is not None or flag:
                    rows.append((key, keys[dims[-1]], year, value, flag))
    return pd.DataFrame(rows, columns=OBS_COLUMNS)


def read_eurostat_answer_shares(path: Path, spec: dict) -> pd.DataFrame:
    """A perception survey item in the bulk TSV: the answer shares as published, plus each sum the
    catalogue asks for (`sums`: key -> the answer keys it adds, e.g. strongly + somewhat agree).
    A sum is left out where one of its parts is missing; it carries the flags of its parts."""
    raw = read_eurostat_tsv(path, spec)
    parts = [raw]
    for sum_key, answers in (spec.get("sums") or {}).items():
        rows = raw[raw["key"].isin(answers) & raw["value"].notna()]
        grouped = rows.groupby(["geo", "year"])
        total = grouped.agg(value=("value", "sum"), count=("value", "size"),
                            flag=("flag", lambda flags: "".join(sorted(set("".join(flags)))))).reset_index()
        total = total[total["count"] == len(answers)].drop(columns="count")
        parts.append(total.assign(key=sum_key, value=total["value"].round(2))[OBS_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def read_csv_source(path: Path, **kwargs) -> pd.DataFrame:
    """pandas.read_csv, with an unreadable, empty, wrongly encoded or cut-short file reported as a
    SourceError naming it."""
    try:
        frame = pd.read_csv(path, **kwargs)
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"byte {exc.start}", f"cannot be read as CSV: not UTF-8 text ({exc.reason})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, EOFError, OSError) as exc:
        raise SourceError(path, "", f"cannot be read as CSV: {exc}") from None
    _check_not_cut(path, frame)
    return frame


def _check_not_cut(path: Path, frame: pd.DataFrame) -> None:
    """pandas fills a short last row with NaN; a file that stops mid-row (its last line short of
    cells and no final line break) has been cut off, as a failed download or copy leaves it."""
    if frame.empty or Path(path).suffix not in (".csv", ".tsv", ".txt"):
        return
    with open(path, "rb") as f:
        f.seek(-1, 2)
        ends_with_break = f.read(1) in (b"\n", b"\r")
    if not ends_with_break and frame.iloc[-1].isna().iloc[-1]:
        raise SourceError(path, f"line {len(frame) + 1}", "the last line stops short of its cells (truncated?)")


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a UTF-8 text file, stripped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"byte {exc.start}", f"not UTF-8 text: {exc.reason}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _read_csv(path: Path, required: list[str], **kwargs) -> pd.DataFrame:
    frame = read_csv_source(path, **kwargs)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceError(path, "header", f"missing column(s): {', '.join(missing)}")
    return frame


def _numeric(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Numbers, with the first unparsable cell reported by its line (header = line 1)."""
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna() & (frame[column].astype(str).str.strip() != "")
    if bad.any():
        first = bad.idxmax()
        raise SourceError(path, f"line {first + 2}, column {column}", f"not a number: {frame[column][first]!r}")
    return values


def _long(frame: pd.DataFrame, path: Path, geo: str, year, value_columns: list[str]) -> pd.DataFrame:
    """Wide columns -> one row per (column, geo, year)."""
    parts = []
    for column in value_columns:
        values = _numeric(frame, column, path)
        part = pd.DataFrame({"key": column, "geo": frame[geo].astype(str), "year": year, "value": values, "flag": ""})
        parts.append(part.dropna(subset=["value"]))
    return pd.concat(parts, ignore_index=True)


def read_geo_year_value_csv(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["geo", "year", "value"])
    out = pd.DataFrame({"key": "I_IDAY", "geo": frame["geo"], "year": _numeric(frame, "year", path).astype(int),
                        "value": _numeric(frame, "value", path), "flag": ""})
    return out.dropna(subset=["value"])


def read_dskl_degurba_csv(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["geo", "ind_type", "year", "value"])
    return pd.DataFrame({"key": frame["ind_type"], "geo": frame["geo"],
                         "year": _numeric(frame, "year", path).astype(int),
                         "value": _numeric(frame, "value", path), "flag": ""}).dropna(subset=["value"])


DESI_PERCENT_UNITS = ("pc_hh_all", "pc_ind_ilt12", "pc_hh", "pc_ind")


def read_desi_csv(path: Path, spec: dict) -> pd.DataFrame:
    """DESI export: one row per indicator, breakdown and unit; sub-score rows (pc_desi*) are dropped.
    Shares come as fractions 0-1 and are turned into percent; scores stay as they are."""
    frame = _read_csv(path, ["time_period", "ref_area", "indicator", "breakdown", "unit_measure", "value"])
    frame = frame.dropna(subset=["indicator"])  # 1,680 blank rows in the 2022 export
    frame = frame[~frame["unit_measure"].str.startswith("pc_desi")]
    value = _numeric(frame.reset_index(drop=True), "value", path)
    frame = frame.reset_index(drop=True)
    percent = frame["unit_measure"].isin(DESI_PERCENT_UNITS)
    value = value.where(~percent, value.map(_times_100))
    geo = frame["ref_area"].replace({"EU": "EU27_2020"})
    return pd.DataFrame({"key": frame["indicator"], "geo": geo, "year": frame["time_period"].astype(int),
                         "value": value, "flag": frame.get("flag", pd.Series("", index=frame.index)).astype(object).fillna("")}
                        ).dropna(subset=["value"])


def _times_100(value: float) -> float:
    """0.749 -> 74.9, with the published digits (value * 100 gives 74.92999999999999)."""
    return float(Decimal(repr(value)).scaleb(2)) if value == value else value


ISO3_TO_EUROSTAT = {"GBR": "UK", "GRC": "EL", "OWID_KOS": "XK"}


def read_owid(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["Entity", "Code", "Year"])
    value_col = [c for c in frame.columns if c not in ("Entity", "Code", "Year")]
    if len(value_col) != 1:
        raise SourceError(path, "header", "expected one value column")
    frame = frame.dropna(subset=["Code"])
    geo = frame["Code"].map(lambda c: ISO3_TO_EUROSTAT.get(c, _ISO3.get(c)))
    out = pd.DataFrame({"key": "internet_users", "geo": geo, "year": frame["Year"].astype(int),
                        "value": _numeric(frame.reset_index(drop=True), value_col[0], path).values, "flag": ""})
    return out.dropna(subset=["geo", "value"])


# ISO 3166 alpha-3 -> alpha-2 for the European countries the atlas shows (members' countries and neighbours).
_ISO3 = dict(
    AUT="AT", BEL="BE", BGR="BG", HRV="HR", CYP="CY", CZE="CZ", DNK="DK", EST="EE", FIN="FI", FRA="FR",
    DEU="DE", HUN="HU", IRL="IE", ITA="IT", LVA="LV", LTU="LT", LUX="LU", MLT="MT", NLD="NL", POL="PL",
    PRT="PT", ROU="RO", SVK="SK", SVN="SI", ESP="ES", SWE="SE", NOR="NO", ISL="IS", CHE="CH", LIE="LI",
    ALB="AL", BIH="BA", MNE="ME", MKD="MK", SRB="RS", TUR="TR", UKR="UA", MDA="MD", GEO="GE", ARM="AM",
    AZE="AZ",
)


def read_breitbandatlas_kreise(path: Path, spec: dict) -> pd.DataFrame:
    """One vintage file: `;`-separated, key `ags` (5-digit Kreis). Year and period from the file name."""
    frame = _read_csv(path, ["ags"], sep=";", dtype={"ags": str})
    vintage = re.search(r"(\d{4})_([12])\.csv$", str(path))
    if not vintage:
        raise SourceError(path, "file name", "expected landkreis_privat_<year>_<1|2>.csv")
    year, half = int(vintage[1]), vintage[2]
    columns = [c for c in ("verf_300_1000", "verf_ftth_1000") if c in frame.columns]
    out = _long(frame, path, "ags", year, columns)
    out["geo"] = "de_kreis:" + out["geo"].str.zfill(5)
    out["period"] = f"{year}-06" if half == "1" else f"{year}-12"
    return out


def read_breitbandatlas_bezirke(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["AGS", "vintage"], dtype={"AGS": str})
    columns = ["alle Technologien ≥ 1000 Mbit/s", "FTTH/B ≥ 1000 Mbit/s"]
    parts = []
    for vintage, rows in frame.groupby("vintage"):
        part = _long(rows.reset_index(drop=True), path, "AGS", int(str(vintage)[:4]), [c for c in columns if c in rows])
        part["period"] = vintage
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["geo"] = "de_bezirk:" + out["geo"]
    return out


IFN_COLUMNS = ["score_global", "acces_interfaces_numeriques", "acces_information",
               "competences_administratives", "competences_numeriques_scolaires"]


def read_ifn_csv(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["code_iris", *IFN_COLUMNS], dtype={"code_iris": str})
    if frame["code_iris"].duplicated().any():
        dup = frame["code_iris"][frame["code_iris"].duplicated()].iloc[0]
        raise SourceError(path, f"code_iris {dup}", "duplicate IRIS code")
    out = _long(frame, path, "code_iris", 2020, IFN_COLUMNS)
    out["geo"] = "fr_iris:" + out["geo"].str.zfill(9)
    return out


DERI_COLUMNS = ["deri_score_national", "demography_comp_national", "broadband_comp_national",
                "deprivation_comp_national"]


def read_deri_csv(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["lsoa11_code", *DERI_COLUMNS])
    out = _long(frame, path, "lsoa11_code", 2022, DERI_COLUMNS)
    out["geo"] = "gm_lsoa:" + out["geo"]
    return out


BCN_COLUMNS = ["pct_household_internet", "pct_has_smartphone", "pct_never_used_internet",
               "pct_eadmin_procedure_online", "pct_usage_type_sporadic_or_not_connected"]


def survey_margin_of_error(percent: float, n: float) -> float:
    """Approximate 95% margin of error, in points, under simple random sampling."""
    p = percent / 100
    return round(196 * math.sqrt(p * (1 - p) / n), 1)


def read_bcn_survey_csv(path: Path, spec: dict) -> pd.DataFrame:
    frame = _read_csv(path, ["level", "district_code", "gran_barri_code", "n_interviews", *BCN_COLUMNS])
    frame = frame[frame["level"].isin(["district", "gran_barri"])].reset_index(drop=True)
    code = frame["district_code"].where(frame["level"] == "district", frame["gran_barri_code"])
    layer = frame["level"].map({"district": "bcn_districte", "gran_barri": "bcn_gran_barri"})
    frame["geo"] = layer + ":" + code.astype(float).astype(int).astype(str)
    out = _long(frame, path, "geo", 2016, BCN_COLUMNS)
    n = _numeric(frame, "n_interviews", path)
    sizes = dict(zip(frame["geo"], n))
    out["n"] = out["geo"].map(sizes)
    out["moe"] = [survey_margin_of_error(v, s) for v, s in zip(out["value"], out["n"])]
    out["period"] = "2016-01"
    return out


TABULAR_READERS = {
    "eurostat_tsv": read_eurostat_tsv,
    "eurostat_answer_shares": read_eurostat_answer_shares,
    "geo_year_value_csv": read_geo_year_value_csv,
    "dskl_degurba_csv": read_dskl_degurba_csv,
    "desi_csv": read_desi_csv,
    "owid_csv": read_owid,
    "breitbandatlas_kreise": read_breitbandatlas_kreise,
    "breitbandatlas_bezirke": read_breitbandatlas_bezirke,
    "ifn_csv": read_ifn_csv,
    "deri_csv": read_deri_csv,
    "bcn_survey_csv": read_bcn_survey_csv,
}
