"""Trends: each chosen member's series at its best level, breaks and low reliability shown."""
import streamlit as st

from atlas import ui
from atlas.charts import trend_chart
from atlas.i18n import _
from atlas.views import indicator_options, member_options, trends_frame

store = ui.store()
st.title(_("Trends"))
indicators = indicator_options(store, levels=("nuts2", "nuts1", "country", "kreis"))
indicator = ui.indicator_select(indicators, default="never_used_internet")
members = member_options(store)
chosen = ui.url_multiselect(_("Members"), list(members), "members", default=["paris", "warsaw", "lisbon"],
                            format_func=members.get, max_selections=8)
data = trends_frame(store, indicator, chosen)
ind = store.indicators[indicator]
if data.empty:
    st.info(_("No figures for these members and this indicator."))
    st.stop()
st.altair_chart(trend_chart(data, ind), width="stretch")
ui.about_indicator(ind, store.sources[ind["source"]], store.manifest["built_at"][:10])
st.caption(_("Hollow points: low reliability. ⫽ marks a break in series: the area changed (a NUTS recode or a change of level)."))
with st.expander(_("Table of the figures in the chart")):
    st.dataframe(data, hide_index=True, width="stretch")
ui.csv_download(data, f"trends-{indicator}", store.sources[ind["source"]], store.manifest["built_at"][:10], key="csv_trends")
