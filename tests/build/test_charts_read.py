"""Charts that read well (issue 16), on the store built from the real files: the longest ranking
(113 bars: members sharing a figure are one bar) has a value on every bar and its axis at the top,
in the page's spec and in the exported SVG; two close reference lines keep their names apart."""
from __future__ import annotations

import re

import pytest

from atlas.charts import BAR_STEP, LONG_RANKING, ranking_chart
from atlas.export import chart_svg, for_export
from atlas.i18n import set_language
from atlas.store import Store
from atlas.text import format_value
from atlas.views import ranking_frame


@pytest.fixture(scope="module")
def store(real_store) -> Store:
    set_language("en")
    return Store.open(real_store)


def longest_ranking(store):
    sizes = {(ind, year): len(ranking_frame(store, ind, year)) for ind in ("never_used_internet", "regular_internet_use")
             for year in store.years(ind)}
    return max(sizes, key=sizes.get)


def test_a_long_ranking_has_a_value_on_every_bar_and_its_axis_at_the_top(store):
    indicator, year = longest_ranking(store)
    ranking = ranking_frame(store, indicator, year)
    assert len(ranking) > 100
    ind = store.indicator(indicator)
    spec = ranking_chart(ranking, ind).to_dict()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert texts and texts[0]["encoding"]["text"]["field"] == "value_text"
    assert spec["layer"][0]["encoding"]["x"]["axis"]["orient"] == "top"
    assert spec["height"] == {"step": BAR_STEP}
    svg = chart_svg(for_export(ranking_chart(ranking, ind), "Source: Eurostat").to_json()).decode()
    shown = set(re.findall(r">([0-9.]+%)</text>", svg))
    expected = {format_value(v, ind.unit, ind.decimals) for v in ranking["value"]}
    assert expected <= shown


def test_a_short_ranking_keeps_its_axis_at_the_bottom_and_reference_names_apart(store):
    ranking = ranking_frame(store, "never_used_internet", 2024, country="FR")
    assert len(ranking) <= LONG_RANKING
    spec = ranking_chart(ranking, store.indicator("never_used_internet"), {"EU 27": 1.5, "France": 1.6}).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["axis"]["orient"] == "bottom"
    offsets = [layer["mark"]["dy"] for layer in spec["layer"] if layer["mark"].get("color") == "#a63603"]
    assert len(offsets) == 2 and abs(offsets[0] - offsets[1]) >= 12
