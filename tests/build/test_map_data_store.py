"""The tests of test_map_data.py that need a built store; those that do not are tests/unit/test_map_data.py.

atlas.map_data: the Map page's layers, the outlines it publishes once, and its credits.

Stores: the synthetic store (tests/README.md) for shapes and joins; the real store, when the
public mirror is present, for the counts the browser tests and the benchmark rely on.
"""
from __future__ import annotations

import json

import pytest

from atlas import map_data as md
from atlas.levels import CITY_LEVELS
from atlas.packed_geometry import pack_geometry, unpack_geometry
from atlas.store import Store


@pytest.fixture(scope="module")
def store(synthetic_store) -> Store:
    return Store.open(synthetic_store)


@pytest.fixture(scope="module")
def real(real_store) -> Store:
    return Store.open(real_store)


def test_europe_geometry_holds_every_region_the_europe_view_draws(store):
    indicator = "never_used_internet"
    for year in store.years(indicator):
        drawn = set(md.in_europe_frame(md.europe_layer(store, indicator, year))["geo_code"])
        outlines = set(md.europe_geometry(store, md.nuts_version(year))["geo_code"])
        assert drawn <= outlines, year


def test_packed_europe_geometry_round_trips(store):
    shapes = md.europe_geometry(store, 2024)
    packed = pack_geometry(shapes, 1e-3)
    assert set(unpack_geometry(packed)) == set(shapes["geo_code"])


def test_credits_name_the_boundaries_and_the_figures(store):
    line = md.layer_attribution_line(store, None, "never_used_internet")
    assert "EuroGeographics" in line and line.startswith("Boundaries: ")
    assert "Figures: " in line


def test_a_maps_meta_says_its_figures_and_boundaries(store):
    meta = md.figures_meta(store, "never_used_internet", None)
    assert meta["boundaries"] == md.EUROSTAT_BOUNDARIES and meta["credits"].startswith("Boundaries: ")
    assert meta["title"] == store.indicator("never_used_internet").title and meta["higher_is"] == "worse"
    assert md.figures_meta(store, None, None)["title"] == ""


def test_every_boundary_layer_has_its_own_attribution(real):
    """Each district layer credits its publisher (OSM-derived ones their contributors)."""
    for layer_id in real.layers["layer_id"].unique():
        attribution = md.layer_attribution(real, layer_id)
        assert attribution, layer_id
        if "openstreetmap" in json.dumps(real.sources[layer_id]).lower():
            assert "OpenStreetMap" in attribution, layer_id


def test_shared_layers_and_their_members_for_the_side_by_side_view(real):
    assert "fr_iris" in md.shared_layers(real)
    members = md.district_members(real, "fr_iris")
    assert {"paris", "aix-marseille-provence-metropole", "metropole-europeenne-de-lille"} <= set(members)


def test_greater_manchester_has_its_1673_lsoas_with_figures(real):
    layer = md.district_layer(real, "manchester", "gm_lsoa", "deri_score")
    assert len(layer) == 1673 and layer["value"].notna().sum() > 1600
    assert real.district_indicators("gm_lsoa")[0] == "deri_score"  # the main score first, its components after


def test_members_in_a_region_or_country_of_the_europe_view(real):
    assert {"paris", "grand-paris-sud"} <= set(md.members_in_area(real, "FR10"))
    assert "paris" not in md.members_in_area(real, "FRL0")
    assert {"amsterdam", "rotterdam", "utrecht"} <= set(md.members_in_area(real, "NL"))
    assert md.members_in_area(real, "XX99") == {}


def test_a_member_without_district_figures_is_told_what_exists(real):
    assert not real.district_indicators("wien_bezirk")
    lines = md.no_district_figures_note(real, "vienna")
    assert lines and "Wien" in lines[0]


def test_map_table_sorts_worse_first(real):
    layer = md.district_layer(real, "manchester", "gm_lsoa", "deri_score")
    table = md.map_table(layer, real.indicator("deri_score"))
    assert list(table.columns[:3]) == ["code", "name", "value"]
    assert table["value"].iloc[0] == layer["value"].max()


def test_map_words_are_in_the_readers_language(real):
    from atlas.i18n import set_language

    set_language("fr")
    try:
        meta = md.map_meta(real, "never_used_internet")
    finally:
        set_language("en")
    assert meta["unit"] == "% des personnes" and meta["title"] == "N'ont jamais utilisé internet"


def test_city_view_draws_only_members_own_figures(store):
    """ONS 2020: Manchester's NUTS 3 area is the city, and London's NUTS 1 region is Greater London,
    the member (its NUTS 3 areas are districts, smaller than London): both are drawn; every row says
    'city figure for'."""
    figures = md.city_figures(store, "ons_non_users", 2020)
    assert {"manchester", "london"} <= set(figures["member_id"])
    assert set(figures["level"]) <= set(CITY_LEVELS)
    assert figures["area"].str.startswith("city figure for").all()
    assert 2020 in md.city_years(store, "ons_non_users") and md.city_years(store, "never_used_internet") == []


def test_city_view_background_is_the_countries_without_figures(store):
    countries = md.country_outlines(store, 2021)
    assert (countries["geo_code"].str.len() == 2).all() and countries["value"].isna().all()


def test_the_europe_table_says_each_areas_level(real):
    """The Europe map mixes NUTS 2 regions with NUTS 1 regions and whole countries where nothing finer
    is published: its table and downloads say which each row is; a district table has no such column."""
    from atlas.i18n import set_language

    set_language("en")
    europe = md.map_table(md.europe_layer(real, "never_used_internet", 2025), real.indicator("never_used_internet"))
    assert {"NUTS 2 region", "NUTS 1 region", "country"} <= set(europe["level"])
    assert list(europe.columns[:4]) == ["code", "name", "level", "value"]
    districts = md.map_table(md.district_layer(real, "manchester", "gm_lsoa", "deri_score"), real.indicator("deri_score"))
    assert "level" not in districts.columns
