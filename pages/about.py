"""About the data: every source with its licence and attribution, and what each member has."""
import pandas as pd
import streamlit as st

from atlas import ui
from atlas.coverage import coverage_summary, member_coverage
from atlas.i18n import _

store = ui.store()
st.title(_("About the data"))
st.markdown(_("Every figure in the atlas comes from a public file listed below. A member shown through its "
              "region or country is labelled as such wherever it appears."))

st.header(_("Sources"))
sources = pd.DataFrame(store.manifest["source_catalogue"])
st.dataframe(sources[["id", "title", "publisher", "licence", "attribution", "url"]], hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn(_("Official address")), "title": _("Title"),
                            "publisher": _("Publisher"), "licence": _("Licence"), "attribution": _("Attribution")})
st.caption(_("Store built on {date} from {origin}.", date=store.manifest["built_at"], origin=store.manifest["from"]))

st.header(_("Coverage of the {n} members", n=len(store.members)))
summary = coverage_summary(store)
cols = st.columns(5)
for col, (label, key) in zip(cols, [(_("District"), "with_district"), (_("City"), "with_city"), (_("Region"), "with_region"),
                                    (_("Country only"), "with_country_only"), (_("None"), "with_none")]):
    col.metric(label, summary[key])
table = member_coverage(store)
st.dataframe(table[["name", "local_name", "kind", "country", "level", "why"]], hide_index=True, width="stretch",
             column_config={"name": _("Member"), "local_name": _("Local name"), "kind": _("Kind"),
                            "country": _("Country"), "level": _("Finest level with figures"), "why": _("Why")})

st.header(_("Indicators"))
st.dataframe(pd.DataFrame(store.manifest["indicators"])[["id", "title", "definition", "unit", "higher_is", "source", "dataset"]],
             hide_index=True, width="stretch")
