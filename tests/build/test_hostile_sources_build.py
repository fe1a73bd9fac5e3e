"""The source cases of the hostile corpus (tests/hostile_cases.yaml) marked `build: true`, through a
whole build of a corrupted copy of the SYNTHETIC mirror: a reader's error and the build's own rules
(no member named twice, no value twice) end the build with a "Build failed" line naming the file,
and the store that was serving before is untouched; a mended ring is counted in the store's layer
table. Every case is also read without a build in tests/unit/test_hostile_sources.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from atlas.build import run_build
from atlas.sources import load_sources
from atlas.store import Store
from support import Log, quiet, snapshot
from tests.hostile_corpus import CORRUPT, source_cases

CASES = source_cases(build=True)
FAILING = [c for c in CASES if c["expect"] == "fails"]
REPAIRED = [c for c in CASES if c["expect"] == "repaired"]


@pytest.fixture(scope="module")
def serving(synthetic_mirror, tmp_path_factory) -> Path:
    """A good store, built once: every failing build below must leave it as it is."""
    store = tmp_path_factory.mktemp("serving") / "store"
    assert run_build(mirror=synthetic_mirror, store=store, log=quiet) == 0
    return store


@pytest.mark.parametrize("case", FAILING, ids=[c["id"] for c in FAILING])
def test_a_broken_source_fails_the_build_and_keeps_the_store_serving(serving, mirror, case):
    before = snapshot(serving)
    CORRUPT[case["corrupt"]](mirror / case["file"])
    log = Log()
    assert run_build(mirror=mirror, store=serving, log=log) == 1, log.text  # a traceback fails the test as it is
    failure = next(line for line in log if line.startswith("Build failed"))
    assert case["file"] in failure, failure
    for word in case.get("words", []):
        assert word in failure, failure
    assert "previous store" in log.text
    assert snapshot(serving) == before
    assert [p.name for p in serving.parent.iterdir() if p.name != "store"] == [before["target"].name]


@pytest.mark.parametrize("case", REPAIRED, ids=[c["id"] for c in REPAIRED])
def test_a_mended_ring_is_counted_in_the_store(mirror, tmp_path, case):
    CORRUPT[case["corrupt"]](mirror / case["file"])
    log = Log()
    assert run_build(mirror=mirror, store=tmp_path / "store", log=log) == 0, log.text
    layer_id = next(s["id"] for s in load_sources() if s["file"] == case["file"])
    repaired = Store(tmp_path / "store").layers.set_index("layer_id")["repaired"]
    assert repaired[layer_id] == 1, repaired.to_dict()
