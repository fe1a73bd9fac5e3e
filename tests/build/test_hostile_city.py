"""The city-data case of the hostile corpus (tests/hostile_cases.yaml, `city:`): a district of the
SYNTHETIC example city (docs/example-city) named with markup. The build keeps the name as it is
(data, not HTML), and the map's tooltip data carries it escaped, so Leaflet shows the characters.
The browser half (nothing runs in the map's frame) is tests/browser/test_browser_hostile_corpus.py.
"""
from __future__ import annotations

import pytest

from atlas.store import Store
from tests.hostile_corpus import build_hostile_city_store, city_cases

CASES = city_cases()


@pytest.fixture(params=CASES, ids=[c["id"] for c in CASES])
def hostile_city_store(request, synthetic_mirror, tmp_path, monkeypatch):
    store, member_id = build_hostile_city_store(synthetic_mirror, tmp_path, request.param["name"], monkeypatch)
    return Store(store), member_id, request.param


def test_markup_district_name_is_kept_as_data(hostile_city_store):
    store, member_id, case = hostile_city_store
    districts = store.member_districts(member_id, f"city_{member_id}")
    assert case["name"] in set(districts["name"])


def test_markup_district_name_reaches_the_map_escaped(hostile_city_store):
    """The tooltip fields the browser gets hold the name with < and > escaped, never raw."""
    from atlas.map_tooltips import tooltip_fields

    store, member_id, case = hostile_city_store
    districts = store.member_districts(member_id, f"city_{member_id}").assign(value=1.0)
    fields = tooltip_fields(districts, "value", "%")
    text = fields.to_json()
    assert "<img" not in text
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in text
