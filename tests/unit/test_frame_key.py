"""atlas.cached.frame_key: the digest that keys the map's colours and table by the figures drawn
(SYNTHETIC frames)."""
from __future__ import annotations

import pandas as pd

from atlas.cached import frame_key


def figures(**changed) -> pd.DataFrame:
    frame = pd.DataFrame({"geo_code": ["x:1", "x:2"], "name": ["Synthetic one", "Synthetic two"],
                          "value": [1.5, None], "flag": ["", "u"]})
    for column, values in changed.items():
        frame[column] = values
    return frame


def test_the_same_figures_give_the_same_key_and_any_change_another():
    assert frame_key(figures()) == frame_key(figures())
    assert frame_key(figures()) != frame_key(figures(value=[1.6, None]))
    assert frame_key(figures()) != frame_key(figures(flag=["", ""]))
    assert frame_key(figures()) != frame_key(figures().iloc[::-1])  # another order is another map
    assert frame_key(figures()) != frame_key(figures().rename(columns={"value": "other"}))


def test_geometry_is_left_out_and_a_column_of_lists_does_not_break_it():
    assert frame_key(figures(geometry=[None, None])) == frame_key(figures())
    assert frame_key(figures(members=[["a"], ["b"]])) != frame_key(figures(members=[["a"], ["c"]]))
