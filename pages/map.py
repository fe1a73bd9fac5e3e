"""Map: regional and national figures across Europe."""
import streamlit as st

from atlas import ui
from atlas.i18n import _
from atlas.text import area_label, flag_words
from atlas.views import indicator_options

store = ui.store()
st.title(_("Map"))
indicators = indicator_options(store, levels=("nuts2", "nuts1"))
indicator = ui.indicator_select(indicators, default="never_used_internet")
year = ui.url_year(_("Year"), store.years(indicator))
ind = store.indicators[indicator]
values = store.values(indicator, year).dropna(subset=["value"])
values = values[values["level"].isin(["nuts2", "nuts1"])]
values["name"] = values["geo_code"].map(store.place_name)
values["area"] = [area_label(r.level, r.name, r.geo_code) for r in values.itertuples()]
values["flags"] = values["flag"].map(flag_words)
st.dataframe(values[["geo_code", "name", "level", "value", "flags"]], hide_index=True, width="stretch")
ui.about_indicator(ind, store.sources[ind["source"]], store.manifest["built_at"][:10])
