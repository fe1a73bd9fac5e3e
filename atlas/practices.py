"""What cities do: the practices catalogue and the figures cities report.

Pure functions, no Streamlit. City-reported figures are their own kind of
observation: they use their own definitions, so nothing here mixes them with
statistical indicators.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import yaml

from atlas.i18n import _
from atlas.paths import CATALOGUE_DIR
from atlas.name_keys import fold

PRACTICES_PATH = CATALOGUE_DIR / "practices.yaml"


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet (Babel extracts `N_`).

    Module-level labels are translated when shown, because the language is chosen
    per page run, after this module is imported."""
    return message


THEMES = {
    "devices": N_("Devices"),
    "connectivity": N_("Connectivity"),
    "skills_support": N_("Skills and support"),
    "rights_participation": N_("Rights and participation"),
    "data_evidence": N_("Data and evidence"),
}
KINDS = {"reported_by_city": N_("Reported by the city"), "quoted_in": N_("Quoted in")}

PRACTICE_COLUMNS = ["id", "member_id", "name", "summary", "serves", "theme", "start_year", "figures"]
FIGURE_COLUMNS = ["id", "member_id", "area", "value", "unit", "wording", "describes", "date", "kind", "said_by"]
SOURCE_COLUMNS = ["source_title", "source_publisher", "source_date", "source_url"]
FIRST_YEAR = 1990  # well before any municipal digital-inclusion programme


def theme_label(theme: str) -> str:
    return _(THEMES.get(theme, theme))


def practice_kind_label(kind: str) -> str:
    return _(KINDS.get(kind, kind))


def _read(path: Path | str | None) -> dict:
    with open(path or PRACTICES_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def _frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """One row per record, the nested source flattened into source_* columns."""
    rows = []
    for rec in records:
        row = {c: rec.get(c) for c in columns}
        source = rec.get("source") or {}
        row.update({f"source_{k}": (str(source[k]) if source.get(k) is not None else None)
                    for k in ("title", "publisher", "date", "url")})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns + SOURCE_COLUMNS)


def load_practices(path: Path | str | None = None) -> pd.DataFrame:
    df = _frame(_read(path).get("practices") or [], PRACTICE_COLUMNS)
    df["start_year"] = df["start_year"].astype("Int64")  # nullable: most years are not stated
    df["figures"] = df["figures"].map(lambda f: f or [])
    return df


def load_reported_figures(path: Path | str | None = None) -> pd.DataFrame:
    df = _frame(_read(path).get("reported_figures") or [], FIGURE_COLUMNS)
    df["value"] = pd.to_numeric(df["value"])
    df["date"] = df["date"].map(lambda d: None if d is None else str(d))
    return df


def _is_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_records(records, known_member_ids, required, check_one) -> list[str]:
    """Checks shared by practices and reported figures: id, member, fields, source."""
    problems, seen = [], set()
    for n, rec in enumerate(records, start=1):
        if not isinstance(rec, dict):
            problems.append(_("Entry {n}: not a mapping of fields.", n=n))
            continue
        where = _("Entry {n} ({id})", n=n, id=rec.get("id") or "?")
        if rec.get("id") and rec["id"] in seen:
            problems.append(_("{where}: duplicate id.", where=where))
        seen.add(rec.get("id"))
        for field in required:
            if rec.get(field) in (None, ""):
                problems.append(_("{where}: missing {field}.", where=where, field=field))
        if rec.get("member_id") and rec["member_id"] not in known_member_ids:
            problems.append(_("{where}: unknown member '{member}'.", where=where, member=rec["member_id"]))
        source = rec.get("source")
        if not isinstance(source, dict) or not all(source.get(k) for k in ("title", "publisher", "date")):
            problems.append(_("{where}: missing source (title, publisher and date are needed).", where=where))
        elif not _is_date(source["date"]):
            problems.append(_("{where}: source date '{date}' is not YYYY-MM-DD.", where=where, date=source["date"]))
        problems.extend(check_one(rec, where))
    return problems


def _practice_problems(rec: dict, where: str) -> list[str]:
    problems = []
    if rec.get("theme") and rec["theme"] not in THEMES:
        problems.append(_("{where}: unknown theme '{theme}' (use one of: {themes}).",
                          where=where, theme=rec["theme"], themes=", ".join(THEMES)))
    year = rec.get("start_year")
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool)
                                 and FIRST_YEAR <= year <= dt.date.today().year):
        problems.append(_("{where}: bad start year '{year}' (a year from {first} to now, or empty).",
                          where=where, year=year, first=FIRST_YEAR))
    for fig in rec.get("figures") or []:
        if not (isinstance(fig, dict) and _is_number(fig.get("value")) and fig.get("wording")):
            problems.append(_("{where}: each figure needs a numeric value and its wording.", where=where))
    return problems


def _figure_problems(rec: dict, where: str) -> list[str]:
    problems = []
    if rec.get("value") is not None and not _is_number(rec["value"]):
        problems.append(_("{where}: value '{value}' is not a number.", where=where, value=rec["value"]))
    if rec.get("kind") and rec["kind"] not in KINDS:
        problems.append(_("{where}: unknown kind '{kind}' (use one of: {kinds}).",
                          where=where, kind=rec["kind"], kinds=", ".join(KINDS)))
    if rec.get("kind") == "quoted_in" and not rec.get("said_by"):
        problems.append(_("{where}: a quoted figure needs said_by.", where=where))
    if rec.get("date") is not None and not _is_date(rec["date"]):
        problems.append(_("{where}: date '{date}' is not YYYY-MM-DD.", where=where, date=rec["date"]))
    return problems


def validate_practices(records: list[dict], known_member_ids: set[str]) -> list[str]:
    """Human-readable problems in practice records; empty when all is well.

    Independent of where the records come from, so a city's own practices file
    is checked exactly like the reviewed catalogue."""
    required = ("id", "member_id", "name", "summary", "serves", "theme")
    return _check_records(records, known_member_ids, required, _practice_problems)


def validate_reported_figures(records: list[dict], known_member_ids: set[str]) -> list[str]:
    required = ("id", "member_id", "value", "unit", "wording", "describes", "date", "kind")
    return _check_records(records, known_member_ids, required, _figure_problems)


def practices_for(member_id: str, df: pd.DataFrame) -> pd.DataFrame:
    """The rows of one member (works for practices and reported figures alike)."""
    return df[df["member_id"] == member_id].reset_index(drop=True)


def filter_practices(df: pd.DataFrame, themes=None, countries=None, query: str = "") -> pd.DataFrame:
    """Filter by themes, countries and a search; every word of the query must match.

    Countries need a `country` column: join the members table first (the catalogue
    does not repeat each member's country)."""
    out = df
    if themes:
        out = out[out["theme"].isin(list(themes))]
    if countries:
        if "country" not in out:
            raise KeyError("filter by country needs a 'country' column: join the members first")
        out = out[out["country"].isin(list(countries))]
    words = fold(query or "").split()
    if words:
        cols = [c for c in ("name", "summary", "serves", "member_id", "member_name") if c in out]
        text = out[cols].fillna("").astype(str).agg(" ".join, axis=1).map(fold)
        out = out[text.map(lambda t: all(w in t for w in words))]
    return out.reset_index(drop=True)
