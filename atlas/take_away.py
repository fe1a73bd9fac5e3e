"""What a reader takes away from a page, drawn with Streamlit: a chart or table with its citation,
its figures as a table, and CSV, Excel, PNG and SVG downloads (built only when asked for)."""
from __future__ import annotations

import streamlit as st

from atlas.embed import embed_snippet, embed_view
from atlas.i18n import _
from atlas.indicator import Indicator
from atlas.store import Store


def table_downloads(frame, name: str, sources: dict | list[dict], extracted: str, key: str, where=st,
                    measures: dict[str, Indicator] | None = None) -> None:
    """The data shown, as CSV and as an Excel workbook, each naming what its value columns measure
    (`measures`: column -> indicator) and its sources, datasets, extraction date and licences."""
    from atlas.export import csv_with_header, xlsx_with_sources

    left, right = where.columns(2)
    left.download_button(_("Download CSV"), data=lambda: csv_with_header(frame, sources, extracted, measures),
                         file_name=f"{name}.csv", mime="text/csv", on_click="ignore", key=key,
                         icon=":material/download:")
    right.download_button(_("Download Excel"), data=lambda: xlsx_with_sources(frame, sources, extracted, measures),
                          file_name=f"{name}.xlsx", on_click="ignore", key=f"{key}_xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/table:")


# Columns a chart's table carries for the chart or the downloads, not for the reader (codes of
# levels and kinds, member ids, raw flag letters: the table says each in words elsewhere).
INTERNAL_COLUMNS = {"member_ids", "figure_kind", "is_proxy", "flag", "kind", "level", "source", "x_code", "y_code"}


def table_headers(columns, indicators: list[Indicator]) -> dict[str, str]:
    """Headers in words for a chart's table (the CSV keeps the field names, for scripts)."""
    first, second = indicators[0], indicators[-1]
    words = {"label": _("Figure"), "area": _("Area"), "members": _("Members"), "n_members": _("Number of members"),
             "value": _("Value ({unit})", unit=first.unit), "year": _("Year"), "flag_words": _("Flags"),
             "geo_code": _("Code"), "country": _("Country"), "is_break": _("Break in series"),
             "moe": _("Margin of error"), "x": first.title, "x_year": _("Year"), "x_area": _("Area"),
             "x_flags": _("Flags"), "y": second.title, "y_year": _("Year"), "y_area": _("Area"), "y_flags": _("Flags")}
    return {c: words[c] for c in columns if c in words}


def chart_with_downloads(view, name: str, indicators: Indicator | list[Indicator], store: Store, key: str,
                         selectable: bool = False):
    """A chart (an atlas.chart_views.ChartView), its citation (every dataset it draws on), its text
    summary, its table, and CSV/Excel/PNG/SVG downloads. Returns the selection event when `selectable`."""
    from atlas.export import chart_png, chart_svg, for_export
    from atlas.text import citation

    indicators = [indicators] if isinstance(indicators, Indicator) else indicators
    sources = [store.sources[ind.source] for ind in indicators]
    extracted = store.manifest["built_at"][:10]
    cite = citation(sources, extracted)
    with embed_view(key):
        event = st.vega_lite_chart(view.spec, width="stretch", key=key, **({"on_select": "rerun"} if selectable else {}))
        st.caption(cite)
    if view.summary:
        st.markdown(view.summary)
    data = view.data
    # Lazy, as the Map's table: the table's code loads only for a reader who opens it;
    # `?{key}_table=true` opens it from a link.
    shown = st.expander(_("The figures in this chart, as a table"), key=f"{key}_table", on_change="rerun",
                        bind="query-params", icon=":material/table:")
    if shown.open:
        with shown:
            shown_columns = [c for c in data.columns if c not in INTERNAL_COLUMNS]
            st.dataframe(view.table, hide_index=True, width="stretch", column_order=shown_columns,
                         column_config=table_headers(data.columns, indicators))
    cols = st.columns(2)
    measures = view.measures or ({"x": indicators[0], "y": indicators[-1]} if "x" in data.columns else {"value": indicators[0]})
    table_downloads(data, name, sources, extracted, key=f"{key}_csv", where=cols[0], measures=measures)
    spec = lambda: for_export(view.chart, cite).to_json()  # noqa: E731 - built only when asked for
    images = cols[1].columns(2)
    images[0].download_button(_("Download PNG"), data=lambda: chart_png(spec()), file_name=f"{name}.png",
                              mime="image/png", on_click="ignore", key=f"{key}_png", icon=":material/image:")
    images[1].download_button(_("Download SVG"), data=lambda: chart_svg(spec()), file_name=f"{name}.svg",
                              mime="image/svg+xml", on_click="ignore", key=f"{key}_svg", icon=":material/image:")
    embed_snippet(key, indicators[0].title)
    return event


def selected_members(event) -> list[str]:
    """Member ids clicked in a chart (its `member` selection): a bar or point of a shared figure
    carries every member it stands for."""
    from atlas.figure_groups import split_ids

    try:
        return [m for p in event.selection.get("member", []) for m in split_ids(p.get("member_ids"))]
    except AttributeError:
        return []
