"""City-reported figures never enter a ranking, map, trend or scatter: they live only in
data/practices.yaml, and every figure those views return comes from a statistical source."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from atlas.map_data import europe_layer
from atlas.practices import load_reported_figures
from atlas.store import Store
from atlas.views import ranking_frame, scatter_frame, trends_frame

ATLAS = Path(__file__).resolve().parents[2] / "atlas"
STATISTICAL_VIEWS = ["views.py", "map_data.py", "store.py", "build.py", "build_observations.py", "build_geography.py",
                     "build_members.py", "charts.py", "maps.py", "legends.py"]


@pytest.fixture(scope="module")
def store(real_store) -> Store:
    return Store.open(real_store)


@pytest.mark.parametrize("module", STATISTICAL_VIEWS)
def test_statistical_modules_never_read_the_practices_catalogue(module):
    tree = ast.parse((ATLAS / module).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "atlas.practices" not in imported


def test_store_holds_no_city_reported_figure(store):
    statistical = {s["id"] for s in store.manifest["source_catalogue"]}
    assert set(store.observations["source"]) <= statistical
    reported_ids = set(load_reported_figures()["id"])
    assert not reported_ids & set(store.indicator_ids)


def test_views_return_only_statistical_sources(store):
    statistical = {s["id"] for s in store.manifest["source_catalogue"]}
    frames = [ranking_frame(store, "never_used_internet", 2024), trends_frame(store, "never_used_internet", ["amsterdam"]),
              europe_layer(store, "never_used_internet", 2024)]
    for frame in frames:
        assert set(frame["source"]) <= statistical
    points = scatter_frame(store, "never_used_internet", "basic_digital_skills")
    amsterdam = points[points["member_ids"].str.split(",").map(lambda ids: "amsterdam" in ids)].iloc[0]
    assert amsterdam["x"] != 20 or amsterdam["x_area"].startswith("regional")  # the reported "one in five" is not here
