"""What pages draw from the read-only store, computed once per process and shared by every reader.

Each function here has the signature of the package function it wraps (the store first) and
returns the same value, cached across sessions by the store (its folder and build time), the
reader's language (the result may hold translated words) and the plain arguments. A page imports
from here instead of from atlas.views, so a page view costs reading widgets and sending what is
already computed. `st.cache_data` hands every caller its own copy, so a page may change what it
gets; `geometry_source` (`st.cache_resource`) is shared: never change it.
"""
from __future__ import annotations

import functools
import hashlib
import json
import pickle

import pandas as pd
import streamlit as st

from atlas import chart_views, coverage, gaps, glance, help_map, map_data, practices, views
from atlas.i18n import current_language
from atlas.map_component import colours_script
from atlas.packed_geometry import pack_geometry
from atlas.static_files import publish_geometry

# Degrees per step of the packed outlines: NUTS 1:20M is coarse (100 m is invisible); districts
# keep the store's own 1 m grid.
EUROPE_QUANTUM, DISTRICT_QUANTUM = 1e-3, 1e-5


def _store_key(store) -> tuple[str, str]:
    return str(store.folder), store.manifest["built_at"]


@st.cache_data(show_spinner=False, max_entries=1024)
def _computed(name: str, store_key: tuple, language: str, args: tuple, kwargs: tuple, _func, _store):
    """`_func(store, *args, **kwargs)`, once per (function name, store, language, arguments)."""
    return _func(_store, *args, **dict(kwargs))


@st.cache_resource(show_spinner=False, max_entries=256)
def _kept(name: str, store_key: tuple, language: str, args: tuple, kwargs: tuple, _func, _store):
    """As `_computed`, but one object shared by every caller (no copy): never change it."""
    return _func(_store, *args, **dict(kwargs))


def shared(func, one_object: bool = False):
    """`func(store, ...)` with the same signature, cached across sessions (see the module's note);
    `one_object`: every caller gets the same object, not a copy (outlines, URLs)."""
    name = f"{func.__module__}.{func.__qualname__}"
    cache = _kept if one_object else _computed

    @functools.wraps(func)
    def wrapper(store, *args, **kwargs):
        # By keyword: Streamlit looks up a positional argument's name in the signature on every call.
        return cache(name=name, store_key=_store_key(store), language=current_language(), args=args,
                     kwargs=tuple(sorted(kwargs.items())), _func=func, _store=store)
    return wrapper


member_options = shared(views.member_options)
indicator_options = shared(views.indicator_options)
trends_frame = shared(views.trends_frame)
ranking_frame = shared(views.ranking_frame)
with_answer_shares = shared(views.with_answer_shares)
scatter_frame = shared(views.scatter_frame)
city_profile = shared(views.city_profile)
never_used_summary = shared(views.never_used_summary)
district_spread = shared(views.district_spread)
peer_members = shared(views.peer_members)
level_reasons = shared(gaps.level_reasons)
district_list_labels = shared(gaps.district_list_labels)
gap_sentence = shared(help_map.gap_sentence)
points_caption = shared(help_map.points_caption)
member_coverage = shared(coverage.member_coverage)
coverage_summary = shared(coverage.coverage_summary)
city_figures = shared(map_data.city_figures)
member_tips = shared(map_data.member_tips)
need_help_table = shared(help_map.need_help_table)
parent_units = shared(map_data.parent_units, one_object=True)
points_source = shared(help_map.points_source, one_object=True)
district_members = shared(map_data.district_members)
shared_layers = shared(map_data.shared_layers)
# Charts with their tables: one object for every reader (never change it); the arguments are
# plain values, tuples rather than lists, so they can key the cache.
ranking_view = shared(chart_views.ranking_view, one_object=True)
scatter_view = shared(chart_views.scatter_view, one_object=True)
trends_view = shared(chart_views.trends_view, one_object=True)
profile_screen = shared(glance.profile_screen, one_object=True)


def _peer_practices(store, member_id: str) -> tuple[pd.DataFrame, bool]:
    """atlas.views.peer_practices of the catalogue's practices: keyed by the member alone, since
    hashing the catalogue's frame on every call cost more than the answer."""
    return views.peer_practices(store, member_id, practices.load_practices())


peer_practices = shared(_peer_practices)
# The catalogues in data/ (read from YAML): read once per process.
load_practices = st.cache_data(show_spinner=False)(practices.load_practices)
load_reported_figures = st.cache_data(show_spinner=False)(practices.load_reported_figures)


@st.cache_data(show_spinner=False, max_entries=128)
def _europe_figures(store_key: tuple, indicator: str, year: int, language: str, _store) -> pd.DataFrame:
    layer = map_data.europe_layer(_store, indicator, year)
    drawn = set(map_data.in_europe_frame(layer)["geo_code"])
    return pd.DataFrame(layer.drop(columns="geometry")).assign(drawn=lambda f: f["geo_code"].isin(drawn))


def europe_figures(store, indicator: str, year: int) -> pd.DataFrame:
    """The year's regional figures, without geometry; `drawn` marks the regions on the map. Keyed
    by language: the countries' names are the reader's."""
    return _europe_figures(_store_key(store), indicator, year, current_language(), store)


@st.cache_data(show_spinner=False, max_entries=256)
def _district_figures(store_key: tuple, member_id: str, layer_id: str, indicator: str | None, year: int | None,
                      _store) -> pd.DataFrame:
    layer = map_data.district_layer(_store, member_id, layer_id, indicator, year)
    return pd.DataFrame(layer.drop(columns="geometry")).assign(drawn=True)


def district_figures(store, member_id: str, layer_id: str, indicator: str | None, year: int | None = None) -> pd.DataFrame:
    """One member's district figures for a layer (the latest year when `year` is None), without geometry."""
    return _district_figures(_store_key(store), member_id, layer_id, indicator, year, store)


@st.cache_resource(show_spinner=False, max_entries=128)
def _geometry_source(kind: str, key: str, layer_id: str, store_key: tuple, _store) -> dict:
    if kind == "europe":
        shapes, quantum = map_data.europe_geometry(_store, int(key)), EUROPE_QUANTUM
    elif kind == "city":  # a member's own districts (the City of Manchester's of Greater Manchester's)
        shapes, quantum = views.city_districts(_store, key, layer_id)[["geo_code", "geometry"]], DISTRICT_QUANTUM
    else:
        shapes, quantum = _store.member_districts(key, layer_id)[["geo_code", "geometry"]], DISTRICT_QUANTUM
    packed = pack_geometry(shapes, quantum)
    url = publish_geometry(packed, f"{kind}-{key}-{layer_id}-{store_key[1][:10]}")
    bounds = map_data.EUROPE_VIEW if kind == "europe" else [float(v) for v in shapes.total_bounds]
    return {"source": url or packed, "bounds": bounds}


def geometry_source(store, kind: str, key: str, layer_id: str) -> dict:
    """Where the browser gets a layer's outlines (a static file's URL, else the packed layer itself)
    and the bounds to open the map on: kind "europe" (key: the NUTS version), "districts" (key: the
    member) or "city" (key: the member; its own districts only). Shared by every session: never change it."""
    return _geometry_source(kind, key, layer_id, _store_key(store), store)


def _city_map_colours(store, member_id: str, layer_id: str, indicator: str) -> tuple[str, str]:
    """The City profile's small map of the member's own districts: its colours and tooltips (as
    `map_component.colours_script`) and its legend's HTML, in five quantiles."""
    from atlas.classify import classify
    from atlas.legends import legend_html
    from atlas.area_layer import area_data
    from atlas.maps import map_legend

    codes = set(views.city_districts(store, member_id, layer_id)["geo_code"])
    layer = map_data.district_layer(store, member_id, layer_id, indicator)
    figures = pd.DataFrame(layer[layer["geo_code"].isin(codes)].drop(columns="geometry"))
    ind = store.indicator(indicator)
    meta = map_data.map_meta(store, indicator, map_data.layer_attribution(store, layer_id))
    classes = classify(figures["value"], k=5, higher_is=ind.higher_is)
    return (colours_script(area_data(figures, "value", meta, classes, ind.decimals)),
            legend_html(map_legend(figures, "value", meta, classes)))


city_map_colours = shared(_city_map_colours, one_object=True)  # two strings


def _parent_outlines(store, member_id: str, layer_id: str) -> str | dict:
    """Where the browser gets the outlines of a member's boroughs or communes (`atlas.maps.add_parents`):
    a static file's URL, else the outlines themselves."""
    from atlas.maps import parent_outlines

    outlines = parent_outlines(map_data.parent_units(store, member_id, layer_id))
    return publish_geometry(outlines, f"parents-{member_id}-{layer_id}-{_store_key(store)[1][:10]}") or outlines


parent_outlines = shared(_parent_outlines, one_object=True)


def _member_places(store) -> str | dict:
    """Where the browser gets the members' dots on the Europe view (`atlas.map_dots.MembersLayer`):
    a static file's URL, else the places themselves."""
    from atlas.map_dots import member_places

    members = store.members.dropna(subset=["lat"])
    places = member_places(members.assign(name=members["local_name"]))
    return publish_geometry(places, f"members-{_store_key(store)[1][:10]}") or places


member_places = shared(_member_places, one_object=True)


def frame_key(frame: pd.DataFrame) -> str:
    """A digest of a frame's contents (not its geometry), to key a cache by: Streamlit's own hashing
    of a 1,700-row frame and its companions cost a district map's run more than the cached work."""
    plain = frame.drop(columns="geometry", errors="ignore")
    try:
        cells = pd.util.hash_pandas_object(plain, index=True).to_numpy().tobytes()
    except TypeError:  # a column of lists or dicts
        cells = pickle.dumps(plain)
    return hashlib.sha1(cells + repr(list(plain.columns)).encode()).hexdigest()


def area_colours_script(drawn: pd.DataFrame, meta: dict, classes, language: str, extra: dict) -> str:
    """`atlas.area_layer.area_data` for a map's drawn areas, with `extra` entries (the members'
    tooltips, the part to fit), as the script of its feature group (`map_component.colours_script`):
    formatting some 1,700 tooltips and rendering them is the largest part of a district map's run,
    and the same for every reader of that view. One string for every caller."""
    return _area_colours_script(frame_key(drawn), json.dumps(meta, sort_keys=True, default=str), repr(classes),
                                language, json.dumps(extra, sort_keys=True), drawn, meta, classes, extra)


@st.cache_resource(show_spinner=False, max_entries=256)
def _area_colours_script(drawn_key: str, meta_key: str, classes_key: str, language: str, extra_key: str, _drawn,
                         _meta, _classes, _extra) -> str:
    from atlas.area_layer import area_data

    return colours_script({**area_data(_drawn, "value", _meta, _classes, _meta.get("decimals", 1)), **_extra})


def _need_help_colours(store, member_id: str, layer_id: str, indicator: str, year: int | None, threshold: int,
                       kinds: list[str]) -> str:
    """The need-and-help map's colours and tooltips (`help_map.need_help_data` of the cached
    `need_help_table`) as the script of its feature group: one string per view, for every reader."""
    meta = map_data.figures_meta(store, indicator, layer_id)
    table = need_help_table(store, member_id, layer_id, indicator, year, threshold, kinds)
    return colours_script(help_map.need_help_data(table, meta, meta["decimals"]))


need_help_colours = shared(_need_help_colours, one_object=True)


def map_table(figures: pd.DataFrame, indicator) -> pd.DataFrame:
    """`atlas.map_data.map_table`, once per set of figures and language (its flag and level words
    are worked out row by row)."""
    return _map_table(frame_key(figures), repr(indicator), current_language(), figures, indicator)


@st.cache_data(show_spinner=False, max_entries=256)
def _map_table(figures_key: str, indicator_key: str, language: str, _figures, _indicator) -> pd.DataFrame:
    return map_data.map_table(_figures, _indicator)
