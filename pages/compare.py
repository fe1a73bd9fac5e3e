"""Compare: a ranking of every member with a figure, and a scatter of two indicators."""
import streamlit as st

from atlas import take_away, ui
from atlas.catalogue import HEADLINE_INDICATOR
from atlas.glossary import glossary_links
from atlas.i18n import _, country_name
from atlas.levels import MEMBER_LEVELS
from atlas.cached import indicator_options, member_options, ranking_view, scatter_view

ui.require_router()
store = ui.store()
st.title(_("Compare members"))
indicators = indicator_options(store, levels=MEMBER_LEVELS)
indicator = ui.indicator_select(indicators, default=HEADLINE_INDICATOR)
ind = store.indicator(indicator)
cols = st.columns(2)
year = ui.url_year(_("Year"), store.years(indicator), where=cols[0])
countries = sorted({c for c in store.members["country"].dropna()}, key=country_name)
country = ui.url_select(_("Country"), ["all"] + countries, "country", default="all",
                        format_func=lambda c: _("All countries") if c == "all" else country_name(c), where=cols[1])
members = member_options(store)
picked = st.session_state.setdefault("picked_members", [])

ranking = ranking_view(store, indicator, year, None if country == "all" else country, tuple(picked))
if ranking is None:
    st.info(_("No member has a figure for this indicator in {year}.", year=year))
else:
    event = take_away.chart_with_downloads(ranking, f"compare-{indicator}-{year}", ind, store, key="ranking", selectable=True)
    st.caption(_("One bar per figure: members shown through their region's or country's figure share one bar, "
                 "named after that area (lighter, with a dashed or dotted outline), since that figure says nothing "
                 "about the differences between them. Click a bar to highlight its members in both charts; "
                 "double-click to clear."))
    picked[:] = take_away.selected_members(event) or picked
    st.markdown(glossary_links("nuts", "flags", "eu27"))

st.header(_("Two indicators"))
cols = st.columns(2)
x = ui.indicator_select(indicators, key="x", default=HEADLINE_INDICATOR, where=cols[0])
y = ui.indicator_select(indicators, key="y", default="basic_digital_skills", where=cols[1])
ui.member_search(members, store, "members", multiple=True, max_selections=8)
labelled = ui.url_multiselect(_("Label these members"), list(members), "members", default=["paris", "warsaw"],
                              format_func=members.get, max_selections=8)
scatter = scatter_view(store, x, y, tuple(labelled), tuple(picked))
if scatter is None:
    st.info(_("No member has figures for both indicators."))
else:
    event = take_away.chart_with_downloads(scatter, f"scatter-{x}-{y}", [store.indicator(x), store.indicator(y)], store,
                                    key="scatter", selectable=True)
    picked[:] = take_away.selected_members(event) or picked
    st.caption(_("Each point is a pair of latest figures; members shown through the same regional or national "
                 "figures share one point, named after those areas. The table gives the year and the area of each "
                 "(a regional or national figure is not the city's own)."))
