"""The tests of test_map_view.py that need a built store; those that do not are tests/unit/test_map_view.py.

A map link's view (?center=&zoom=) read back, and the member dots' figures (issue 16, items 3 and 6)."""
from __future__ import annotations

import pytest

from atlas import map_data as md
from atlas.i18n import set_language
from atlas.store import Store


def test_member_tips_give_the_figure_and_whose_it_is(real_store):
    set_language("en")
    store = Store.open(real_store)
    year = max(store.years("never_used_internet"))
    tips = md.member_tips(store, "never_used_internet", year)
    fig = store.member_figure("paris", "never_used_internet", year)
    assert tips["paris"].startswith(f"{fig.value:.1f}% in {year}")
    assert "regional figure for NUTS 2 region" in tips["paris"]
    assert all("<" not in tip for tip in tips.values())


def test_greater_manchester_has_its_ten_boroughs_and_its_most_affected_lsoas(real_store):
    from atlas.legends import most_affected_html

    store = Store.open(real_store)
    units = md.parent_units(store, "manchester", "gm_lsoa")
    assert sorted(units["parent"]) == ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport",
                                       "Tameside", "Trafford", "Wigan"]
    layer = md.district_layer(store, "manchester", "gm_lsoa", "deri_score")
    worst = md.most_affected(layer, "worse")
    assert len(worst) == 10 and worst["value"].iloc[0] == layer["value"].max()
    assert worst["value"].is_monotonic_decreasing
    html = most_affected_html(worst.assign(name=["<b>x</b>"] * 10), {"title": "DERI", "unit": "score 0-10"})
    assert html.count("<button") == 10 and "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html


@pytest.mark.parametrize("member, layer, parents", [("paris", "fr_iris", 20), ("barcelona", "bcn_barri", 10),
                                                    ("hamburg", "hamburg_stadtteil", 7), ("berlin", "de_bezirk", 12)])
def test_larger_units_come_from_the_atlas_own_boundaries(real_store, member, layer, parents):
    units = md.parent_units(Store.open(real_store), member, layer)
    assert len(units) == parents and units["parent"].notna().all()
