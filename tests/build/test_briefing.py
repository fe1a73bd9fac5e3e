"""The one-page briefing (issue 18) on the real store: a member with districts (Paris's IRIS), one
with only regional figures (Utrecht) and one outside the EU (Oslo), in English and French. The PDF
is read back with poppler's pdftotext (in the order the page was written: -raw) and pdfinfo (`make test` installs poppler-utils)."""
import datetime as dt
import re
import shutil
import subprocess

import pytest

from atlas.i18n import set_language
from atlas.store import Store

MEMBERS = ("paris", "utrecht", "oslo")
LANGS = ("en", "fr")


def _plain(text: str) -> str:
    """One line, single spaces, no hyphens: table cells and sentences wrap where the page says, at a
    space or after a hyphen ('Ile-' at a line's end, 'de-France' on the next)."""
    text = re.sub(r"-\n", "", text.replace("\u00a0", " ").replace("\u202f", " ")).replace("-", "")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def store(real_store):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `apt-get install poppler-utils` (make test-setup does)", pytrace=False)
    return Store.open(real_store)


@pytest.fixture(scope="module")
def briefings(store, tmp_path_factory):
    """Each member's PDF in each language, written once, with what pdftotext and pdfinfo read."""
    from atlas.briefing import cached_briefing

    folder, out = tmp_path_factory.mktemp("briefings"), {}
    for member in MEMBERS:
        for lang in LANGS:
            path = folder / f"{member}-{lang}.pdf"
            path.write_bytes(cached_briefing(store, member, lang))
            text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
            out[member, lang] = (_plain(text), info)
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("member", MEMBERS)
def test_briefing_is_one_a4_page(briefings, member, lang):
    _text, info = briefings[member, lang]
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "(A4)" in info


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("member", MEMBERS)
def test_briefing_holds_sentence_figures_sources_and_dates(store, briefings, member, lang):
    from atlas.briefing import briefing_sources, key_figures, live_url
    from atlas.views import district_spread, never_used_summary

    text, _info = briefings[member, lang]
    set_language(lang)
    try:
        assert _plain(never_used_summary(store, member)) in text
        figures = key_figures(store, member)
        assert len(figures) >= 10
        for row in figures.to_dict("records"):
            assert _plain(row["shown"]) in text, row["indicator"]
            assert _plain(row["area"]) in text, row["indicator"]
        spreads = district_spread(store, member)
        for source in briefing_sources(store, figures, spreads[0] if spreads else None):
            assert _plain(source.get("dataset") or source["title"]) in text
            assert _plain(source["licence"].removeprefix("Licence:")) in text
        assert _plain(store.manifest["built_at"][:10]) in text
        assert _plain(dt.date.today().isoformat()) in text
        assert _plain(live_url(member, lang)) in text
    finally:
        set_language("en")


def test_briefing_speaks_the_readers_language(briefings):
    assert "Key figures" in briefings["paris", "en"][0]
    assert "Chiffres clés" in briefings["paris", "fr"][0]
    assert "Key figures" not in briefings["paris", "fr"][0]


def test_districts_or_the_region_say_what_the_map_shows(briefings):
    paris, utrecht = briefings["paris", "en"][0], briefings["utrecht", "en"][0]
    assert "the 5 IRIS at the worse end, of 992" in paris
    assert "No district figures are published for this member" in utrecht  # its wijken: on the Map page, not here
    assert "The area its figures describe: regional figure for NUTS 2 region Utrecht (NL35)" in utrecht
    assert "Gare 32: 180 index (100 = regional average)" in paris  # a district's value with its scale


def test_a_member_whose_small_areas_are_published_but_not_mapped_is_told_so(store):
    """The briefing says what the City profile says (atlas.gaps), not "no district figures are published"."""
    from atlas.briefing import briefing_html

    birmingham = briefing_html(store, "birmingham", "en")
    assert "Figures for the LSOAs of Birmingham are published in DERI v1.6" in birmingham
    assert "No district figures are published" not in birmingham


def test_a_member_without_the_headline_figure_leads_with_its_first_figure(store):
    """Kyiv: no 'never used the internet' figure; its internet users figure, said as national."""
    from atlas.briefing import headline, key_figures

    sentence = headline(store, "kyiv", key_figures(store, "kyiv"))
    assert sentence.startswith("Internet users") and "national figure for Ukraine" in sentence


def test_briefing_is_kept_per_member_and_language(store, briefings):
    from atlas.briefing import briefing_path, cached_briefing

    first = cached_briefing(store, "oslo", "en")
    assert briefing_path(store, "oslo", "en").read_bytes() == first
    assert cached_briefing(store, "oslo", "en") == first
    assert briefing_path(store, "oslo", "fr").exists()
    assert briefing_path(store, "oslo", "fr").read_bytes() != first


def test_brief_command_refuses_an_unknown_member_or_language(real_store, monkeypatch, capsys):
    from atlas.__main__ import main

    monkeypatch.setenv("ATLAS_STORE", str(real_store))
    assert main(["brief", "atlantis"]) == 2
    assert "No member 'atlantis'" in capsys.readouterr().err
    assert main(["brief", "paris", "--lang", "xx"]) == 2
    assert "Unknown language 'xx'" in capsys.readouterr().err


def test_brief_command_writes_the_pdf(real_store, briefings, monkeypatch, tmp_path, capsys):
    from atlas.__main__ import main

    monkeypatch.setenv("ATLAS_STORE", str(real_store))
    out = tmp_path / "oslo.pdf"
    assert main(["brief", "oslo", "--lang", "fr", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and str(out) in capsys.readouterr().out
