"""Files users take away: CSV and Excel tables with a citation header, PNG and SVG charts."""
from __future__ import annotations

import io

import pandas as pd


def distinct_sources(sources: dict | list[dict]) -> list[dict]:
    """One source or several, each named once (a City profile draws on one source many times)."""
    sources = [sources] if isinstance(sources, dict) else sources
    return list({(s.get("publisher"), s.get("dataset") or s.get("title")): s for s in sources}.values())


def citation_lines(sources: dict | list[dict], extracted: str, measures: dict | None = None) -> list[str]:
    """Who to cite for a table: what its value columns measure, in which unit (`measures`: column
    name -> Indicator), then every source it draws on, with dataset, licence and attribution."""
    lines = [f"Column {column}: {ind.title}, in {ind.unit}. {' '.join(ind.definition.split())}".strip()
             for column, ind in (measures or {}).items()]
    for source in distinct_sources(sources):
        lines += [f"Source: {source.get('publisher', '')}",
                  f"Dataset: {source.get('dataset') or source.get('title', '')}",
                  f"Licence: {source.get('licence', '')}",
                  f"Attribution: {source.get('attribution', '')}"]
        if source.get("last_update"):
            lines.append(f"Last updated: {source['last_update']}")
    return lines + [f"Extracted: {extracted}", "Made with the Digital Divide Atlas"]


def published(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers with the digits the source published: 74.93, not the 74.92999999999999 a float
    may carry, and whole numbers (years) without '.0'; empty cells stay empty."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].map(_published_text)
    return out


def _published_text(value: float) -> str:
    if value != value:  # NaN
        return ""
    text = repr(round(float(value), 9))
    return text[:-2] if text.endswith(".0") else text


def csv_with_header(frame: pd.DataFrame, sources: dict | list[dict], extracted: str, measures: dict | None = None) -> bytes:
    """CSV preceded by `#` lines naming what its values measure, every source, dataset, licence and
    the extraction date."""
    header = "\n".join(f"# {line}" for line in citation_lines(sources, extracted, measures))
    return (header + "\n" + published(frame).to_csv(index=False)).encode("utf-8")


def xlsx_with_sources(frame: pd.DataFrame, sources: dict | list[dict], extracted: str, measures: dict | None = None) -> bytes:
    """An Excel workbook: the table on its first sheet (numbers as numbers), the citation on a
    second. Readers in France, Germany and the Netherlands open a CSV in Excel with the wrong
    separator or decimal mark; a workbook has neither problem."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as book:
        frame.to_excel(book, sheet_name="data", index=False)
        pd.DataFrame({"about": citation_lines(sources, extracted, measures)}).to_excel(book, sheet_name="sources", index=False)
    return buffer.getvalue()


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the page: an empty text cell reads '—', not 'None'."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].astype(object).where(out[column].notna() & (out[column] != ""), "—")
    return out


def chart_png(spec: dict | str, scale: float = 2.0) -> bytes:
    """A chart as PNG, rendered without a browser by vl-convert."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=scale)


def chart_svg(spec: dict | str) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec).encode("utf-8")


def for_export(chart, citation: str, width: int = 720):
    """A chart with a fixed width (containers have none outside the page) and its citation line."""
    import altair as alt

    return alt.vconcat(chart.properties(width=width), title=alt.TitleParams(
        citation, orient="bottom", anchor="start", fontSize=10, fontWeight="normal"))
