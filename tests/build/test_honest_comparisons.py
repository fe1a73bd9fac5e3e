"""Issue 11 on the real store: a figure shared by several members never looks like a city's own.

Each test pins a case a journalist found: the German e-government ranking, Dortmund's distance to
target, the regions of 2017 and 2020 on the Europe map, suppressed cells, Manchester's districts,
exported chart text and CSV digits.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest

from atlas import map_data as md
from atlas.charts import ranking_chart, scatter_chart
from atlas.classify import classify
from atlas.export import chart_svg, csv_with_header, for_export, xlsx_with_sources
from atlas.i18n import set_language
from atlas.store import Store
from atlas.text import ranking_summary, trend_summary
from atlas.views import city_profile, ranking_frame, scatter_frame, trends_frame


@pytest.fixture(scope="module")
def store(real_store) -> Store:
    set_language("en")
    return Store.open(real_store)


def test_german_e_government_ranking_is_one_national_bar_listing_19_members(store):
    ranking = ranking_frame(store, "egov_users", 2022, country="DE")
    assert len(ranking) == 1
    bar = ranking.iloc[0]
    assert (bar["level"], bar["n_members"], bar["area"]) == ("country", 19, "national figure for Germany")
    assert bar["label"].startswith("Germany (country): ") and "Berlin" in bar["members"] and "Stuttgart" in bar["members"]
    summary = ranking_summary(ranking, store.indicator("egov_users"))
    assert "Highest" not in summary and "cannot rank them" in summary
    assert "2022 edition (data mostly 2021)" in summary


def test_members_of_one_region_share_one_bar_and_ties_are_said_as_ties(store):
    ranking = ranking_frame(store, "never_used_internet", 2024, country="DE")
    nrw = ranking[ranking["geo_code"] == "DEA"].iloc[0]
    assert nrw["n_members"] >= 7 and nrw["label"].startswith("Nordrhein-Westfalen (region): ")
    assert not ranking.duplicated(["geo_code", "year", "source"]).any()  # one bar per figure
    everyone = ranking_frame(store, "never_used_internet", 2024)
    summary = ranking_summary(everyone, store.indicator("never_used_internet"))
    tied = everyone[everyone["value"] == everyone["value"].min()]
    assert len(tied) > 1 and f"a tie between {len(tied)} figures" in summary


def test_braga_and_porto_share_the_norte_bar(store):
    ranking = ranking_frame(store, "never_used_internet", 2024, country="PT")
    shared = ranking[ranking["members"].str.contains("Braga")].iloc[0]
    assert "Porto" in shared["members"] and shared["n_members"] >= 2


def test_dortmunds_distance_to_target_is_worked_out_from_the_value_shown(store):
    """59.55 is shown as 59.6 (half up); the distance is 80 - 59.6 = 20.4, not Python's round() 20.5."""
    row = city_profile(store, "dortmund").set_index("indicator").loc["basic_digital_skills"]
    assert row["shown"] == "59.6%" and row["gap_to_target"] == pytest.approx(20.4)


@pytest.mark.parametrize("year, codes", [(2020, {"NO01", "HR04"}), (2017, {"HU10", "IE02", "LT00", "NO01", "HR04"})])
def test_every_year_keeps_its_regions_on_the_map_and_in_its_table(store, year, codes):
    layer = md.europe_layer(store, "never_used_internet", year)
    assert codes <= set(layer["geo_code"])
    drawable = layer[layer["geo_code"].isin(codes - {"IE02"})]
    assert drawable["has_outline"].all() and set(md.in_europe_frame(layer)["geo_code"]) >= codes - {"IE02"}
    names = dict(zip(layer["geo_code"], layer["name"]))
    assert names["NO01"] == "Oslo og Akershus"
    if year == 2017:
        assert any("(IE02): no outline" in note for note in md.no_figure_notes(layer))


def test_a_suppressed_cell_and_a_country_without_a_figure_are_drawn_as_no_data_and_counted(store):
    layer = md.europe_layer(store, "never_used_internet", 2024)
    vienna, uk = layer.set_index("geo_code").loc["AT13"], layer.set_index("geo_code").loc["UK"]
    assert pd.isna(vienna["value"]) and vienna["flag"] == "u" and vienna["has_outline"]
    assert pd.isna(uk["value"]) and uk["latest"] == 2020
    drawn = layer[layer["has_outline"]]
    assert classify(drawn["value"], k=5, higher_is="worse").class_indices(drawn["value"]).tolist().count(-1) == \
        int(drawn["value"].isna().sum()) >= 2
    assert "United Kingdom: latest figure 2020" in md.no_figure_notes(layer)


def test_exported_chart_text_names_the_areas(store):
    ind = store.indicator("never_used_internet")
    ranking = ranking_frame(store, "never_used_internet", 2024, country="DE")
    svg = chart_svg(for_export(ranking_chart(ranking, ind), "Source: Eurostat").to_json()).decode()
    assert "Nordrhein-Westfalen (region)" in svg and "Figure for" in svg
    points = scatter_frame(store, "never_used_internet", "basic_digital_skills")
    svg = chart_svg(for_export(scatter_chart(points, ind, store.indicator("basic_digital_skills"), ["berlin"]),
                               "Source: synthetic citation").to_json()).decode()
    assert "(region)" in svg and "(country)" in svg


def test_trend_lines_are_named_after_their_area_and_a_break_names_both(store):
    trends = trends_frame(store, "never_used_internet", ["leipzig", "warsaw"], references=False)
    assert set(trends["label"]) == {"Sachsen (region): Leipzig", "Warszawski stołeczny (region): Warszawa (Warsaw)"}
    text = trend_summary(trends, store.indicator("never_used_internet"))
    assert "(regional figure for NUTS 1 region REGION CENTRALNY (PL1))" in text and "describe different areas" in text


def test_csv_keeps_the_published_digits_and_excel_opens(store):
    ranking = ranking_frame(store, "vhcn_coverage", 2022)
    text = csv_with_header(ranking, store.sources["desi_2022"], "2026-12-01").decode()
    values = pd.read_csv(io.StringIO(text), comment="#", dtype=str)["value"]
    assert values.str.len().max() <= 10 and not values.str.contains("9999|0000").any()
    book = pd.read_excel(io.BytesIO(xlsx_with_sources(ranking, [store.sources["desi_2022"]], "2026-12-01")), sheet_name=None)
    assert list(book) == ["data", "sources"] and len(book["data"]) == len(ranking)
    assert book["data"]["label"].str.contains(r"\(country\)").any()


def test_a_click_on_a_region_of_an_older_nuts_version_lists_its_members(store):
    """Oslo's 2020 figure is NO01's (NUTS 2016): a click on that region offers Oslo's profile."""
    assert md.members_in_area(store, "NO01") == {"oslo": "Oslo"}
    assert "budapest" in md.members_in_area(store, "HU10")  # NUTS 2013, rebuilt from HU11 + HU12


def test_a_ranking_says_its_flags_and_intervals_on_the_bars_and_in_its_sentence(store):
    """A bar's label is what a PNG, an SVG or an embed keeps: the flag letter and the 95% interval go
    with the value, the letters are explained under the title, and the sentence's extremes carry them."""
    never = ranking_frame(store, "never_used_internet", 2021)
    spec = ranking_chart(never, store.indicator("never_used_internet")).to_dict()
    assert spec["title"]["subtitle"] == "Letters after a value: b = break in series."
    labels = {row["label"]: row["value_text"] for row in spec["datasets"][next(iter(spec["datasets"]))]}
    dublin = never[never["members"].str.contains("Dublin")].iloc[0]
    assert dublin["flag"] == "b" and labels[dublin["label"]].endswith(" b")
    summary = ranking_summary(never, store.indicator("never_used_internet"))
    assert "Dublin (0.1%, break in series)" in summary
    assert "more are a region's or a country's figure shown for one member, not the member's own" in summary
    ons = ranking_frame(store, "ons_non_users", 2020)
    spec = ranking_chart(ons, store.indicator("ons_non_users")).to_dict()
    labels = {row["label"]: row["value_text"] for row in spec["datasets"][next(iter(spec["datasets"]))]}
    assert labels["Brighton & Hove"] == "2.3% (±2.6)"
    assert "Brighton & Hove (2.3% ±2.6, city figure" in ranking_summary(ons, store.indicator("ons_non_users"))


def test_a_comparisons_figures_keep_their_flags(store):
    """Germany's 2021 broadband figure is flagged b beside Berlin's; the scatter's French regional
    points are of low reliability: both say so where the figure is shown."""
    berlin = city_profile(store, "berlin").set_index("indicator")
    assert berlin.loc["household_broadband", "country_shown"].endswith(" (break in series)")
    points = scatter_frame(store, "never_used_internet", "basic_digital_skills")
    amiens = points[points["members"].str.contains("Amiens")].iloc[0]
    assert amiens["x_flags"] == "low reliability" and amiens["x_year"] == 2025
    spec = scatter_chart(points, store.indicator("never_used_internet"), store.indicator("basic_digital_skills"), []).to_dict()
    tooltip = {t["field"] for t in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"x_year", "x_flags", "y_year", "y_flags"} <= tooltip


def test_a_trend_chart_explains_its_marks_itself(store):
    """Hollow points and break lines are explained in the chart's own title, which a PNG, an SVG and an
    embed keep; the key lists only the marks drawn."""
    from atlas.charts import trend_chart

    trends = trends_frame(store, "never_used_internet", ["leipzig", "warsaw", "paris"], references=True)
    assert trends["flag"].str.contains("u", na=False).any() and trends["is_break"].astype(bool).any()
    subtitle = trend_chart(trends, store.indicator("never_used_internet")).to_dict()["title"]["subtitle"]
    assert subtitle == ("Dashed lines: countries and the EU 27. Hollow points: low reliability. "
                        "Dotted vertical line: a break in series.")
    plain = trends.assign(flag="", is_break=False)
    plain = plain[plain["kind"] != "reference"]
    assert trend_chart(plain, store.indicator("never_used_internet")).to_dict()["title"] == "Never used the internet"


def test_a_trend_line_shared_by_a_member_and_its_commune_is_the_regions_in_any_order(store):
    """BE10 is the Brussels-Capital Region's own and the City of Brussels' region: one line, shared,
    whichever member the reader picks first."""
    for members in (["brussels-capital-region", "brussels"], ["brussels", "brussels-capital-region"]):
        lines = trends_frame(store, "never_used_internet", members, references=False)
        assert lines["label"].nunique() == 1 and "(region): " in lines["label"].iloc[0]
        assert lines["area"].str.startswith("regional figure for NUTS 2 region").all()


def test_a_region_that_is_a_whole_country_says_so(store):
    """Reykjavík's closest figures are Iceland's one region IS00; Luxembourg's LU00: said plainly, and
    a lone member's ranking bar is said not to be its own."""
    from atlas.gaps import level_reasons
    from atlas.text import area_label

    assert "the closest figures are for Ísland (IS00), a region that is the whole country" in level_reasons(store, "reykjavik")[1]
    assert area_label("nuts2", "Luxembourg", "LU00") == "regional figure for Luxembourg (LU00), a region that is the whole country"
    assert area_label("nuts2", "Wien", "AT13").startswith("regional figure for NUTS 2 region Wien")
    ireland = ranking_summary(ranking_frame(store, "never_used_internet", 2021, country="IE"), store.indicator("never_used_internet"))
    assert ireland.startswith("Only one member has a figure for 2021: 0.1%, regional figure for NUTS 2 region Eastern and Midland (IE06), which is not the member's own.")
