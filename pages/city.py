"""City profile: every indicator for one member, against its country, the EU and the 2030 targets;
its district spread; and what it (or a peer) does about the digital divide."""
import streamlit as st

from atlas import take_away, ui
from atlas.briefing import cached_briefing
from atlas.cached import (city_map_colours, district_spread, gap_sentence, geometry_source, level_reasons,
                          load_practices, load_reported_figures, member_options, never_used_summary, peer_practices,
                          points_source, profile_screen)
from atlas.embed import embed_snippet, embed_view, embedded
from atlas.glossary import glossary_links
from atlas.help_map import gap_caveat
from atlas.i18n import _, current_language, fmt_number
from atlas.map_data import layer_attribution, layer_attribution_line
from atlas.map_panels import draw_map
from atlas.practices import practice_kind_label, practices_for, theme_label
from atlas.text import format_value, member_note


def profile_headers() -> dict:
    """The profile table's headers in words."""
    return {"title": _("Indicator"), "shown": _("Value"), "year_shown": _("Year"), "area": _("Area"),
            "flags": _("Flags"), "country_shown": _("Country"), "eu_shown": _("EU 27"), "target": _("2030 target"),
            "gap_to_target": st.column_config.NumberColumn(
                _("Distance to target (points)"), format="%.1f",
                help=_("The target minus the value as shown (rounded as in the Value column), "
                       "so the two columns agree.")),
            "source": _("Source")}


ui.require_router()
store = ui.store()
members = member_options(store)
title = st.empty()  # the heading comes first on the page, though the choice below decides it
search, choice = st.columns(2, vertical_alignment="bottom")
ui.member_search(members, store, "member", where=search)
member_id = ui.member_select(members, default="paris", where=choice)
member = store.member(member_id)
title.title(members[member_id])
note = member_note(member)
if note:
    st.caption(note)
summary = never_used_summary(store, member_id)
if summary:
    st.markdown(summary)
lang = current_language()
st.download_button(_("Download the one-page briefing (PDF)"), data=lambda: cached_briefing(store, member_id, lang),
                   file_name=f"briefing-{member_id}-{lang}.pdf", mime="application/pdf", on_click="ignore",
                   key="briefing_pdf", icon=":material/picture_as_pdf:",
                   help=_("An A4 page for meetings: the key figures, the map, the districts most affected, "
                          "what cities do, every source, and a link back here."))

screen = profile_screen(store, member_id)
if screen is None:
    st.info(_("No statistical figures are published for this member."))
else:
    st.markdown(screen.headline)
    st.html(screen.glance)
    st.markdown(glossary_links("nuts", "flags", "eu27", "target"))
    # Lazy, as the Map's table: the table's code loads only for a reader who opens it (the
    # downloads below do not need it); `?profile_table=true` opens it from a link.
    shown = st.expander(_("All figures, as a table"), key="profile_table", on_change="rerun",
                        bind="query-params", icon=":material/table:")
    if shown.open:
        with shown:
            st.dataframe(screen.table, hide_index=True, width="stretch", column_config=profile_headers())
    st.caption(_("Each value says which area it describes: a regional or national figure is not the city's own. "
                 "2030 targets are the EU's Digital Decade targets."))
    sources = [store.sources[store.indicator(i).source] for i in screen.profile["indicator"]]
    take_away.table_downloads(screen.profile, f"profile-{member_id}", sources, store.manifest["built_at"][:10], key="csv_profile")

reasons = level_reasons(store, member_id)
if reasons:
    st.subheader(_("District and city figures"))
    st.markdown("\n".join(f"- {line}" for line in reasons))

for spread in district_spread(store, member_id):
    ind, wider = store.indicator(spread["indicator"]), spread["wider_area"]
    st.header(_("Inside the city: {title} by {units}", title=ind.title, units=spread["unit_plural"]))
    if spread["wider_area"]:
        st.markdown(_("The {units} layer covers {wider}: {wider_count} {units}; {area}: {count}. What follows is "
                      "{area} only.", units=spread["unit_plural"], wider=_(wider),
                      wider_count=fmt_number(spread["wider_count"], 0), area=spread["area"],
                      count=fmt_number(spread["city_count"], 0)))
    text = _("Across the {count} {units} of {area} ({year}), the highest value is in {high} ({high_value}) and the "
             "lowest in {low} ({low_value}).", count=fmt_number(spread["count"], 0), units=spread["unit_plural"],
             area=spread["area"], year=spread["year"], high=spread["highest"],
             high_value=format_value(spread["highest_value"], ind.unit, ind.decimals),
             low=spread["lowest"], low_value=format_value(spread["lowest_value"], ind.unit, ind.decimals))
    if spread["ratio"]:
        text += " " + _("The highest is {ratio} times the lowest.", ratio=fmt_number(spread["ratio"], 2))
    st.markdown(text)
    if ind.scale_note:
        st.caption(ind.scale_note)
    # The Map page's way: outlines from a cached static file (the member's own districts only),
    # only colours and tooltips per run.
    attribution = layer_attribution(store, spread["layer_id"])
    colours, legend = city_map_colours(store, member_id, spread["layer_id"], spread["indicator"])
    gap = gap_sentence(store, member_id, spread["layer_id"], spread["indicator"], spread["area"], spread["unit_plural"],
                       own_area=True)
    points = points_source(store, member_id) if gap else None  # the help places over the districts
    if gap:  # and how many of the neediest have none near
        st.markdown(gap)
        st.caption(gap_caveat())
    view = f"districts_{spread['layer_id']}_{spread['indicator']}"
    with embed_view(view):  # embedded: the map, its legend and its credits
        # An overview: the Map page has the clickable places.
        draw_map(geometry_source(store, "city", member_id, spread["layer_id"]), colours, attribution,
                 f"city_map_{spread['layer_id']}_{spread['indicator']}", 560 if embedded() else 320,
                 points=points, interactive_points=False)
        st.html(legend)
        st.caption(layer_attribution_line(store, spread["layer_id"], spread["indicator"]))
    embed_snippet(view, ind.title, height=660)
    st.page_link("pages/map.py", label=_("Open all of {area} on the map", area=_(wider)) if wider
                 else _("Open on the map"), icon=":material/map:",
                 query_params={"view": "districts", "member": member_id, "layer": spread["layer_id"]})

st.header(_("What this city does"))
practices, reported = load_practices(), load_reported_figures()
mine = practices_for(member_id, practices)
for row in practices_for(member_id, reported).to_dict("records"):
    st.info(f"“{row['wording']}” — {practice_kind_label(row['kind'])}: {row['source_title']}, {row['source_publisher']}, "
            f"{row['source_date']}. " + _("Reported by the city; not an official statistic."))
if mine.empty:
    mine, comparable = peer_practices(store, member_id)
    st.write(_("No practices of this member are in our catalogue yet. Members in the same country or facing "
               "similar figures, whose practices are listed:") if comparable else
             _("No practices of this member are in our catalogue yet. Practices of other members:"))
for row in mine.to_dict("records"):
    with st.container(border=True):
        st.markdown(f"**{row['name']}** · {members.get(row['member_id'], row['member_id'])} · {theme_label(row['theme'])}")
        st.write(row["summary"])
        st.caption(_("Source: {title}, {publisher}, {date}.", title=row["source_title"],
                     publisher=row["source_publisher"], date=row["source_date"]))
st.page_link("pages/practices.py", label=_("All practices"), icon=":material/diversity_3:")
