"""Maps sent to streamlit-folium's component without rendering the folium map on every run.

`st_folium` renders the whole map through Jinja templates on every script run of every reader,
although an atlas map's script depends on its layer only: the outlines come from a static file and
the colours travel as `feature_group_to_add`. Here a map is rendered once per process (`render`,
shared by `rendered_map`, keyed by the plain values it is built from) and a run only sends it
(`show`), with the very arguments `st_folium` would pass: the component keeps its key, so the map
stays mounted and recolours as before. tests/unit/test_map_component.py compares the two against
the installed streamlit-folium (pinned in requirements.txt): rerun it after an upgrade.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import branca
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

from atlas.area_layer import area_data_group, area_map
from atlas.help_map import PointsLayer
from atlas.i18n import current_language
from atlas.map_dots import MembersLayer
from atlas.maps import add_parents


@dataclass(frozen=True)
class RenderedMap:
    """What `st_folium` works out from the map itself before it calls the component."""
    script: str
    header: str
    html: str
    id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    defaults: dict  # every value the component can return, before the reader does anything
    # The component's key for each (caller's key, return_on_hover), a digest of the whole script:
    # worked out once per map, and gone with it (a cache of scripts would keep uploads' outlines).
    component_keys: dict = field(default_factory=dict, compare=False, repr=False)

    def component_key(self, key: str | None, return_on_hover: bool) -> str:
        if (key, return_on_hover) not in self.component_keys:
            self.component_keys[key, return_on_hover] = sf.generate_js_hash(self.script, key, return_on_hover)
        return self.component_keys[key, return_on_hover]


def _linked_elements(element):
    """The elements that bring CSS or JavaScript files along (as st_folium walks them)."""
    if isinstance(element, (branca.colormap.ColorMap, folium.elements.JSCSSMixin)):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _linked_elements(child)


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css, js = [], []
    for element in _linked_elements(fmap):
        if isinstance(element, branca.colormap.ColorMap):  # st_folium adds d3 for a colour scale
            js[:0] = ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        css += [href for _, href in getattr(element, "default_css", [])]
        js += [src for _, src in getattr(element, "default_js", [])]
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _defaults(fmap: folium.Map) -> dict:
    (south, west), (north, east) = fmap.get_bounds()
    return {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        "zoom": fmap.options.get("zoom"),
        "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None, "selected_tags": None,
        "last_geocoder_result": None,
    }


def render(fmap: folium.Map) -> RenderedMap:
    """`st_folium`'s work on the map, with its own helpers (in its order: the map string renames
    the map's elements). The map is used up: render a fresh one each time."""
    fmap.get_root().render()
    fmap.render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css_links, js_links = _links(fmap)
    return RenderedMap(script=script, header=header, html=html, id=sf.get_full_id(fmap), css_links=css_links,
                       js_links=js_links, defaults=_defaults(fmap))


def feature_groups_script(groups: Iterable[folium.FeatureGroup]) -> str:
    """What `st_folium` makes of `feature_group_to_add`. It depends on the groups alone (the map's
    name becomes `map_div`), so it is made on a stand-in map and can be cached."""
    stand_in = folium.Map(tiles=None)
    folium.Figure().add_child(stand_in)
    return "".join(sf._get_feature_group_string(group, map=stand_in, idx=idx) for idx, group in enumerate(groups))


def colours_script(data: dict) -> str:
    """The colours and tooltips of an `AreaLayer` (`area_layer.area_data`) as `feature_groups_script`."""
    return feature_groups_script([area_data_group(data)])


def show(rendered: RenderedMap, *, key: str | None = None, height: int = 700, width: int | None = 500,
         feature_group: str | None = None, returned_objects: Iterable[str] | None = None, zoom: int | None = None,
         center: tuple[float, float] | None = None, return_on_hover: bool = False, use_container_width: bool = False,
         pixelated: bool = False, on_change: Callable | None = None, wrap_longitude: bool = False):
    """`st_folium(map, ...)` for a rendered map: the same component call, the same key and return
    value. `feature_group`: `feature_groups_script` of what `feature_group_to_add` would be."""
    hash_key = rendered.component_key(key, return_on_hover)

    def _on_change():  # as st_folium: the value under the caller's key too
        if key is not None:
            st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    defaults = {name: value for name, value in rendered.defaults.items()
                if returned_objects is None or name in returned_objects}
    return sf._component_func(
        script=rendered.script, header=rendered.header, html=rendered.html, id=rendered.id, key=hash_key,
        height=height, width=None if use_container_width else width, returned_objects=returned_objects,
        default=copy.deepcopy(defaults), zoom=zoom, center=center, feature_group=feature_group,
        return_on_hover=return_on_hover, layer_control=None, pixelated=pixelated, css_links=list(rendered.css_links),
        js_links=list(rendered.js_links), on_change=_on_change, wrap_longitude=wrap_longitude)


def rendered_map(name: str, build: Callable[[], folium.Map], *parts: Any) -> RenderedMap:
    """`render(build())` once per process for the same `name`, `parts` (plain JSON values: everything
    the map is built from) and reader's language; shared by every session: never change it."""
    digest = hashlib.sha1(json.dumps([name, *parts], sort_keys=True).encode()).hexdigest()
    return _rendered(digest, current_language(), build)


@st.cache_resource(show_spinner=False, max_entries=256)
def _rendered(digest: str, language: str, _build) -> RenderedMap:
    return render(_build())


def layer_map(source: dict, attribution: str, *, view: tuple | None = None, view_in_url: bool = False,
              owner: str = "", members=None, points=None, interactive_points: bool = True,
              parents=None) -> RenderedMap:
    """An `area_map` of `source` (`cached.geometry_source`) with, when given, the members' dots
    (`cached.member_places`), help places (`cached.points_source`) and larger units' outlines
    (`cached.parent_outlines`), rendered once per process for these values."""
    def build() -> folium.Map:
        fmap = area_map(source["source"], source["bounds"], attribution, view=view, view_in_url=view_in_url,
                        owner=owner)
        if members is not None:
            MembersLayer(members).add_to(fmap)
        if points is not None:
            PointsLayer(points, interactive=interactive_points).add_to(fmap)
        if parents:
            add_parents(fmap, parents)
        return fmap

    # A link's own centre and zoom is part of the key: an article's link brings its crowd to one view.
    return rendered_map("layer_map", build, source["source"], source["bounds"], attribution, view, view_in_url, owner,
                        members, points, interactive_points, parents)


def draw_upload_preview(report) -> None:
    """The About page's map of an uploaded city folder (`city_preview.preview_map` of its `report`).
    Rendered on each run, never cached: the upload is one reader's, it stays in their session, and
    a process-wide cache of uploads (up to 20 MB each) would hold strangers' files and push the
    atlas's own maps out."""
    from atlas.city_preview import preview_map  # the upload check's modules load only when used

    show(render(preview_map(report)), key="preview_map", height=420, use_container_width=True, returned_objects=[])
