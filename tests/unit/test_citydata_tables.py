"""Reading figures tables as cities write them: encodings, separators and decimal marks
(atlas.citydata.tables). Inputs are synthetic strings."""
from __future__ import annotations

import pytest

from atlas.citydata.tables import AmbiguousNumber, choose_delimiter, decode, normalise_header, parse_number

EXPECTED = {"district_code", "indicator", "year", "value", "moe"}


@pytest.mark.parametrize("raw, text, encoding", [
    ("Liège;Ørestad".encode("utf-8"), "Liège;Ørestad", "UTF-8"),
    (b"\xef\xbb\xbf" + "Liège".encode("utf-8"), "Liège", "UTF-8 with BOM"),
    ("Liège".encode("utf-16"), "Liège", "UTF-16"),
    ("Liège".encode("latin-1"), "Liège", "Latin-1"),
    ("l’été – 5 €".encode("cp1252"), "l’été – 5 €", "Windows-1252"),
    (b"caf\xe9 \x81", "café \x81", "Latin-1"),  # 0x81 is undefined in Windows-1252
])
def test_decode_detects_the_encoding(raw, text, encoding):
    assert decode(raw) == (text, encoding)


@pytest.mark.parametrize("header, delimiter", [
    ("district_code;indicator;year;value", ";"),
    ("district_code,indicator,year,value", ","),
    ("district_code\tindicator\tyear\tvalue", "\t"),
    ("district_code|indicator|year|value", "|"),
    ('"district_code";"indicator";"year";"value, in %"', ";"),
])
def test_delimiter_is_chosen_from_the_header(header, delimiter):
    assert choose_delimiter(header, EXPECTED) == delimiter


def test_headers_are_matched_loosely():
    assert [normalise_header(h) for h in ["District code", "INDICATOR", " Remarque ", "n", "Margin of error"]] == \
        ["district_code", "indicator", "remarque", "sample_size", "moe"]


@pytest.mark.parametrize("headers", [
    ["Code IRIS", "Indicateur", "Année", "Valeur", "Marge d'erreur", "Effectif"],             # French
    ["Stadtteil", "Indikator", "Jahr", "Wert", "Fehlermarge", "Stichprobengröße"],          # German
    ["Wijkcode", "Indicator", "Jaar", "Waarde", "Foutmarge", "Steekproefomvang"],           # Dutch
    ["Código barrio", "Indicador", "Año", "Valor", "Margen de error", "Tamaño de la muestra"],  # Spanish
    ["Codice quartiere", "Indicatore", "Anno", "Valore", "Margine di errore", "Campione"],  # Italian
    ["Kod dzielnicy", "Wskaźnik", "Rok", "Wartość", "Margines błędu", "Liczebność próby"],  # Polish
])
def test_headers_in_the_members_languages(headers):
    assert [normalise_header(h) for h in headers] == ["district_code", "indicator", "year", "value", "moe", "sample_size"]


@pytest.mark.parametrize("cell, decimal", [("101.781", ","), ("1,234", ".")])
def test_a_lone_mark_before_three_digits_is_ambiguous(cell, decimal):
    with pytest.raises(AmbiguousNumber, match=f"'{cell}' could be a whole number with a thousands mark or a decimal number"):
        parse_number(cell, decimal)


@pytest.mark.parametrize("cell, decimal, number", [
    ("12.5", ".", 12.5), ("12,5", ",", 12.5), ("1.234,5", ",", 1234.5), ("1,234.5", ".", 1234.5),
    ("1 234,5", ",", 1234.5), ("1\u202f234,5", ",", 1234.5), ("12,5 %", ",", 12.5), ("-3", ".", -3.0),
    (7, ",", 7.0), (7.25, ".", 7.25),
])
def test_numbers_as_cities_write_them(cell, decimal, number):
    assert parse_number(cell, decimal) == number


@pytest.mark.parametrize("cell, decimal, message", [
    ("12.5", ",", "has a decimal point but the file uses decimal commas"),
    ("12,5", ".", "has a decimal comma but the file uses decimal points"),
    ("about 12", ".", "is not a number"),
    ("inf", ".", "is not a number"),
    (float("nan"), ".", "is not a number"),
])
def test_numbers_that_are_not_read_say_why(cell, decimal, message):
    with pytest.raises(ValueError, match=message):
        parse_number(cell, decimal)
