"""The Streamlit glue every page shares: the store, language, and view state in the URL.

All it does is adapt the package's plain functions to widgets, caches and query parameters
(atlas.take_away draws what a reader takes away; atlas.cached, the caches).
"""
from __future__ import annotations

import json
import logging

import streamlit as st

from atlas.embed import embedded
from atlas.i18n import LANGUAGES, _, set_language
from atlas.indicator import Indicator
from atlas.store import Store, StoreMissing

VIEW = "view"  # session_state key: the view (indicator, year, members...) kept across pages
WRITTEN = "_url_written"  # session_state key: the value of each URL key as the app last wrote it
ROUTED = "_routed"  # session_state key: the router ran in this session
MAP_VIEW_OWNER = "_map_view_owner"  # session_state key: the map a link's ?center=&zoom= belongs to
DRAWN_LANGUAGE = "_drawn_language"  # session_state key: the language the page's widgets were last drawn in
PAGE_WIDGETS = "_page_widgets"  # session_state key: the keys of the widgets pages drew (see widget_key)
LANGUAGE = "lang"  # the link's language parameter, whose widget the router draws


def widget_key(name: str) -> str:
    """The key of the widget that shows the view's `name` (?name= in the link). A page's widgets are
    registered, so a page switch can start them afresh and a change of language redraw them; the
    router's language box is not a page's and stays."""
    key = f"w_{name}"
    if name != LANGUAGE:
        st.session_state.setdefault(PAGE_WIDGETS, set()).add(key)
    return key


def _page_widget_keys() -> list[str]:
    return [k for k in st.session_state.get(PAGE_WIDGETS, ()) if k in st.session_state]


# Captions (sources, notes, the sidebar's blurb) are drawn at 60 % of the text colour: 3.8:1 on
# white, under WCAG AA's 4.5:1 (axe-core's color-contrast). Full text colour at 78 % opacity still
# reads as secondary and gives 6.6:1 in the light theme (and stays legible in the dark one).
READABLE_CAPTIONS = ("<style>[data-testid='stCaptionContainer'] {color: inherit; opacity: 0.78;}</style>")


def page_setup(page) -> None:
    """Called by the router before it runs a page: the shared style, and on a page switch widgets
    that start afresh from the view this session keeps (a stale widget state from the previous page
    would be reset to its default by Streamlit instead of carrying the chosen indicator over)."""
    st.html(READABLE_CAPTIONS)  # style only: Streamlit puts it in the page's head area, nothing is shown
    st.session_state[ROUTED] = True
    current = getattr(page, "url_path", "")
    if st.session_state.get("_page") != current:
        for key in _page_widget_keys():
            del st.session_state[key]
        st.session_state["_page"] = current


def require_router() -> None:
    """Every page calls this first. On the first run after a server start, Streamlit runs a
    deep-linked page (/city) without the router because a pages/ folder exists (its old
    multipage mode); rerunning once brings the router, the language and the navigation back."""
    if st.session_state.get(ROUTED) or st.session_state.get("_rerouted"):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False  # what st.navigation does on its own first call
    st.session_state["_rerouted"] = True  # once: never loop
    st.rerun()


@st.cache_resource(show_spinner=False)
def _open_store(folder: str) -> Store:
    return Store.open(folder)


def run_safely(page) -> None:
    """Run a page; a failure of ours shows a plain message, the traceback goes to the server log."""
    try:
        page.run()
    except Exception:  # Streamlit's own stop/rerun signals are BaseExceptions and pass through
        logging.getLogger("atlas").exception("page %s failed", getattr(page, "url_path", "?"))
        st.error(_("Sorry, this view could not be drawn. The problem has been logged; "
                   "try another choice, or open the page again from the menu."))


def store() -> Store:
    """The store, opened once per process and shared read-only by every session."""
    from atlas import paths

    try:
        return _open_store(str(paths.store_dir().resolve()))
    except StoreMissing:
        st.error(_("The data store has not been built yet. Run `make run` (or `python -m atlas build`)."))
        st.stop()


def language() -> str:
    """Language from the URL (?lang=fr), chosen in the sidebar, kept across pages; an embedded view
    takes it from the URL alone (it has no sidebar)."""
    options = list(LANGUAGES)
    set_language(st.session_state.get(widget_key(LANGUAGE)) or st.query_params.get(LANGUAGE))  # so the label is in it too
    if embedded():
        lang = set_language(st.query_params.get(LANGUAGE))
    else:
        lang = url_select(_("Language"), options, LANGUAGE, default="en", format_func=LANGUAGES.get, where=st.sidebar)
    # Streamlit's page says <html lang="en"> whatever the language; screen readers choose their voice by it.
    # `lang` is one of our own codes (LANGUAGES), never the link's text.
    st.html(f"<script>document.documentElement.lang = {json.dumps(lang)};</script>", unsafe_allow_javascript=True)
    _redraw_widgets_on_language_change(lang)
    return set_language(lang)


def _redraw_widgets_on_language_change(lang: str) -> None:
    """A select box keeps showing its choice in the words it was first drawn in (the browser holds
    the text, not the option): after a change of language, each of the page's widgets is handed its
    own value again, which makes the browser redraw it in the new language at once."""
    if st.session_state.get(DRAWN_LANGUAGE, lang) != lang:
        for key in _page_widget_keys():
            st.session_state[key] = st.session_state[key]
    st.session_state[DRAWN_LANGUAGE] = lang


def _view() -> dict:
    return st.session_state.setdefault(VIEW, {})


def _notice_bad(key: str, raw: str) -> None:
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    st.toast(_("Ignored an unknown value for “{key}” in the link: {value}", key=key, value=shown))


def _seed(key: str, valid, default, to_url=str):
    """The value a widget starts from: the link, else what this session chose, else the default."""
    raw = st.query_params.get_all(key) if key in st.query_params else None
    if raw is not None:  # a link (typed, shared or an in-app link to another page) wins
        value = valid(raw)
        if value is not None:
            return value
        # The app's own value gone stale (2025 after choosing a series that stops in 2019) is no link's fault.
        if ",".join(raw) != st.session_state.get(WRITTEN, {}).get(key):
            _notice_bad(key, ",".join(raw))
    remembered = _view().get(key)
    return remembered if remembered is not None and _valid_value(valid, remembered, to_url) else default


def _valid_value(valid, value, to_url) -> bool:
    """Whether a widget's value still holds, read as its link would write it."""
    return valid([to_url(value)]) is not None


def _remember(key: str, value, to_url: str) -> None:
    _view()[key] = value
    st.query_params[key] = to_url
    st.session_state.setdefault(WRITTEN, {})[key] = to_url


def _bound_widget(key: str, valid, default, render, to_url=str):
    """Render a widget whose value starts from the link (or this session's last choice) and is
    written back to the URL, so the address bar always reopens exactly this view."""
    wk = widget_key(key)
    current = st.session_state.get(wk)
    if current is None or not _valid_value(valid, current, to_url):
        st.session_state[wk] = _seed(key, valid, default, to_url)
    value = render(wk)
    _remember(key, value, to_url(value))
    return value


def url_select(label: str, options: list, key: str, default=None, format_func=str, where=st, **kwargs):
    """A selectbox whose value lives in the URL (?key=value) and across page switches."""
    by_text = {str(o): o for o in options}
    default = default if default in options else (options[0] if options else None)

    def valid(raw: list[str]):
        return by_text.get(raw[-1]) if raw else None

    return _bound_widget(key, valid, default, lambda wk: where.selectbox(
        label, options, key=wk, format_func=format_func, **kwargs))


def url_multiselect(label: str, options: list[str], key: str, default: list[str], format_func=str,
                    max_selections: int | None = None, where=st):
    """A multiselect kept in the URL as ?key=a,b,c; unknown entries are dropped with a notice."""
    default = [d for d in default if d in options]

    def valid(raw: list[str]):
        wanted = [v for part in raw for v in part.split(",") if v]
        if any(v not in options for v in wanted):
            return None
        return wanted[: max_selections or None]

    return _bound_widget(key, valid, default, lambda wk: where.multiselect(
        label, options, key=wk, format_func=format_func, max_selections=max_selections), to_url=",".join)


def url_text(label: str, key: str, max_chars: int = 100, where=st) -> str:
    """A text input kept in the URL (?q=...); over-long or control characters are cut, not refused."""
    def valid(raw: list[str]):
        text = "".join(ch for ch in (raw[-1] if raw else "") if ch.isprintable())
        return text[:max_chars]

    return _bound_widget(key, valid, "", lambda wk: where.text_input(label, key=wk, max_chars=max_chars))


def url_toggle(label: str, key: str, default: bool = True, where=st) -> bool:
    """An on/off switch kept in the URL (?key=on or ?key=off)."""
    def valid(raw: list[str]):
        return {"on": True, "off": False}.get(raw[-1] if raw else "")

    return _bound_widget(key, valid, default, lambda wk: where.toggle(label, key=wk),
                         to_url=lambda on: "on" if on else "off")


def url_year(label: str, years: list[int], key: str = "year", default: int | None = None, where=st) -> int:
    """A year chooser over the years that have data, kept in the URL."""
    default = default if default in years else years[-1]

    def valid(raw: list[str]):
        try:
            year = int(raw[-1])
        except (ValueError, IndexError):
            return None
        return year if year in years else None

    if len(years) == 1:
        where.caption(_("{label}: {year} (the only year with data)", label=label, year=years[0]))
        _remember(key, years[0], str(years[0]))
        return years[0]
    return _bound_widget(key, valid, default, lambda wk: where.select_slider(label, options=years, key=wk))


def url_map_view(owner: str) -> tuple[float, float, float] | None:
    """The map view a link asks for (?center=lat,lon&zoom=z, written by the map itself once the reader
    moved it), for the map `owner` the page was opened on: another map opens on its own extent.
    A malformed view is said and ignored."""
    from atlas.map_data import map_view

    if st.session_state.setdefault(MAP_VIEW_OWNER, owner) != owner:
        for key in ("center", "zoom"):
            st.query_params.pop(key, None)
        return None
    center, zoom = st.query_params.get("center"), st.query_params.get("zoom")
    view = map_view(center, zoom)
    if view is None and (center or zoom):
        _notice_bad("center" if center else "zoom", f"{center or ''} {zoom or ''}".strip())
    return view


def indicator_select(options: dict[str, str], key: str = "indicator", default: str | None = None, where=st) -> str:
    return url_select(_("Indicator"), list(options), key, default=default, format_func=options.get, where=where)


def member_select(options: dict[str, str], key: str = "member", default: str | None = None, where=st) -> str:
    return url_select(_("Member"), list(options), key, default=default, format_func=options.get, where=where)


def about_indicator(indicator: Indicator, source: dict, extracted: str) -> None:
    """Definition, unit, scale notes and citation under a chart or table."""
    from atlas.text import citation, unsaid

    caveat = unsaid(_(source.get("caveat") or ""), indicator.definition, indicator.scale_note)
    st.caption(f"**{indicator.title}** ({indicator.unit}). {indicator.definition} "
               + (indicator.scale_note + " " if indicator.scale_note else "")
               + (caveat + " " if caveat else "")
               + citation(source, extracted))


FOUND = "_found"  # session_state key: per search box, the last query and what it found


def member_search(options: dict[str, str], store: Store, key: str, multiple: bool = False,
                  max_selections: int | None = None, where=st, on_found=None) -> str | None:
    """A search field for members by any name (accents ignored, local names and exonyms: Göteborg,
    Goteborg, Gothenburg; Kiev). On Enter the best match is chosen in the member widget `key`
    (added to it when `multiple`), or handed to `on_found(member_id)`; other matches are listed.

    Streamlit's own select box filters on the shown label only, so it cannot find Kyiv as Kiev.
    Returns the member the last search found, if any."""
    from atlas.names import find_members

    find_key, target = widget_key(f"{key}_find"), widget_key(key)
    members = store.members
    alt_names = dict(zip(members["member_id"], members["alt_names"])) if "alt_names" in members else {}

    def found() -> None:
        query = st.session_state.get(find_key) or ""
        matches = find_members(query, options, alt_names)
        st.session_state.setdefault(FOUND, {})[key] = (query, matches)
        if not matches:
            return
        best = matches[0][0]
        if on_found is not None:
            on_found(best)
        elif multiple:
            chosen = list(st.session_state.get(target) or _view().get(key) or [])
            if best not in chosen and (max_selections is None or len(chosen) < max_selections):
                st.session_state[target] = chosen + [best]
        else:
            st.session_state[target] = best

    where.text_input(_("Find a member by any name"), key=find_key, on_change=found, max_chars=80,
                     placeholder=_("e.g. Göteborg, Kiev, Köln"), type="search")
    return _say_found(key, options, multiple, max_selections, where)


def _say_found(key: str, options: dict[str, str], multiple: bool, max_selections: int | None, where) -> str | None:
    """What the last search found, under the field; nothing before the first search."""
    from atlas.names import with_matched_name

    query, matches = st.session_state.get(FOUND, {}).get(key, ("", []))
    if not query or st.session_state.get(widget_key(f"{key}_find")) != query:  # another page's search, or cleared
        return None
    if not matches:
        where.caption(_("No member is called “{query}” (in any language this atlas knows).", query=query))
        return None
    shown = [with_matched_name(options[m], name) for m, name in matches]
    if multiple:
        chosen = st.session_state.get(widget_key(key)) or []
        text = (_("Added: {name}.", name=shown[0]) if matches[0][0] in chosen
                else _("Found {name}, but at most {n} members can be chosen.", name=shown[0], n=max_selections))
    else:
        text = _("Found: {name}.", name=shown[0])
    if len(shown) > 1:
        text += " " + _("Also matching: {names}.", names="; ".join(shown[1:6]) + ("…" if len(shown) > 6 else ""))
    where.caption(text)
    return matches[0][0]
