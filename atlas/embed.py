"""Embeddable views: `?embed=true&show=<name>` shows one chart or map of a page alone, in an
article's iframe, with its legend and citation; every such view offers its own snippet."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from atlas.i18n import _
from atlas.text import escape

EMBED_KEY = "embed_"  # a container keyed embed_<name> holds what an embedded view of <name> shows
EMBED_SHOWN = "show"  # query parameter: which view an embed shows


def embedded() -> bool:
    """Opened as `?embed=true` (an article's iframe): Streamlit hides its own toolbar and footer;
    the router hides the navigation and the sidebar, `embed_page` everything but the one view."""
    return bool(st.context.is_embedded)


def embed_view(name: str):
    """The container of what an embedded view shows: a chart or map, its legend and citation."""
    return st.container(key=EMBED_KEY + name)


def embed_page() -> None:
    """In an embedded view, hide the page's title, widgets and text: only the container named by
    `?show=` (else every embed container) stays, at the iframe's width; no sidebar, no header."""
    if not embedded():
        return
    shown = f".st-key-{EMBED_KEY}{st.query_params.get(EMBED_SHOWN, '')}" if st.query_params.get(EMBED_SHOWN) \
        else f"[class*='st-key-{EMBED_KEY}']"
    st.html("<style>"
            "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header, [class*='st-key-embed_hidden'] "
            "{display: none !important;}"
            f".stMain [data-testid='stVerticalBlock'] > :not(:has({shown})):not({shown}):not({shown} *) "
            "{display: none !important;}"
            ".stMainBlockContainer {padding: 0.5rem !important; max-width: 100% !important;}"
            "</style>")


def embed_snippet(name: str, title: str, height: int = 520, where=st) -> None:
    """'Embed': the `<iframe>` that shows this view alone (`?embed=true&show=<name>` and the view's
    own parameters, its language included), at the width of the article, to copy."""
    if embedded():
        return
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in ("embed", EMBED_SHOWN)}
    url = f"{st.context.url or ''}?{urlencode({**params, 'embed': 'true', EMBED_SHOWN: name})}"
    snippet = (f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{height}" '
               f'style="border:0; max-width:100%;" loading="lazy"></iframe>')
    with where.popover(_("Embed"), icon=":material/code:"):
        st.caption(_("Paste this into an article: it shows the view alone, with its legend and citation, "
                     "at the article's width (320 px and up), in this language."))
        st.code(snippet, language="html", wrap_lines=True)
