"""Reading a figures table as cities really write it: CSV in UTF-8, UTF-8 with BOM, UTF-16,
Latin-1 or Windows-1252; `,` `;` tab or `|` between cells; decimal points or commas; or XLSX.

The result is raw text and numbers with their spreadsheet row numbers (header = row 1),
so every later message can name the row the analyst sees in Excel.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from atlas.i18n import _
from atlas.name_keys import fold

DELIMITERS = [";", ",", "\t", "|"]
# Bytes 0x80-0x9F that Windows-1252 leaves undefined: their presence means Latin-1 (C1 controls).
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
# Header names in the members' languages (en, fr, de, nl, es, it, pl), written as people write
# them; they are folded like the headers (case, accents, spaces) before matching.
COLUMN_NAMES = {
    "district_code": ["code", "district", "district code", "code IRIS", "IRIS", "quartier", "code quartier",
                      "secteur", "code secteur", "Bezirk", "Stadtteil", "Ortsteil", "Gebiet", "Schlüssel",
                      "Gebietsschlüssel", "wijk", "buurt", "wijkcode", "buurtcode", "gebiedscode", "código",
                      "distrito", "barrio", "código barrio", "código distrito", "codice", "quartiere",
                      "codice quartiere", "zona", "kod", "dzielnica", "osiedle", "kod dzielnicy"],
    "indicator": ["indicateur", "Indikator", "Kennzahl", "indicador", "indicatore", "wskaźnik"],
    "year": ["année", "annee", "Jahr", "jaar", "año", "anno", "rok"],
    "value": ["valeur", "Wert", "waarde", "valor", "valore", "wartość"],
    "moe": ["margin of error", "marge", "marge d'erreur", "Fehlermarge", "Fehlerspanne", "foutmarge",
            "margen", "margen de error", "margine", "margine di errore", "margines błędu"],
    "sample_size": ["n", "effectif", "taille de l'échantillon", "taille échantillon", "Stichprobe",
                    "Stichprobengröße", "Fallzahl", "steekproef", "steekproefomvang", "muestra",
                    "tamaño de la muestra", "tamaño muestra", "campione", "numerosità campionaria",
                    "dimensione campione", "liczebność", "próba", "liczebność próby"],
    "lat": ["latitude", "Breite", "breedtegraad", "latitud", "latitudine", "szerokość"],
    "lon": ["longitude", "lng", "long", "Länge", "lengtegraad", "longitud", "longitudine", "długość"],
    "name": ["nom", "Name", "naam", "nombre", "nome", "nazwa"],
    "kind": ["type", "Art", "soort", "tipo", "typ", "rodzaj"],
    "hours": ["opening hours", "opening_hours", "horaires", "Öffnungszeiten", "openingstijden", "horario", "orari", "godziny otwarcia"],
    "url": ["website", "site web", "site", "Webseite", "web", "sitio web", "sito web", "strona"],
    "lower": ["lower bound"],
    "upper": ["upper bound"],
}
# Blanks and statistical offices' marks for a suppressed or unknown value: read as "no value".
MISSING_MARKS = ["", "NA", "N/A", "NaN", "null", "-", "–", "—", ".", "..", ":", "s", "nd", "n.d.", "x", "c", "*"]
MISSING = {mark.lower() for mark in MISSING_MARKS}

_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,(\d{1,2}|\d{4,})%?$")
_POINT_DECIMAL = re.compile(r"^[+-]?\d+\.(\d{1,2}|\d{4,})%?$")
_POINT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
# One mark followed by exactly three digits: '101.781' is 101781 or 101,781 depending on the writer.
_AMBIGUOUS = {",": re.compile(r"^[+-]?\d{1,3}\.\d{3}$"), ".": re.compile(r"^[+-]?\d{1,3},\d{3}$")}


class AmbiguousNumber(ValueError):
    """A cell whose one mark could be a thousands separator or a decimal mark."""


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why, the fix what to do."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass
class RawTable:
    columns: list[str]                 # normalised header names
    rows: list[tuple[int, list]]       # (spreadsheet row number, cells)
    encoding: str = ""                 # "" for XLSX
    delimiter: str = ""
    decimal: str = "."


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). Never fails: Latin-1 decodes anything."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    c1_bytes = {b for b in data if 0x80 <= b <= 0x9F}
    if c1_bytes and not c1_bytes & CP1252_UNDEFINED:
        return data.decode("cp1252"), "Windows-1252"
    return data.decode("latin-1"), "Latin-1"


def header_key(name) -> str:
    return fold(str(name or "")).replace(" ", "_")


HEADER_ALIASES = {header_key(alias): column for column, aliases in COLUMN_NAMES.items() for alias in aliases}


def normalise_header(name) -> str:
    key = header_key(name)
    return HEADER_ALIASES.get(key, key)


def choose_delimiter(first_line: str, expected: set[str]) -> str:
    """The delimiter under which the header names the most expected columns (then: most cells)."""
    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return len({normalise_header(c) for c in cells} & expected), len(cells)
    return max(DELIMITERS, key=score)


def read_csv_table(path: Path, expected: set[str]) -> RawTable:
    text, encoding = decode(path.read_bytes())
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise TableError(_("The file is empty."), _("Export the figures table again; it needs a header row and data rows."))
    delimiter = choose_delimiter(first, expected)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, rows = None, []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [normalise_header(c) for c in cells]
            else:
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise TableError(_("Row {row} cannot be read: {detail}.", row=reader.line_num, detail=str(exc)),
                         _("Look for an unclosed quote near that row.")) from None
    table = RawTable(header, rows, encoding=encoding, delimiter=delimiter)
    table.decimal = guess_decimal(table, ["value", "moe", "lower", "upper"])
    return table


def read_xlsx_table(path: Path) -> tuple[RawTable, str | None]:
    """The sheet called 'figures', else the first one. Returns the table and a note when a
    workbook has several sheets and the first was taken."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-XLSX file
        raise TableError(_("The workbook cannot be opened: {detail}.", detail=str(exc) or type(exc).__name__),
                         _("Save it again from your spreadsheet program as .xlsx, or export it as CSV.")) from None
    sheets = {fold(name): name for name in book.sheetnames}
    name = sheets.get("figures", book.sheetnames[0])
    note = None if "figures" in sheets or len(book.sheetnames) == 1 else name
    header, rows = None, []
    for number, values in enumerate(book[name].iter_rows(values_only=True), start=1):
        cells = ["" if v is None else v for v in values]
        if not any(str(c).strip() for c in cells):
            continue
        if header is None:
            header = [normalise_header(c) for c in cells]
        else:
            rows.append((number, cells))
    book.close()
    if header is None:
        raise TableError(_("The sheet '{sheet}' is empty.", sheet=name),
                         _("Put the header row and the figures on the first sheet, or name the sheet 'figures'."))
    table = RawTable(header, rows)
    table.decimal = guess_decimal(table, ["value", "moe", "lower", "upper"])
    return table, note


def guess_decimal(table: RawTable, columns: list[str]) -> str:
    """',' when the number cells written as text use decimal commas more than points.
    '1,234' says nothing on its own; in a ';' file it is read as a decimal comma, as exports do."""
    commas = points = ambiguous = 0
    for index in [table.columns.index(c) for c in columns if c in table.columns]:
        for _row, cells in table.rows:
            cell = cells[index] if index < len(cells) else ""
            if not isinstance(cell, str):
                continue
            text = compact(cell)
            commas += bool(_COMMA_DECIMAL.match(text))
            points += bool(_POINT_DECIMAL.match(text))
            ambiguous += bool(re.match(r"^[+-]?\d{1,3},\d{3}$", text))
    if commas != points:
        return "," if commas > points else "."
    return "," if ambiguous and table.delimiter in (";", "\t") else "."


def compact(text: str) -> str:
    """Drop the spaces and apostrophes people use as thousands separators."""
    return re.sub(r"[\s\u00a0\u202f'’]", "", text)


def is_missing(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip().lower() in MISSING) or cell != cell


def parse_number(cell, decimal: str) -> float:
    """A cell -> float under the file's decimal mark. Raises ValueError with a message to show."""
    if isinstance(cell, bool):
        raise ValueError(_("'{cell}' is not a number", cell=cell))
    if isinstance(cell, (int, float)) and math.isfinite(cell):
        return float(cell)
    text = compact(str(cell)).removesuffix("%")
    if _AMBIGUOUS[decimal].match(text):
        raise AmbiguousNumber(_("'{cell}' could be a whole number with a thousands mark or a decimal number; "
                                "the file otherwise uses decimal {marks}", cell=cell,
                                marks=_("commas") if decimal == "," else _("points")))
    if decimal == ",":
        if "." in text and not _POINT_THOUSANDS.match(text):
            raise ValueError(_("'{cell}' has a decimal point but the file uses decimal commas", cell=cell))
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if not _COMMA_THOUSANDS.match(text):
            raise ValueError(_("'{cell}' has a decimal comma but the file uses decimal points", cell=cell))
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(_("'{cell}' is not a number", cell=cell)) from None
    if not math.isfinite(number):  # float() accepts 'inf' and 'nan'
        raise ValueError(_("'{cell}' is not a number", cell=cell))
    return number
