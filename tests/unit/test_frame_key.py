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


def test_the_cached_colours_differ_by_every_value_that_changes_them():
    """`area_colours_script` is shared by every reader of a view: the part to fit, the members' tooltips,
    the classes and the language each give another script, the same values the same one object."""
    from atlas import i18n
    from atlas.cached import area_colours_script
    from atlas.classify import classify

    meta = {"title": "Synthetic share", "unit": "%", "decimals": 1, "source": "Synthetic source"}
    drawn = pd.DataFrame({"geo_code": [f"x:{i}" for i in range(6)], "name": [f"Synthetic {i}" for i in range(6)],
                          "value": [1.5, 2.5, 3.5, 4.5, 5.5, 6.5], "year": [2024] * 6, "flag": [""] * 6})
    five, three = classify(drawn["value"], k=5), classify(drawn["value"], k=3)
    try:
        base = area_colours_script(drawn, meta, five, "en", {})
        assert area_colours_script(drawn, meta, five, "en", {}) is base
        others = [area_colours_script(drawn, meta, five, "en", {"fit": "Synthetic borough"}),
                  area_colours_script(drawn, meta, five, "en", {"members": {"m": "Synthetic tip"}}),
                  area_colours_script(drawn, meta, three, "en", {})]
        i18n.set_language("fr")
        others.append(area_colours_script(drawn, meta, five, "fr", {}))
    finally:
        i18n.set_language("en")
    assert len({base, *others}) == 5
