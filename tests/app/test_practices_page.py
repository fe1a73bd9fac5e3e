"""The Practices page and the City page's "What this city does" section, on the real catalogue
(data/practices.yaml, written from the Eurocities article) and the SYNTHETIC store."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support import run_page


def practices(at: AppTest, **params) -> AppTest:
    return run_page(at, "pages/practices.py", **params)


def shown_names(at: AppTest) -> list[str]:
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]


def test_all_practices_are_listed_by_default(app):
    at = practices(app)
    assert not at.exception
    assert at.markdown[0].value == "18 of 18 practices"


def test_a_theme_in_the_link_filters_the_list(app):
    at = practices(app, themes="devices")
    names = shown_names(at)
    assert "Cyberbank (with Cybersoek)" in names
    assert "Teatime" not in names  # a skills-and-support practice
    assert at.multiselect[0].value == ["devices"]


def test_search_is_kept_in_the_url_and_ignores_accents(app):
    at = practices(app, q="LÄPTOPS")
    assert shown_names(at) == ["Cyberbank (with Cybersoek)"]
    assert at.query_params["q"] == "LÄPTOPS"


def test_reported_figures_are_labelled_as_such(app):
    at = practices(app)
    reported = [m.value for m in at.markdown if m.value.startswith("“")]
    assert reported and all(("Reported by the city" in r) or ("Quoted in" in r) for r in reported)


def city(app: AppTest, member_id: str) -> AppTest:
    app.query_params["member"] = member_id
    app.switch_page("pages/city.py")
    return app.run()


def test_city_page_lists_what_the_city_does(app):
    at = city(app, "brussels")
    assert not at.exception
    assert any("Digital Rights Charter" in m.value for m in at.markdown)


def test_city_page_shows_reported_figures_labelled_as_such(app):
    at = city(app, "brussels-capital-region")
    assert any("Reported by the city" in i.value and "not an official statistic" in i.value for i in at.info)


def test_a_member_without_practices_is_shown_peers(app):
    at = city(app, "paris")
    assert any("facing similar figures" in m.value for m in at.markdown)
