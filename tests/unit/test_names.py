"""Finding a member by any name (atlas.names): accents ignored, local names and exonyms.

The unit tests use small inline labels and alternate names (what the build stores from GeoNames);
the last tests check the names the build gathers, on the SYNTHETIC store and on the REAL one
(skipped without the mirror).
"""
from __future__ import annotations

import pytest

from atlas.names import find_members, member_names, useful_name, with_matched_name

LABELS = {"gothenburg": "Göteborg (Gothenburg)", "kyiv": "Київ (Kyiv)", "cologne": "Köln (Cologne)",
          "ghent": "Gent (Ghent)", "brussels": "Bruxelles / Brussel (Brussels)",
          "brussels-capital-region": "Région de Bruxelles-Capitale / Brussels Hoofdstedelijk Gewest",
          "porto": "Porto", "bordeaux": "Bordeaux", "frankfurt": "Frankfurt am Main (Frankfurt)"}
ALT = {"gothenburg": "Goeteborg|Gotemburgo|Göteborg", "kyiv": "Kiev|Kijów|Kyiv", "cologne": "Colonia|Koeln|Köln",
       "ghent": "Gand|Gante", "brussels": "Bruxelles|Brussel|Brussels",
       "brussels-capital-region": "Brussels Capital Region", "bordeaux": "Burdeos|Porto Bello"}


def found(query: str) -> list[str]:
    return [member_id for member_id, _name in find_members(query, LABELS, ALT)]


@pytest.mark.parametrize("query, member_id", [
    ("Göteborg", "gothenburg"), ("Goteborg", "gothenburg"), ("GOTEBORG", "gothenburg"), ("Gothenburg", "gothenburg"),
    ("Goeteborg", "gothenburg"), ("Kiev", "kyiv"), ("Kyiv", "kyiv"), ("Kijow", "kyiv"), ("Köln", "cologne"),
    ("Koln", "cologne"), ("Cologne", "cologne"), ("Gent", "ghent"), ("Ghent", "ghent"), ("Gand", "ghent"),
    ("Bruxelles", "brussels"), ("Brussel", "brussels"), ("Brussels", "brussels"), ("  kiev ", "kyiv"),
])
def test_a_member_is_found_first_by_any_of_its_names(query, member_id):
    assert found(query)[0] == member_id


def test_own_names_come_before_alternate_names_and_whole_names_before_beginnings():
    """'Porto' is the member Porto before Bordeaux (one of whose alternate names starts with Porto);
    'Brussels' is the city before the region, whose own name only starts with it."""
    assert found("Porto") == ["porto", "bordeaux"]
    assert found("Brussels") == ["brussels", "brussels-capital-region"]


def test_the_start_of_a_name_or_of_a_word_in_it_finds_the_member():
    assert found("frankf") == ["frankfurt"]
    assert found("main") == ["frankfurt"]
    assert found("teborg") == []  # the middle of a word is not a match


def test_too_short_or_unknown_queries_find_nothing():
    assert found("") == found("k") == found(" ") == []
    assert found("Atlantis") == []


def test_the_matched_alternate_name_is_returned_only_when_the_label_lacks_it():
    assert find_members("Kiev", LABELS, ALT) == [("kyiv", "Kiev")]
    assert find_members("Köln", LABELS, ALT) == [("cologne", None)]
    assert with_matched_name("Київ (Kyiv)", "Kiev") == "Київ (Kyiv), also called Kiev"
    assert with_matched_name("Köln (Cologne)", None) == "Köln (Cologne)"


def test_members_without_alternate_names_are_found_by_their_label():
    assert find_members("Gent", LABELS, {}) == [("ghent", None)]
    assert find_members("Gent", LABELS, {"ghent": float("nan")}) == [("ghent", None)]  # an empty cell


@pytest.mark.parametrize("name, useful", [("Göteborg", True), ("Kiev osh", True), ("GOT", False), ("BRU", False),
                                          ("Ko", False), ("ghwtnbrgh", False), ("porto", False), ("Ulm", True)])
def test_codes_fragments_and_lower_case_transliterations_are_not_kept(name, useful):
    assert useful_name(name) is useful


def test_member_names_joins_distinct_names_from_lists_and_joined_strings():
    assert member_names("Brussels", "Bruxelles / Brussel", "Bruxelles|BRU|brussel|Bryssel") == \
        "Brussel|Brussels|Bruxelles|Bryssel"


