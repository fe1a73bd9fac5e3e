"""Map: Europe's regions, members' own city figures, one member's districts, or several members'
districts side by side. The page reads the widgets; `atlas.map_page` says what each view shows,
`atlas.map_panels` draws the maps (fast by construction: see its note)."""
import streamlit as st

from atlas import cached, ui
from atlas import map_data as md
from atlas import map_page as mp
from atlas import map_panels as panels
from atlas.area_layer import area_rows
from atlas.catalogue import HEADLINE_INDICATOR
from atlas.glossary import glossary_links
from atlas.i18n import _
from atlas.levels import CITY_LEVELS, REGIONAL_LEVELS

ui.require_router()
store = ui.store()


def stop_without(figures) -> None:
    if figures.empty:
        st.info(_("No figures for this choice."))
        st.stop()


st.title(_("Map"))
panels.found_member(store, st.columns([1, 2])[0])
row = st.columns([3, 3, 3, 3], vertical_alignment="bottom")
views = mp.view_names()
view = ui.url_select(_("View"), list(views), "view", default="europe", format_func=views.get, where=row[0])

if view == "europe":
    indicator = ui.indicator_select(cached.indicator_options(store, levels=REGIONAL_LEVELS),
                                    default=HEADLINE_INDICATOR, where=row[1])
    year = ui.url_year(_("Year"), store.years(indicator), where=row[2])
    figures = cached.europe_figures(store, indicator, year)
    stop_without(figures)
    version = md.nuts_version(year)
    panels.map_panel(store, figures, cached.geometry_source(store, "europe", str(version), "nuts"),
                     md.figures_meta(store, indicator, None), "", f"map_europe_{version}",
                     cached.member_places(store), member_tips=cached.member_tips(store, indicator, year))
    for note in mp.europe_notes(figures, year):
        st.caption(note)
    st.markdown(glossary_links("nuts", "flags"))
    panels.figures_table(store, figures, indicator, f"map-{indicator}-{year}")

elif view == "cities":
    indicator = ui.indicator_select(cached.indicator_options(store, levels=CITY_LEVELS), default="egov_online_easy",
                                    where=row[1])
    year = ui.url_year(_("Year"), md.city_years(store, indicator), where=row[2])
    figures = cached.city_figures(store, indicator, year)
    stop_without(figures)
    version = md.nuts_version(year)
    countries = md.country_outlines(store, version)
    background = area_rows(countries, "value", {}, [0] * len(countries), [md.BACKGROUND_COLOUR])
    panels.city_panel(figures, cached.geometry_source(store, "europe", str(version), "nuts"), background,
                      md.figures_meta(store, indicator, None), mp.scale_note(store, indicator), f"map_cities_{version}")
    st.caption(mp.cities_note(year))
    panels.city_figures_table(store, figures, indicator, year)

elif view == "districts":
    with_districts = mp.members_with_districts(store, cached.member_options(store))
    member_id = ui.member_select(cached.district_list_labels(store, with_districts), default="paris", where=row[1])
    layers = store.member_layers(member_id)
    layer_names = mp.unit_names(store, list(layers["layer_id"]))
    layer_id = ui.url_select(_("Units"), list(layer_names), "layer", where=row[2], format_func=layer_names.get)
    measured = mp.measured_indicators(store, layer_id)
    indicator = ui.indicator_select(measured, where=row[3]) if measured else None
    year = panels.district_year(store, indicator)
    figures = cached.district_figures(store, member_id, layer_id, indicator, year)
    stop_without(figures)
    points = cached.points_source(store, member_id)
    modes = mp.show_modes(bool(points and indicator))
    mode = ui.url_select(_("Show"), list(modes), "mode", default="figures", format_func=modes.get,
                         where=st.columns(4)[0]) if len(modes) > 1 else "figures"
    source, map_key = cached.geometry_source(store, "districts", member_id, layer_id), f"map_districts_{member_id}_{layer_id}"
    meta = md.figures_meta(store, indicator, layer_id)
    if mode == "need":
        panels.need_panel(store, member_id, layer_id, indicator, year, source, points, meta, map_key)
        st.stop()
    parents = cached.parent_units(store, member_id, layer_id)
    parts = mp.part_choices(parents)
    part = ui.url_select(_("Borough, commune or district"), parts, "part", default=mp.ALL_PARTS,
                         format_func=mp.part_label, where=st.columns(4)[0]) if parts else None
    figures = mp.in_part(figures, part)
    if points and not ui.url_toggle(_("Show help places"), "places", where=st.columns(4)[0]):
        points = None  # the districts alone (a reader's choice, and the benchmark's yardstick)

    def no_figures() -> None:
        st.info(mp.no_district_figures(store, member_id, with_districts[member_id], layer_names[layer_id]),
                icon=":material/info:")
        panels.profile_link(st, member_id, with_districts[member_id])
    panels.map_panel(store, figures, source, meta, mp.scale_note(store, indicator), map_key, has_figures=bool(measured),
                     aside=(lambda: panels.most_affected(figures, meta)) if measured else no_figures, points=points,
                     parents=cached.parent_outlines(store, member_id, layer_id) if len(parents) else None,
                     fit=mp.fit_target(part))
    if points:
        st.caption(cached.points_caption(store, member_id))
    for caption in mp.layer_captions(layers[layers["layer_id"] == layer_id].iloc[0]):
        st.caption(caption)
    st.markdown(glossary_links(*mp.GLOSSARY_UNITS.get(layer_id, ()), "scales", "flags"))
    if indicator:
        panels.figures_table(store, figures, indicator, f"map-{indicator}-{member_id}")

else:
    shared = cached.shared_layers(store)
    unit_names = mp.unit_names(store, shared)
    layer_id = ui.url_select(_("Units"), shared, "layer", default="fr_iris", where=row[1], format_func=unit_names.get)
    indicator = ui.indicator_select(mp.measured_indicators(store, layer_id), default="ifn_score", where=row[2])
    names = cached.district_members(store, layer_id)
    chosen = ui.url_multiselect(_("Members (two to four)"), list(names), "members", default=mp.side_default(names),
                                format_func=names.get, max_selections=4, where=row[3])
    if len(chosen) < 2:
        st.info(_("Choose two to four members to see their districts side by side on one scale."))
        st.stop()
    year = panels.district_year(store, indicator)
    frames = {m: cached.district_figures(store, m, layer_id, indicator, year) for m in chosen}
    sources = {m: cached.geometry_source(store, "districts", m, layer_id) for m in chosen}
    panels.side_panel(frames, sources, names, md.figures_meta(store, indicator, layer_id),
                      md.relative_scale_note(store.indicator(indicator)))
    everything, owners = mp.side_table(frames, names)
    panels.figures_table(store, everything, indicator, f"map-{indicator}-side", owners)
