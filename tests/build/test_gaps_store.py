"""The tests of test_gaps.py that need a built store; those that do not are tests/unit/test_gaps.py.

A reason for every gap (atlas.gaps), on the SYNTHETIC store, whose members' levels are known by
construction (see tests/synthetic_mirror.py), and on a small invented stand-in for a store with
a figure at the "city" level."""
from __future__ import annotations

import pytest

from atlas.gaps import district_list_labels, level_reasons, members_with_district_figures
from atlas.store import Store
from atlas.views import member_options


@pytest.fixture(scope="module")
def store(synthetic_store):
    return Store(synthetic_store)


def test_a_member_with_neither_districts_nor_city_figures_gets_the_closest_area(store):
    """The City of Brussels: its region BE10 is larger than the commune (the Brussels-Capital Region
    member's own), so the closest figures are named as that region's."""
    district, city = level_reasons(store, "brussels")
    assert district == ("No district figures are published for Bruxelles / Brussel in the sources this atlas reads, "
                        "and the atlas has no boundaries of its districts.")
    assert city.startswith("No city figures are published for Bruxelles / Brussel in the sources this atlas reads; "
                           "the closest figures are for Synthetic region BE10 (BE10).")


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
    assert city.startswith("City figures: Never used the internet")  # its NUTS 1 region DE3 is the city


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


def test_an_area_larger_than_the_member_is_named_with_why_it_is_not_used(store):
    """Brussels (the commune) is not the survey's Bruxelles/Brussel (19 communes): the City profile says so."""
    city = level_reasons(store, "brussels")[1]
    assert city.startswith("No city figures are published for Bruxelles")
    assert "urb_percep publishes figures for Bruxelles/Brussel (BE001C), which is larger than" in city


def test_district_figures_published_but_not_mapped_are_said_so(real_store):
    """Birmingham's LSOAs have DERI and census figures, but the mirror has LSOA outlines only for
    Greater Manchester: the profile says that, not "no district figures are published"."""
    from atlas.i18n import set_language

    set_language("en")
    real = Store.open(real_store)
    district, _city = level_reasons(real, "birmingham")
    assert district.startswith("The atlas shows no district figures for Birmingham. Figures for the LSOAs of "
                               "Birmingham are published in DERI v1.6 and 2021 Census online share")
    assert "no outlines of them to map" in district and "No district figures are published" not in district
    glasgow, _city = level_reasons(real, "glasgow")
    assert "do not say which of them are Glasgow's" in glasgow
    belfast, _city = level_reasons(real, "belfast")  # Northern Ireland: in neither source
    assert belfast.startswith("No district figures are published for Belfast")


def test_each_reviewed_local_authority_is_in_the_census_file_and_each_member_is_known(real_store):
    import pandas as pd

    from atlas import paths
    from atlas.members import load_district_misses

    misses = load_district_misses()
    real = Store.open(real_store)
    assert set(misses["member_id"]) <= set(real.members["member_id"])
    census = pd.read_excel(paths.default_mirror() / "indicators/uk_ons/lsoa_census_onlinesharesfinal.xlsx",
                           sheet_name="Online_Share_England&Wales", usecols=["Local Authority Code", "Local Authority Name"])
    known = set(census["Local Authority Code"])
    for row in misses[misses["reason"] == "no_outlines"].itertuples():
        missing = set(row.local_authorities.split()) - known
        assert not missing, f"{row.member_id}: {missing} not in the census file"
        measured = real.layers[real.layers["member_name"] == real.member(row.member_id)["name"]]
        assert "gm_lsoa" not in set(measured["layer_id"])  # its LSOAs really are unmapped
