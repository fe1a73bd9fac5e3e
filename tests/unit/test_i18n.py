"""Translations: the catalogues parse, translate every message of the template with the
same {placeholders}, the template is up to date with the code, and numbers follow the
language.

A developer who adds a user-facing string runs `make messages` and translates the new
entries in atlas/locale/{fr,de,nl}/LC_MESSAGES/atlas.po; these tests say which are missing.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from atlas import i18n
from atlas.i18n import _, fmt_percent_points, set_language
from atlas.locale.extract_catalogue_strings import TEMPLATE, extract_template

LANGS = ("fr", "de", "nl")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _read(path):
    with open(path, "rb") as f:
        return read_po(f)


def _po_path(lang):
    return i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "atlas.po"


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


@pytest.fixture(scope="module")
def template_ids():
    return {m.id for m in _read(TEMPLATE) if m.id}


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_parses(lang):
    catalog = _read(_po_path(lang))
    assert str(catalog.locale) == lang
    assert len([m for m in catalog if m.id]) > 0


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_translated(lang, template_ids):
    messages = {m.id: m for m in _read(_po_path(lang)) if m.id}
    missing = sorted(i for i in template_ids if i not in messages or not str(messages[i].string).strip())
    fuzzy = sorted(i for i in template_ids if i in messages and messages[i].fuzzy)
    assert not missing, (f"{len(missing)} message(s) untranslated in {lang} (run `make messages`, then "
                         f"translate them in {_po_path(lang)}): {missing}")
    assert not fuzzy, f"{len(fuzzy)} fuzzy message(s) in {lang}: check and remove the fuzzy flag: {fuzzy}"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_kept(lang):
    wrong = [(m.id, m.string) for m in _read(_po_path(lang)) if m.id and m.string
             and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert not wrong, f"{lang}: translations whose {{placeholders}} differ from the English: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_format(lang):
    """Every translation fills in with the values its English text takes."""
    for m in _read(_po_path(lang)):
        if m.id and m.string:
            names = {p.strip("{}").split("!")[0].split(":")[0] for p in PLACEHOLDER.findall(m.id)}
            values = {n: 1.5 for n in names}
            assert m.string.format(**values) if values else m.string, m.id


def test_template_up_to_date(tmp_path, template_ids):
    fresh = {m.id for m in _read(extract_template(tmp_path / "atlas.pot")) if m.id}
    assert fresh == template_ids, (
        "atlas/locale/atlas.pot is out of date with the code: run `make messages` and translate the new "
        f"strings. New: {sorted(fresh - template_ids)}; gone: {sorted(template_ids - fresh)}")


def test_language_switch():
    assert set_language("fr") == "fr"
    assert _("Map") == "Carte"
    assert _("Area covered: {note}.", note="Paris") == "Zone couverte\u00a0: Paris."
    assert set_language("en") == "en"
    assert _("Map") == "Map"
    assert _("Area covered: {note}.", note="Paris") == "Area covered: Paris."
    set_language("de")
    assert _("EU 27") == "EU-27"
    set_language("nl")
    assert _("EU 27") == "EU-27"
    set_language("fr")
    assert _("EU 27") == "UE à 27"


def test_unknown_language_falls_back_to_english():
    assert set_language("xx") == "en"
    assert _("Map") == "Map"


def test_percent_format_follows_language():
    set_language("fr")
    assert re.fullmatch("12,5[\u00a0\u202f]%", fmt_percent_points(12.5))  # '12,5 %', the space non-breaking
    set_language("en")
    assert fmt_percent_points(12.5) == "12.5%"


def test_no_translatable_string_hides_inside_an_f_string():
    """Babel's extractor does not look inside f-strings: a `_()` there never reaches the catalogues
    ('Unit: {unit}' stayed English on the French map)."""
    import ast

    root = Path(__file__).resolve().parents[2]
    hidden = []
    for path in [root / "dashboard.py", *root.glob("pages/*.py"), *root.glob("atlas/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.name}:{call.lineno}" for call in ast.walk(node) if isinstance(call, ast.Call)
                           and isinstance(call.func, ast.Name) and call.func.id == "_"
                           and call.args and isinstance(call.args[0], ast.Constant)]  # a literal, not a catalogue field
    assert not hidden, hidden


@pytest.mark.parametrize("lang", LANGS)
def test_every_member_note_translated(lang):
    """Each reviewed note on a member (data/members.csv's reason, shown under the City profile's title
    and in the About page's coverage) is in the template and translated: they were shown in English."""
    from atlas.members import load_decisions

    notes = {reason for reason in load_decisions()["reason"] if reason.strip()}
    messages = {m.id: m for m in _read(_po_path(lang)) if m.id}
    missing = sorted(n for n in notes if n not in messages or not messages[n].string.strip()
                     or messages[n].fuzzy or messages[n].string == n)
    assert notes and not missing, f"{len(missing)} member note(s) untranslated in {lang}: {missing}"


def test_member_note_in_the_reader_s_language():
    from atlas.coverage import _finest_level
    from atlas.text import member_note

    set_language("fr")
    assert member_note({"decision": "Valladolid in Spain."}) == "Valladolid en Espagne."
    for empty in ({"decision": ""}, {"decision": "  "}, {"decision": None}, {}):
        assert member_note(empty) == ""  # never `_("")`, gettext's catalogue header
    office = {"kind": "non_city", "decision": "The network's own office, not a place with residents."}
    assert _finest_level(office, set(), set(), None) == (
        "none", _("not a place: {decision}", decision="Le bureau du réseau lui-même, pas un lieu habité."))
