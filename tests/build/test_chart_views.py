"""The charts pages send as ready Vega-Lite specs (atlas.chart_views), on the SYNTHETIC store: the
spec is the chart's own, fitted to the container's width, without altair's default view size,
and keeps the click selection the pages read back."""
from __future__ import annotations

import json

import pytest

from atlas import chart_views
from atlas.charts import ranking_chart
from atlas.export import for_display
from atlas.i18n import set_language
from atlas.store import Store
from atlas.views import ranking_frame, with_answer_shares


@pytest.fixture(scope="module")
def store(synthetic_store) -> Store:
    set_language("en")
    return Store.open(synthetic_store)


def test_the_ranking_spec_is_the_charts_own_fitted_to_the_width(store):
    year = store.years("never_used_internet")[-1]
    view = chart_views.ranking_view(store, "never_used_internet", year)
    data = with_answer_shares(store, ranking_frame(store, "never_used_internet", year), "never_used_internet")
    assert view.data.equals(data)
    assert view.spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert "continuousWidth" not in json.dumps(view.spec.get("config", {}))  # altair's default theme left out
    assert [p["name"] for p in view.spec["params"]] == ["member"]
    # The same chart as built directly, but for the EU 27 line (no EU figure in the synthetic store)
    # and the fitting.
    direct = ranking_chart(data, store.indicator("never_used_internet")).to_dict()
    assert view.spec["layer"][0]["encoding"] == direct["layer"][0]["encoding"]
    assert "Synthetic region FR10 (region): Paris" in json.dumps(view.spec)
    assert "one figure" in view.summary or "figures" in view.summary


def test_the_table_shown_reads_a_dash_for_an_empty_cell(store):
    year = store.years("never_used_internet")[-1]
    view = chart_views.ranking_view(store, "never_used_internet", year)
    assert view.table.equals(for_display(view.data))
    text = view.table.select_dtypes(exclude="number")
    assert not text.isna().any().any()


def test_no_figure_no_chart(store):
    assert chart_views.ranking_view(store, "never_used_internet", 1990) is None


def test_a_change_since_a_year_titles_its_axis(store):
    first = store.years("never_used_internet")[0]
    view = chart_views.trends_view(store, "never_used_internet", ("paris", "berlin"), since=first)
    assert view.spec["layer"][0]["encoding"]["y"]["title"] == f"Change since {first}, points"
    assert set(view.data["year"]) >= {first}
    assert "points" in view.summary or "since" in view.summary


def test_a_member_and_its_country_share_a_colour_and_references_are_dashed(store):
    view = chart_views.trends_view(store, "never_used_internet", ("paris", "berlin"))
    colour = view.spec["layer"][0]["encoding"]["color"]["scale"]
    colours = dict(zip(colour["domain"], colour["range"]))
    paris, berlin = "Synthetic region FR10 (region): Paris", "Berlin"  # Berlin's region DE3 is the city
    assert colours["France"] == colours[paris] != colours["Germany"] == colours[berlin]
    assert colours["EU 27"] == chart_views.EU_COLOUR and len(set(colours.values())) == 3
    dash = view.spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    dashes = dict(zip(dash["domain"], dash["range"]))
    assert dashes[paris] == [1, 0] and dashes["France"] == dashes["EU 27"] == [5, 3]
    legend = view.spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["labelLimit"]["expr"].endswith(": 0")  # never cut on a wide screen or in an export


def test_a_country_with_two_member_lines_gets_a_colour_of_its_own(store):
    frame = chart_views.views.trends_frame(store, "never_used_internet", ["paris", "berlin"])
    # SYNTHETIC: Berlin's line relabelled as standing for Paris too: two lines for French members.
    two_french = frame.assign(member_ids=frame["member_ids"].replace({"berlin": "paris"}))
    colours = chart_views.line_colours(store, two_french)
    member_colours = {colours[label] for label in two_french.loc[two_french["kind"] == "member", "label"]}
    assert colours["France"] not in member_colours


def test_the_downloads_of_a_change_say_their_values_are_points_of_change(store):
    """'Change since a year': the CSV's values are changes in points, and its header says so."""
    from atlas.export import citation_lines

    since = store.years("never_used_internet")[0]
    change = chart_views.trends_view(store, "never_used_internet", ("paris", "berlin"), since=since)
    assert citation_lines({}, "2026-12-01", change.measures)[0].startswith(
        f"Column value: Never used the internet, in points of change since {since}.")
    assert chart_views.trends_view(store, "never_used_internet", ("paris", "berlin")).measures is None
