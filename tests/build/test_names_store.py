"""The tests of test_names.py that need a built store; those that do not are tests/unit/test_names.py.

Finding a member by any name (atlas.names): accents ignored, local names and exonyms.

The unit tests use small inline labels and alternate names (what the build stores from GeoNames);
the last tests check the names the build gathers, on the SYNTHETIC store and on the REAL one
(skipped without the mirror).
"""
from __future__ import annotations


from atlas.names import find_members
from atlas.store import Store
from atlas.views import member_options

def test_the_synthetic_store_keeps_alternate_names_of_city_members_only(synthetic_store):
    """The synthetic GeoNames rows give Warsaw 'Varsovie' and Brussels 'Bruxelles|Brussel'; the
    Brussels Capital Region (a metropolitan body on the same place) keeps only its own names."""
    store = Store(synthetic_store)
    alt = dict(zip(store.members["member_id"], store.members["alt_names"]))
    labels = member_options(store)
    assert "Varsovie" in alt["warsaw"].split("|")
    assert find_members("Varsovie", labels, alt) == [("warsaw", "Varsovie")]
    assert "Bruxelles" not in alt["brussels-capital-region"].split("|")


REAL_CASES = {"Göteborg": "gothenburg", "Goteborg": "gothenburg", "Gothenburg": "gothenburg", "Kiev": "kyiv",
              "Kyiv": "kyiv", "Köln": "cologne", "Cologne": "cologne", "Gent": "ghent", "Ghent": "ghent",
              "Bruxelles": "brussels", "Brussel": "brussels", "Brussels": "brussels", "Den Haag": "the-hague",
              "Mailand": "milan", "Lisboa": "lisbon", "Porto": "porto", "Marseille": "aix-marseille-provence-metropole"}


def test_the_real_store_finds_members_by_their_geonames_names(real_store):
    store = Store(real_store)
    labels = member_options(store)
    alt = dict(zip(store.members["member_id"], store.members["alt_names"]))
    firsts = {query: (find_members(query, labels, alt) or [(None, None)])[0][0] for query in REAL_CASES}
    assert firsts == REAL_CASES
