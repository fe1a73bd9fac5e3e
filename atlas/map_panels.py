"""The Map page's panels, drawn with Streamlit: a map with its legend and classification, the members'
city figures, small multiples, need and help, and the figures' table.

Fast by construction: each layer's outlines are packed once per process into a static file the
browser fetches once and caches (`cached.geometry_source`); the map's script depends on that layer
only, and the figures, colours and legend travel as `feature_group_to_add`, so another year,
indicator or classification recolours the map without remounting it. Pan and zoom report nothing
back (`returned_objects`), so they never rerun the page; each panel is a fragment, so changing
classes reruns only it. What the panels say comes from `atlas.map_page` and `atlas.map_data`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import cached, take_away, ui
from atlas import help_map as hm
from atlas import map_data as md
from atlas import map_page as mp
from atlas.area_layer import area_data_group
from atlas.classify import K_MAX, K_MIN, SCHEMES, classify, scheme_label
from atlas.embed import embed_snippet, embed_view
from atlas.export import for_display
from atlas.i18n import _, current_language
from atlas.legends import MOST_AFFECTED_JS, legend_html, most_affected_html
from atlas.map_component import feature_groups_script, layer_map, show
from atlas.map_dots import city_dots_group
from atlas.maps import map_legend
from atlas.store import Store

MAP_HEIGHT, SMALL_HEIGHT = 520, 380
LAST_TAP = "_map_last_tap"  # session_state key: what the reader last tapped on the map
# Scrolls the tapped area's panel into view when it is below the screen's edge (a phone), and only then.
SHOW_SELECTION = """<script>setTimeout(function () {
  var panel = document.querySelector(".st-key-map_selection");
  if (panel && panel.getBoundingClientRect().bottom > window.innerHeight) { panel.scrollIntoView({block: "end"}); }
}, 300);</script>"""


def show_districts_of(store: Store, member_id: str) -> None:
    """A member found by name: its districts, where the atlas has their boundaries."""
    if store.member(member_id)["district_layers"]:
        st.session_state.update(w_view="districts", w_member=member_id)
        st.session_state.pop("w_layer", None)


def found_member(store: Store, where) -> None:
    """Search by any name; a member without districts gets the reason and its City profile."""
    found = ui.member_search(cached.member_options(store), store, "member", on_found=lambda member_id: show_districts_of(store, member_id), where=where)
    if found and not store.member(found)["district_layers"]:
        where.markdown("\n".join(f"- {line}" for line in cached.level_reasons(store, found)))
        profile_link(where, found, cached.member_options(store)[found])


def profile_link(where, member_id: str, name: str) -> None:
    where.page_link("pages/city.py", label=_("Open the City profile of {name}", name=name),
                    query_params={"member": member_id}, icon=":material/location_city:")


def draw_map(source: dict, colours: str, attribution: str, key: str, height: int, members=None, points=None,
             view_in_url: bool = False, parents=None, interactive_points: bool = True):
    """One map: outlines from `source`, colours from `colours` (`map_component.colours_script` or
    `feature_groups_script`, with the members' city figures as dots), help places from `points`, the
    larger units' outlines from `parents` (`cached.parent_outlines`), the members' dots from `members`
    (`cached.member_places`); only the Europe view (with `members`) reports clicks back, on a member
    or a region. With `view_in_url` the map opens on the link's centre and zoom, and writes them there
    when the reader moves it. The map itself is rendered once per process (`map_component`)."""
    view = ui.url_map_view(key) if view_in_url else None
    rendered = layer_map(source, attribution, view=view, view_in_url=view_in_url, owner=key if view_in_url else "",
                         members=members, points=points, interactive_points=interactive_points, parents=parents)
    return show(rendered, key=key, height=height, use_container_width=True, feature_group=colours,
                returned_objects=["last_active_drawing"] if members is not None else [])


def scheme_control():
    return ui.url_select(_("Classes"), list(SCHEMES), "scheme", default="quantiles", format_func=scheme_label)


def classes_control():
    return ui.url_select(_("Number of classes"), list(range(K_MIN, K_MAX + 1)), "k", default=5)


def show_legend(where, figures: pd.DataFrame, meta: dict, classes, note: str = "") -> None:
    where.html(legend_html(map_legend(figures, "value", meta, classes, note)))


def most_affected(figures: pd.DataFrame, meta: dict) -> None:
    """The ten districts worst off beside the map; a tap zooms the map to one."""
    st.html(most_affected_html(md.most_affected(figures, meta["higher_is"]), meta, meta["decimals"]))
    st.html(MOST_AFFECTED_JS, unsafe_allow_javascript=True)


@st.fragment
def map_panel(store: Store, figures: pd.DataFrame, source: dict, meta: dict, note: str, map_key: str, members=None,
              has_figures: bool = True, aside=None, points=None, member_tips: dict | None = None,
              parents=None, fit: str | None = None) -> None:
    """The map, its legend and the classification: changing classes reruns only this.
    `aside` draws what goes beside a map without figures; `fit`: the part of the layer the map fits
    when it changes. Embedded, the map and legend alone."""
    with embed_view("map"):
        left, right = st.columns([7, 3])
    if aside is not None:
        with right:
            aside()
    drawn = figures[figures["drawn"]]
    legend_box = right.container()
    if has_figures:
        with right, st.container(key="embed_hidden"):
            scheme, k = scheme_control(), classes_control()
        classes = classify(figures["value"], scheme=scheme, k=k, higher_is=meta["higher_is"])
    else:
        classes = classify([], k=K_MIN)
    extra = {"members": member_tips} if member_tips else {}  # the dots' tooltips, without remounting the map
    if fit is not None:
        extra["fit"] = fit
    colours = cached.area_colours_script(drawn, meta, classes, current_language(), extra)
    with left:  # the map before the legend: it is what takes longest to arrive
        clicked = draw_map(source, colours, meta["boundaries"], map_key, MAP_HEIGHT, members, points, view_in_url=True,
                           parents=parents)
        if members is not None:  # directly under the map, where a phone reader's thumb is
            clicked = ((clicked or {}).get("last_active_drawing") or {}).get("properties") or {}
            offer_city_profiles(store, st.container(key="map_selection"), clicked, drawn, meta)
        st.caption(meta["credits"])
    if has_figures:
        show_legend(legend_box, drawn, meta, classes, note)
    embed_snippet("map", meta["title"] or _("Map"), height=640)


@st.fragment
def city_panel(figures: pd.DataFrame, source: dict, background: dict, meta: dict, note: str, map_key: str) -> None:
    """Members' own city figures as coloured dots on the countries' outlines; changing classes
    reruns only this."""
    left, right = st.columns([7, 3])
    legend_box = right.container()
    with right:
        scheme, k = scheme_control(), classes_control()
    classes = classify(figures["value"], scheme=scheme, k=k, higher_is=meta["higher_is"])
    with left:
        dots = city_dots_group(figures, meta, classes, meta.get("decimals", 1))
        draw_map(source, feature_groups_script([area_data_group(background), dots]), meta["boundaries"], map_key,
                 MAP_HEIGHT)
        st.caption(meta["credits"])
    show_legend(legend_box, figures, meta, classes, note)


def offer_city_profiles(store: Store, where, clicked: dict, regions: pd.DataFrame, meta: dict) -> None:
    """What was tapped: its name, figure and year, and links to the City profiles of the members in it."""
    answer = mp.tap_answer(store, clicked, regions, meta)
    for line in answer["lines"]:
        where.markdown(line)
    for member_id, name in answer["links"].items():
        where.page_link("pages/city.py", label=mp.profile_link_label(name), query_params={"member": member_id},
                        icon=":material/location_city:")
    if answer["hint"]:
        where.caption(answer["hint"])
    elif clicked != st.session_state.get(LAST_TAP):  # a new tap: bring the answer into view on a phone
        st.html(SHOW_SELECTION, unsafe_allow_javascript=True)
    st.session_state[LAST_TAP] = clicked


@st.fragment
def side_panel(frames: dict[str, pd.DataFrame], sources: dict[str, dict], names: dict[str, str], meta: dict,
               note: str) -> None:
    """Small multiples on one shared scale; the classification reruns only this. Embedded: the maps,
    the legend and the credits."""
    with embed_view("map"):
        controls = st.columns([1, 1, 3], vertical_alignment="center")
        with controls[0], st.container(key="embed_hidden_scheme"):
            scheme = scheme_control()
        with controls[1], st.container(key="embed_hidden_k"):
            k = classes_control()
        everything = pd.concat(frames.values(), ignore_index=True)
        classes = classify(everything["value"], scheme=scheme, k=k, higher_is=meta["higher_is"])
        if note:
            controls[2].info(note, icon=":material/info:")
        for column, member_id in zip(st.columns(len(frames)), frames):
            with column:
                st.markdown(f"**{names[member_id]}**")
                draw_map(sources[member_id], cached.area_colours_script(frames[member_id], meta, classes,
                                                                        current_language(), {}),
                         meta["boundaries"], f"side_{member_id}", SMALL_HEIGHT)
        show_legend(st, everything, meta, classes)  # the note is in the box above the maps
        st.caption(meta["credits"])
    embed_snippet("map", meta["title"] or _("Map"), height=900)


@st.fragment
def need_panel(store: Store, member_id: str, layer_id: str, indicator: str, year: int | None, source: dict, points,
               meta: dict, map_key: str) -> None:
    """The need-and-help view: the worst fifth of need with no help place within a distance the reader
    sets; the threshold and the kinds counted rerun only this."""
    layers = hm.point_layers(store, member_id)
    with embed_view("map"):
        left, right = st.columns([7, 3])
    with right, st.container(key="embed_hidden_need"):
        threshold = int(st.number_input(_("No help place within (metres)"), min_value=100, max_value=10000, step=100,
                                        value=hm.DEFAULT_THRESHOLD_M, key="need_threshold"))
        kinds_shown = dict(zip(layers["kind"], layers["kind_label"]))
        kinds = st.multiselect(_("Places counted as help"), list(kinds_shown), default=hm.counted_kinds(layers),
                               format_func=kinds_shown.get, key="need_kinds")
    table = cached.need_help_table(store, member_id, layer_id, indicator, year, threshold, sorted(kinds))
    with left:
        colours = cached.need_help_colours(store, member_id, layer_id, indicator, year, threshold, sorted(kinds))
        draw_map(source, colours, meta["boundaries"], map_key, MAP_HEIGHT, points=points)
        st.caption(meta["credits"])
    right.html(hm.need_help_legend_html(table, threshold))
    st.caption(hm.gap_caveat())
    embed_snippet("map", meta["title"] or _("Map"), height=640)
    listed = hm.highlighted_list(table, kinds)
    st.markdown(_("Districts among the fifth most in need ({indicator}) with no help place within {distance}: "
                  "**{n} of all {total} districts**.", n=len(listed), total=int(table["value"].notna().sum()),
                  indicator=meta["title"], distance=hm.distance_words(threshold)))
    take_away.table_downloads(listed, f"need-and-help-{member_id}-{layer_id}", hm.gap_csv_source(store, indicator, layers),
                       store.manifest["built_at"][:10], key="csv_need")
    st.dataframe(listed, hide_index=True, width="stretch", height=min(360, 38 + 35 * max(len(listed), 1)))


def district_year(store: Store, indicator: str | None) -> int | None:
    """A year slider under the choices when the district figures are a series; None: the latest."""
    years = md.district_years(store, indicator) if indicator else []
    return ui.url_year(_("Year"), years, where=st.columns(4)[0]) if len(years) > 1 else None


def figures_table(store: Store, figures: pd.DataFrame, indicator: str, name: str, extra: pd.Series | None = None) -> None:
    """The indicator's definition and citation, the downloads, and the figures as a table opened on demand."""
    ind, built = store.indicator(indicator), store.manifest["built_at"][:10]
    ui.about_indicator(ind, store.sources[ind.source], built)
    table = cached.map_table(figures, ind)
    if extra is not None:
        table.insert(0, _("Member"), extra.loc[table.index])
    take_away.table_downloads(table, name, store.sources[ind.source], built, key="csv_map", measures={"value": ind})
    table_on_demand(table, mp.table_headers(ind.unit))


def table_on_demand(table: pd.DataFrame, column_config: dict | None = None) -> None:
    """The map's figures as a table, drawn only once the reader opens it: its code (the heaviest part
    of the page) then does not hold the map back, nor cost a reader who never looks; `?table=true`
    opens it from a link."""
    shown = st.expander(_("The figures on this map, as a sortable table ({n} rows)", n=len(table)), key="table",
                        on_change="rerun", bind="query-params", icon=":material/table:")
    if shown.open:
        with shown:
            st.dataframe(for_display(table), hide_index=True, width="stretch", height=360, column_config=column_config)


def city_figures_table(store: Store, figures: pd.DataFrame, indicator: str, year: int) -> None:
    """The city view's definition, downloads and table (with the opinion items' answer shares)."""
    ind, built = store.indicator(indicator), store.manifest["built_at"][:10]
    ui.about_indicator(ind, store.sources[ind.source], built)
    table = cached.with_answer_shares(store, md.city_table(figures, ind).assign(geo_code=figures["geo_code"]), indicator)
    table = table.drop(columns="geo_code")
    take_away.table_downloads(table, f"map-cities-{indicator}-{year}", store.sources[ind.source], built, key="csv_map",
                              measures={"value": ind})
    table_on_demand(table)
