"""City profile: every indicator for one member, against its country, the EU and the 2030 targets."""
import streamlit as st

from atlas import ui
from atlas.i18n import _
from atlas.views import city_profile, member_options, never_used_summary

store = ui.store()
members = member_options(store)
member_id = ui.member_select(members, default="paris")
member = store.member(member_id)
st.title(members[member_id])
if member.get("decision"):
    st.caption(member["decision"])
summary = never_used_summary(store, member_id)
if summary:
    st.markdown(summary)
profile = city_profile(store, member_id)
if profile.empty:
    st.info(_("No statistical figures are published for this member."))
    st.stop()
st.dataframe(profile[["title", "shown", "year", "area", "flags", "country_value", "eu_value", "target", "gap_to_target", "source"]],
             hide_index=True, width="stretch",
             column_config={"title": _("Indicator"), "shown": _("Value"), "year": _("Year"), "area": _("Area"),
                            "flags": _("Flags"), "country_value": _("Country"), "eu_value": _("EU 27"),
                            "target": _("2030 target"), "gap_to_target": _("Distance to target (points)"),
                            "source": _("Source")})
st.caption(_("Each value says which area it describes: a regional or national figure is not the city's own."))
