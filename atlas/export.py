"""Files users take away: CSV with a citation header."""
from __future__ import annotations

import pandas as pd


def csv_with_header(frame: pd.DataFrame, source: dict, extracted: str) -> bytes:
    """CSV preceded by `#` lines naming the source, dataset, extraction date and licence."""
    header = [
        f"# Source: {source.get('publisher', '')}",
        f"# Dataset: {source.get('dataset') or source.get('title', '')}",
        f"# Extracted: {extracted}",
        f"# Licence: {source.get('licence', '')}",
        f"# Attribution: {source.get('attribution', '')}",
        "# Made with the Digital Divide Atlas",
    ]
    return ("\n".join(header) + "\n" + frame.to_csv(index=False)).encode("utf-8")


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
