"""About the data: every source with its licence and attribution, and what each member has."""
import pandas as pd
import streamlit as st

from atlas import ui
from atlas.cached import coverage_summary, member_coverage
from atlas.dataset import ZIP_NAME
from atlas.glossary import glossary
from atlas.i18n import _, fmt_number

ui.require_router()
store = ui.store()
st.title(_("About the data"))
st.markdown(_("Every figure in the atlas comes from a public file listed below. A member shown through its "
              "region or country is labelled as such wherever it appears."))

st.header(_("Glossary"))
for anchor, term, text in glossary():
    st.subheader(term, anchor=anchor)
    st.markdown(text)

st.header(_("Sources"))
sources = pd.DataFrame(store.manifest["source_catalogue"])
st.dataframe(sources[["id", "title", "publisher", "licence", "attribution", "url"]], hide_index=True, width="stretch",
             column_config={"id": _("Source id"), "url": st.column_config.LinkColumn(_("Official address")), "title": _("Title"),
                            "publisher": _("Publisher"), "licence": _("Licence"), "attribution": _("Attribution")})
st.caption(_("Figures as built on {date} from copies of the files listed here.", date=store.manifest["built_at"][:10]))

st.header(_("The whole data set"))
bundle = store.folder / ZIP_NAME
if bundle.exists():
    st.markdown(_("Every observation ({n}) with its indicator, area, year, flags and source, as CSV and Parquet; the "
                  "catalogue of indicators and sources as JSON; and a README giving each source's licence and how to "
                  "cite it.", n=fmt_number(store.manifest["counts"]["observations"], 0)))
    st.download_button(_("Download the whole data set (zip)"), data=bundle.read_bytes, file_name=ZIP_NAME,
                       mime="application/zip", on_click="ignore", key="dataset_zip", icon=":material/download:")
else:
    st.info(_("This store was built before the data set was part of it: rebuild it with `python -m atlas build`."))

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
             hide_index=True, width="stretch",
             column_config={"id": _("Indicator id"), "title": _("Title"), "definition": _("Definition"), "unit": _("Unit"),
                            "higher_is": _("Higher is"), "source": _("Source id"), "dataset": _("Dataset")})

st.header(_("Try your own city's data"))
st.markdown(_("Upload a city data folder as a zip to see it on a map, checked by the same rules as "
              "`python -m atlas check`. The preview stays in your browser session: it is not added to the "
              "atlas or shown to anyone else. The folder's layout is described in `docs/city-data.md` "
              "in the project's repository."))
upload = st.file_uploader(_("City data folder (zip, at most 20 MB)"), type=["zip"], key="city_zip")
if upload is not None:
    from atlas.citydata.upload import UploadError, check_upload
    from atlas.city_preview import places_table, problems_table

    try:
        report = check_upload(upload.getvalue())
    except UploadError as exc:
        st.error(str(exc))
    else:
        if report.errors:
            st.error(_("{n} problem(s) must be fixed before this folder can be added.", n=len(report.errors)))
        else:
            st.success(_("The folder passes the check."))
        if report.problems:
            st.dataframe(problems_table(report), hide_index=True, width="stretch")
        if len(report.boundaries):
            from atlas.map_component import draw_upload_preview

            draw_upload_preview(report)
        if len(report.points):
            st.caption(_("{n} help place(s) of the city's own, shown as dots on the map:", n=len(report.points)))
            st.dataframe(places_table(report), hide_index=True, width="stretch")
