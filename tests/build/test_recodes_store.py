"""The tests of test_recodes.py that need a built store; those that do not are tests/unit/test_recodes.py.

NUTS recodes: which older codes a region's series was published under, and how a member's
series is joined across them (a `same` recode joins without a break, a `part` recode is a break).

code_chain is checked on the recodes built from the REAL NUTS history (skipped without the
mirror) and on small synthetic frames; member_series on the synthetic store, whose invented
series use the real recodes NL31 -> NL35 (same), PL1 -> PL9 -> PL91, PT17 -> PT1A, HU10 -> HU11 (part).
"""
from __future__ import annotations

import pytest

from atlas.store import Store


# --- on the synthetic store ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(synthetic_store) -> Store:
    return Store(synthetic_store)


def series(store, member_id, indicator="never_used_internet"):
    s = store.member_series(member_id, indicator)
    return {r.year: (r.geo_code, r.is_break) for r in s.itertuples()}


def test_member_series_joins_a_same_recode(store):
    """Utrecht: NL31 up to 2023, then NL35; no break. 2024 is `: u` (a flag without value) so
    it is absent, not zero."""
    got = series(store, "utrecht")
    assert [got[y] for y in (2022, 2023, 2025)] == [("NL31", False), ("NL31", False), ("NL35", False)]
    assert 2024 not in got
    assert not any(brk for _, brk in got.values())


def test_member_series_marks_part_recodes_and_level_changes(store):
    """Warsaw: PL1 (NUTS 1) to 2017, PL9 (NUTS 1) 2018-2022, PL91 (NUTS 2) from 2023: two breaks."""
    got = series(store, "warsaw")
    assert sorted(y for y, (_, brk) in got.items() if brk) == [2018, 2023]
    assert (got[2017][0], got[2018][0], got[2023][0]) == ("PL1", "PL9", "PL91")


@pytest.mark.parametrize("member_id, break_year, old, new", [("lisbon", 2024, "PT17", "PT1A")])
def test_member_series_split_regions_break(store, member_id, break_year, old, new):
    got = series(store, member_id)
    assert got[break_year - 1] == (old, False)
    assert got[break_year] == (new, True)
    assert [y for y, (_, brk) in got.items() if brk] == [break_year]


def test_a_region_that_is_the_city_starts_the_citys_own_series(store):
    """Budapest: HU11 (NUTS 2016) is the city itself (data/city_areas.csv), so its figures are the
    city's own; the older HU10 also held Pest county, so its years are not shown as Budapest's."""
    rows = store.member_series("budapest", "never_used_internet")
    assert set(rows["geo_code"]) == {"HU11"} and set(rows["level"]) == {"city"} and rows["year"].min() == 2018


def test_member_series_rows_name_their_area(store):
    """Codes in the NUTS 2021/2024 layers get their name; an older code (PL1) falls back to itself."""
    s = store.member_series("warsaw", "never_used_internet")
    assert set(s["geo_name"]) == {"PL1", "Synthetic region PL9", "Synthetic region PL91"}


def test_member_series_of_unknown_or_unplaced_member_is_empty(store):
    assert store.member_series("no-such-member", "never_used_internet").empty
    assert store.member_series("enedis", "never_used_internet").empty
