"""The catalogues as a contract: every indicator has a definition, a unit, a direction and a source,
and every source an address, a licence and an attribution, so no figure can be shown without the
words needed to cite it. Reads the repository's own data/indicators.yaml, data/sources.yaml and
geo/layers.yaml.
"""
from __future__ import annotations

import pytest

from atlas.catalogue import REQUIRED, catalogue_problems, load_indicators
from atlas.sources import load_sources, source, source_files

INDICATORS = load_indicators()
SOURCES = {s["id"]: s for s in load_sources()}


def test_the_catalogue_has_no_problems():
    assert catalogue_problems(INDICATORS, set(SOURCES)) == []


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i["id"])
def test_indicator_is_documented(ind):
    """Definition (a sentence), unit, direction, dataset and key; licence and attribution via its source."""
    for field in REQUIRED:
        assert ind.get(field), field
    assert len(ind["definition"]) > 30 and ind["definition"].rstrip().endswith(".")
    assert ind["higher_is"] in ("better", "worse")
    src = SOURCES[ind["source"]]
    assert src.get("licence") and src.get("attribution") and src.get("publisher")


def test_indicator_ids_are_unique():
    ids = [i["id"] for i in INDICATORS]
    assert len(ids) == len(set(ids))


def test_scale_notes_where_the_scale_is_not_obvious():
    """IFN (100 = regional average) and DERI (0-10) say so in their unit."""
    for ind in INDICATORS:
        if ind["source"] == "ifn_2020":
            assert "100" in ind["unit"]
        if ind["source"] == "deri_v1_6":
            assert "0-10" in ind["unit"]


@pytest.mark.parametrize("src", load_sources(), ids=lambda s: s["id"])
def test_source_is_citable(src):
    """Every source, boundary layers included, has a file, a licence and an attribution; data
    sources also have an official address for `build --download`."""
    assert src.get("file") and src.get("licence") and src.get("attribution")
    if src.get("kind") != "boundaries":
        assert src["url"].startswith("https://")


@pytest.mark.parametrize("src", load_sources(), ids=lambda s: s["id"])
def test_caveats_speak_to_readers_not_to_the_team(src):
    """A caveat is shown under every chart: no internal to-do ("to be replaced ... before publishing")."""
    assert "before publishing" not in (src.get("caveat") or "") and "to be replaced" not in (src.get("caveat") or "")


def test_source_ids_are_unique():
    ids = [s["id"] for s in load_sources()]
    assert len(ids) == len(set(ids))


def test_every_data_source_is_used_by_an_indicator_or_the_build():
    used = {i["source"] for i in INDICATORS}
    reference = {"members_list", "geonames", "nuts_changes", "lau", "urau_cities", "nuts2016", "nuts2021", "nuts2024",
                 "urau_city_names"}
    data = {sid for sid, s in SOURCES.items() if s.get("kind") not in ("boundaries", "points")}
    assert data == used | reference


def test_source_files_expand_vintages_and_levels():
    assert source_files(source("nuts2021")) == [f"geo/nuts/nuts2021_20m_4326_lvl{n}.geojson" for n in (0, 1, 2)]
    kreise = source_files(source("breitbandatlas_kreise"))
    assert kreise[0] == "indicators/germany_breitbandatlas/landkreis_privat_2018_2.csv" and len(kreise) == 4


def test_catalogue_problems_catches_gaps():
    """The checker itself: a synthetic indicator without definition, with a bad direction and an
    unknown source is reported three times, and a duplicate id once."""
    bad = [{"id": "x", "title": "X", "unit": "%", "higher_is": "up", "source": "nowhere", "dataset": "d", "key": "k"},
           {"id": "x", "title": "X", "definition": "A made-up indicator for the test.", "unit": "%", "higher_is": "better",
            "source": "eurostat_iux", "dataset": "d", "key": "k"}]
    problems = catalogue_problems(bad, set(SOURCES))
    assert problems == ["indicator x: no definition", "indicator x: higher_is must be 'better' or 'worse'",
                        "indicator x: unknown source 'nowhere'", "indicator x: listed twice"]


def test_layers_name_members_of_the_member_page(real_mirror):
    """A boundary layer for a name not on the member page would never be shown."""
    names = set((real_mirror / "eurocities_members.txt").read_text(encoding="utf-8").splitlines())
    for src in load_sources():
        if src.get("kind") != "boundaries":
            continue
        members = src["members"].values() if "members" in src else [src["member"]]
        assert set(members) <= names, src["id"]


def test_a_caveat_loses_only_what_the_indicator_already_says():
    from atlas.text import unsaid

    caveat = "100 = the regional average; scores are whole numbers. Inputs date from 2015-2018."
    assert unsaid(caveat, "IFN axis.", "100 = the regional average; higher = more fragile.") == (
        "Scores are whole numbers. Inputs date from 2015-2018.")
    assert unsaid(caveat, "Something else entirely.") == caveat
    assert unsaid("A; b. C, e.g. d.", "b") == "A. C, e.g. d."  # the dropped clause's full stop kept
    assert unsaid("Not comparable across nations.", "0-10; NOT comparable across nations") == ""


@pytest.mark.parametrize("lang", ["en", "fr", "de", "nl"])
def test_the_about_text_says_nothing_twice(lang):
    """Definition, scale note and the source's caveat, translated, as the caption under a chart or
    map reads them (ui.about_indicator): no clause comes twice, and no sentence is left hanging."""
    from atlas.i18n import _, set_language
    from atlas.text import _clauses, _said, unsaid

    set_language(lang)
    try:
        for ind in INDICATORS:
            definition, note = _(ind["definition"]), _(ind["scale_note"]) if ind.get("scale_note") else ""
            caveat = unsaid(_(SOURCES[ind["source"]].get("caveat") or ""), definition, note)
            text = " ".join(filter(None, [definition, note, caveat]))
            clauses = [_said(c) for sentence in _clauses(text) for c in sentence if _said(c)]
            assert len(clauses) == len(set(clauses)), (ind["id"], text)
            assert not caveat.endswith(";"), (ind["id"], caveat)
    finally:
        set_language("en")
