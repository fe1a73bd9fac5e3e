"""Every control of Trends, Compare and City changed once (AppTest, SYNTHETIC store): the page
reruns without an exception and the link (query parameters) follows the new choice."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def opened(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# Another value for each selectbox, by its URL key (AppTest cannot apply our format functions,
# so options are chosen by value).
OTHER = {"indicator": "regular_internet_use", "level": "country", "mode": "change", "member": "berlin",
         "country": "DE", "x": "regular_internet_use", "y": "never_used_internet", "since": 2016}


def change_each_selectbox(at: AppTest) -> list[str]:
    keys = [s.key.removeprefix("w_") for s in at.selectbox if s.key != "w_lang"]
    for key in keys:
        box = next(s for s in at.selectbox if s.key == f"w_{key}")
        assert box.value != OTHER[key]
        box.set_value(OTHER[key]).run()
        assert not at.exception, (key, [e.value for e in at.exception])
        assert next(s for s in at.selectbox if s.key == f"w_{key}").value == OTHER[key]
        assert at.query_params[key] == str(OTHER[key])
    return keys


@pytest.mark.parametrize("page", ["pages/trends.py", "pages/compare.py", "pages/city.py"])
def test_every_selectbox_changed_once(app, page):
    at = opened(app, page)
    assert change_each_selectbox(at)


def test_trends_members_and_change_since(app):
    at = opened(app, "pages/trends.py")
    at.multiselect[0].set_value(["berlin", "budapest"]).run()
    assert at.query_params["members"] == "berlin,budapest"
    next(s for s in at.selectbox if s.key == "w_mode").select("change").run()
    assert not at.exception and at.query_params["mode"] == "change"
    assert any(s.key == "w_since" for s in at.selectbox)


def test_compare_year_and_labelled_members(app):
    at = opened(app, "pages/compare.py")
    slider = at.select_slider[0]
    slider.set_value(slider.options[0]).run()
    assert not at.exception and at.query_params["year"] == str(slider.options[0])
    at.multiselect[0].set_value(["utrecht"]).run()
    assert at.query_params["members"] == "utrecht"


def test_map_year_slider_changes_the_figures_and_the_link(app):
    def legend(at: AppTest) -> str:
        return next(h.proto.body for h in at.get("html") if "atlas-legend" in h.proto.body)

    at = opened(app, "pages/map.py")
    slider = at.select_slider[0]
    assert str(slider.value) == slider.options[-1] == at.query_params["year"]
    latest_legend = legend(at)
    earliest = int(slider.options[0])  # AppTest lists the options as text
    slider.set_value(earliest).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider[0].value == earliest and at.query_params["year"] == str(earliest)
    assert legend(at) != latest_legend  # the classes now count that year's figures


def test_a_year_the_app_wrote_itself_goes_stale_without_blaming_the_link(app, new_app):
    """2025 in the address, then a series that stops in 2021 (household broadband): the year falls back to 2021 quietly
    (no "unknown value in the link" notice); a link typed with a bad year is still told."""
    at = opened(app, "pages/map.py")
    assert at.query_params["year"] == "2025"
    next(s for s in at.selectbox if s.key == "w_indicator").set_value("household_broadband").run()
    assert not at.exception and at.query_params["year"] == "2021"
    assert not at.toast

    typed = new_app()
    typed.query_params.update({"view": "europe", "indicator": "household_broadband", "year": "2025"})
    opened(typed, "pages/map.py")
    assert typed.query_params["year"] == "2021" and "2025" in typed.toast[0].value


def test_district_figures_with_a_series_get_a_year_slider(app, new_app):
    """Berlin's Bezirke have broadband figures for 2019-2021: a year slider chooses among them;
    a single-year layer (Paris IRIS) has none."""
    app.query_params.update({"view": "districts", "member": "berlin", "layer": "de_bezirk",
                             "indicator": "bezirk_gigabit_availability"})
    at = opened(app, "pages/map.py")
    slider = at.select_slider[0]
    assert slider.options == ["2019", "2020", "2021"] and str(slider.value) == "2021"
    latest = next(h.proto.body for h in at.get("html") if "atlas-legend" in h.proto.body)
    slider.set_value(2019).run()
    assert not at.exception and at.query_params["year"] == "2019"
    assert next(h.proto.body for h in at.get("html") if "atlas-legend" in h.proto.body) != latest

    paris = new_app()
    paris.query_params.update({"view": "districts", "member": "paris", "layer": "fr_iris", "indicator": "ifn_score"})
    assert not opened(paris, "pages/map.py").select_slider


def test_a_charts_table_has_headers_in_words_and_no_internal_columns(app):
    """Compare's table: 'Figure', 'Members', 'Value (unit)' as headers; member ids and the kind
    and level codes are kept for the downloads, not shown (SYNTHETIC store)."""
    import json

    app.query_params["ranking_table"] = "true"
    at = opened(app, "pages/compare.py")
    table = at.dataframe[0].proto
    config = json.loads(table.columns)
    labels = {column: spec.get("label") for column, spec in config.items()}
    assert labels["label"] == "Figure" and labels["members"] == "Members" and labels["value"].startswith("Value (")
    assert "member_ids" not in table.column_order and "figure_kind" not in table.column_order
    assert "label" in table.column_order and "area" in table.column_order
