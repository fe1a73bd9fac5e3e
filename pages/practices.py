"""What cities do: inclusion practices from the Eurocities article, with filters kept in the URL."""
import streamlit as st

from atlas import ui
from atlas.i18n import _
from atlas.practices import THEMES, filter_practices, load_practices, theme_label

store = ui.store()
st.title(_("What cities do"))
st.caption(_("Practices as described by the cities in a Eurocities article; not official statistics."))
practices = load_practices().merge(store.members[["member_id", "country", "local_name"]], on="member_id", how="left")
themes = ui.url_multiselect(_("Themes"), list(THEMES), "themes", default=[], format_func=theme_label)
query = st.text_input(_("Search"), key="practice_search", max_chars=100)
shown = filter_practices(practices, themes=themes or None, query=query)
st.write(_("{n} practices", n=len(shown)))
for row in shown.to_dict("records"):
    with st.container(border=True):
        st.markdown(f"**{row['name']}** · {row['local_name']} · {theme_label(row['theme'])}")
        st.write(row["summary"])
        st.caption(_("Serves: {who}. Source: {title}, {publisher}, {date}.", who=row["serves"], title=row["source_title"],
                     publisher=row["source_publisher"], date=row["source_date"]))
        st.page_link("pages/city.py", label=_("City profile"), query_params={"member": row["member_id"]})
