"""Files users take away: CSV with a citation header, PNG and SVG charts (synthetic data)."""
import altair as alt
import pandas as pd

from atlas.export import chart_png, chart_svg, csv_with_header, for_export

SOURCE = {"publisher": "Eurostat", "dataset": "isoc_r_iuse_i", "licence": "CC BY 4.0", "attribution": "© EU"}
SYNTHETIC = pd.DataFrame({"label": ["Synthetic A", "Synthetic B"], "value": [1.5, 2.25]})


def test_csv_header_names_source_dataset_date_and_licence():
    text = csv_with_header(SYNTHETIC, SOURCE, "2026-11-23").decode()
    lines = text.splitlines()
    assert lines[0] == "# Source: Eurostat" and "# Dataset: isoc_r_iuse_i" in lines
    assert "# Extracted: 2026-11-23" in lines and "# Licence: CC BY 4.0" in lines
    data = pd.read_csv(pd.io.common.StringIO(text), comment="#")
    assert data["value"].tolist() == [1.5, 2.25]


def test_png_and_svg_are_valid_files_with_the_citation():
    chart = alt.Chart(SYNTHETIC).mark_bar().encode(x="value:Q", y="label:N")
    spec = for_export(chart, "Source: synthetic test data").to_json()
    assert chart_png(spec)[:8] == b"\x89PNG\r\n\x1a\n"
    svg = chart_svg(spec).decode()
    assert svg.startswith("<svg") and "Source: synthetic test data" in svg
