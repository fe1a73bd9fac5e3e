"""A map link's view (?center=&zoom=) read back, and the member dots' figures (issue 16, items 3 and 6)."""
from __future__ import annotations

import pytest

from atlas import map_data as md
from atlas.i18n import set_language
from atlas.store import Store


@pytest.mark.parametrize("center, zoom, expected", [
    ("48.8566,2.3522", "11.25", (48.8566, 2.3522, 11.25)),
    ("53.48,-2.24", "9", (53.48, -2.24, 9.0)),
    (None, "9", None), ("53.48,-2.24", None, None),
    ("91,0", "5", None), ("0,181", "5", None), ("0,0", "21", None), ("0,0", "-1", None),
    ("paris", "5", None), ("1,2,3", "5", None), ("1,2", "x", None), ("1,2", "nan", None),
])
def test_map_view_reads_a_place_and_a_zoom_or_nothing(center, zoom, expected):
    assert md.map_view(center, zoom) == expected


def test_member_tips_give_the_figure_and_whose_it_is(real_store):
    set_language("en")
    store = Store.open(real_store)
    year = max(store.years("never_used_internet"))
    tips = md.member_tips(store, "never_used_internet", year)
    fig = store.member_figure("paris", "never_used_internet", year)
    assert tips["paris"].startswith(f"{fig.value:.1f}% in {year}")
    assert "regional figure for NUTS 2 region" in tips["paris"]
    assert all("<" not in tip for tip in tips.values())
