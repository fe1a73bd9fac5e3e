"""Shared by the AppTest files: the app on the SYNTHETIC store (tests/synthetic_mirror.py), a fresh
session per test (the store cache is keyed by its path)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture
def new_app(synthetic_store, monkeypatch):
    """Makes a new app session reading the synthetic store, for a test that needs more than one."""
    monkeypatch.setenv("ATLAS_STORE", str(synthetic_store))
    return lambda: AppTest.from_file(DASHBOARD, default_timeout=60)


@pytest.fixture
def app(new_app) -> AppTest:
    """A fresh app session reading the synthetic store."""
    return new_app()
