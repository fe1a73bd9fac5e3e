"""Fixtures of the build tier: a private copy of the SYNTHETIC mirror to corrupt, and a good store
built from it. The shared synthetic and real stores (built once per session) are in tests/conftest.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas.build import run_build
from support import quiet


@pytest.fixture
def mirror(synthetic_mirror, tmp_path) -> Path:
    """A private copy of the synthetic mirror, free to corrupt."""
    return Path(shutil.copytree(synthetic_mirror, tmp_path / "mirror"))


@pytest.fixture
def built(mirror, tmp_path) -> Path:
    """A good store at tmp/live/store, built from the private mirror."""
    store = tmp_path / "live" / "store"
    assert run_build(mirror=mirror, store=store, log=quiet) == 0
    return store
