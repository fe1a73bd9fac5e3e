"""The practices catalogue (data/practices.yaml) and atlas.practices.

The member list and the article are read from ../shared/data when present (not
committed); tests that need them skip otherwise. Records named `synthetic` are
made up here to exercise the validator and the search.
"""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from atlas import practices as P
from atlas.paths import default_mirror
from atlas.name_keys import fold, slug

MIRROR = default_mirror()
ARTICLE = "reference/eurocities_article_cities_building_bridges_for_digital_inclusion_2024-02-22.txt"

# Every initiative the article (Eurocities, 22 February 2024) names: (member_id, words in the entry's name).
EXPECTED = [
    ("ghent", "volunteers"),
    ("ghent", "digital coaches"),
    ("ghent", "education and elderly care"),
    ("ghent", "IT tracks"),
    ("brussels", "Digital Rights Charter"),
    ("brussels", "training"),
    ("amsterdam", "Cyberbank"),
    ("amsterdam", "Cybersoek"),
    ("eindhoven", "Language Buddy"),
    ("eindhoven", "Click & Tab"),
    ("eindhoven", "public Wi-Fi"),
    ("eindhoven", "digital information points"),
    ("leipzig", "Digital Agenda"),
    ("leipzig", "donated devices"),
    ("leipzig", "Wi-Fi clusters"),
    ("rotterdam", "Teatime"),
    ("rotterdam", "Civic AI-Lab"),
    ("bordeaux", "Observatory on Digital Inequalities"),
    ("bordeaux", "survey"),
]


def _mirror_file(relative: str):
    path = MIRROR / relative if MIRROR else None
    if path is None or not path.exists():
        pytest.skip(f"{relative} not found: ../shared/data (or ATLAS_MIRROR) is not available")
    return path


@pytest.fixture(scope="module")
def raw():
    with open(P.PRACTICES_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def member_ids():
    lines = _mirror_file("eurocities_members.txt").read_text(encoding="utf-8").splitlines()
    return {slug(line) for line in lines if line.strip()}


@pytest.fixture(scope="module")
def article():
    return _mirror_file(ARTICLE).read_text(encoding="utf-8")


def test_catalogue_loads_with_unique_ids_and_known_themes():
    df = P.load_practices()
    assert len(df) >= len({m for m, _ in EXPECTED})
    assert df["id"].is_unique
    assert set(df["theme"]) <= set(P.THEMES)
    figures = P.load_reported_figures()
    assert figures["id"].is_unique and len(figures) > 0


def test_every_entry_has_a_full_source():
    for df in (P.load_practices(), P.load_reported_figures()):
        assert df[P.SOURCE_COLUMNS].notna().all().all(), df.loc[df[P.SOURCE_COLUMNS].isna().any(axis=1), "id"]
        assert (df["source_publisher"] == "Eurocities").all()
        assert (df["source_date"] == "2024-02-22").all()


def test_every_member_id_is_a_eurocities_member(member_ids):
    for df in (P.load_practices(), P.load_reported_figures()):
        assert set(df["member_id"]) <= member_ids, set(df["member_id"]) - member_ids


def test_catalogue_passes_its_own_validation(raw, member_ids):
    assert P.validate_practices(raw["practices"], member_ids) == []
    assert P.validate_reported_figures(raw["reported_figures"], member_ids) == []


@pytest.mark.parametrize("member_id, words", EXPECTED)
def test_every_initiative_named_in_the_article_is_present(member_id, words):
    names = P.practices_for(member_id, P.load_practices())["name"].map(fold)
    assert names.str.contains(fold(words), regex=False).any(), f"{member_id}: no entry named like {words!r}"


def test_figure_wordings_are_exact_quotes_from_the_article(raw, article):
    quotes = [f["wording"] for p in raw["practices"] for f in p["figures"]]
    quotes += [f["wording"] for f in raw["reported_figures"]]
    assert quotes
    for quote in quotes:
        assert quote in article, quote


def test_amsterdam_figures_are_reported_by_the_city_as_shares():
    df = P.practices_for("amsterdam", P.load_reported_figures())
    by_wording = dict(zip(df["wording"], df["value"]))
    assert by_wording["In Amsterdam, one in five do not have digital skills"] == 20
    assert by_wording["one in ten do not have access to the internet in their households"] == 10
    assert set(df["kind"]) == {"reported_by_city"}


def test_every_reported_figure_is_labelled_with_a_known_kind():
    df = P.load_reported_figures()
    assert set(df["kind"]) <= set(P.KINDS)
    assert df.loc[df["kind"] == "quoted_in", "said_by"].notna().all()


# --- the validator, on synthetic records ----------------------------------------

SYNTHETIC_MEMBERS = {"synthetic-city"}


def synthetic_practice(**changes) -> dict:
    record = {
        "id": "synthetic-1", "member_id": "synthetic-city", "name": "Synthetic help desk",
        "summary": "Synthetic summary.", "serves": "Synthetic residents", "theme": "skills_support",
        "start_year": 2021, "figures": [{"value": 5, "wording": "five", "describes": "synthetic"}],
        "source": {"title": "Synthetic report", "publisher": "Synthetic city", "date": "2024-01-31"},
    }
    record.update(changes)
    return record


def test_a_valid_synthetic_record_has_no_problems():
    assert P.validate_practices([synthetic_practice()], SYNTHETIC_MEMBERS) == []


@pytest.mark.parametrize("changes, expected", [
    ({"source": None}, "missing source"),
    ({"source": {"title": "Synthetic report", "publisher": "Synthetic city"}}, "missing source"),
    ({"source": {"title": "T", "publisher": "P", "date": "31/01/2024"}}, "not YYYY-MM-DD"),
    ({"theme": "synthetic-theme"}, "unknown theme 'synthetic-theme'"),
    ({"member_id": "nowhere"}, "unknown member 'nowhere'"),
    ({"start_year": 1850}, "bad start year"),
    ({"start_year": "2021"}, "bad start year"),
    ({"start_year": True}, "bad start year"),
    ({"summary": ""}, "missing summary"),
    ({"figures": [{"wording": "no value"}]}, "numeric value"),
])
def test_validator_reports_each_kind_of_problem(changes, expected):
    problems = P.validate_practices([synthetic_practice(**changes)], SYNTHETIC_MEMBERS)
    assert len(problems) == 1 and expected in problems[0], problems


def test_validator_reports_duplicate_ids():
    problems = P.validate_practices([synthetic_practice(), synthetic_practice()], SYNTHETIC_MEMBERS)
    assert problems == ["Entry 2 (synthetic-1): duplicate id."]


def test_validator_reports_unknown_kind_of_reported_figure():
    record = {"id": "synthetic-f", "member_id": "synthetic-city", "value": 20, "unit": "%",
              "wording": "one in five", "describes": "synthetic", "date": "2024-01-31",
              "kind": "official_statistic", "source": synthetic_practice()["source"]}
    problems = P.validate_reported_figures([record], SYNTHETIC_MEMBERS)
    assert len(problems) == 1 and "unknown kind" in problems[0]


def test_loader_reads_any_path_and_keeps_missing_years_empty(tmp_path):
    path = tmp_path / "synthetic_practices.yaml"
    path.write_text(yaml.safe_dump({"practices": [synthetic_practice(start_year=None)]}), encoding="utf-8")
    df = P.load_practices(path)
    assert list(df["id"]) == ["synthetic-1"]
    assert df["start_year"].isna().all() and df.loc[0, "source_title"] == "Synthetic report"
    assert P.load_reported_figures(path).empty


# --- filters and search -----------------------------------------------------------

def synthetic_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"id": "s1", "member_id": "synthetic-krakow", "member_name": "Kraków", "name": "Synthetic café",
         "summary": "Help in the médiathèque", "serves": "Older people", "theme": "skills_support", "country": "PL"},
        {"id": "s2", "member_id": "synthetic-gent", "member_name": "Gent", "name": "Synthetic laptops",
         "summary": "Refurbished laptops", "serves": "Pupils", "theme": "devices", "country": "BE"},
    ])


@pytest.mark.parametrize("query, ids", [
    ("krakow", ["s1"]), ("KRAKÓW", ["s1"]), ("mediatheque", ["s1"]), ("Cafe older", ["s1"]),
    ("laptops", ["s2"]), ("synthetic", ["s1", "s2"]), ("laptops older", []),
])
def test_search_is_case_and_accent_insensitive(query, ids):
    assert list(P.filter_practices(synthetic_frame(), query=query)["id"]) == ids


def test_search_finds_bordeaux_metropole_without_accents_in_the_catalogue():
    found = P.filter_practices(P.load_practices(), query="metropole")
    assert set(found["member_id"]) == {"bordeaux"}


def test_filters_by_theme_and_country():
    df = synthetic_frame()
    assert list(P.filter_practices(df, themes=["devices"])["id"]) == ["s2"]
    assert list(P.filter_practices(df, countries=["PL"])["id"]) == ["s1"]
    assert P.filter_practices(df, themes=["devices"], countries=["PL"]).empty
    with pytest.raises(KeyError):
        P.filter_practices(df.drop(columns="country"), countries=["PL"])


def test_catalogue_covers_every_theme_with_english_labels():
    assert set(P.load_practices()["theme"]) == set(P.THEMES)
    assert P.theme_label("skills_support") == "Skills and support"
