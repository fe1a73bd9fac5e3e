"""The map's centre and zoom in the page's address, written by the map itself once the reader
moved it (so a shared link reopens that view) and kept there across the page's reruns; the page
reads them back with `atlas.map_data.map_view`."""
from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

KEEP_VIEW_JS = """(function () {
    if (window.atlasKeptView !== undefined) { return; }
    window.atlasKeptView = null;
    ["pushState", "replaceState"].forEach(function (name) {
        var original = history[name];
        history[name] = function (state, title, url) {
            var kept = window.atlasKeptView;
            if (kept && url !== undefined && url !== null) {
                var next = new URL(String(url), location.href);
                var same = next.pathname === kept.path && Object.keys(kept.same).every(function (k) {
                    return next.searchParams.get(k) === kept.same[k]; });
                if (same) {
                    next.searchParams.set("center", kept.center);
                    next.searchParams.set("zoom", kept.zoom);
                    url = next.pathname + next.search + next.hash;
                } else { window.atlasKeptView = null; }
            }
            return original.call(history, state, title, url);
        };
    });
})();"""
SAME_MAP_KEYS = ("view", "member", "layer")  # query parameters that say which map the view belongs to


class ViewInUrl(MacroElement):
    """Once the reader has panned or zoomed, the map's centre and zoom go into the page's address
    (?center=lat,lon&zoom=z), so a shared link reopens this view; a map nobody moved writes nothing.
    The map's frame is the app's own (same origin), so it can rewrite its parent's address and keep it
    there across the page's reruns (KEEP_VIEW_JS); the page reads the two keys back on open
    (`atlas.map_data.map_view`). Another map (`owner`) mounted in its place forgets the view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var moved = false, box = map.getContainer(), top = window.parent, owner = {{ this.owner|tojson }};
            try {
                if (top.atlasKeptView === undefined) {
                    var script = top.document.createElement("script");
                    script.textContent = {{ this.keep_js|tojson }};
                    top.document.head.appendChild(script);
                }
                if (top.atlasKeptView && top.atlasKeptView.owner !== owner) {  // the view of another map
                    top.atlasKeptView = null;
                    var url = new URL(top.location.href);
                    url.searchParams.delete("center");
                    url.searchParams.delete("zoom");
                    top.history.replaceState(top.history.state, "", url.toString());
                }
            } catch (e) { return; /* embedded elsewhere: no address of ours to write */ }
            map.atlasMoved = function () { moved = true; };  // a tap on the "most affected" list moves it too
            ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (type) {
                box.addEventListener(type, function () { moved = true; }, {passive: true});
            });
            map.on("moveend", function () {
                if (!moved) { return; }
                var url = new URL(top.location.href), c = map.getCenter(), same = {};
                {{ this.same_keys|tojson }}.forEach(function (k) { same[k] = url.searchParams.get(k); });
                top.atlasKeptView = {owner: owner, path: url.pathname, same: same,
                                     center: c.lat.toFixed(4) + "," + c.lng.toFixed(4),
                                     zoom: String(Math.round(map.getZoom() * 4) / 4)};
                top.history.replaceState(top.history.state, "", url.toString());  // the keeper adds the view
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, owner: str = ""):
        super().__init__()
        self._name = "AtlasViewInUrl"
        self.owner, self.keep_js, self.same_keys = owner, KEEP_VIEW_JS, list(SAME_MAP_KEYS)
