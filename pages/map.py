"""Map: Europe's regions, one member's districts, or several members' districts side by side.

Fast by construction: each layer's outlines are packed once per process into a static file the
browser fetches once and caches (`geometry_source`); the map's script depends on that layer
only, and the figures, colours and legend travel as `feature_group_to_add`, so another year,
indicator or classification recolours the map without remounting it. Pan and zoom report
nothing back (`returned_objects`), so they never rerun the page; the classification and the
map are a fragment, so changing classes reruns only them.
"""
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from atlas import cached, ui
from atlas.embed import embed_snippet, embed_view
from atlas import help_map as hm
from atlas import map_data as md
from atlas.catalogue import HEADLINE_INDICATOR
from atlas.classify import K_MAX, K_MIN, SCHEMES, classify, scheme_label
from atlas.export import for_display
from atlas.glossary import glossary_links
from atlas.i18n import _, current_language
from atlas.levels import CITY_LEVELS
from atlas.legends import MOST_AFFECTED_JS, legend_html, most_affected_html
from atlas.maps import (add_parents, area_data, area_data_group, area_map, area_rows, city_dots_group, map_legend,
                        members_layer)

MAP_HEIGHT, SMALL_HEIGHT = 520, 380
GLOSSARY_UNITS = {"fr_iris": ("iris",), "gm_lsoa": ("lsoa",), "london_nuts3": ("nuts",)}  # layer -> its unit's entry
SIDE_DEFAULT = ["paris", "aix-marseille-provence-metropole", "metropole-europeenne-de-lille"]
store = ui.store()
BUILT = store.manifest["built_at"]


# --- drawing ------------------------------------------------------------------------------------

def draw_map(source: dict, data: dict, attribution: str, key: str, height: int, members=None, points=None,
             dots=None, view_in_url: bool = False, parents=None):
    """One map: outlines from `source`, colours from `data`, help places from `points`, members'
    city figures as `dots` (a feature group sent with the colours); only the Europe view (with
    `members`) reports clicks back, on a member or a region. With `view_in_url` the map opens on
    the link's centre and zoom, and writes them there when the reader moves it."""
    view = ui.url_map_view(key) if view_in_url else None
    fmap = area_map(source["source"], source["bounds"], attribution, view=view, view_in_url=view_in_url, owner=key)
    if members is not None:
        members_layer(members).add_to(fmap)
    if points is not None:
        hm.PointsLayer(points).add_to(fmap)
    if parents is not None and len(parents):
        add_parents(fmap, parents)
    return st_folium(fmap, key=key, height=height, use_container_width=True,
                     returned_objects=["last_active_drawing"] if members is not None else [],
                     feature_group_to_add=[area_data_group(data)] + ([dots] if dots is not None else []))


def class_controls():
    return class_controls_scheme(), class_controls_k()


def class_controls_scheme():
    return ui.url_select(_("Classes"), list(SCHEMES), "scheme", default="quantiles", format_func=scheme_label)


def class_controls_k():
    return ui.url_select(_("Number of classes"), list(range(K_MIN, K_MAX + 1)), "k", default=5)


def show_legend(where, figures: pd.DataFrame, meta: dict, classes, note: str = "") -> None:
    where.html(legend_html(map_legend(figures, "value", meta, classes, note)))


LAST_TAP = "_map_last_tap"  # session_state key: what the reader last tapped on the map
# Scrolls the tapped area's panel into view when it is below the screen's edge (a phone), and only then.
SHOW_SELECTION = """<script>setTimeout(function () {
  var panel = document.querySelector(".st-key-map_selection");
  if (panel && panel.getBoundingClientRect().bottom > window.innerHeight) { panel.scrollIntoView({block: "end"}); }
}, 300);</script>"""


@st.fragment
def map_panel(figures: pd.DataFrame, source: dict, meta: dict, note: str, map_key: str, members=None,
              has_figures: bool = True, aside=None, points=None, member_tips: dict | None = None,
              parents=None, part: str | None = None) -> None:
    """The map, its legend and the classification: changing classes reruns only this.
    `aside` draws what goes beside a map without figures. Embedded, the map and legend alone."""
    with embed_view("map"):
        left, right = st.columns([7, 3])
    if aside is not None:
        with right:
            aside()
    drawn = figures[figures["drawn"]]
    legend_box = right.container()
    if has_figures:
        with right, st.container(key="embed_hidden"):
            scheme, k = class_controls()
        classes = classify(figures["value"], scheme=scheme, k=k, higher_is=meta["higher_is"])
    else:
        classes = classify([], k=K_MIN)
    data = cached.area_colours(drawn, meta, classes, current_language())
    if member_tips:
        data["members"] = member_tips  # their figures in the dots' tooltips, without remounting the map
    if part is not None:
        data["fit"] = part  # another borough or commune: the map fits it ("" for the whole layer)
    with left:  # the map before the legend: it is what takes longest to arrive
        clicked = draw_map(source, data, meta["boundaries"], map_key, MAP_HEIGHT, members, points, view_in_url=True,
                           parents=parents)
        if members is not None:  # directly under the map, where a phone reader's thumb is
            clicked = ((clicked or {}).get("last_active_drawing") or {}).get("properties") or {}
            offer_city_profiles(st.container(key="map_selection"), clicked, drawn, meta)
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
        scheme, k = class_controls()
    classes = classify(figures["value"], scheme=scheme, k=k, higher_is=meta["higher_is"])
    with left:
        draw_map(source, background, meta["boundaries"], map_key, MAP_HEIGHT,
                 dots=city_dots_group(figures, meta, classes, meta.get("decimals", 1)))
        st.caption(meta["credits"])
    show_legend(legend_box, figures, meta, classes, note)


def offer_city_profiles(where, clicked: dict, regions: pd.DataFrame, meta: dict) -> None:
    """What was tapped (a member, or one of `regions`: the value comes from the browser): its name,
    figure and year, and links to the City profile of the member or of the members in the region."""
    member = store.member(str(clicked.get("member_id") or ""))
    code = str(clicked.get("geo_code") or "")
    region = regions[regions["geo_code"] == code]
    if member:
        inside = {member["member_id"]: member["local_name"]}
    elif len(region):
        row = region.iloc[0]
        inside, name = md.members_in_area(store, code), store.place_name(code)
        where.markdown(f"**{name}**: " + md.figure_words(row, meta))
        where.markdown(_("Eurocities members in **{region}**:", region=name) if inside
                       else _("No Eurocities member in **{region}**.", region=name))
    else:
        inside = {}
    for member_id, name in inside.items():  # the name first: a narrow column cuts the label's end
        where.page_link("pages/city.py", label=_("{name}: City profile", name=name),
                        query_params={"member": member_id}, icon=":material/location_city:")
    if not inside:
        where.caption(_("Click a member's dot, or a region, to open a member's City profile."))
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
            scheme = class_controls_scheme()
        with controls[1], st.container(key="embed_hidden_k"):
            k = class_controls_k()
        legend_col = controls[2]
        everything = pd.concat(frames.values(), ignore_index=True)
        classes = classify(everything["value"], scheme=scheme, k=k, higher_is=meta["higher_is"])
        if note:
            legend_col.info(note, icon=":material/info:")
        for column, member_id in zip(st.columns(len(frames)), frames):
            with column:
                st.markdown(f"**{names[member_id]}**")
                draw_map(sources[member_id], area_data(frames[member_id], "value", meta, classes, meta.get("decimals", 1)),
                         meta["boundaries"], f"side_{member_id}", SMALL_HEIGHT)
        show_legend(st, everything, meta, classes)  # the note is in the box above the maps
        st.caption(meta["credits"])
    embed_snippet("map", meta["title"] or _("Map"), height=900)


@st.fragment
def need_panel(member_id: str, layer_id: str, indicator: str, year: int | None, source: dict, points, meta: dict,
               map_key: str) -> None:
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
        draw_map(source, hm.need_help_data(table, meta, meta.get("decimals", 1)), meta["boundaries"], map_key,
                 MAP_HEIGHT, points=points)
        st.caption(meta["credits"])
    right.html(hm.need_help_legend_html(table, threshold))
    st.caption(hm.gap_caveat())
    embed_snippet("map", meta["title"] or _("Map"), height=640)
    listed = hm.highlighted_list(table, kinds)
    st.markdown(_("**{n} of the {total} districts** are among the fifth most in need ({indicator}) and have no "
                  "help place within {distance}.", n=len(listed), total=int(table["value"].notna().sum()),
                  indicator=meta["title"], distance=hm.distance_words(threshold)))
    ui.table_downloads(listed, f"need-and-help-{member_id}-{layer_id}", hm.gap_csv_source(store, indicator, layers),
                    BUILT[:10], key="csv_need")
    st.dataframe(listed, hide_index=True, width="stretch", height=min(360, 38 + 35 * max(len(listed), 1)))


def district_year(indicator: str | None) -> int | None:
    """A year slider under the choices when the district figures are a series; None: the latest."""
    years = md.district_years(store, indicator) if indicator else []
    return ui.url_year(_("Year"), years, where=st.columns(4)[0]) if len(years) > 1 else None


def figures_table(figures: pd.DataFrame, indicator: str, name: str, extra: pd.Series | None = None) -> None:
    ind = store.indicator(indicator)
    ui.about_indicator(ind, store.sources[ind["source"]], BUILT[:10])
    table = md.map_table(figures, ind)
    if extra is not None:
        table.insert(0, _("Member"), extra.loc[table.index])
    ui.table_downloads(table, name, store.sources[ind["source"]], BUILT[:10], key="csv_map")
    # Lazy: the table's code (the heaviest part of the page) loads only once the reader opens it,
    # so it does not hold the map back; `?table=true` opens it from a link.
    shown = st.expander(_("The figures on this map, as a sortable table ({n} rows)", n=len(table)), key="table",
                        on_change="rerun", bind="query-params", icon=":material/table:")
    if shown.open:
        with shown:
            st.dataframe(for_display(table), hide_index=True, width="stretch", height=360, column_config={
                "code": _("Code"), "name": _("Name"), "value": _("Value ({unit})", unit=ind["unit"]), "year": _("Year"),
                "flags": _("Flags"), "moe": _("Margin of error"), "sample_size": _("Sample size"),
                "part_of": _("Borough, commune or district")})


# --- the page -------------------------------------------------------------------------------------

def show_districts_of(member_id: str) -> None:
    """A member found by name: its districts, where the atlas has their boundaries."""
    if store.member(member_id)["district_layers"]:
        st.session_state.update(w_view="districts", w_member=member_id)
        st.session_state.pop("w_layer", None)


def found_member(where) -> None:
    """Search by any name; a member without districts gets the reason and its City profile."""
    found = ui.member_search(cached.member_options(store), store, "member", on_found=show_districts_of, where=where)
    if found and not store.member(found)["district_layers"]:
        where.markdown("\n".join(f"- {line}" for line in cached.level_reasons(store, found)))
        where.page_link("pages/city.py", label=_("Open the City profile of {name}", name=cached.member_options(store)[found]),
                        query_params={"member": found}, icon=":material/location_city:")


def stop_without(figures: pd.DataFrame) -> None:
    if figures.empty:
        st.info(_("No figures for this choice."))
        st.stop()


st.title(_("Map"))
found_member(st.columns([1, 2])[0])
VIEWS = {"europe": _("Europe"), "cities": _("Members' own city figures"), "districts": _("Districts of a member"),
         "side": _("Side by side")}
row = st.columns([3, 3, 3, 3], vertical_alignment="bottom")
view = ui.url_select(_("View"), list(VIEWS), "view", default="europe", format_func=VIEWS.get, where=row[0])

if view == "europe":
    indicators = cached.indicator_options(store, levels=("nuts2", "nuts1", "country"))
    indicator = ui.indicator_select(indicators, default=HEADLINE_INDICATOR, where=row[1])
    year = ui.url_year(_("Year"), store.years(indicator), where=row[2])
    figures = cached.europe_figures(store, indicator, year)
    stop_without(figures)
    version = md.nuts_version(year)
    meta = md.figures_meta(store, indicator, None)
    members = store.members.dropna(subset=["lat"])
    map_panel(figures, cached.geometry_source(store, "europe", str(version), "nuts"), meta, "",
              f"map_europe_{version}", members.assign(name=members["local_name"]),
              member_tips=cached.member_tips(store, indicator, year))
    notes = md.no_figure_notes(figures)
    if notes:
        st.caption(_("Hatched: no figure for {year}.", year=year) + " " + "; ".join(notes) + ".")
    st.caption(_("The outermost regions (Canarias, the French overseas departments, the Azores, Madeira) "
                 "are in the table below the map but not drawn."))
    st.markdown(glossary_links("nuts", "flags"))
    figures_table(figures, indicator, f"map-{indicator}-{year}")

elif view == "cities":
    indicators = cached.indicator_options(store, levels=CITY_LEVELS)
    indicator = ui.indicator_select(indicators, default="egov_online_easy", where=row[1])
    year = ui.url_year(_("Year"), md.city_years(store, indicator), where=row[2])
    figures = cached.city_figures(store, indicator, year)
    stop_without(figures)
    version = md.nuts_version(year)
    meta = md.figures_meta(store, indicator, None)
    countries = md.country_outlines(store, version)
    background = area_rows(countries, "value", {}, [0] * len(countries), [md.BACKGROUND_COLOUR])
    note = _(store.indicators[indicator].get("scale_note", ""))
    city_panel(figures, cached.geometry_source(store, "europe", str(version), "nuts"), background, meta, note,
               f"map_cities_{version}")
    st.caption(_("Only members with a figure for their own city (an Urban Audit city, a NUTS 3 area or a Kreis "
                 "that is the city) are drawn; the others have no city figure for {year}: see their City "
                 "profile for the closest level.", year=year))
    ind = store.indicator(indicator)
    ui.about_indicator(ind, store.sources[ind["source"]], BUILT[:10])
    table = cached.with_answer_shares(store, md.city_table(figures, ind).assign(geo_code=figures["geo_code"]), indicator)
    ui.table_downloads(table.drop(columns="geo_code"), f"map-cities-{indicator}-{year}", store.sources[ind["source"]],
                       BUILT[:10], key="csv_map")
    st.dataframe(for_display(table.drop(columns="geo_code")), hide_index=True, width="stretch", height=360)

elif view == "districts":
    with_districts = {m: label for m, label in cached.member_options(store).items() if store.member(m)["district_layers"]}
    marked = cached.district_list_labels(store, with_districts)  # which have boundaries but no figures
    member_id = ui.member_select(marked, default="paris", where=row[1])
    layers = store.member_layers(member_id)
    layer_names = dict(zip(layers["layer_id"], layers["unit_plural"]))
    layer_id = ui.url_select(_("Units"), list(layer_names), "layer", where=row[2], format_func=layer_names.get)
    measured = {i: _(store.indicators[i]["title"]) for i in store.district_indicators(layer_id)}
    indicator = ui.indicator_select(measured, where=row[3]) if measured else None
    layer_row = layers[layers["layer_id"] == layer_id].iloc[0]

    def no_figures() -> None:
        lines = md.no_district_figures_note(store, member_id)
        st.info(_("No district figures are published for {member}: the map shows its {units} only.",
                  member=with_districts[member_id], units=layer_names[layer_id])
                + ("\n\n" + _("What exists at city, regional or national level:") + "\n" + "\n".join(f"- {x}" for x in lines)
                   if lines else ""), icon=":material/info:")
        st.page_link("pages/city.py", label=_("Open the City profile of {name}", name=with_districts[member_id]),
                     query_params={"member": member_id}, icon=":material/location_city:")
    year = district_year(indicator)
    figures = cached.district_figures(store, member_id, layer_id, indicator, year)
    stop_without(figures)
    note = _(store.indicators[indicator].get("scale_note", "")) if indicator else ""
    points = cached.points_source(store, member_id)
    modes = {"figures": _("Figures"), "need": _("Need and help")} if points and indicator else {"figures": _("Figures")}
    mode = ui.url_select(_("Show"), list(modes), "mode", default="figures", format_func=modes.get,
                         where=st.columns(4)[0]) if len(modes) > 1 else "figures"
    source, map_key = cached.geometry_source(store, "districts", member_id, layer_id), f"map_districts_{member_id}_{layer_id}"
    if mode == "need":
        need_panel(member_id, layer_id, indicator, year, source, points, md.figures_meta(store, indicator, layer_id), map_key)
        st.stop()
    parents = cached.parent_units(store, member_id, layer_id)
    parts = sorted(parents["parent"]) if len(parents) > 1 else []
    part = None
    if parts:
        part = ui.url_select(_("Borough, commune or district"), ["all"] + parts, "part", default="all",
                             format_func=lambda p: _("All") if p == "all" else p, where=st.columns(4)[0])
        figures = figures if part == "all" else figures[figures["parent"] == part]
    meta = md.figures_meta(store, indicator, layer_id)

    def most_affected() -> None:
        st.html(most_affected_html(md.most_affected(figures, meta["higher_is"]), meta, meta["decimals"]))
        st.html(MOST_AFFECTED_JS, unsafe_allow_javascript=True)
    map_panel(figures, source, meta, note, map_key, has_figures=bool(measured),
              aside=most_affected if measured else no_figures, points=points, parents=parents,
              part=None if part is None else "" if part == "all" else part)
    if points:
        st.caption(cached.points_caption(store, member_id))
    area_note = layer_row["area_note"]  # a catalogue text, translated like the indicators' own
    if area_note:
        st.caption(_("Area covered: {note}.", note=_(area_note)))
    st.markdown(glossary_links(*GLOSSARY_UNITS.get(layer_id, ()), "scales", "flags"))
    if isinstance(layer_row.get("description"), str) and layer_row["description"]:
        st.caption(layer_row["description"])  # a city's own words about its figures, as it wrote them
    if indicator:
        figures_table(figures, indicator, f"map-{indicator}-{member_id}")

else:
    shared = cached.shared_layers(store)
    unit_names = {layer: store.layers.loc[store.layers["layer_id"] == layer, "unit_plural"].iloc[0] for layer in shared}
    layer_id = ui.url_select(_("Units"), shared, "layer", default="fr_iris", where=row[1], format_func=unit_names.get)
    measured = {i: _(store.indicators[i]["title"]) for i in store.district_indicators(layer_id)}
    indicator = ui.indicator_select(measured, default="ifn_score", where=row[2])
    names = cached.district_members(store, layer_id)
    chosen = ui.url_multiselect(_("Members (two to four)"), list(names), "members",
                                default=[m for m in SIDE_DEFAULT if m in names] or list(names)[:2],
                                format_func=names.get, max_selections=4, where=row[3])
    if len(chosen) < 2:
        st.info(_("Choose two to four members to see their districts side by side on one scale."))
        st.stop()
    year = district_year(indicator)
    frames = {m: cached.district_figures(store, m, layer_id, indicator, year) for m in chosen}
    sources = {m: cached.geometry_source(store, "districts", m, layer_id) for m in chosen}
    ind = store.indicators[indicator]
    note = md.relative_scale_note(ind)
    side_panel(frames, sources, names, md.figures_meta(store, indicator, layer_id), note)
    everything = pd.concat(frames.values())
    figures_table(everything.reset_index(drop=True), indicator, f"map-{indicator}-side",
                  pd.Series([names[m] for m, f in frames.items() for _x in range(len(f))]))
