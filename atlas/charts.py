"""Altair charts as pure functions of plain frames. Every chart has a table twin on its page."""
from __future__ import annotations

import altair as alt
import pandas as pd

from atlas.i18n import _


def trend_chart(series: pd.DataFrame, indicator: dict) -> alt.Chart:
    """Lines over years, one per member (`label`); low-reliability points hollow, breaks marked.
    Expects columns: label, year, value, flag_words, area, is_break."""
    data = series.assign(
        low_reliability=series["flag"].str.contains("u", na=False),
        marker=lambda f: f["is_break"].map({True: _("break in series"), False: ""}),
    )
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=_("Year")),
        y=alt.Y("value:Q", title=indicator["unit"]),
        color=alt.Color("label:N", title=_("Member")),
    )
    tooltip = [alt.Tooltip("label:N", title=_("Member")), alt.Tooltip("year:O", title=_("Year")),
               alt.Tooltip("value:Q", title=indicator["unit"], format=".2f"),
               alt.Tooltip("area:N", title=_("Area")), alt.Tooltip("flag_words:N", title=_("Flags"))]
    lines = base.mark_line()
    reliable = base.transform_filter("!datum.low_reliability").mark_point(size=60, filled=True)
    hollow = base.transform_filter("datum.low_reliability").mark_point(size=60, filled=False, strokeWidth=2)
    points = [layer.encode(shape=alt.Shape("label:N", legend=None), tooltip=tooltip) for layer in (reliable, hollow)]
    breaks = base.transform_filter("datum.is_break").mark_text(text="⫽", dy=-12, fontSize=16).encode(tooltip=tooltip)
    return alt.layer(lines, *points, breaks).properties(title=indicator["title"], height=360)


def ranking_chart(ranking: pd.DataFrame, indicator: dict, reference: dict[str, float] | None = None) -> alt.Chart:
    """Horizontal bars, one per member; proxies (regional or national figures) drawn lighter and
    named as such in the tooltip. Expects columns: label, value, area, is_proxy."""
    order = "descending" if indicator["higher_is"] == "worse" else "ascending"
    bars = alt.Chart(ranking).mark_bar().encode(
        x=alt.X("value:Q", title=indicator["unit"]),
        y=alt.Y("label:N", sort=alt.EncodingSortField("value", order=order), title=None),
        opacity=alt.condition("datum.is_proxy", alt.value(0.55), alt.value(1.0)),
        tooltip=[alt.Tooltip("label:N", title=_("Member")), alt.Tooltip("value:Q", format=".2f", title=indicator["unit"]),
                 alt.Tooltip("area:N", title=_("Area"))],
    )
    layers = [bars]
    for name, value in (reference or {}).items():
        rule = pd.DataFrame({"value": [value], "name": [name]})
        layers.append(alt.Chart(rule).mark_rule(strokeDash=[4, 3]).encode(x="value:Q", tooltip=["name:N", "value:Q"]))
    return alt.layer(*layers).properties(title=indicator["title"], height=max(200, 16 * len(ranking)))
