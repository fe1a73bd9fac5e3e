"""A reason for every gap (atlas.gaps), on the SYNTHETIC store, whose members' levels are known by
construction (see tests/synthetic_mirror.py), and on a small invented stand-in for a store with
a figure at the "city" level."""
from __future__ import annotations

import pytest

from atlas.indicator import Indicator
from atlas.levels import level_rank
from atlas.gaps import (closest_figure, district_list_labels, level_reasons,
                        members_with_district_figures)
from atlas.store import Figure, Store
from atlas.views import member_options


@pytest.fixture(scope="module")
def store(synthetic_store):
    return Store(synthetic_store)


def test_a_member_with_neither_districts_nor_city_figures_gets_the_closest_area(store):
    district, city = level_reasons(store, "budapest")
    assert district == ("No district figures are published for Budapest in the sources this atlas reads, and the "
                        "atlas has no boundaries of its districts.")
    assert city == ("No city figures are published for Budapest in the sources this atlas reads; the closest "
                    "figures are for Synthetic region HU11 (HU11).")


def test_district_boundaries_without_figures_are_said_so(store):
    district, city = level_reasons(store, "warsaw")
    assert "No district figures are published for Warszawa" in district and "dzielnice are on the map" in district
    # Warsaw's own figures are the two opinion items (data/city_areas.csv), each named once, without answer shares
    assert city == ("City figures: Opinion survey 2019: local administration easy to use online, "
                    "Opinion survey 2004/2006: satisfied with internet access at home.")
    district, city = level_reasons(store, "utrecht")
    assert "wijken are on the map, without figures" in district
    assert city.endswith("the closest figures are for Synthetic region NL35 (NL35).")


def test_a_member_with_district_and_city_figures_names_them(store):
    district, city = level_reasons(store, "berlin")
    assert district.startswith("District figures: ") and district.endswith("for its Bezirke.")
    assert city.startswith("City figures: Gigabit broadband availability")


def test_national_figures_only_are_called_national(store):
    assert level_reasons(store, "kyiv")[1].endswith("the closest figures are for the country as a whole (Ukraine).")


def test_a_member_that_is_not_a_place_has_no_level_sentences(store):
    assert level_reasons(store, "enedis") == []


def test_the_district_list_marks_members_with_boundaries_but_no_figures(store):
    labels = {m: label for m, label in member_options(store).items() if store.member(m)["district_layers"]}
    marked = district_list_labels(store, labels)
    assert marked["warsaw"] == "Warszawa (Warsaw) – boundaries only, no figures"
    assert marked["berlin"] == "Berlin" and marked["paris"] == "Paris"
    assert {"Berlin", "Paris", "Manchester", "Barcelona"} <= members_with_district_figures(store)
    assert "Warsaw" not in members_with_district_figures(store)


def test_levels_rank_closest_first_with_a_city_level():
    """'city' (an Urban Audit city or a NUTS 3 that is the city) ranks with the Kreis, before regions."""
    ranks = [level_rank(level) for level in ("district", "city", "kreis", "nuts2", "nuts1", "country", "eu")]
    assert ranks == sorted(ranks) and len(set(ranks)) == 7
    assert level_rank("unknown") > level_rank("eu")


class CityLevelStore:
    """An invented stand-in for a store whose member has a 'city' figure for one indicator and a
    regional one for another (the store itself gains the 'city' level on another branch)."""

    indicator_ids = ("ind_city", "ind_region")

    def __init__(self):
        self.figures = {
            "ind_city": Figure("ind_city", 40.0, 2019, "", "city", "XX001C", "Invented City", "src"),
            "ind_region": Figure("ind_region", 3.0, 2025, "", "nuts2", "XX11", "Invented Region", "src"),
        }

    def member_figure(self, member_id, indicator):
        return self.figures[indicator]

    def indicator(self, indicator):
        title = {"ind_city": "City item", "ind_region": "Regional item"}[indicator]
        return Indicator(id=indicator, title=title, definition="", unit="%", higher_is="worse", source="src", dataset="")


def test_a_city_level_figure_counts_as_the_city_s_own():
    from atlas.gaps import _city_sentence

    fake = CityLevelStore()
    assert closest_figure(fake, "x").level == "city"
    assert _city_sentence(fake, "x", "Invented City") == "City figures: City item."


def test_an_area_larger_than_the_member_is_named_with_why_it_is_not_used(store):
    """Brussels (the commune) is not the survey's Bruxelles/Brussel (19 communes): the City profile says so."""
    city = level_reasons(store, "brussels")[1]
    assert city.startswith("No city figures are published for Bruxelles")
    assert "urb_percep publishes figures for Bruxelles/Brussel (BE001C), which is larger than" in city


def test_no_reviewed_miss_is_also_placed_as_the_city():
    """A row of data/city_area_misses.csv is never a city area of data/city_areas.csv (never a closer level
    than the data support), and each names a known source."""
    import yaml

    from atlas.members import load_city_area_misses, load_city_areas

    misses, areas = load_city_area_misses(), load_city_areas()
    placed = set(zip(areas["member_id"], areas["geo_code"]))
    assert not placed & set(zip(misses["member_id"], misses["geo_code"]))
    sources = {s["id"] for s in yaml.safe_load(open("data/sources.yaml", encoding="utf-8"))}
    assert set(misses["source"]) <= sources and set(misses["relation"]) == {"larger", "part"}
