"""What a map's areas say on hover: escaped text fields per area, the tooltip's fixed words, and
the small scripts that style the areas and join the fields into a tooltip (shared by both ways of
drawing areas: `atlas.maps.choropleth_layer` and `atlas.area_layer.AreaLayer`)."""
from __future__ import annotations

import json
import math
from typing import Any, Iterable, Mapping

import pandas as pd
from folium.utilities import JsCode

from atlas.classify import Classification
from atlas.i18n import _, fmt_number
from atlas.text import escape, flag_words, format_value

OUTLINE = {"color": "#ffffff", "weight": 0.6, "opacity": 1, "fillOpacity": 0.85}
HIGHLIGHT = {"color": "#222222", "weight": 2}


def feature_properties(
    gdf: pd.DataFrame,
    value_col: str,
    meta: Mapping[str, Any],
    classification: Classification,
    decimals: int = 1,
) -> pd.DataFrame:
    """What each feature carries: its code, its fill and its tooltip fields, escaped.

    Short text fields rather than tooltip HTML: the labels are sent once per layer
    (`tooltip_script`), which keeps a 1,700-feature layer well under its byte budget.
    """
    fields = tooltip_fields(gdf, value_col, meta.get("unit", ""), decimals)
    fields.insert(0, "fill", classification.colours_for(gdf[value_col]))
    fields.insert(0, "geo_code", gdf["geo_code"].astype(str).to_numpy())
    return fields


def tooltip_fields(gdf: pd.DataFrame, value_col: str, unit: str = "", decimals: int = 1) -> pd.DataFrame:
    """name, value (with unit), year, flag (in words), moe and n, as escaped text; None when unknown.

    Each distinct value is formatted once (number formatting is the slow part of a map of
    1,700 areas)."""
    def column(name: str) -> pd.Series:
        return gdf[name] if name in gdf else pd.Series(None, index=gdf.index, dtype="object")

    def numbers(name: str) -> list[float | None]:
        values = pd.to_numeric(column(name) if name != value_col else gdf[value_col], errors="coerce")
        return [None if pd.isna(v) else float(v) for v in values.tolist()]

    def text_or_none(values: Iterable, formatter) -> list[str | None]:
        memo: dict = {}
        out = []
        for v in values:
            key = "\0none" if v is None or (isinstance(v, float) and math.isnan(v)) else v
            if key not in memo:
                memo[key] = escape(formatter(v)) or None
            out.append(memo[key])
        return out

    return pd.DataFrame(
        {
            "name": [escape(v) or None for v in column("name")],
            "value": text_or_none(numbers(value_col), lambda v: format_value(v, unit, decimals, style="with_unit")),
            "year": text_or_none(column("year"), _plain_year),
            "flag": text_or_none(column("flag"), lambda f: flag_words(f) if isinstance(f, str) else ""),
            "moe": text_or_none(numbers("moe"), lambda v: _known(format_value, v, unit, decimals, style="with_unit")),
            "n": text_or_none(numbers("sample_size"), lambda v: _known(fmt_number, v, 0)),
        },
        index=gdf.index,
    )


def _known(formatter, value, *args, **kwargs) -> str:
    return "" if value is None else formatter(value, *args, **kwargs)


def _number(value: Any) -> float | None:
    number = pd.to_numeric(value, errors="coerce") if value is not None else None
    return None if number is None or pd.isna(number) else float(number)


def _plain_year(year: Any) -> str:
    number = _number(year)
    if number is None:
        return "" if year is None or year != year else str(year)
    return str(int(number)) if number == int(number) else str(year)


def tooltip_labels(meta: Mapping[str, Any]) -> dict[str, str]:
    """The tooltip's fixed words for one layer, translated and escaped."""
    return {
        "year": escape(_("Year: {year}")),
        "moe": escape(_("Margin of error: ± {moe}")),
        "n": escape(_("Sample size: {n}")),
        "source": escape(_("Source: {source}", source=meta.get("source", ""))) if meta.get("source") else "",
    }


# Leaflet calls `style` per feature; the colour lives in the feature's properties.
STYLE_JS = "function (feature) { return Object.assign(%s, {fillColor: feature.properties.fill}); }" % json.dumps(OUTLINE)

# The tooltip's lines from escaped fields; shared by both ways of drawing. Every field was
# escaped in Python and the labels are a JSON literal. Replacements are functions, not
# strings, so a "$&" in a value stays text.
TIP_JS = """function (p, labels) {
    var lines = ["<strong>" + (p.name || "") + "</strong>", p.value];
    if (p.year) { lines.push(labels.year.replace("{year}", function () { return p.year; })); }
    if (p.flag) { lines.push("<em>" + p.flag + "</em>"); }
    if (p.moe) { lines.push(labels.moe.replace("{moe}", function () { return p.moe; })); }
    if (p.n) { lines.push(labels.n.replace("{n}", function () { return p.n; })); }
    if (labels.source) { lines.push("<small>" + labels.source + "</small>"); }
    return lines.join("<br>");
}"""

# folium inlines this into its onEachFeature.
ON_EACH_FEATURE_JS = """function (feature, layer) {
    var labels = %(labels)s, tip = %(tip)s;
    layer.bindTooltip(tip(feature.properties, labels), {sticky: true});
    layer.on("mouseover", function () { layer.setStyle(%(highlight)s); layer.bringToFront(); });
    layer.on("mouseout", function () { layer.setStyle(%(outline)s); });
}"""


def on_each_feature_js(meta: Mapping[str, Any]) -> JsCode:
    return JsCode(ON_EACH_FEATURE_JS % {
        "labels": to_script_json(tooltip_labels(meta)),
        "tip": TIP_JS,
        "highlight": json.dumps(HIGHLIGHT),
        "outline": json.dumps({"color": OUTLINE["color"], "weight": OUTLINE["weight"]}),
    })


def to_script_json(value: Any) -> str:
    """JSON that cannot close the surrounding <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
