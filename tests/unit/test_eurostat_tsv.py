"""Eurostat SDMX-TSV: cells with flags and `:`, and errors that name the file and the line.

The TSV snippets are synthetic, written in the format of the real isoc_r_iuse_i extracts
(tab-separated, a trailing space after each cell); the values are invented.
"""
from __future__ import annotations

import math

import pytest

from atlas.readers.tabular import parse_eurostat_cell, read_eurostat_tsv
from atlas.errors import SourceError

HEADER = "freq,indic_is,unit,geo\\TIME_PERIOD\t2023 \t2024 \t2025 "


def write_tsv(tmp_path, *rows: str, header: str = HEADER, name="synthetic.tsv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("cell, expected", [
    ("6.19 b", (6.19, "b")),
    ("3.11 u", (3.11, "u")),
    ("12.50 ", (12.5, "")),
    ("0", (0.0, "")),
    (": u", (None, "u")),
    (": ", (None, "")),
    (":", (None, "")),
    ("4.2 bu", (4.2, "bu")),
    ("7.75 e", (7.75, "e")),
    ("1.25 p", (1.25, "p")),
])
def test_cell_gives_value_and_flag(cell, expected):
    """A cell is a number or `:`, then optional flag letters after a space."""
    assert parse_eurostat_cell(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "6,19", "6.19 X", "6.19 q", "--1", "", "1.2.3", "6.19 b u"])
def test_garbage_cell_is_refused(cell):
    """Anything else is a ValueError, never a silent NaN or a made-up zero."""
    with pytest.raises(ValueError, match="not a Eurostat value"):
        parse_eurostat_cell(cell)


def test_reader_keeps_values_flags_and_flag_only_cells(tmp_path):
    """`6.19 b` keeps its flag, `: u` is kept as a flag without value, `: ` is dropped."""
    path = write_tsv(tmp_path,
                     "A,I_IUX,PC_IND,ZZ1\t6.19 b\t: u\t: ",
                     "A,I_IUX,PC_IND,ZZ12\t1.25 \t2.75 \t3.25 ")
    frame = read_eurostat_tsv(path, {})
    assert list(frame.columns) == ["key", "geo", "year", "value", "flag"]
    rows = {(r.geo, r.year): (r.value, r.flag) for r in frame.itertuples()}
    assert rows[("ZZ1", 2023)] == (6.19, "b")
    value, flag = rows[("ZZ1", 2024)]
    assert math.isnan(value) and flag == "u"
    assert ("ZZ1", 2025) not in rows
    assert [rows[("ZZ12", y)] for y in (2023, 2024, 2025)] == [(1.25, ""), (2.75, ""), (3.25, "")]
    assert set(frame["key"]) == {"I_IUX"}


def test_garbage_cell_names_file_line_and_year(tmp_path):
    """The error says which file, which line (header = line 1) and which year column."""
    path = write_tsv(tmp_path, "A,I_IUX,PC_IND,ZZ1\t1.0 \t2.0 \t3.0 ", "A,I_IUX,PC_IND,ZZ2\t1.0 \tn/a \t3.0 ")
    with pytest.raises(SourceError) as err:
        read_eurostat_tsv(path, {})
    assert err.value.file == str(path)
    assert err.value.where == "line 3, 2024"
    assert "n/a" in err.value.problem
    assert str(path) in str(err.value)


def test_truncated_row_names_the_line(tmp_path):
    """A row cut short (a broken download) is an error, not a row with fewer years."""
    path = write_tsv(tmp_path, "A,I_IUX,PC_IND,ZZ1\t1.0 \t2.0 \t3.0 ", "A,I_IUX,PC_IND,ZZ2\t1.0 ")
    with pytest.raises(SourceError) as err:
        read_eurostat_tsv(path, {})
    assert err.value.where == "line 3"
    assert "2 cells, expected 4" in err.value.problem


def test_row_with_extra_cells_is_an_error(tmp_path):
    path = write_tsv(tmp_path, "A,I_IUX,PC_IND,ZZ1\t1.0 \t2.0 \t3.0 \t4.0 ")
    with pytest.raises(SourceError, match="line 2"):
        read_eurostat_tsv(path, {})


def test_blank_lines_are_skipped(tmp_path):
    path = write_tsv(tmp_path, "A,I_IUX,PC_IND,ZZ1\t1.0 \t2.0 \t3.0 ", "", "A,I_IUX,PC_IND,ZZ2\t4.0 \t5.0 \t6.0 ")
    assert len(read_eurostat_tsv(path, {})) == 6


def test_not_a_eurostat_header(tmp_path):
    """A CSV (or an HTML error page) saved under the TSV's name fails on line 1."""
    path = write_tsv(tmp_path, "AT,1,2", header="geo,year,value")
    with pytest.raises(SourceError) as err:
        read_eurostat_tsv(path, {})
    assert err.value.where == "line 1"
    assert "TIME_PERIOD" in err.value.problem


def test_year_columns_must_be_years(tmp_path):
    path = write_tsv(tmp_path, header="freq,indic_is,unit,geo\\TIME_PERIOD\t2023 \t2024Q1 ")
    with pytest.raises(SourceError, match="year columns are not years"):
        read_eurostat_tsv(path, {})


def test_empty_file(tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SourceError, match="line 1"):
        read_eurostat_tsv(path, {})
