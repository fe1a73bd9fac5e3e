"""Compare: all members with a figure for the chosen indicator and year."""
import streamlit as st

from atlas import ui
from atlas.charts import ranking_chart
from atlas.i18n import _
from atlas.views import indicator_options, ranking_frame

store = ui.store()
st.title(_("Compare members"))
indicators = indicator_options(store, levels=("nuts2", "nuts1", "country", "kreis"))
indicator = ui.indicator_select(indicators, default="never_used_internet")
year = ui.url_year(_("Year"), store.years(indicator))
ind = store.indicators[indicator]
data = ranking_frame(store, indicator, year)
if data.empty:
    st.info(_("No member has a figure for this indicator in {year}.", year=year))
    st.stop()
eu = store.area_figure("EU27_2020", indicator, year)
reference = {_("EU 27"): eu.value} if eu else {}
st.altair_chart(ranking_chart(data, ind, reference), width="stretch")
st.caption(_("Lighter bars: the member is shown through its region or country (see the table)."))
ui.about_indicator(ind, store.sources[ind["source"]], store.manifest["built_at"][:10])
st.dataframe(data[["label", "value", "year", "area", "flag_words"]], hide_index=True, width="stretch",
             column_config={"label": _("Member"), "value": ind["unit"], "year": _("Year"), "area": _("Area"),
                            "flag_words": _("Flags")})
ui.csv_download(data, f"compare-{indicator}-{year}", store.sources[ind["source"]], store.manifest["built_at"][:10], key="csv_compare")
