"""atlas.cached on the SYNTHETIC store: the same values as the package functions, computed once per
process for each store, language and arguments, and each caller gets its own copy."""
from __future__ import annotations

import pandas as pd
import pytest

from atlas import cached, views
from atlas.i18n import set_language
from atlas.store import Store


@pytest.fixture
def store(synthetic_store):
    return Store.open(synthetic_store)


def test_a_cached_view_is_the_package_functions_value(store):
    indicator = next(iter(views.indicator_options(store)))
    year = max(store.years(indicator))
    pd.testing.assert_frame_equal(cached.ranking_frame(store, indicator, year), views.ranking_frame(store, indicator, year))
    assert cached.member_options(store) == views.member_options(store)


def test_computed_once_per_language_and_arguments(store, monkeypatch):
    calls = []

    def counted(store, levels=None):
        calls.append((levels, store.folder))
        return {"lang": len(calls)}

    wrapped = cached.shared(counted)
    set_language("en")
    first = wrapped(store, levels=("nuts2",))
    assert wrapped(store, levels=("nuts2",)) == first and len(calls) == 1
    wrapped(store, levels=("country",))
    set_language("fr")
    wrapped(store, levels=("nuts2",))
    set_language("en")
    assert len(calls) == 3


def test_each_caller_gets_its_own_copy(store):
    first = cached.member_options(store)
    first.clear()
    assert cached.member_options(store)


def test_the_europe_figures_and_their_table_are_in_the_readers_language(real_store):
    """One process serves readers of every language: a French reader after an English one must not
    get the English country names (nor the English flag and level words) from the shared cache."""
    real = Store.open(real_store)
    names = {}
    for language in ("en", "fr"):
        set_language(language)
        figures = cached.europe_figures(real, "never_used_internet", 2025)
        table = cached.map_table(figures, real.indicator("never_used_internet"))
        names[language] = (set(figures.loc[figures["level"] == "country", "name"]), set(table["level"]))
    set_language("en")
    assert "Denmark" in names["en"][0] and "Danemark" in names["fr"][0]
    assert "country" in names["en"][1] and "country" not in names["fr"][1]
