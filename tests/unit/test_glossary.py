"""The glossary (issue 16, item 7): every term explained in every language, and links that reach it."""
from __future__ import annotations

import re

import pytest

from atlas.glossary import glossary, glossary_links
from atlas.i18n import set_language


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "fr", "de", "nl"])
def test_every_term_is_explained_and_each_link_reaches_its_entry(lang):
    set_language(lang)
    entries = glossary()
    anchors = [a for a, _t, _x in entries]
    assert {"nuts", "iris", "lsoa", "flags", "scales"} <= set(anchors) and len(set(anchors)) == len(anchors)
    assert all(len(text) > 60 for _a, _t, text in entries)
    links = re.findall(r"\]\(([^)]+)\)", glossary_links(*anchors))
    assert links == [f"/about?lang={lang}#{a}" for a in anchors]


def test_translated_entries_are_not_english():
    english = {a: text for a, _t, text in glossary()}
    set_language("fr")
    assert all(text != english[a] for a, _t, text in glossary())
    assert "u: fiabilité faible" in {a: text for a, _t, text in glossary()}["flags"]  # the flags in words
