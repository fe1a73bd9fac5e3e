"""What cities do: inclusion practices and city-reported figures, filtered through the URL."""
import streamlit as st

from atlas import ui
from atlas.cached import load_practices, load_reported_figures, member_options
from atlas.i18n import _, country_name
from atlas.practices import THEMES, filter_practices, practice_kind_label, theme_label

ui.require_router()
store = ui.store()
st.title(_("What cities do"))
st.caption(_("Practices and figures as the cities describe them in a Eurocities article; city-reported figures "
             "are not official statistics and never enter the rankings, maps or trends."))
members = member_options(store)
countries_of = store.members.set_index("member_id")["country"]
practices = load_practices().assign(country=lambda f: f["member_id"].map(countries_of),
                                    member_name=lambda f: f["member_id"].map(members))
cols = st.columns(2)
themes = ui.url_multiselect(_("Themes"), list(THEMES), "themes", default=[], format_func=theme_label, where=cols[0])
countries = sorted(practices["country"].dropna().unique(), key=country_name)
chosen_countries = ui.url_multiselect(_("Countries"), countries, "countries", default=[], format_func=country_name, where=cols[1])
query = ui.url_text(_("Search"), "q")
shown = filter_practices(practices, themes=themes or None, countries=chosen_countries or None, query=query)
st.write(_("{n} of {total} practices", n=len(shown), total=len(practices)))
for row in shown.to_dict("records"):
    with st.container(border=True):
        st.markdown(f"**{row['name']}** · {row['member_name']} · {theme_label(row['theme'])}")
        st.write(row["summary"])
        st.caption(_("Serves: {who}. Source: {title}, {publisher}, {date}.", who=row["serves"], title=row["source_title"],
                     publisher=row["source_publisher"], date=row["source_date"]))
        st.page_link("pages/city.py", label=_("City profile of {name}", name=row["member_name"]),
                     query_params={"member": row["member_id"]}, icon=":material/location_city:")

st.header(_("Figures reported by cities"))
reported = load_reported_figures().assign(member_name=lambda f: f["member_id"].map(members))
for row in reported.to_dict("records"):
    st.markdown(f"“{row['wording']}” — **{row['member_name']}**, {row['describes']}. "
                f"*{practice_kind_label(row['kind'])}*: {row['source_title']}, {row['source_publisher']}, {row['source_date']}.")
