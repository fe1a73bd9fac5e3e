"""Trends: each chosen member's series at its best level, with its country and the EU 27."""
import streamlit as st

from atlas import take_away, ui
from atlas.catalogue import HEADLINE_INDICATOR
from atlas.i18n import _
from atlas.levels import MEMBER_LEVELS
from atlas.cached import indicator_options, member_options, trends_view

ui.require_router()
store = ui.store()
st.title(_("Trends"))
indicators = indicator_options(store, levels=MEMBER_LEVELS)
indicator = ui.indicator_select(indicators, default=HEADLINE_INDICATOR)
ind = store.indicator(indicator)
members = member_options(store)
ui.member_search(members, store, "members", multiple=True, max_selections=8)
chosen = ui.url_multiselect(_("Members"), list(members), "members", default=["paris", "warsaw", "lisbon"],
                            format_func=members.get, max_selections=8)
cols = st.columns(2)
SHOWN_THROUGH = {"best": _("Each member's finest level"), "country": _("Their countries")}
level = ui.url_select(_("Show members through"), list(SHOWN_THROUGH), "level", default="best", format_func=SHOWN_THROUGH.get, where=cols[0])
years = store.years(indicator)
MODES = {"values": _("Values"), "change": _("Change since a year")}
mode = ui.url_select(_("Show"), list(MODES), "mode", default="values", format_func=MODES.get, where=cols[1])
base = None
if mode == "change":
    base = ui.url_select(_("Change since"), years[:-1] or years, "since", default=years[0])
    st.caption(_("Changes are worked out from the published values, then rounded: they may differ by 0.1 from the "
                 "difference of the rounded values shown elsewhere."))
trends = trends_view(store, indicator, tuple(chosen), level, base)
if trends is None:
    st.info(_("No figures for these members and this indicator."))
    st.stop()
take_away.chart_with_downloads(trends, f"trends-{indicator}", ind, store, key="trends")
st.caption(_("Countries and the EU 27 are drawn where the source publishes them. From a break in series the "
             "figure describes another area (a NUTS recode or another level); the table says which."))
ui.about_indicator(ind, store.sources[ind.source], store.manifest["built_at"][:10])
