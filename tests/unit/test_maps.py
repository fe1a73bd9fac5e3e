"""atlas.maps rendered to HTML and checked as text, the geopandas way (no browser).

The districts, members and metadata are synthetic: a grid of squares near Paris made up
here, with one hostile name, missing values and every kind of flag.
"""
from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from atlas import i18n
from atlas.classify import NO_DATA_COLOUR, classify
from atlas.legends import legend_html
from atlas.area_layer import AreaLayer, area_data, area_data_group, area_map
from atlas.map_dots import MembersLayer, member_places
from atlas.maps import AREA_CLASS, base_map, choropleth_layer, choropleth_map, map_legend
from atlas.packed_geometry import pack_geometry, unpack_geometry

HOSTILE = "<img src=x onerror=alert(1)>"
SYNTHETIC_META = {
    "title": "Synthetic share of households offline",
    "unit": "%",
    "higher_is": "worse",
    "source": "Synthetic survey <script>alert(2)</script>",
    "attribution": "© EuroGeographics for the administrative boundaries",
}


def synthetic_districts(n_side: int = 3) -> gpd.GeoDataFrame:
    """n_side² squares of 0.02°, values 0, 5, 10 ... with gaps, in EPSG:4326."""
    rows, shapes = [], []
    for k in range(n_side * n_side):
        i, j = divmod(k, n_side)
        shapes.append(box(2.3 + j * 0.02, 48.8 + i * 0.02, 2.32 + j * 0.02, 48.82 + i * 0.02))
        rows.append({
            "geo_code": f"SYN{k:02d}",
            "name": f"Synthetic district {k}",
            "value": np.nan if k == 4 else 5.0 * k,
            "year": 2023,
            "flag": {1: "u", 2: "bp"}.get(k),
            "moe": 1.26 if k == 3 else np.nan,
            "sample_size": 412 if k == 3 else np.nan,
        })
    rows[0]["name"] = HOSTILE
    return gpd.GeoDataFrame(rows, geometry=shapes, crs="EPSG:4326")


def rendered(m) -> str:
    return m.get_root().render()


def features(m) -> list[dict]:
    """The GeoJSON features of every GeoJson layer in the map."""
    return [f for child in m._children.values() if hasattr(child, "data") for f in child.data["features"]]


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def districts() -> gpd.GeoDataFrame:
    return synthetic_districts()


@pytest.fixture
def synthetic_map(districts):
    return choropleth_map(districts, "value", SYNTHETIC_META, classify(districts["value"], "quantiles", 4))


def test_no_cdn_or_other_host_in_the_rendered_map(synthetic_map):
    html = rendered(synthetic_map)
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links == ["/app/static/vendor/leaflet/leaflet.js", "/app/static/vendor/leaflet/leaflet.css"]
    assert "://" not in html.replace("http-equiv", "")
    for unwanted in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "cdn"):
        assert unwanted not in html.lower()


def test_no_tile_layer_unless_a_third_party_basemap_is_asked_for(districts):
    assert "L.tileLayer" not in rendered(base_map(districts.total_bounds))
    with_tiles = rendered(base_map(districts.total_bounds, third_party_tiles="OpenStreetMap"))
    assert "tile.openstreetmap.org" in with_tiles and "OpenStreetMap" in with_tiles


def test_assets_are_set_per_map_not_on_folium_itself(synthetic_map):
    import folium

    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)  # folium left untouched
    assert synthetic_map.default_js == [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]


def test_hostile_name_is_escaped_everywhere(synthetic_map):
    html = rendered(synthetic_map)
    assert HOSTILE not in html and "<script>alert(2)" not in html
    by_code = {f["properties"]["geo_code"]: f["properties"] for f in features(synthetic_map)}
    assert by_code["SYN00"]["name"] == "&lt;img src=x onerror=alert(1)&gt;"
    # Inside the script the escaped text is JSON-escaped as well, so nothing can close </script>.
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def test_hostile_member_name_is_escaped():
    members = pd.DataFrame({"member_id": ["syn"], "name": [HOSTILE], "lat": [48.85], "lon": [2.35]})
    places = member_places(members)
    assert places["features"][0]["properties"]["tip"] == "<strong>&lt;img src=x onerror=alert(1)&gt;</strong>"
    m = base_map()
    MembersLayer(places).add_to(m)  # inline, when the static folder cannot be written
    html = rendered(m)
    assert HOSTILE not in html and "\\u003cstrong\\u003e\\u0026lt;img" in html


def test_layer_attribution_is_shown(synthetic_map):
    html = rendered(synthetic_map)
    assert '"attribution": "\\u00a9 EuroGeographics for the administrative boundaries"' in html


def test_fill_colours_live_in_the_features_and_follow_the_classes(districts, synthetic_map):
    c = classify(districts["value"], "quantiles", 4)
    fills = {f["properties"]["geo_code"]: f["properties"]["fill"] for f in features(synthetic_map)}
    assert fills["SYN04"] == NO_DATA_COLOUR
    assert fills["SYN08"] == c.colours[-1] and fills["SYN00"] == c.colours[0]
    html = "".join(rendered(synthetic_map).split())
    assert f'"fill":"{c.colours[-1]}"' in html
    assert "fillColor:feature.properties.fill" in html


def test_better_when_higher_turns_the_palette_round(districts):
    c = classify(districts["value"], "quantiles", 4, higher_is="better")
    m = choropleth_map(districts, "value", dict(SYNTHETIC_META, higher_is="better"), c)
    fills = {f["properties"]["geo_code"]: f["properties"]["fill"] for f in features(m)}
    assert fills["SYN00"] == c.colours[0] == classify(districts["value"], "quantiles", 4).colours[-1]


def test_tooltip_fields_say_flags_in_words_with_error_and_sample_size(synthetic_map):
    props = {f["properties"]["geo_code"]: f["properties"] for f in features(synthetic_map)}
    assert props["SYN01"]["flag"] == "low reliability"
    assert props["SYN02"]["flag"] == "break in series, provisional"
    assert props["SYN03"]["value"] == "15.0%" and props["SYN03"]["moe"] == "1.3%"
    assert props["SYN03"]["n"] == "412" and props["SYN03"]["year"] == "2023"
    assert props["SYN04"]["value"] == "no data" and props["SYN04"]["moe"] is None
    html = rendered(synthetic_map)
    assert "Margin of error: \\u00b1 {moe}" in html and "Synthetic survey \\u0026lt;script" in html


def test_flags_are_said_with_the_words_of_atlas_text(districts, synthetic_map):
    """Each district's tooltip says its flag as every other view does (atlas.text.flag_words)."""
    from atlas.text import flag_words

    flags = districts.set_index("geo_code")["flag"].fillna("")
    said = {f["properties"]["geo_code"]: f["properties"]["flag"] for f in features(synthetic_map)}
    assert {code: said[code] or "" for code in flags.index} == {code: flag_words(flag) for code, flag in flags.items()}
    assert any(said.values()) and flag_words("e") == "estimated" and flag_words("") == ""


def test_a_map_fits_the_chosen_part_unless_a_link_gave_its_view():
    """The fit names the part of the layer shown; a map opened on a link's centre and zoom keeps them on open;
    the view the reader moves to goes into the page's address, for this map (`owner`) only."""
    moved = area_map("/app/static/geo/x.json", (2.0, 48.0, 3.0, 49.0), view_in_url=True, owner="map_x").get_root().render()
    linked = area_map("/app/static/geo/x.json", (2.0, 48.0, 3.0, 49.0), view=(48.5, 2.5, 9.0)).get_root().render()
    assert 'd.fit === "" || !true' in moved and 'd.fit === "" || !false' in linked
    assert 'owner = "map_x"' in moved and "atlasKeptView" in moved and "atlasKeptView" not in linked


def test_the_larger_units_are_drawn_once_as_escaped_text_with_their_names():
    from atlas.maps import add_parents, parent_outlines

    units = gpd.GeoDataFrame({"parent": ["Synthetic Borough", HOSTILE + "</script>"]},
                             geometry=[box(2.0, 48.0, 2.123456, 48.1), box(2.2, 48.0, 2.3, 48.1)], crs="EPSG:4326")
    outlines = parent_outlines(units)
    features = outlines["features"]
    assert features[0]["properties"]["name"] == "Synthetic Borough"
    assert features[1]["properties"]["name"].startswith("&lt;img")  # escaped once, as HTML text
    assert 2.1235 in {x for ring in features[0]["geometry"]["coordinates"] for x, _y in ring}  # 4 decimals
    fetched = add_parents(base_map((2.0, 48.0, 2.3, 48.1)), "/app/static/geo/parents-x.json").get_root().render()
    assert '"/app/static/geo/parents-x.json"' in fetched and "Synthetic Borough" not in fetched
    inline = add_parents(base_map((2.0, 48.0, 2.3, 48.1)), outlines).get_root().render()
    assert "Synthetic Borough" in inline and HOSTILE not in inline and "\\u0026lt;img" in inline


def test_flags_are_said_in_words_in_tooltips():
    from atlas.map_tooltips import tooltip_fields

    fields = tooltip_fields(pd.DataFrame({"name": ["a", "b"], "value": [1.0, 2.0], "flag": ["e", ""]}), "value")
    assert fields["flag"].iloc[0] == "estimated" and pd.isna(fields["flag"].iloc[1])


def test_legend_counts_sum_to_the_features(districts, synthetic_map):
    html = rendered(synthetic_map)
    counts = [int(n) for n in re.findall(r'atlas-legend-class\\" data-count=\\"(\d+)', html)]
    assert len(counts) == 4 + 1  # four classes and the no-data row
    assert sum(counts) == len(districts) == len(features(synthetic_map))
    assert counts[-1] == 1


def test_legend_html_shows_unit_histogram_no_data_and_escapes_the_title(districts):
    legend = map_legend(districts, "value", dict(SYNTHETIC_META, title=HOSTILE), classify(districts["value"]))
    html = legend_html(legend)
    assert HOSTILE not in html and "&lt;img" in html
    assert "Unit: %" in html and "No data" in html and "atlas-histogram-bar" in html
    assert html.count("atlas-histogram-bar") == len(legend.histogram)


def test_coordinates_are_rounded(districts):
    wiggly = districts.copy()
    wiggly["geometry"] = wiggly.geometry.translate(1.23456789e-4, 9.87654321e-4)
    layer = choropleth_layer(wiggly, "value", SYNTHETIC_META, classify(wiggly["value"]), precision=4)
    coordinates = json.dumps([f["geometry"]["coordinates"] for f in layer.data["features"]])
    assert not re.search(r"\d\.\d{5,}", coordinates)


def test_projected_layers_are_drawn_in_degrees(districts):
    projected = districts.to_crs("EPSG:3035")
    layer = choropleth_layer(projected, "value", SYNTHETIC_META, classify(projected["value"]))
    lon, lat = layer.data["features"][0]["geometry"]["coordinates"][0][0]
    assert 2 < lon < 3 and 48 < lat < 49


def test_polygons_carry_a_class_to_count_them_in_a_browser(synthetic_map):
    assert f'"className": "{AREA_CLASS}"' in rendered(synthetic_map)


def test_member_places_carry_their_ids_for_clicks():
    members = pd.DataFrame({"member_id": ["synthetic-a", "synthetic-b"], "name": ["A", "B"],
                            "lat": [48.851234567, 50.1], "lon": [2.35, 4.4]})
    features = member_places(members)["features"]
    assert [f["properties"]["member_id"] for f in features] == ["synthetic-a", "synthetic-b"]
    assert list(features[0]["geometry"]["coordinates"]) == [2.35, 48.85123]


def test_member_dots_answer_taps_24_px_wide_and_show_their_figure_from_the_colours():
    layer = MembersLayer("/app/static/geo/members-x.json")
    assert 2 * layer.tap_radius >= 24 and layer.dot_radius < layer.tap_radius
    m = base_map()
    layer.add_to(m)
    html = rendered(m)
    assert '"/app/static/geo/members-x.json"' in html  # fetched once, not carried by the map's script
    assert '"atlas-member"' in html and '"atlas-member-dot"' in html
    assert "d.members[feature.properties.member_id]" in html
    assert "path.atlas-member-dot{pointer-events:none" in html  # the visible dot never takes the tap


def test_tooltips_follow_the_language(districts):
    i18n.set_language("de")
    m = choropleth_map(districts, "value", SYNTHETIC_META, classify(districts["value"]))
    props = {f["properties"]["geo_code"]: f["properties"] for f in features(m)}
    assert props["SYN03"]["value"].replace("\xa0", " ") == "15,0 %"


# --- geometry sent once (pack_geometry, AreaLayer) and data restyled (area_data) -------------------

def with_hole() -> gpd.GeoDataFrame:
    """A synthetic square with a square hole, and a two-part district, on the 1e-5 grid."""
    ring = Polygon([(2.3, 48.8), (2.4, 48.8), (2.4, 48.9), (2.3, 48.9)], [[(2.33, 48.83), (2.36, 48.83), (2.36, 48.86), (2.33, 48.86)]])
    from shapely.geometry import MultiPolygon

    two = MultiPolygon([box(2.41, 48.8, 2.42, 48.81), box(2.43, 48.8, 2.44, 48.81)])
    return gpd.GeoDataFrame({"geo_code": ["HOLE", "TWO"]}, geometry=[ring, two], crs="EPSG:4326")


def test_packed_geometry_loses_nothing_on_the_grid_and_keeps_holes_and_parts():
    packed = pack_geometry(with_hole(), 1e-5)
    assert packed["format"] == "atlas-packed-1" and packed["codes"] == ["HOLE", "TWO"]
    shapes = unpack_geometry(packed)
    assert len(shapes["HOLE"]) == 1 and len(shapes["HOLE"][0]) == 2  # one polygon: outer ring and hole
    assert len(shapes["TWO"]) == 2
    outer = shapes["HOLE"][0][0]
    assert len(outer) == 4  # the closing point is left to Leaflet
    assert outer[2] == pytest.approx((2.4, 48.9), abs=1e-9)
    rebuilt = Polygon(shapes["HOLE"][0][0], shapes["HOLE"][0][1:])
    assert rebuilt.symmetric_difference(with_hole().geometry[0]).area == pytest.approx(0, abs=1e-12)


def test_packed_geometry_is_much_smaller_than_geojson():
    grid = synthetic_districts(12)
    grid["geometry"] = grid.geometry.map(lambda g: g.segmentize(0.001))  # many points per edge, as real outlines
    packed = json.dumps(pack_geometry(grid, 1e-5), separators=(",", ":"))
    geojson = grid[["geo_code", "geometry"]].to_json(drop_id=True)
    assert len(packed) < len(geojson) / 2.5


def test_area_map_script_holds_no_geometry_and_stays_the_same_for_any_data(districts):
    """Another classification changes only the feature group: streamlit-folium keeps the map mounted."""
    import streamlit_folium as sf

    def scripts(classes):
        m = area_map("/app/static/geo/synthetic.json", districts.total_bounds, "© Synthetic <b>boundaries</b>")
        group = area_data_group(area_data(districts, "value", SYNTHETIC_META, classes))
        m.get_root().render()
        return sf._get_map_string(m), sf._get_feature_group_string(group, m)

    map_a, data_a = scripts(classify(districts["value"], "quantiles", 4))
    map_b, data_b = scripts(classify(districts["value"], "equal_interval", 3))
    assert sf.generate_js_hash(map_a, "k") == sf.generate_js_hash(map_b, "k")
    assert data_a != data_b
    assert '"/app/static/geo/synthetic.json"' in map_a and "coordinates" not in map_a
    assert "\\u003cb\\u003eboundaries" not in map_a and "&lt;b&gt;boundaries" in map_a.replace("\\u0026", "&")
    assert "coordinates" not in data_a and "atlasSetData" in data_a


def test_area_data_says_class_and_text_per_area_and_escapes_names(districts):
    classes = classify(districts["value"], "quantiles", 4)
    data = area_data(districts.drop(columns="geometry"), "value", SYNTHETIC_META, classes)
    rows = {r[0]: r for r in data["rows"]}
    assert rows["SYN04"][1] == -1 and data["no_data"] == NO_DATA_COLOUR
    assert rows["SYN08"][1] == classes.k - 1 and data["colours"] == list(classes.colours)
    assert rows["SYN00"][2] == "&lt;img src=x onerror=alert(1)&gt;"
    assert rows["SYN03"][3:] == ["15.0%", "2023", None, "1.3%", "412"]
    assert rows["SYN01"][5] == "low reliability"
    html = rendered(folium_map_with(area_data_group(data)))
    assert HOSTILE not in html and "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def folium_map_with(group):
    m = base_map()
    group.add_to(m)
    return m


def test_area_data_key_changes_only_with_the_set_of_areas(districts):
    a = area_data(districts, "value", SYNTHETIC_META, classify(districts["value"], "quantiles", 4))
    b = area_data(districts.iloc[::-1], "value", SYNTHETIC_META, classify(districts["value"], "equal_interval", 5))
    c = area_data(districts.iloc[1:], "value", SYNTHETIC_META, classify(districts["value"]))
    assert a["key"] == b["key"] != c["key"]


def test_area_layer_inlines_packed_geometry_when_there_is_no_url(districts):
    m = area_map(pack_geometry(districts), districts.total_bounds)
    html = rendered(m)
    assert '"format": "atlas-packed-1"' in html and "fetch(" in html  # fetch stays for the URL case
    assert isinstance(next(c for c in m._children.values() if isinstance(c, AreaLayer)).source, dict)


def test_area_layer_draws_countable_paths_and_reports_codes_not_geometry():
    html = rendered(area_map("/x.json", None))
    assert 'className: "atlas-area"' in html and "data-atlas-drawn" in html
    assert "geometry: null" in html  # a click sends the area's code back, not its outline


def test_city_dots_say_the_area_year_flag_and_source_escaped_and_coloured_by_class():
    """The city view's dots: one per member figure, filled by its class, with a tooltip that names the
    area the figure is for (never passing a region's figure as the city's) and escapes what came from data."""
    from atlas.map_dots import CITY_DOT_CLASS, city_dots_group

    figures = pd.DataFrame({"member_id": ["synthetic-a", "synthetic-b"], "name": [HOSTILE, "Synthetic B"],
                            "lat": [50.0, 51.0], "lon": [4.0, 5.0], "area": ["city figure for <b>A</b>", "city figure for B"],
                            "value": [20.0, 40.0], "year": [2019, 2019], "flag": ["u", ""], "moe": [None, 2.5]})
    classes = classify(figures["value"], "quantiles", 3)
    group = city_dots_group(figures, SYNTHETIC_META, classes)
    dots = next(iter(next(iter(group._children.values()))._children.values()))  # the group's dots, under their taps
    props = [f["properties"] for f in dots.data["features"]]
    assert [p["fill"] for p in props] == classes.colours_for(figures["value"]) and props[0]["fill"] != props[1]["fill"]
    first, second = props[0]["tip"], props[1]["tip"]
    assert first.startswith("<strong>&lt;img src=x onerror=alert(1)&gt;</strong>")
    assert "city figure for &lt;b&gt;A&lt;/b&gt;" in first and "Year: 2019" in first and "low reliability" in first
    assert "Synthetic survey &lt;script&gt;" in first and "<script>" not in first
    assert "± 2.5" in second
    folium_map = base_map((3, 49, 6, 52))
    group.add_to(folium_map)
    html = rendered(folium_map)
    assert CITY_DOT_CLASS in html and "alert(1)>" not in html
