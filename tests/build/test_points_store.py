"""The tests of test_points.py that need a built store; those that do not are tests/unit/test_points.py.

Help and access points: read from each catalogued format, checked (known bad coordinates,
Europe, member areas, duplicates, no contact details) and stored per member. SYNTHETIC fixtures
(tests/synthetic_mirror.py and the frames below); the real store is checked where present."""
from __future__ import annotations


from atlas.sources import load_sources
from atlas.store import Store

POINT_SOURCES = [s for s in load_sources() if s.get("kind") == "points"]
def test_synthetic_store_has_one_point_per_layer(synthetic_store):
    """Each synthetic layer has one good place, its duplicate and an overseas one: one kept."""
    store = Store(synthetic_store)
    assert store.points.groupby("layer_id").size().to_dict() == {s["id"]: 1 for s in POINT_SOURCES}
    reports = {r["layer_id"]: r for r in store.manifest["points_report"]}
    assert all(r["dropped_duplicates"] == 1 and r["dropped_outside_europe"] == 1 for r in reports.values())
    assert set(store.member_points("paris")["kind"]) == {"help_point", "mediator", "library", "wifi"}


def test_real_points_follow_sources_md(real_store):
    """Counts that SOURCES.md states for the real files, and its known bad coordinates handled."""
    store = Store(real_store)
    kept = store.points.groupby("layer_id").size()
    assert kept["points_bcn_wifi"] == 589 and kept["points_paris_wifi"] == 274
    assert kept["points_hamburg_libraries"] == 139 and kept["points_berlin_libraries"] == 105
    city = store.points[(store.points["layer_id"] == "points_gm_libraries") & (store.points["name"] == "City Library")]
    assert (city["lon"].iloc[0], city["lat"].iloc[0]) == (-2.244594, 53.477944)  # not Chorlton's place
    cnfs = store.points[store.points["layer_id"] == "points_fr_cnfs_2022"]
    assert not ((cnfs["lon"] == 2.3752) & (cnfs["lat"] == 48.845)).any()
    assert store.points["lat"].between(34, 72).all()


def test_the_gap_sentence_reads_right_for_a_single_district(real_store):
    """One of Pau's own 31 IRIS is in the worst fifth without a help place within 1 km (real store,
    counted 2026-12-01): the sentence gives the count as 'n of all N IRIS', which reads right for 1 as
    for 60 and cannot be read as a share of the neediest fifth, and the district's people 'live there'."""
    from atlas.help_map import gap_sentence

    text = gap_sentence(Store(real_store), "pau", "fr_iris", "ifn_score", "Pau", "IRIS", own_area=True)
    assert "In Pau, IRIS among the fifth most in need with no help place within 1 km: 1 of all 31 IRIS; 3,292 people live there." in text
