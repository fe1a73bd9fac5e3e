"""A map's legend and its list of the most affected districts, as HTML: drawn beside the map
(`st.html`) or inside it (`atlas.maps.LegendControl`). Every text from data is escaped here."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from atlas.classify import NO_DATA_COLOUR, Legend
from atlas.i18n import _, fmt_number
from atlas.text import escape, format_value

_HISTOGRAM_HEIGHT = 28
_HISTOGRAM_BAR_WIDTH = 10


def legend_html(legend: Legend) -> str:
    """The legend as HTML: title, unit, classes with counts, a histogram, the no-data swatch.

    Usable inside the map (`LegendControl`) or beside it (`st.html`). Every text is escaped.
    """
    parts = [f'<div class="atlas-legend" style="{LEGEND_STYLE}">']
    parts.append(f"<strong>{escape(legend.title)}</strong>")
    if legend.unit:
        unit = _("Unit: {unit}", unit=legend.unit)  # outside the f-string, where the extractor finds it
        parts.append(f'<div style="color:#555">{escape(unit)}</div>')
    parts.append(_histogram_html(legend))
    rows = [(c.colour, c.label, c.count) for c in legend.classes]
    rows.append((legend.no_data_colour, legend.no_data_label, legend.no_data_count))
    parts.append('<table style="border-collapse:collapse">')
    parts.extend(legend_row(colour, label, count) for colour, label, count in rows)
    parts.append("</table>")
    parts.append(f'<div style="color:#555">{escape(legend.scheme_label)}</div>')
    if legend.note:
        parts.append(f'<div style="color:#555;max-width:14em">{escape(legend.note)}</div>')
    parts.append("</div>")
    return "".join(parts)


LEGEND_STYLE = "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font:12px/1.4 sans-serif;color:#222"


# The no-data swatch as the map draws it: grey with dark diagonal hatching.
NO_DATA_SWATCH = f"repeating-linear-gradient(45deg,#8c8c8c 0 2px,{NO_DATA_COLOUR} 2px 6px)"


def legend_row(colour: str, label: str, count: int) -> str:
    fill = NO_DATA_SWATCH if colour == NO_DATA_COLOUR else escape(colour)
    swatch = f'<span style="display:inline-block;width:14px;height:12px;background:{fill};border:1px solid #999"></span>'
    return (
        f'<tr class="atlas-legend-class" data-count="{int(count)}"><td style="padding:1px 4px 1px 0">{swatch}</td>'
        f'<td style="padding:1px 6px 1px 0">{escape(label)}</td>'
        f'<td style="text-align:right;color:#555">{escape(fmt_number(count, 0))}</td></tr>'
    )


def _histogram_html(legend: Legend) -> str:
    """Bars as plain divs: they survive HTML sanitizers (st.html drops inline SVG shapes)."""
    if not legend.histogram:
        return ""
    tallest = max(b.count for b in legend.histogram) or 1
    bars = []
    for b in legend.histogram:
        h = max(round(_HISTOGRAM_HEIGHT * b.count / tallest), 1 if b.count else 0)
        bars.append(
            f'<div class="atlas-histogram-bar" title="{int(b.count)}" style="width:{_HISTOGRAM_BAR_WIDTH - 1}px;'
            f'height:{h}px;background:{escape(b.colour)};box-shadow:0 0 0 .5px #888"></div>'
        )
    label = escape(_("Distribution of values"))
    return (f'<div role="img" aria-label="{label}" title="{label}" style="display:flex;align-items:flex-end;gap:1px;'
            f'height:{_HISTOGRAM_HEIGHT}px;margin:4px 0">{"".join(bars)}</div>')


def most_affected_html(worst: pd.DataFrame, meta: Mapping[str, Any], decimals: int = 1) -> str:
    """The districts worst off as a numbered list of buttons, each naming the district, its larger
    unit and its value; a tap zooms the map to it (MOST_AFFECTED_JS). Every text is escaped."""
    title = _("Most affected: {title}", title=meta.get("title", ""))
    items = []
    for row in worst.itertuples(index=False):
        # The larger unit, unless the district's name already says it ("Wigan 009C")
        named = isinstance(row.parent, str) and not str(row.name).startswith(row.parent)
        where = f" · {escape(row.parent)}" if named else ""
        value = format_value(row.value, meta.get("unit", ""), decimals, style="with_unit")
        items.append(f'<li><button type="button" data-code="{escape(row.geo_code)}"><strong>{escape(row.name)}</strong>'
                     f'{where} · {escape(value)}</button></li>')
    return (f'<div class="atlas-worst"><strong>{escape(title)}</strong><ol>{"".join(items)}</ol></div>'
            f"<style>{_WORST_CSS}</style>")


_WORST_CSS = (".atlas-worst ol{margin:4px 0 8px;padding-left:1.6em;font-size:.9rem}"
              ".atlas-worst li{margin:0}"
              ".atlas-worst button{all:unset;cursor:pointer;display:block;min-height:24px;padding:2px 0;line-height:1.3}"
              ".atlas-worst button:hover,.atlas-worst button:focus-visible{text-decoration:underline;outline:2px solid #2c7fb8}")

# Bound once per page: a tap on a listed district zooms the map (same-origin frame) to it and opens its tooltip.
MOST_AFFECTED_JS = """<script>
if (!window.atlasWorstBound) {
  window.atlasWorstBound = true;
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest(".atlas-worst button");
    if (!button) { return; }
    var frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
    var A = frame && frame.contentWindow && frame.contentWindow.atlasArea, path = A && A.paths[button.dataset.code];
    if (!path) { return; }
    if (A.map.atlasMoved) { A.map.atlasMoved(); }  // the reader's own move: the link keeps it
    A.map.fitBounds(path.getBounds(), {maxZoom: 15, padding: [40, 40]});
    path.fire("mouseover", {latlng: path.getCenter()}, true);
  });
}
</script>"""
