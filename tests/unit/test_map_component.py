"""atlas.map_component against streamlit-folium itself: `show(render(m))` must call the component
exactly as `st_folium(m)` does (same key, so the map stays mounted), and a map is rendered once per
process. Rerun after upgrading streamlit-folium. Maps here are synthetic."""
from __future__ import annotations

import folium
import pytest
import streamlit_folium as sf

from atlas import i18n
from atlas.area_layer import area_data_group, area_map
from atlas.help_map import PointsLayer
from atlas.map_component import feature_groups_script, layer_map, render, rendered_map, show

SYNTHETIC_BOUNDS = (2.0, 48.0, 2.1, 48.1)
SYNTHETIC_PLACES = {"kinds": {"library": "#1b9e77"}, "points": [[2.05, 48.05, "library", "Synthetic library"]]}
SYNTHETIC_COLOURS = {"key": "synthetic", "colours": ["#fee5d9", "#a50f15"], "no_data": "#cccccc",
                     "labels": {"value": "Synthetic share"}, "rows": [["S1", 0, "Synthetic A", "5 %", 2024, "", None, None],
                                                                      ["S2", 1, "Synthetic B", "9 %", 2024, "p", None, None]]}


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")  # a test that switched language leaves none behind


def synthetic_map(view_in_url: bool = False) -> folium.Map:
    """A fresh map each time: rendering uses a map up, and each gets new element ids."""
    m = area_map("/app/static/geo/synthetic.json", SYNTHETIC_BOUNDS, "© Synthetic boundaries", view_in_url=view_in_url,
                 owner="map_synthetic")
    PointsLayer(SYNTHETIC_PLACES).add_to(m)
    folium.CircleMarker([48.05, 2.05], radius=4, tooltip="Synthetic dot").add_to(m)
    return m


def dots_group() -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Synthetic dots")
    folium.CircleMarker([48.02, 2.02], radius=3).add_to(group)
    return group


@pytest.fixture
def component_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: calls.append(kwargs) or {"synthetic": True})
    return calls


def without_callback(call: dict) -> dict:
    return {name: value for name, value in call.items() if name != "on_change"}


@pytest.mark.parametrize("options", [
    {"key": "map_synthetic", "height": 520, "use_container_width": True, "returned_objects": []},
    {"key": None, "height": 300, "returned_objects": ["last_active_drawing", "bounds"], "return_on_hover": True},
    {"key": "side_x", "returned_objects": None, "zoom": 9, "center": (48.05, 2.05)},
])
def test_show_calls_the_component_as_st_folium_does(component_calls, options):
    returned = sf.st_folium(synthetic_map(True), feature_group_to_add=[area_data_group(SYNTHETIC_COLOURS), dots_group()],
                            **options)
    ours = show(render(synthetic_map(True)),
                feature_group=feature_groups_script([area_data_group(SYNTHETIC_COLOURS), dots_group()]), **options)
    theirs, mine = component_calls
    assert without_callback(mine) == without_callback(theirs)
    assert mine["feature_group"] and "atlasSetData" in mine["feature_group"]
    assert ours == returned == {"synthetic": True}


def test_no_feature_group_is_sent_as_none(component_calls):
    sf.st_folium(synthetic_map())
    show(render(synthetic_map()))
    assert component_calls[0]["feature_group"] is component_calls[1]["feature_group"] is None
    assert without_callback(component_calls[1]) == without_callback(component_calls[0])


def test_a_change_reaches_the_session_under_the_callers_key_too(component_calls, monkeypatch):
    session = {}
    monkeypatch.setattr(sf.st, "session_state", session)
    changed = []
    show(render(synthetic_map()), key="map_synthetic", on_change=lambda: changed.append(True))
    hash_key = component_calls[0]["key"]
    session[hash_key] = {"last_active_drawing": {"properties": {"code": "S1"}}}
    component_calls[0]["on_change"]()
    assert session["map_synthetic"] == session[hash_key] and changed == [True]


def test_an_equal_map_is_rendered_once_and_another_again():
    built = []

    def build():
        built.append(True)
        return synthetic_map()

    first = rendered_map("synthetic_test", build, "/app/static/geo/synthetic.json", list(SYNTHETIC_BOUNDS))
    again = rendered_map("synthetic_test", build, "/app/static/geo/synthetic.json", list(SYNTHETIC_BOUNDS))
    assert again is first and len(built) == 1
    other = rendered_map("synthetic_test", build, "/app/static/geo/other.json", list(SYNTHETIC_BOUNDS))
    assert other is not first and len(built) == 2
    i18n.set_language("fr")  # words in a map's script may be translated
    assert rendered_map("synthetic_test", build, "/app/static/geo/synthetic.json", list(SYNTHETIC_BOUNDS)) is not first


def test_a_value_that_is_not_plain_cannot_key_a_rendered_map():
    with pytest.raises(TypeError):
        rendered_map("synthetic_test", synthetic_map, object())


def test_the_upload_preview_is_sent_as_the_about_page_sent_it(component_calls):
    """The synthetic example city (docs/example-city) zipped, as a reader would upload it."""
    import io
    import zipfile
    from pathlib import Path

    from atlas.city_preview import preview_map
    from atlas.citydata.upload import check_upload
    from atlas.map_component import draw_upload_preview

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (Path(__file__).resolve().parents[2] / "docs" / "example-city").iterdir():
            archive.writestr(f"example-city/{path.name}", path.read_bytes())
    report = check_upload(buffer.getvalue())
    sf.st_folium(preview_map(report), height=420, use_container_width=True, returned_objects=[], key="preview_map")
    draw_upload_preview(report)
    assert without_callback(component_calls[1]) == without_callback(component_calls[0])


def test_the_component_key_is_worked_out_once_per_map_and_kept_by_no_one_else(component_calls, monkeypatch):
    """The key digests the whole script: once per rendered map, kept on it, so nothing outlives a map
    rendered for one reader (an upload's preview carries its outlines in its script)."""
    digests = []
    real = sf.generate_js_hash
    monkeypatch.setattr(sf, "generate_js_hash", lambda *args: digests.append(args) or real(*args))
    rendered = render(synthetic_map())
    show(rendered, key="map_synthetic")
    show(rendered, key="map_synthetic")
    assert len(digests) == 1 and component_calls[0]["key"] == component_calls[1]["key"]
    show(render(synthetic_map()), key="map_synthetic")
    assert len(digests) == 2 and component_calls[2]["key"] == component_calls[0]["key"]


SOURCE = {"source": "/app/static/geo/synthetic-layer.json", "bounds": list(SYNTHETIC_BOUNDS)}


def test_a_layer_map_is_shared_for_the_same_values_and_made_anew_for_others():
    shared = layer_map(SOURCE, "© Synthetic", owner="map_synthetic", view_in_url=True)
    assert layer_map(SOURCE, "© Synthetic", owner="map_synthetic", view_in_url=True) is shared
    with_places = layer_map(SOURCE, "© Synthetic", owner="map_synthetic", view_in_url=True, points=SYNTHETIC_PLACES)
    overview = layer_map(SOURCE, "© Synthetic", owner="map_synthetic", view_in_url=True, points=SYNTHETIC_PLACES,
                         interactive_points=False)
    assert len({shared.script, with_places.script, overview.script}) == 3


def test_the_readers_of_one_link_share_the_map_opened_on_its_view():
    """An article's link can carry a centre and zoom: every reader who opens it gets the one map
    rendered for that view, and another view is another map."""
    linked = layer_map(SOURCE, "© Synthetic", view=(48.05, 2.05, 11.0), owner="map_synthetic", view_in_url=True)
    assert layer_map(SOURCE, "© Synthetic", view=(48.05, 2.05, 11.0), owner="map_synthetic", view_in_url=True) is linked
    other = layer_map(SOURCE, "© Synthetic", view=(48.06, 2.05, 12.0), owner="map_synthetic", view_in_url=True)
    assert other.script != linked.script
