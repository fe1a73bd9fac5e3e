"""atlas.map_page: what the Map page says and offers beside its maps, as plain functions, tested
without Streamlit and without a build: a small SYNTHETIC stand-in for the store (invented members,
codes and figures) and plain frames."""
from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest

from atlas import map_page as mp
from atlas.indicator import Indicator

META = {"unit": "%", "decimals": 1, "higher_is": "worse"}


class SyntheticStore:
    """The few store attributes the Map page's words read; every value invented."""

    members = pd.DataFrame({
        "member_id": ["alpha", "beta"], "name": ["Alpha", "Beta"], "local_name": ["Álpha", "Béta"],
        "lat": [48.0, 50.0], "lon": [2.0, 4.0], "country": ["XA", "XA"], "district_layers": [["xa_units"], []],
        "nuts2_2024": ["XA01", "XA02"], "nuts1_2024": ["XA0", "XA0"], "nuts2_2021": ["XA01", "XA02"],
        "nuts1_2021": ["XA0", "XA0"]})
    regions = gpd.GeoDataFrame({"geo_code": [], "version": []}, geometry=[], crs="EPSG:4326")
    layers = pd.DataFrame({"layer_id": ["xa_units", "xa_units", "xb_blocks"], "unit_plural": ["Units", "Units", "Blocks"],
                           "member_name": ["Alpha", "Beta", "Alpha"]})
    indicators = {"offline": Indicator(id="offline", title="Synthetic share offline", definition="", unit="%",
                                       higher_is="worse", source="s", dataset="d", scale_note="0-10, synthetic scale"),
                  "plain": Indicator(id="plain", title="Synthetic plain share", definition="", unit="%",
                                     higher_is="worse", source="s", dataset="d")}

    def indicator(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def member(self, member_id: str) -> dict | None:
        rows = self.members[self.members["member_id"] == member_id]
        return rows.iloc[0].to_dict() if len(rows) else None

    def place_name(self, code: str) -> str:
        return {"XA01": "Synthetic Region One", "XA02": "Synthetic Region Two", "XA03": "Empty Region"}.get(code, code)

    def district_indicators(self, layer_id: str) -> list[str]:
        return ["offline"] if layer_id == "xa_units" else []


@pytest.fixture
def store() -> SyntheticStore:
    return SyntheticStore()


REGIONS = pd.DataFrame({"geo_code": ["XA01", "XA03"], "value": [12.345, float("nan")], "year": [2024, 2024],
                        "flag": ["u", ""]})


def test_the_page_words_need_no_streamlit():
    code = "import sys, atlas.map_page; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_tap_on_a_member_offers_its_city_profile(store):
    answer = mp.tap_answer(store, {"member_id": "beta"}, REGIONS, META)
    assert answer == {"lines": [], "links": {"beta": "Béta"}, "hint": ""}


def test_a_tap_on_a_region_gives_its_figure_and_the_members_in_it(store):
    answer = mp.tap_answer(store, {"geo_code": "XA01"}, REGIONS, META)
    assert answer["links"] == {"alpha": "Álpha"} and not answer["hint"]
    assert answer["lines"][0].startswith("**Synthetic Region One**: 12.3") and "2024" in answer["lines"][0]
    assert "low reliability" in answer["lines"][0]
    assert answer["lines"][1] == "Eurocities members in **Synthetic Region One**:"


def test_a_region_without_members_says_so_and_a_code_not_drawn_is_ignored(store):
    empty = mp.tap_answer(store, {"geo_code": "XA03"}, REGIONS, META)
    assert empty["lines"][0] == "**Empty Region**: no figure for 2024"
    assert empty["lines"][1] == "No Eurocities member in **Empty Region**." and empty["hint"]
    for clicked in ({"geo_code": "XA02"}, {"geo_code": "<script>"}, {}):  # XA02 is not one of the drawn regions
        assert mp.tap_answer(store, clicked, REGIONS, META) == {
            "lines": [], "links": {}, "hint": "Click a member's dot, or a region, to open a member's City profile."}


def test_the_borough_filter_offers_all_then_each_part_and_keeps_its_districts():
    parents = pd.DataFrame({"parent": ["Wigan", "Bolton", "Bury"]})
    assert mp.part_choices(parents) == [mp.ALL_PARTS, "Bolton", "Bury", "Wigan"]
    assert mp.part_choices(parents.head(1)) == []  # one part: nothing to choose
    figures = pd.DataFrame({"geo_code": ["a", "b", "c"], "parent": ["Bolton", "Bury", "Bolton"]})
    assert mp.in_part(figures, "Bolton")["geo_code"].tolist() == ["a", "c"]
    assert mp.in_part(figures, mp.ALL_PARTS) is figures and mp.in_part(figures, None) is figures
    assert (mp.fit_target("Bolton"), mp.fit_target(mp.ALL_PARTS), mp.fit_target(None)) == ("Bolton", "", None)
    assert (mp.part_label(mp.ALL_PARTS), mp.part_label("Bury")) == ("All", "Bury")


def test_members_units_and_indicators_of_the_district_views(store):
    labels = {"alpha": "Alpha (XA)", "beta": "Beta (XA)"}
    assert mp.members_with_districts(store, labels) == {"alpha": "Alpha (XA)"}
    assert mp.unit_names(store, ["xb_blocks", "xa_units"]) == {"xb_blocks": "Blocks", "xa_units": "Units"}
    assert mp.measured_indicators(store, "xa_units") == {"offline": "Synthetic share offline"}
    assert mp.measured_indicators(store, "xb_blocks") == {}
    assert mp.scale_note(store, "offline") == "0-10, synthetic scale"
    assert mp.scale_note(store, "plain") == mp.scale_note(store, None) == ""


def test_europe_notes_say_what_is_hatched_and_what_is_not_drawn():
    figures = pd.DataFrame({"geo_code": ["XA", "XB01"], "name": ["Xa", "Synthetic B One"], "level": ["country", "nuts2"],
                            "value": [float("nan"), 3.0], "year": [2024, 2024], "flag": ["", ""],
                            "latest": [2020.0, float("nan")], "has_outline": [True, True]})
    notes = mp.europe_notes(figures, 2024)
    assert len(notes) == 2 and notes[0].startswith("Hatched: no figure for 2024.") and "latest figure 2020" in notes[0]
    assert "outermost regions" in notes[1]
    assert len(mp.europe_notes(figures.tail(1), 2024)) == 1  # nothing hatched: no hatching note


def test_layer_captions_translate_the_area_and_keep_the_citys_own_words():
    row = pd.Series({"area_note": "every synthetic unit", "description": "Our own synthetic words."})
    assert mp.layer_captions(row) == ["Area covered: every synthetic unit.", "Our own synthetic words."]
    assert mp.layer_captions(pd.Series({"area_note": "", "description": float("nan")})) == []


def test_need_and_help_is_offered_only_with_help_places_and_figures():
    assert list(mp.show_modes(True)) == ["figures", "need"] and list(mp.show_modes(False)) == ["figures"]
    assert "2019" in mp.cities_note(2019)


def test_table_headers_are_words_with_the_unit():
    headers = mp.table_headers("score 0-10")
    assert headers["value"] == "Value (score 0-10)" and headers["part_of"] == "Borough, commune or district"


def test_side_by_side_defaults_and_table_name_each_rows_member():
    assert mp.side_default({"lyon": "Lyon", "paris": "Paris"}) == ["paris"]
    assert mp.side_default({"lyon": "Lyon", "nice": "Nice", "pau": "Pau"}) == ["lyon", "nice"]
    frames = {"lyon": pd.DataFrame({"value": [1.0, 2.0]}, index=[5, 6]), "pau": pd.DataFrame({"value": [3.0]})}
    table, members = mp.side_table(frames, {"lyon": "Lyon", "pau": "Pau"})
    assert table["value"].tolist() == [1.0, 2.0, 3.0] and members.tolist() == ["Lyon", "Lyon", "Pau"]
    assert list(table.index) == list(members.index)


def test_no_district_figures_says_so_with_the_member_and_its_units(monkeypatch, store):
    monkeypatch.setattr(mp.md, "no_district_figures_note", lambda _store, _member: ["Synthetic share: 3.0% (country)"])
    text = mp.no_district_figures(store, "beta", "Béta", "Units")
    assert text.startswith("No district figures are published for Béta: the map shows its Units only.")
    assert text.endswith("\n- Synthetic share: 3.0% (country)")
