"""`pytest tests` (what `make test` runs) collects every tier: no folder of tests/ holding tests is
left out by pytest.ini's norecursedirs (pytest's default list has `build`, our tests/build)."""
from __future__ import annotations

import configparser
from fnmatch import fnmatch
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_tier_is_collected_by_pytest_tests():
    ini = configparser.ConfigParser()
    ini.read(TESTS.parent / "pytest.ini")
    skipped = ini["pytest"]["norecursedirs"].split()
    tiers = sorted(p.name for p in TESTS.iterdir() if p.is_dir() and any(p.glob("test_*.py")))
    assert {"unit", "build", "app", "browser"} <= set(tiers)
    assert [t for t in tiers if any(fnmatch(t, pattern) for pattern in skipped)] == []
