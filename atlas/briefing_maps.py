"""The briefing's pictures: a member's district map or its place in Europe, drawn by Altair and
rendered to SVG by vl-convert, and the QR code back to the live view (segno)."""
from __future__ import annotations

import pandas as pd

from atlas.catalogue import HEADLINE_INDICATOR
from atlas.store import Store

MAP_SIZE = (330, 230)  # px of the Vega-Lite map, drawn 80 mm wide
EUROPE_SIMPLIFY, DISTRICT_SIMPLIFY = 0.05, 0.0002  # degrees: enough for a 75 mm map


def district_map_svg(store: Store, member_id: str, spread: dict) -> tuple[str, object]:
    """The member's own districts (as the City profile draws them), coloured in five classes with a legend."""
    import altair as alt

    from atlas.classify import build_legend, classify
    from atlas.map_data import district_layer

    ind = store.indicator(spread["indicator"])
    layer = district_layer(store, member_id, spread["layer_id"], spread["indicator"])
    layer = layer[layer["geo_code"].isin(spread["codes"])]
    classes = classify(layer["value"], k=5, higher_is=ind.higher_is)
    legend = build_legend(layer["value"], classes, ind.title, ind.unit)
    labels = [c.label for c in legend.classes] + [legend.no_data_label]
    colours = [c.colour for c in legend.classes] + [legend.no_data_colour]
    index = classes.class_indices(layer["value"])
    shapes = layer[["geometry"]].assign(cls=[labels[i] if i >= 0 else labels[-1] for i in index])
    shapes["geometry"] = shapes.geometry.simplify(DISTRICT_SIMPLIFY, preserve_topology=True)
    chart = alt.Chart(shapes).mark_geoshape(stroke="white", strokeWidth=0.2).encode(
        color=alt.Color("cls:N", scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(title=_wrap(ind.title), orient="bottom", columns=3, labelLimit=160)))
    return _svg(chart.project("mercator")), layer


def europe_map_svg(store: Store, member_id: str) -> str | None:
    """Where there are no districts: Europe's countries in grey, the area of the member's headline
    figure (its region, or its country) in colour, and the member as a dot."""
    import altair as alt

    from atlas.map_data import region_shapes

    fig = store.member_figure(member_id, HEADLINE_INDICATOR)
    member = store.member(member_id)
    shapes = region_shapes(store, 2024)
    frame = _around_country(shapes, member["country"])
    shapes = shapes[shapes.intersects(frame)]
    area = shapes[shapes["geo_code"] == (fig.geo_code if fig else member["country"])]
    countries = shapes[shapes["level"] == "country"][["geometry"]].copy()
    countries["geometry"] = countries.geometry.simplify(EUROPE_SIMPLIFY).intersection(frame)
    area = area[["geometry"]].assign(geometry=area.geometry.simplify(EUROPE_SIMPLIFY / 5))
    base = alt.Chart(countries).mark_geoshape(fill="#e4e4e4", stroke="white", strokeWidth=0.4)
    layers = [base, alt.Chart(area).mark_geoshape(fill="#2c7fb8", stroke="#08306b", strokeWidth=0.6)]
    if member.get("lat") is not None:
        dot = pd.DataFrame({"lat": [member["lat"]], "lon": [member["lon"]]})
        layers.append(alt.Chart(dot).mark_circle(size=40, color="#d7301f").encode(latitude="lat:Q", longitude="lon:Q"))
    return _svg(alt.layer(*layers).project("mercator"))


def _around_country(shapes, country: str, margin: float = 6.0):
    """The member's country and its neighbours (within `margin` degrees), in Europe's mainland
    frame: a small region (Utrecht) is seen, and so is where it lies."""
    from shapely.geometry import box

    from atlas.map_data import EUROPE_FRAME

    own = shapes[shapes["geo_code"] == country]
    if own.empty:
        return EUROPE_FRAME
    minx, miny, maxx, maxy = own.intersection(EUROPE_FRAME).total_bounds
    return box(minx - margin, miny - margin / 2, maxx + margin, maxy + margin / 2).intersection(EUROPE_FRAME)


def _svg(chart) -> str:
    import vl_convert

    spec = chart.properties(width=MAP_SIZE[0], height=MAP_SIZE[1]).configure_view(stroke=None).to_json()
    return vl_convert.vegalite_to_svg(spec)


def _wrap(title: str) -> str | list[str]:
    """A long legend title over two lines."""
    words = title.split()
    half = len(words) // 2
    return [" ".join(words[:half]), " ".join(words[half:])] if len(title) > 40 else title


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=2, border=0)
