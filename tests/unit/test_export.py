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


def test_the_header_says_what_each_value_column_measures_and_in_which_unit():
    """A journalist's CSV or workbook must say what "value" is: the indicator, its unit, its definition."""
    import io

    from atlas.export import xlsx_with_sources
    from atlas.indicator import Indicator

    share = Indicator(id="synthetic_share", title="Synthetic share", definition="A synthetic\ndefinition.",
                      unit="% of people", higher_is="worse", source="synthetic", dataset="synthetic")
    text = csv_with_header(SYNTHETIC, SOURCE, "2026-11-23", {"value": share}).decode()
    assert text.splitlines()[0] == "# Column value: Synthetic share, in % of people. A synthetic definition."
    assert pd.read_csv(io.StringIO(text), comment="#")["value"].tolist() == [1.5, 2.25]
    about = pd.read_excel(io.BytesIO(xlsx_with_sources(SYNTHETIC, SOURCE, "2026-11-23", {"value": share})),
                          sheet_name="sources")["about"].tolist()
    assert about[0] == "Column value: Synthetic share, in % of people. A synthetic definition."
