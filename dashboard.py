"""Digital Divide Atlas: page config, the shared sidebar and the router. Pages are in pages/."""
import streamlit as st

from atlas import ui
from atlas.embed import embed_page, embedded
from atlas.i18n import _

# A local icon: a Material icon as page_icon would make every visitor's browser fetch it from Google.
st.set_page_config(page_title="Digital Divide Atlas", page_icon="static/atlas-icon.png", layout="wide")
ui.language()

MAP = st.Page("pages/map.py", title=_("Map"), icon=":material/map:", url_path="map")


def home() -> None:
    """The address / opens the Map at its own address (/map), the link an article would print."""
    st.switch_page(MAP, query_params=st.query_params.to_dict())


PAGES = [
    st.Page(home, title=_("Home"), url_path="home", default=True, visibility="hidden"),
    MAP,
    st.Page("pages/trends.py", title=_("Trends"), icon=":material/show_chart:", url_path="trends"),
    st.Page("pages/compare.py", title=_("Compare"), icon=":material/bar_chart:", url_path="compare"),
    st.Page("pages/city.py", title=_("City profile"), icon=":material/location_city:", url_path="city"),
    st.Page("pages/practices.py", title=_("What cities do"), icon=":material/diversity_3:", url_path="practices"),
    st.Page("pages/about.py", title=_("About the data"), icon=":material/info:", url_path="about"),
]

# An embedded view (?embed=true, in an article's iframe) shows one chart or map: no navigation, no sidebar.
page = st.navigation(PAGES, position="hidden" if embedded() else "sidebar")
st.set_page_config(page_title=f"{page.title} · Digital Divide Atlas")  # tabs and bookmarks tell pages apart
if not embedded():
    st.sidebar.caption(_("Digital Divide Atlas: how the digital divide differs between and inside the member cities of Eurocities."))
embed_page()
ui.page_setup(page)
ui.run_safely(page)
