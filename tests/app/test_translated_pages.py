"""No English left on a translated page of the real store: the City profile, a district map and
Compare, Trends, About and the Europe map, opened in French, German and Dutch, show none of the catalogue's English sentences
(indicator titles, definitions, notes, area notes, the code's own messages) that the language
translates otherwise.

Fragments of at least MIN_CHARS between placeholders are looked for, so a message shown with its
values filled in is still found; messages a language leaves as they are (names, codes) are not.
"""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from atlas import i18n

from tests.app.conftest import DASHBOARD
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MIN_CHARS = 24
PAGES = {
    "city": ("pages/city.py", {"member": "manchester"}),
    "districts": ("pages/map.py", {"view": "districts", "member": "paris", "layer": "fr_iris"}),
    "compare": ("pages/compare.py", {}),
    "europe": ("pages/map.py", {"view": "europe"}),
    "manchester": ("pages/map.py", {"view": "districts", "member": "manchester", "layer": "gm_lsoa"}),
    "trends": ("pages/trends.py", {}),
    "about": ("pages/about.py", {}),
}


def fragments(lang: str, side: str) -> set[str]:
    """The catalogue's fragments (of the English `id` or the translated `string`) of the messages that
    `lang` translates into other words."""
    with open(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "atlas.po", "rb") as f:
        catalogue = read_po(f)
    out = set()
    for message in catalogue:
        if not message.id or not message.string or message.string == message.id:
            continue
        other = message.string if side == "id" else message.id
        for part in PLACEHOLDER.split(getattr(message, side)):
            part = part.strip(" .,:;()")
            if len(part) >= MIN_CHARS and part not in other:
                out.add(part)
    return out


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info") for e in getattr(at, kind)]
    for box in at.selectbox:
        parts += [box.label, *map(str, box.options)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["fr", "de", "nl"])
@pytest.mark.parametrize("page", list(PAGES))
def test_no_english_left_on_a_translated_page(real_store, monkeypatch, lang, page):
    monkeypatch.setenv("ATLAS_STORE", str(real_store))
    path, params = PAGES[page]
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for key, value in {**params, "lang": lang}.items():
        at.query_params[key] = value
    if path != "pages/map.py":
        at.switch_page(path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown_text(at)
    assert len(text) > 200, "the page showed almost nothing: the test would prove nothing"
    assert any(f in text for f in fragments(lang, "string")), f"the page is not in {lang} at all"
    left = sorted(f for f in fragments(lang, "id") if f in text)
    assert not left, f"English left on {page} in {lang}: {left}"
