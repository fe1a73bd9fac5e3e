"""Map: Europe's regions, or one member's districts, classified the way the reader chooses."""
import streamlit as st
from streamlit_folium import st_folium

from atlas import ui
from atlas.classify import K_MAX, K_MIN, SCHEMES, classify, scheme_label
from atlas.i18n import _
from atlas.maps import choropleth_map, members_layer
from atlas.map_data import district_layer, europe_layer, in_europe_frame, layer_attribution, map_meta, map_table
from atlas.views import indicator_options, member_options

store = ui.store()
st.title(_("Map"))
VIEWS = {"europe": _("Europe"), "districts": _("Districts of a member")}
view = ui.url_select(_("View"), list(VIEWS), "view", default="europe", format_func=VIEWS.get)
controls = st.columns(2)
scheme = ui.url_select(_("Classes"), list(SCHEMES), "scheme", default="quantiles", format_func=scheme_label, where=controls[0])
k = ui.url_select(_("Number of classes"), list(range(K_MIN, K_MAX + 1)), "k", default=5, where=controls[1])

if view == "europe":
    indicators = indicator_options(store, levels=("nuts2", "nuts1", "country"))
    indicator = ui.indicator_select(indicators, default="never_used_internet")
    year = ui.url_year(_("Year"), store.years(indicator))
    layer = europe_layer(store, indicator, year)
    note = ""
else:
    with_districts = {m: label for m, label in member_options(store).items() if store.member(m)["district_layers"]}
    member_id = ui.member_select(with_districts, default="paris")
    layers = store.member_layers(member_id)
    layer_names = dict(zip(layers["layer_id"], layers["unit_plural"]))
    layer_id = ui.url_select(_("Units"), list(layer_names), "layer", format_func=layer_names.get)
    measured = {i: _(store.indicators[i]["title"]) for i in store.district_indicators(layer_id)}
    if measured:
        indicator = ui.indicator_select(measured)
        year = None
        layer = district_layer(store, member_id, layer_id, indicator)
        note = _(store.indicators[indicator].get("scale_note", ""))
    else:
        st.info(_("No district figures are published for {member}: the map shows its {units} only. "
                  "See its City profile for city, regional or national figures.", member=with_districts[member_id],
                  units=layer_names[layer_id]))
        indicator, layer, note = None, district_layer(store, member_id, layer_id, None), ""
    row = layers[layers["layer_id"] == layer_id].iloc[0]
    if row["area_note"]:
        st.caption(_("Area covered: {note}.", note=row["area_note"]))

if layer.empty:
    st.info(_("No figures for this choice."))
    st.stop()
if indicator:
    ind = store.indicators[indicator]
    meta = map_meta(store, indicator) if view == "europe" else map_meta(store, indicator, layer_attribution(store, layer_id))
    classes = classify(layer["value"], scheme=scheme, k=k, higher_is=ind["higher_is"])
else:
    meta = {"title": "", "unit": "", "higher_is": "worse", "source": "", "attribution": layer_attribution(store, layer_id)}
    classes = classify([], scheme=scheme, k=k)
drawn = in_europe_frame(layer) if view == "europe" else layer
fmap = choropleth_map(drawn, "value", meta, classes, legend=indicator is not None, legend_note=note)
if view == "europe":
    st.caption(_("The outermost regions (Canarias, the French overseas departments, the Azores, Madeira) "
                 "are in the table below the map but not drawn."))
    members = store.members.dropna(subset=["lat"])
    members_layer(members.assign(name=members["local_name"])).add_to(fmap)
clicked = st_folium(fmap, height=560, use_container_width=True, returned_objects=["last_active_drawing"], key=f"map_{view}")
picked = ((clicked or {}).get("last_active_drawing") or {}).get("properties", {}).get("member_id")
if picked and store.member(picked):
    st.page_link("pages/city.py", label=_("Open the City profile of {name}", name=store.member(picked)["local_name"]),
                 query_params={"member": picked}, icon=":material/location_city:")
if indicator:
    ui.about_indicator(ind, store.sources[ind["source"]], store.manifest["built_at"][:10])
    table = map_table(layer, ind)
    st.dataframe(table, hide_index=True, width="stretch")
    ui.csv_download(table, f"map-{indicator}", store.sources[ind["source"]], store.manifest["built_at"][:10], key="csv_map")
