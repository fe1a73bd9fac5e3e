"""Each chart a page draws, with its table and summary, as a pure function of the store and plain
parameters, so atlas.cached can build it once per process instead of once per reader.

Building an altair chart and validating its spec cost more server CPU than everything else on
Compare and Trends; the page now sends a ready Vega-Lite spec (`ChartView.spec`)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import altair as alt
import pandas as pd

from atlas import views
from atlas.charts import EU_COLOUR, PALETTE, ranking_chart, scatter_chart, trend_chart
from atlas.export import for_display
from atlas.figure_groups import split_ids
from atlas.i18n import _, country_name
from atlas.text import ranking_summary, trend_summary


@dataclass(frozen=True)
class ChartView:
    chart: alt.TopLevelMixin  # kept for the PNG/SVG exports, which are built only when asked for
    spec: dict                # the Vega-Lite spec the page sends
    data: pd.DataFrame        # the chart's figures, for the downloads
    table: pd.DataFrame       # the same, as the page's table shows them
    summary: str = ""
    measures: dict | None = None  # column -> the Indicator its values are, for the downloads; None: the page's


# Altair's theme is global to the process: the switch to "none" (no default view size, as
# Streamlit does) is made under a lock so two readers' threads never see each other's.
_THEME_LOCK = threading.Lock()


def vega_lite(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec, width fitted to the container and height kept as drawn
    (Streamlit's default, "fit", squeezed a 360 px trend chart's plot to about 110 px)."""
    fitted = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    with _THEME_LOCK, alt.theme.enable("none"):
        return fitted.to_dict()


def _view(chart: alt.TopLevelMixin, data: pd.DataFrame, summary: str = "", measures: dict | None = None) -> ChartView:
    return ChartView(chart=chart, spec=vega_lite(chart), data=data, table=for_display(data), summary=summary,
                     measures=measures)


def ranking_view(store, indicator: str, year: int, country: str | None = None,
                 highlight: tuple[str, ...] = ()) -> ChartView | None:
    """Compare's ranking: one bar per figure, with the EU 27 and the chosen country as reference lines.
    None when no member has a figure for that year."""
    data = views.with_answer_shares(store, views.ranking_frame(store, indicator, year, country), indicator)
    if data.empty:
        return None
    ind = store.indicator(indicator)
    reference = {}
    for code, name in (("EU27_2020", _("EU 27")), (country, country_name(country) if country else "")):
        figure = store.area_figure(code, indicator, year) if code else None
        if figure:
            reference[name] = figure.value
    chart = ranking_chart(data, ind, reference, list(highlight))
    return _view(chart, data, ranking_summary(data, ind))


def scatter_view(store, x: str, y: str, labelled: tuple[str, ...] = (),
                 highlight: tuple[str, ...] = ()) -> ChartView | None:
    """Compare's scatter of two indicators' latest figures; None when no member has both."""
    points = views.scatter_frame(store, x, y)
    if points.empty:
        return None
    chart = scatter_chart(points, store.indicator(x), store.indicator(y), list(labelled), list(highlight))
    return _view(chart, points)


def trends_view(store, indicator: str, members: tuple[str, ...], level: str = "best",
                since: int | None = None) -> ChartView | None:
    """Trends: each member's series (or its change since `since`); None when nothing to draw."""
    data = views.trends_frame(store, indicator, list(members), level=level)
    y_title = None
    if since is not None:
        data = views.change_since(data, since)
        y_title = _("Change since {year}, points", year=since)
    if data.empty:
        return None
    ind = store.indicator(indicator)
    chart = trend_chart(data, ind, y_title, line_colours(store, data))
    # The downloads' values are then changes in points, not the indicator's unit.
    measures = None if since is None else {"value": replace(ind, unit=_("points of change since {year}", year=since))}
    return _view(chart, data, trend_summary(data, ind, since=since), measures)


def line_colours(store, data: pd.DataFrame) -> dict[str, str]:
    """A colour per line: members' lines in turn; a country's reference line in the colour of the
    one line that stands for members of that country (else a colour of its own); the EU 27 grey."""
    lines = data.drop_duplicates("label")
    members, references = lines[lines["kind"] == "member"], lines[lines["kind"] == "reference"]
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(members["label"])}
    by_country: dict[str, list[str]] = {}
    for label, ids in zip(members["label"], members["member_ids"]):
        countries = {(store.member(m) or {}).get("country") for m in split_ids(ids)}
        if len(countries) == 1:
            by_country.setdefault(countries.pop(), []).append(label)
    spare = iter(PALETTE[len(colours):] + PALETTE)
    for label, code in zip(references["label"], references["member_ids"]):
        paired = by_country.get(code, [])
        colours[label] = EU_COLOUR if code == "EU27_2020" else colours[paired[0]] if len(paired) == 1 else next(spare)
    return colours
