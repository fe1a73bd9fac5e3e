"""The gap between need and help, on a SYNTHETIC fixture with hand-computed answers.

Five invented 2 km squares in a row on the EPSG:3035 grid (A..E, x from 4,000 km, y 3,000-3,002 km),
so every distance below is plain arithmetic. Need values: A and B 130 (a tie at the top), C 110,
D 100, E 90, higher is worse; the worst fifth of 5 is 1 rank, and a tie at the edge is all in.
Points: a library exactly on the A/B border at (4,002,000, 3,001,000); a help point in C at
(4,005,000, 3,001,600); an approximate library at A's centroid, which must be ignored.
A has population points (300 people at x=4,000,500 and 100 at x=4,001,500, both at y=3,001,000),
so its centre is x = (300*4,000,500 + 100*4,001,500) / 400 = 4,000,750; B has none (centroid).
"""
from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
from pyproj import Transformer
from shapely.geometry import Point, box

from atlas.help_points import district_centres, gap_summary, gap_table, worst_fifth

TO_DEGREES = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)
X0, Y0, SIDE = 4_000_000, 3_000_000, 2_000


def districts() -> gpd.GeoDataFrame:
    squares = [box(X0 + i * SIDE, Y0, X0 + (i + 1) * SIDE, Y0 + SIDE) for i in range(5)]
    frame = gpd.GeoDataFrame({"geo_code": [f"syn:{c}" for c in "ABCDE"], "name": [f"Synthetic {c}" for c in "ABCDE"],
                              "value": [130.0, 130.0, 110.0, 100.0, 90.0]}, geometry=squares, crs="EPSG:3035")
    return frame.to_crs("EPSG:4326")


def point(kind: str, x: float, y: float, approximate: bool = False) -> dict:
    lon, lat = TO_DEGREES.transform(x, y)
    return {"kind": kind, "lat": lat, "lon": lon, "approximate": approximate, "name": kind}


POINTS = pd.DataFrame([point("library", 4_002_000, 3_001_000), point("help_point", 4_005_000, 3_001_600),
                       point("library", 4_001_000, 3_001_000, approximate=True)])
PEOPLE = gpd.GeoDataFrame({"population": [300, 100]}, geometry=[Point(4_000_500, 3_001_000), Point(4_001_500, 3_001_000)],
                          crs="EPSG:3035")
POPULATION = pd.Series({"syn:A": 400.0})


def table(**kwargs) -> pd.DataFrame:
    return gap_table(districts(), POINTS, "worse", population=POPULATION, population_points=PEOPLE, **kwargs).set_index("name")


def test_centres_weighted_by_population_else_centroid():
    centres = district_centres(districts(), PEOPLE)
    assert centres.x.round(3).tolist() == [4_000_750, 4_003_000, 4_005_000, 4_007_000, 4_009_000]
    assert centres.y.round(3).tolist() == [3_001_000] * 5


def test_distances_and_counts_against_hand_computed_values():
    t = table()
    # any kind: A to the border library 1,250 m (from its weighted centre); B 1,000 m (centroid);
    # C 600 m to its help point; D sqrt(2000² + 600²) = 2,088 m; E sqrt(4000² + 600²) = 4,045 m
    assert t["nearest_m"].tolist() == [1250, 1000, 600, 2088, 4045]
    assert t["nearest_m_library"].tolist() == [1250, 1000, 3000, 5000, 7000]
    # help point from A: sqrt(4250² + 600²) = 4,292 m; from B: sqrt(2000² + 600²) = 2,088 m
    assert t["nearest_m_help_point"].tolist() == [4292, 2088, 600, 2088, 4045]
    assert round(math.hypot(4250, 600)) == 4292
    # the border library counts for A and for B; the approximate one for nobody
    assert t["help_inside"].tolist() == [1, 1, 1, 0, 0]


def test_worst_fifth_takes_ties_at_the_edge_and_follows_direction():
    t = table()
    assert t["worst_fifth"].tolist() == [True, True, False, False, False]
    values = pd.Series([1.0, 2.0, None, 4.0, 5.0, 6.0])
    assert worst_fifth(values, "better").tolist() == [True, False, False, False, False, False]
    assert worst_fifth(values, "worse").tolist() == [False, False, False, False, False, True]


def test_highlighted_follows_the_threshold_and_the_kinds_counted():
    assert table()["highlighted"].tolist() == [True, False, False, False, False]  # B's library is exactly 1 km away
    assert table(threshold_m=1300)["highlighted"].sum() == 0
    assert table(threshold_m=900)["highlighted"].tolist() == [True, True, False, False, False]
    only_help_points = table(kinds=["help_point"])
    assert only_help_points["highlighted"].tolist() == [True, True, False, False, False]
    assert only_help_points["help_inside"].tolist() == [0, 0, 1, 0, 0]


def test_summary_gives_people_only_when_every_highlighted_district_has_a_population():
    assert gap_summary(table().reset_index()) == {"n": 1, "total": 5, "population": 400.0}
    # B (highlighted at 900 m) has no population: no number of people rather than a partial one
    assert gap_summary(table(threshold_m=900).reset_index()) == {"n": 2, "total": 5, "population": None}


def test_no_points_at_all_leaves_distances_unknown():
    empty = POINTS.iloc[0:0]
    t = gap_table(districts(), empty, "worse")
    assert t["nearest_m"].isna().all() and t["help_inside"].eq(0).all()
    assert t["highlighted"].tolist() == [True, True, False, False, False]
