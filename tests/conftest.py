"""Shared fixtures: a synthetic mirror and the store built from it, and (when the public mirror
is present) a store built from the real files. Everything is written into pytest's tmp folders;
no fixture touches data/store or ../shared/data.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/support.py, tests/synthetic_mirror.py

from support import build_store  # noqa: E402
from synthetic_mirror import write_synthetic_mirror  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REAL_MIRROR = Path(os.environ.get("ATLAS_MIRROR") or REPO.parent / "shared" / "data")


@pytest.fixture(scope="session", autouse=True)
def no_added_cities(tmp_path_factory):
    """Builds in the tests never read cities someone added to this checkout (data/cities):
    the city data area is an empty folder unless a test points it elsewhere."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_CITY_DATA", str(tmp_path_factory.mktemp("no-added-cities")))
        yield


@pytest.fixture(scope="session")
def synthetic_mirror(tmp_path_factory) -> Path:
    """A folder laid out like ../shared/data with a handful of invented rows per file."""
    return write_synthetic_mirror(tmp_path_factory.mktemp("synthetic") / "mirror")


@pytest.fixture(scope="session")
def synthetic_store(synthetic_mirror, tmp_path_factory) -> Path:
    """The store built from the synthetic mirror (shared, read-only: do not rebuild into it)."""
    return build_store(synthetic_mirror, tmp_path_factory.mktemp("synthetic-store"))


@pytest.fixture(scope="session")
def real_mirror() -> Path:
    if not (REAL_MIRROR / "eurocities_members.txt").exists():
        pytest.skip(f"the public data mirror is not present at {REAL_MIRROR}")
    return REAL_MIRROR


@pytest.fixture(scope="session")
def real_store(real_mirror, tmp_path_factory) -> Path:
    """The store built once per session from the real public files (about 4 s)."""
    return build_store(real_mirror, tmp_path_factory.mktemp("real-store"))
