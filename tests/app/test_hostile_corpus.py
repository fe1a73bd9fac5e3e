"""The query-parameter cases of the hostile corpus (tests/hostile_cases.yaml) under AppTest, on the
SYNTHETIC store: each link draws its page with no exception and no error box, under the page's own
title, and the hostile value gets what the corpus says: the page's default with a notice naming the
parameter (`default`), the text cleaned and cut to the widget's limit (`cut`), or the list's first
entries (`capped`), or an empty choice, as if every entry were unticked (`empty`). Markup from a link is never drawn as HTML.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile_corpus import query_cases
from tests.support import drawn_as_html, run_page

CASES = query_cases()
TITLES = {"map": "Map", "trends": "Trends", "compare": "Compare members", "city": None,  # the member's name
          "practices": "What cities do", "about": "About the data"}
WIDGET = {"lang": "w_lang"}  # parameter -> widget key; otherwise w_<parameter>


def run(make, page: str, params: dict) -> AppTest:
    return run_page(make(), f"pages/{page}.py", **params)


def widget_value(at: AppTest, key: str):
    for kind in (at.selectbox, at.multiselect, at.select_slider, at.text_input):
        for w in kind:
            if w.key == key:
                return w.value
    raise AssertionError(f"no widget {key} on the page")


_baselines: dict = {}


def baseline(make, case) -> AppTest:
    """The same page with only the case's valid context: what 'the default' means for the case."""
    key = (case["page"], tuple(sorted(case["context"].items())))
    if key not in _baselines:
        at = run(make, case["page"], case["context"])
        _baselines[key] = {"widgets": {w.key: w.value for kind in (at.selectbox, at.multiselect, at.select_slider,
                                                                    at.text_input) for w in kind if w.key},
                           "title": [t.value for t in at.title]}
    return _baselines[key]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_link_gets_its_expected_outcome(new_app, case):
    at = run(new_app, case["page"], {**case["context"], **case["params"]})
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    base = baseline(new_app, case)
    assert [t.value for t in at.title] == base["title"], "the page's own title"
    param = case.get("checks") or next(iter(case["params"]))
    assert len(case["params"]) == 1 or case.get("checks"), "a case of several parameters names the one it checks"
    key = WIDGET.get(param, f"w_{param}")
    got = widget_value(at, key)
    notices = [t.value for t in at.toast]
    if case["expect"] == "default":
        assert got == base["widgets"][key], f"{key} is {got!r}, not the page's default"
        assert any(f"“{param}”" in n for n in notices), f"no notice names {param}: {notices}"
        assert all(len(n) < 200 for n in notices), "a notice quotes the whole value"
    elif case["expect"] == "cut":
        assert got == case["value"]
    elif case["expect"] == "capped":
        assert got == case["value"]
    elif case["expect"] == "empty":
        assert got == [], "the same as unticking every member"
    else:
        raise AssertionError(f"unknown expectation {case['expect']!r}")
    # nothing from the link is drawn as HTML
    html = drawn_as_html(at)
    assert html and not any("__xss" in h for h in html)  # the legend and the lang script are HTML


def test_corpus_covers_every_page_parameter():
    """Every parameter a page reads from its link has at least one hostile case, and the corpus
    has the size and classes the issue asks for."""
    params = {p for c in CASES for p in c["params"]}
    assert params >= {"member", "members", "indicator", "year", "view", "layer", "scheme", "k", "themes",
                      "countries", "q", "lang", "level", "mode", "since", "x", "y", "country"}
    classes = {c["class"] for c in CASES}
    assert classes >= {"unknown-id", "out-of-range", "very-long", "markup", "javascript-url", "rtl",
                       "zero-width", "combining"}
    assert len(CASES) >= 50
