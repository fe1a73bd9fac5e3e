"""A plain streamlit-folium rendering of the Map page's layers: what `python -m atlas bench`
measures the atlas against.

The benchmark copies this file into a scratch folder beside a copy of `static/vendor/leaflet`
(Streamlit serves `static/` beside the script) and a `plain_map.json` naming the store, the
indicators and the full source outlines; `?view=nuts2 | gm | floor | controls` picks what is drawn.
`controls` is the empty map among the kinds of elements the Map page carries (navigation, selects,
a search box, a year slider, captions, a legend, downloads): what such a page costs before any map.
"""
import json
import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

CONFIG = json.loads((Path(__file__).parent / "plain_map.json").read_text(encoding="utf-8"))
sys.path.insert(0, CONFIG["root"])
from atlas.map_data import district_layer, europe_layer, in_europe_frame  # noqa: E402
from atlas.store import Store  # noqa: E402

LEAFLET = "/app/static/vendor/leaflet/"
COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]


@st.cache_resource
def layers():
    """The Map page's figures, on the full outlines of the source files (not the store's simplified ones)."""
    import geopandas as gpd
    import pandas as pd

    store = Store.open(CONFIG["store"])
    europe_indicator = CONFIG["europe"]
    year = max(store.years(europe_indicator))
    figures = in_europe_frame(europe_layer(store, europe_indicator, year)).drop(columns="geometry")  # the regions drawn
    nuts = pd.concat([gpd.read_file(CONFIG["nuts2024"])] + [gpd.read_file(f) for f in CONFIG["nuts2021"]])
    nuts = nuts.drop_duplicates("NUTS_ID")[["NUTS_ID", "geometry"]].rename(columns={"NUTS_ID": "geo_code"})
    europe = gpd.GeoDataFrame(nuts.merge(figures, on="geo_code"), crs="EPSG:4326")
    lsoa = gpd.read_file(CONFIG["gm_file"])
    lsoa["geo_code"] = "gm_lsoa:" + lsoa["area_code"]
    gm_figures = district_layer(store, "manchester", "gm_lsoa", CONFIG["gm"]).drop(columns=["geometry", "name"])
    gm = lsoa.rename(columns={"area_name": "name"}).merge(gm_figures, on="geo_code")
    return {"nuts2": europe, "gm": gm, "members": store.members.dropna(subset=["lat"])}


def empty_map() -> folium.Map:
    m = folium.Map(location=[50, 10], zoom_start=4, tiles=None)
    m.default_js = [("leaflet", LEAFLET + "leaflet.js")]  # the CDN links, replaced so it runs offline
    m.default_css = [("leaflet_css", LEAFLET + "leaflet.css")]
    return m


def controls_page() -> None:
    """The Map page's Europe view, element kind for element kind, around an empty map."""
    st.html("<script>document.documentElement.lang = 'en';</script>")
    st.sidebar.selectbox("Language", ["English", "Français", "Deutsch", "Nederlands"])
    st.sidebar.caption("A plain page with the Map page's kinds of controls.")
    st.title("Map")
    st.columns([1, 2])[0].text_input("Find a member")
    row = st.columns(4)
    row[0].selectbox("View", ["Europe", "Cities", "Districts"])
    row[1].selectbox("Indicator", ["Never used the internet", "Basic digital skills"])
    row[2].select_slider("Year", [2021, 2022, 2023, 2024, 2025], value=2025)
    left, right = st.columns([3, 1])
    with left:
        st_folium(empty_map(), height=520, use_container_width=True)
        st.caption("Click a region.")
    with right:
        st.html("<div>legend</div>")
        st.selectbox("Classes", ["Quantiles", "Equal intervals"])
        st.selectbox("Number of classes", [3, 4, 5, 6, 7], index=2)
    with st.popover("Embed"):
        st.code("<iframe src='?embed=true'></iframe>")
    for note in ("Hatched: no figure.", "Outermost regions are not drawn.", "**Indicator** (%): a definition."):
        st.caption(note)
    st.markdown("Words used here: [NUTS regions](#) · [Flags](#)")
    down = st.columns(2)
    down[0].download_button("Download CSV", "synthetic,figures\n", "figures.csv")
    down[1].download_button("Download Excel", b"synthetic", "figures.xlsx")
    st.expander("The figures on this map, as a table")


view = st.query_params.get("view", "floor")
if view == "controls":  # wide, with the Map page's sidebar navigation (six pages)
    st.set_page_config(layout="wide")
    others = [st.Page(lambda: None, title=title, url_path=title.lower()) for title in ("Trends", "Compare", "City", "Practices", "About")]
    st.navigation([st.Page(controls_page, title="Map", default=True), *others]).run()
    st.stop()
m = empty_map()
if view in ("nuts2", "gm"):
    data = layers()
    gdf = data[view][["geo_code", "name", "value", "year", "geometry"]]
    bins = gdf["value"].quantile([0.2, 0.4, 0.6, 0.8]).tolist()

    def style(feature):
        v = feature["properties"]["value"]
        colour = "#d4d4d4" if v is None else COLOURS[sum(v > b for b in bins)]
        return {"fillColor": colour, "color": "#ffffff", "weight": 0.6, "fillOpacity": 0.85}

    folium.GeoJson(json.loads(gdf.to_json()), style_function=style,
                   tooltip=folium.GeoJsonTooltip(fields=["name", "value", "year"])).add_to(m)
    if view == "nuts2":
        for member in data["members"].itertuples():
            folium.CircleMarker([member.lat, member.lon], radius=3.5, tooltip=member.local_name, fill=True).add_to(m)
    minx, miny, maxx, maxy = gdf.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
st_folium(m, height=520, use_container_width=True)
