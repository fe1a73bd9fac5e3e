"""A reason for every gap (atlas.gaps), on the SYNTHETIC store, whose members' levels are known by
construction (see tests/synthetic_mirror.py), and on a small invented stand-in for a store with
a figure at the "city" level."""
from __future__ import annotations


from atlas.indicator import Indicator
from atlas.levels import level_rank
from atlas.gaps import closest_figure
from atlas.store import Figure


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


def test_every_reviewed_district_miss_names_a_known_source_and_a_reason():
    import yaml

    from atlas.members import DISTRICT_MISS_REASONS, load_district_misses

    misses = load_district_misses()
    sources = {s["id"] for s in yaml.safe_load(open("data/sources.yaml", encoding="utf-8"))}
    assert set(misses["source"]) <= sources and set(misses["reason"]) <= DISTRICT_MISS_REASONS
    assert not misses.duplicated(["member_id", "source"]).any()
    outlined = misses[misses["reason"] == "no_outlines"]
    assert (outlined["local_authorities"] != "").all()  # checked against the census file by a build test
