"""Altair charts as pure functions of plain frames. Every chart has a table twin on its page."""
from __future__ import annotations

import altair as alt
import pandas as pd

from atlas.figure_groups import involves
from atlas.i18n import _
from atlas.indicator import Indicator
from atlas.text import FLAG_WORDS, format_value, with_interval

# A click on a bar or a point selects that member; the page reads it back (on_select) and
# highlights the member in every chart.
# A bar or point can stand for several members (their shared figure): the selection carries them all.
MEMBER = alt.selection_point(name="member", fields=["member_ids"], on="click", clear="dblclick")


# Vega's tableau10, as hex: a member's line and its country's reference line share one colour.
PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"]
EU_COLOUR = "#4d4d4d"


def trend_chart(series: pd.DataFrame, indicator: Indicator, y_title: str | None = None,
                colours: dict[str, str] | None = None) -> alt.Chart:
    """Lines over years, one per member (`label`); references (country, EU 27) dashed, in the
    colour `colours` gives each label (atlas.chart_views.line_colours: a member and its country
    alike); low-reliability points hollow; a dotted rule where a break in series starts.
    Expects columns: label, kind, year, value, flag, flag_words, area, is_break."""
    data = series.assign(low_reliability=series["flag"].str.contains("u", na=False),
                         is_break=series["is_break"].astype(bool))
    lines_in_order = list(dict.fromkeys(data.sort_values("kind", kind="stable")["label"]))
    colours = colours or {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(lines_in_order)}
    dashed = set(data.loc[data["kind"] == "reference", "label"])
    # One legend, never cut: the line's colour and dash together, one entry a line on a phone.
    legend = alt.Legend(title=None, orient="bottom", symbolType="stroke", symbolStrokeWidth=2.5, symbolSize=300,
                        columns=alt.ExprRef(f"{NARROW} ? 1 : 2"),
                        labelLimit=alt.ExprRef(f"{NARROW} ? containerSize()[0] - 100 : 0"))
    colour = alt.Color("label:N", legend=legend, sort=lines_in_order,
                       scale=alt.Scale(domain=lines_in_order, range=[colours[label] for label in lines_in_order]))
    base = alt.Chart(data).encode(x=alt.X("year:O", title=_("Year")), y=alt.Y("value:Q", title=y_title or indicator.unit),
                                  color=colour)
    tooltip = [alt.Tooltip("label:N", title=_("Line")), alt.Tooltip("year:O", title=_("Year")),
               alt.Tooltip("value:Q", title=y_title or indicator.unit, format=".2f"),
               alt.Tooltip("area:N", title=_("Area")), alt.Tooltip("flag_words:N", title=_("Flags"))]
    lines = base.mark_line().encode(strokeDash=alt.StrokeDash("label:N", legend=legend, sort=lines_in_order, scale=alt.Scale(
        domain=lines_in_order, range=[[5, 3] if label in dashed else [1, 0] for label in lines_in_order])))
    reliable = base.transform_filter("!datum.low_reliability").mark_point(size=50, filled=True)
    hollow = base.transform_filter("datum.low_reliability").mark_point(size=60, filled=False, strokeWidth=2)
    points = [layer.encode(shape=alt.Shape("kind:N", legend=None), tooltip=tooltip) for layer in (reliable, hollow)]
    # A drawn marker, not a glyph: the break sign has no font on many devices.
    breaks = alt.Chart(data).transform_filter("datum.is_break").mark_rule(strokeDash=[2, 2], strokeWidth=1.5).encode(
        x="year:O", color=alt.Color("label:N", legend=None), tooltip=tooltip)
    return alt.layer(lines, *points, breaks).properties(title=_trend_title(indicator.title, data, bool(dashed)),
                                                       height=360, width="container")


def _trend_title(title: str, data: pd.DataFrame, references: bool) -> str | alt.TitleParams:
    """The title, with a key to the marks the chart draws, so a PNG, an SVG or an embed explains them."""
    key = [words for shown, words in ((references, _("Dashed lines: countries and the EU 27.")),
                                      (data["low_reliability"].any(), _("Hollow points: low reliability.")),
                                      (data["is_break"].any(), _("Dotted vertical line: a break in series.")))
           if shown]
    return alt.TitleParams(text=title, subtitle=" ".join(key), anchor="start") if key else title


HIGHLIGHT, OTHER = "#2c7fb8", "#9ecae1"
BAR_STEP = 24  # px per bar, whatever the number of bars
# On a phone the names would take the whole width and leave no room for the bars: they get 40 % of
# the chart's container there. Exports have no container (containerSize() is 0) and keep 320 px.
NARROW = "(containerSize()[0] > 0 && containerSize()[0] < 600)"
LABEL_LIMIT = f"{NARROW} ? max(90, containerSize()[0] * 0.4) : 320"
LONG_RANKING = 20  # bars above which the value axis is drawn at the top


def ranking_chart(ranking: pd.DataFrame, indicator: Indicator, reference: dict[str, float] | None = None,
                  highlight: list[str] = ()) -> alt.Chart:
    """Horizontal bars, one per figure: a member's own figure is labelled by the member, a region's
    or country's by that area and the members it stands for. The level is drawn as a pattern
    (solid, dashed or dotted outline and lighter fill) with a legend, not by colour alone;
    highlighted members darker; a click selects the members of a bar.
    Expects columns: label, member_ids, value, moe, area, members, figure_kind, year, flag, flag_words."""
    order = "descending" if indicator.higher_is == "worse" else "ascending"
    decimals = indicator.decimals
    flags, moes = ranking["flag"].fillna(""), ranking["moe"]
    # Each bar's label as published: its interval, and its flag letters (explained under the title),
    # which stay with the bar in a PNG, an SVG or an embed, where no tooltip is.
    data = ranking.assign(highlight=involves(ranking["member_ids"], highlight) if len(highlight) else True,
                          figure_for=ranking["figure_kind"].map(_figure_for()),
                          value_text=[f"{with_interval(v, indicator.unit, decimals, m)} {f}".strip()
                                      for v, m, f in zip(ranking["value"], moes, flags)])
    # A long ranking is read from the top: the axis goes there, and every bar carries its value.
    axis_at = "top" if len(data) > LONG_RANKING else "bottom"
    widest = max([*data["value"].dropna(), *(reference or {}).values(), 0]) or 1
    x = alt.X("value:Q", title=indicator.unit, axis=alt.Axis(orient=axis_at),
              scale=alt.Scale(domainMin=0, domainMax=_room_for_values(widest, data["value_text"]), nice=False))
    kinds = _figure_for()
    domain = [kinds[k] for k in ("own", "region", "country")]
    y = alt.Y("label:N", sort=alt.EncodingSortField("value", order=order), title=None,
              axis=alt.Axis(labelOverlap=False, labelLimit=alt.ExprRef(LABEL_LIMIT)))
    bars = alt.Chart(data).mark_bar(strokeWidth=1.5).encode(
        x=x, y=y,
        fillOpacity=alt.FillOpacity("figure_for:N", scale=alt.Scale(domain=domain, range=[1.0, 0.45, 0.2]),
                                    legend=_figure_legend()),
        strokeDash=alt.StrokeDash("figure_for:N", scale=alt.Scale(domain=domain, range=[[1, 0], [6, 3], [2, 2]]),
                                  legend=_figure_legend()),
        color=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
        stroke=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
        tooltip=[alt.Tooltip("label:N", title=_("Figure")), alt.Tooltip("value:Q", format=".2f", title=indicator.unit),
                 alt.Tooltip("year:O", title=_("Year")), alt.Tooltip("area:N", title=_("Area")),
                 alt.Tooltip("members:N", title=_("Members")), alt.Tooltip("flag_words:N", title=_("Flags")),
                 *([alt.Tooltip("moe:Q", format=".1f", title=_("Margin of error"))] if moes.notna().any() else [])],
    ).add_params(MEMBER)
    values = alt.Chart(data).mark_text(align="left", baseline="middle", dx=4, fontSize=11).encode(
        x=x, y=y, text="value_text:N")
    layers = [bars, values]
    for row, (name, value) in enumerate((reference or {}).items()):
        rule = pd.DataFrame({"value": [value], "name": [name]})
        layers.append(alt.Chart(rule).mark_rule(strokeDash=[4, 3], color="#d95f0e").encode(
            x="value:Q", tooltip=[alt.Tooltip("name:N", title=_("Reference")), alt.Tooltip("value:Q", format=".2f")]))
        # Each reference's name on a line of its own, on the side away from the axis, so two close
        # references never overlap each other or the axis labels.
        at_top = axis_at == "bottom"
        layers.append(alt.Chart(rule).mark_text(
            align="left", dx=3, dy=-(8 + 13 * row) if at_top else 14 + 13 * row, color="#a63603").encode(
            x="value:Q", y=alt.value(0 if at_top else len(data) * BAR_STEP), text="name:N"))
    return alt.layer(*layers).properties(title=_flags_title(indicator.title, flags), height=alt.Step(BAR_STEP),
                                         width="container")


def _room_for_values(widest: float, texts: pd.Series) -> alt.ExprRef:
    """The value axis's end, leaving room right of the longest bar for the longest value label
    ('11.1% (±2.4)' needs a third of a phone's bar area, a tenth of a wide screen's); a fixed-width
    export (no container) gets 1.2."""
    text_px = max(map(len, texts), default=4) * 6.5 + 8  # 11 px text
    bars = f"(containerSize()[0] - ({LABEL_LIMIT}) - 20)"
    room = f"max(1.12, 1 + {text_px} / max({bars} - {text_px}, 40))"
    return alt.ExprRef(f"{widest} * (containerSize()[0] > 0 ? {room} : 1.2)")


def _flags_title(title: str, flags) -> str | alt.TitleParams:
    """The chart's title, with a line saying what the flag letters on its bars mean, where any are."""
    letters = sorted({letter for flag in flags for letter in flag if letter in FLAG_WORDS})
    if not letters:
        return title
    key = ", ".join(_("{letter} = {words}", letter=letter, words=_(FLAG_WORDS[letter])) for letter in letters)
    return alt.TitleParams(text=title, subtitle=_("Letters after a value: {key}.", key=key), anchor="start")


def _figure_legend() -> alt.Legend:
    """Across the top on a wide screen, one entry a line on a phone; never cut."""
    return alt.Legend(title=_("Figure for"), orient="top", columns=alt.ExprRef(f"{NARROW} ? 1 : 3"),
                      labelLimit=alt.ExprRef(f"{NARROW} ? containerSize()[0] * 0.6 - 50 : 0"))


def _figure_for() -> dict[str, str]:
    """The legend's words for the three kinds of figure (figure_groups.figure_kind)."""
    return {"own": _("the member's own area"), "region": _("its region, shared"), "country": _("its country, shared")}


def _axis_tooltip(axis: str, indicator: Indicator) -> list[alt.Tooltip]:
    """One axis's figure in a point's tooltip: value, year, area, flags (points mix years and areas)."""
    return [alt.Tooltip(f"{axis}:Q", format=".2f", title=indicator.title), alt.Tooltip(f"{axis}_year:O", title=_("Year")),
            alt.Tooltip(f"{axis}_area:N", title=_("Area")), alt.Tooltip(f"{axis}_flags:N", title=_("Flags"))]


def scatter_chart(points: pd.DataFrame, x_indicator: Indicator, y_indicator: Indicator, labelled: list[str],
                  highlight: list[str] = ()) -> alt.Chart:
    """One point per pair of figures (members sharing both are one point, labelled by the areas);
    points of chosen members labelled, highlighted ones darker; a click selects.
    Expects columns: member_ids, label, members, x, y, x_area, y_area."""
    data = points.assign(labelled=involves(points["member_ids"], list(labelled) + list(highlight)),
                         highlight=involves(points["member_ids"], highlight) if len(highlight) else True)
    base = alt.Chart(data).encode(
        x=alt.X("x:Q", title=f"{x_indicator.title} ({x_indicator.unit})", scale=alt.Scale(zero=False)),
        y=alt.Y("y:Q", title=f"{y_indicator.title} ({y_indicator.unit})", scale=alt.Scale(zero=False)),
    )
    dots = base.mark_circle(size=70).encode(
        color=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
        tooltip=[alt.Tooltip("label:N", title=_("Figure")), alt.Tooltip("members:N", title=_("Members")),
                 *_axis_tooltip("x", x_indicator), *_axis_tooltip("y", y_indicator)],
    ).add_params(MEMBER)
    labels = base.transform_filter("datum.labelled").mark_text(align="left", dx=6, dy=-6, fontWeight="bold").encode(text="label:N")
    return alt.layer(dots, labels).properties(height=380, width="container")
