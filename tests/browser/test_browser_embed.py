"""Embeddable views (issue 18): the "Embed" snippet of a chart, pasted into an article 320 px wide,
draws the chart alone with its citation, in the language it was copied in; no navigation, no
sidebar, no request to anyone but the app (the `new_page` fixture fails on any third-party host)."""
import re

from tests.browser.harness import RUN_TIMEOUT, open_page, screenshot

FOLIUM = "iframe[title='streamlit_folium.st_folium']"  # the map, a component's own iframe
ARTICLE = ("<!doctype html><html><body style='margin:0; font-family:sans-serif'>"
           "<p>An article about the digital divide.</p>{snippet}<p>The article goes on.</p></body></html>")


def copy_snippet(page, path: str, button: str) -> str:
    """Open a view and copy its Embed snippet, as a reader would."""
    open_page(page, path)
    page.get_by_role("button", name=button).first.click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code").first
    code.wait_for(state="visible", timeout=RUN_TIMEOUT)
    return code.inner_text()


def test_a_trends_snippet_draws_the_chart_alone_at_320_px_in_french(new_page, app_url):
    page = new_page()
    snippet = copy_snippet(page, "/trends?indicator=never_used_internet&members=paris,warsaw&lang=fr", "Intégrer")
    src = re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&")
    assert src.startswith(app_url + "/trends?")
    for part in ("embed=true", "show=trends", "lang=fr", "indicator=never_used_internet", "members=paris%2Cwarsaw"):
        assert part in src

    article = new_page({"width": 320, "height": 900})
    article.set_content(ARTICLE.format(snippet=snippet))
    frame = article.frame_locator("iframe")
    chart = frame.locator(".st-key-embed_trends [data-testid='stVegaLiteChart'] canvas, "
                          ".st-key-embed_trends [data-testid='stVegaLiteChart'] svg").first
    chart.wait_for(state="visible", timeout=RUN_TIMEOUT)
    box = chart.bounding_box()
    assert 200 <= box["width"] <= 320 and box["height"] > 100  # drawn, at the article's width

    citation = frame.locator(".st-key-embed_trends [data-testid='stCaptionContainer']").first
    assert citation.is_visible()
    assert re.search(r"Source\s?:", citation.inner_text())  # French: "Source : Eurostat, ..."
    assert "isoc_r_iuse_i" in citation.inner_text()

    for chrome in ("[data-testid='stSidebar']", "[data-testid='stSidebarNav']", "[data-testid='stSidebarCollapsedControl']",
                   "header", "h1", "[data-testid='stSelectbox']", "[data-testid='stDownloadButton']"):
        assert frame.locator(chrome).filter(visible=True).count() == 0, chrome
    assert frame.locator("html").get_attribute("lang") == "fr"
    screenshot(article, "embed-trends-320")


def test_a_map_snippet_draws_the_map_and_its_legend_without_the_controls(new_page):
    page = new_page()
    snippet = copy_snippet(page, "/map?view=europe", "Embed")
    assert "embed=true" in snippet and "show=map" in snippet and "<iframe" in snippet

    article = new_page({"width": 320, "height": 900})
    article.set_content(ARTICLE.format(snippet=snippet.replace('height="640"', 'height="860"')))
    frame = article.frame_locator("iframe")
    areas = frame.frame_locator(FOLIUM).locator("path.atlas-area")
    areas.first.wait_for(state="attached", timeout=RUN_TIMEOUT)
    assert areas.count() > 100
    assert frame.locator(FOLIUM).bounding_box()["width"] <= 320
    assert frame.locator(".st-key-embed_map [data-testid='stCaptionContainer']").first.is_visible()  # credits
    for chrome in ("[data-testid='stSidebar']", "h1", "[data-testid='stSelectbox']"):
        assert frame.locator(chrome).filter(visible=True).count() == 0, chrome
    screenshot(article, "embed-map-320")
