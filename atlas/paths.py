"""Where things live. Every path can be moved by an environment variable so
tests can build a store of their own without touching the real one."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "data"
GEO_CATALOGUE_DIR = ROOT / "geo"


def store_dir() -> Path:
    """The live store: a symlink swapped atomically by each successful build."""
    return Path(os.environ.get("ATLAS_STORE", ROOT / "data" / "store"))


def city_data_dir() -> Path:
    """Cities added with `python -m atlas add` (git-ignored)."""
    return Path(os.environ.get("ATLAS_CITY_DATA", ROOT / "data" / "cities"))


def default_mirror() -> Path | None:
    """`../shared/data` beside the checkout when present."""
    env = os.environ.get("ATLAS_MIRROR")
    if env:
        return Path(env)
    candidate = ROOT.parent / "shared" / "data"
    return candidate if candidate.is_dir() else None
