"""A city's one-page briefing (A4 PDF) for committee papers: the headline sentence, key figures
against country, EU 27 and the 2030 targets, a map, the most affected districts, what the city
(or its peers) does, every source and licence, dates, and a link and QR code back to the live view.

HTML and CSS laid out by WeasyPrint; the map is an Altair geoshape chart rendered to SVG by
vl-convert; the QR code is segno's. No Streamlit: the City profile and `python -m atlas brief`
both call `briefing_pdf`.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import os
import threading
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from atlas.briefing_maps import district_map_svg, europe_map_svg, qr_svg
from atlas.catalogue import HEADLINE_INDICATOR
from atlas.i18n import _, country_name, current_language, fmt_number, set_language
from atlas.store import Store
from atlas.text import area_label, citation, format_value

PUBLIC_URL = os.environ.get("ATLAS_PUBLIC_URL", "http://localhost:8501").rstrip("/")
KEY_FIGURES = 14  # rows of the figures table that fit one page beside the map
MOST_AFFECTED = 5
PRACTICES_SHOWN = 3
FONT_SIZES = (8.2, 7.6, 7.2, 6.8, 6.4, 6.0, 5.6)  # pt, tried in turn until the briefing fits one page


def live_url(member_id: str, lang: str) -> str:
    """The City profile of this member in this language, where the briefing came from."""
    return f"{PUBLIC_URL}/city?{urlencode({'member': member_id, 'lang': lang})}"


# --- what the briefing says ------------------------------------------------------------------

def key_figures(store: Store, member_id: str) -> pd.DataFrame:
    """The City profile's rows without a survey's single answer shares (they sit beside their indicator)."""
    from atlas.views import city_profile

    profile = city_profile(store, member_id)
    if profile.empty:
        return profile
    main = profile[[not store.indicator(i).answer_of for i in profile["indicator"]]]
    return main.head(KEY_FIGURES)


def most_affected(store: Store, spread: dict, layer) -> pd.DataFrame:
    """The districts at the worse end of the indicator (highest where higher is worse)."""
    ind = store.indicator(spread["indicator"])
    ranked = layer.dropna(subset=["value"]).sort_values("value", ascending=ind.higher_is == "better")
    return ranked.head(MOST_AFFECTED)


def practices_shown(store: Store, member_id: str) -> tuple[pd.DataFrame, str]:
    """The member's own practices, else its peers', with the sentence that says which."""
    from atlas.practices import load_practices, practices_for
    from atlas.views import peer_practices

    practices = load_practices()
    mine = practices_for(member_id, practices)
    if not mine.empty:
        return mine.head(PRACTICES_SHOWN), _("What this city does")
    peers, _comparable = peer_practices(store, member_id, practices)
    return peers.head(PRACTICES_SHOWN), _("No practices of this member are in our catalogue yet. What peers do:")


def briefing_sources(store: Store, figures: pd.DataFrame, spread: dict | None) -> list[dict]:
    """Every source the page draws on: each figure's, the district figures' and boundaries', or the
    NUTS boundaries of the Europe map."""
    from atlas.export import distinct_sources

    ids = [store.indicator(i).source for i in figures.get("indicator", [])]
    if spread:
        ids += [store.indicator(spread["indicator"]).source, spread["layer_id"]]
    else:
        ids.append("nuts2024")
    return distinct_sources([store.sources[i] for i in dict.fromkeys(ids) if i in store.sources])


def headline(store: Store, member_id: str, figures: pd.DataFrame) -> str:
    """The City profile's sentence; for a member without that figure (Kyiv), its first figure said
    with its area; else that none is published."""
    from atlas.text import describe_figure
    from atlas.views import never_used_summary

    sentence = never_used_summary(store, member_id)
    if sentence or figures.empty:
        return sentence or _("No statistical figures are published for this member.")
    first = figures.iloc[0]
    figure = store.member_figure(member_id, first["indicator"], int(first["year"]))
    return _("{title}: {figure}.", title=first["title"], figure=describe_figure(figure, store.indicator(first["indicator"])))


# --- the page --------------------------------------------------------------------------------

def briefing_html(store: Store, member_id: str, lang: str, today: dt.date | None = None) -> str:
    """The briefing as one HTML page (A4) in `lang`."""
    from atlas.text import member_label
    from atlas.views import district_spread

    set_language(lang)
    member = store.member(member_id)
    figures = key_figures(store, member_id)
    spreads = district_spread(store, member_id)
    spread = spreads[0] if spreads else None
    sources = briefing_sources(store, figures, spread)
    built = store.manifest["built_at"][:10]
    url = live_url(member_id, lang)
    parts = [
        f"<header><h1>{_e(member_label(member))}</h1>", _tag("p", _("Digital divide briefing"), "kicker"), "</header>",
        _tag("p", headline(store, member_id, figures), "headline"),
        "<div class='row'><div class='side'>",
        f"<section>{_districts_block(store, member_id, spread)}</section>",
        f"<section>{_practices_block(store, member_id)}</section>",
        f"</div><section class='map'>{_map_block(store, member_id, spread)}</section></div>",
        f"<section class='figures'>{_figures_table(figures)}</section>",
        f"<footer><div class='qr'>{qr_svg(url)}</div>{_sources_block(sources, built)}{_dates_block(figures, built, today)}"
        "<p class='link'>", _e(_("Live view and every figure in full:")), f" <a href='{_e(url)}'>{_e(url)}</a></p></footer>",
    ]
    return f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{_e(member_label(member))}</title></head>" \
           f"<body>{''.join(parts)}</body></html>"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _tag(tag: str, text: str, css_class: str = "") -> str:
    """One element with escaped text: `_tag("h2", _("Map"))`."""
    return f"<{tag} class='{css_class}'>{_e(text)}</{tag}>" if css_class else f"<{tag}>{_e(text)}</{tag}>"


def _figures_table(figures: pd.DataFrame) -> str:
    if figures.empty:
        return ""
    head = "".join(f"<th>{_e(h)}</th>" for h in (_("Indicator"), _("Value"), _("Year"), _("Area"), _("Country"),
                                                 _("EU 27"), _("2030 target")))
    rows = "".join(_figure_row(r) for r in figures.to_dict("records"))
    note = _("Each value says which area it describes: a regional or national figure is not the city's own. "
             "2030 targets are the EU's Digital Decade targets.")
    return _tag("h2", _("Key figures")) + f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" \
        + _tag("p", note, "note")


def _figure_row(r: dict) -> str:
    title = f"{r['title']} ({r['unit']})"  # the title translated by city_profile
    area = r["area"] + ("; " + r["flags"] if r["flags"] else "")
    return (f"<tr><td>{_e(title)}</td><td class='num'><b>{_e(r['shown'])}</b></td><td>{_e(r['year_shown'])}</td>"
            f"<td class='area'>{_e(area)}</td><td class='num'>{_e(r['country_shown'])}</td>"
            f"<td class='num'>{_e(r['eu_shown'])}</td><td class='num'>{_e(_target(r))}</td></tr>")


def _target(row: dict) -> str:
    """'80% (−3.6 points to go)', or '' where the EU set no target."""
    if row["target"] is None or row["target"] != row["target"]:
        return ""
    gap = row["gap_to_target"]
    target = format_value(row["target"], row["unit"], 0)
    if gap <= 0:
        return _("{target} (met)", target=target)
    return _("{target} ({gap} points to go)", target=target, gap=fmt_number(gap, 1))


def _map_block(store: Store, member_id: str, spread: dict | None) -> str:
    if spread:
        svg, _layer = district_map_svg(store, member_id, spread)
        caption = _("{units} of {area}, {year}; darker is worse.", units=spread["unit_plural"], area=spread["area"],
                    year=spread["year"])
    else:
        svg = europe_map_svg(store, member_id)
        fig = store.member_figure(member_id, HEADLINE_INDICATOR)
        country = store.member(member_id)["country"]
        where = area_label(fig.level, fig.geo_name, fig.geo_code) if fig else \
            area_label("country", country_name(country), country)
        caption = _("The area its figures describe: {area}.", area=where)  # why no districts: said below
    return _tag("h2", _("Map")) + f"<img alt='' src='{_data_uri(svg)}'>" + _tag("p", caption, "note")


def _district_gap(store: Store, member_id: str) -> str:
    """Why the member has no district figures here: published for units the atlas cannot map, as the
    City profile says (atlas.gaps), or none published."""
    from atlas.gaps import no_districts_shown

    member = store.member(member_id)
    name = member.get("local_name") or member["name"]
    return no_districts_shown(store, member_id, name) or _("No district figures are published for this member.")


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _districts_block(store: Store, member_id: str, spread: dict | None) -> str:
    if not spread:
        return _tag("h2", _("Most affected districts")) + _tag("p", _district_gap(store, member_id))
    from atlas.map_data import district_layer

    ind = store.indicator(spread["indicator"])
    layer = district_layer(store, member_id, spread["layer_id"], spread["indicator"])
    worst = most_affected(store, spread, layer[layer["geo_code"].isin(spread["codes"])])
    items = "".join(f"<li>{_e(r['name'])}: {_e(format_value(r['value'], ind.unit, ind.decimals, style='with_unit'))}</li>"
                    for r in worst.to_dict("records"))
    intro = _("{title}, {year}: the {n} {units} at the worse end, of {count}.", title=ind.title, year=spread["year"],
              n=len(worst), units=spread["unit_plural"], count=fmt_number(spread["count"], 0))
    return _tag("h2", _("Most affected districts")) + _tag("p", intro) + f"<ol>{items}</ol>"


def _practices_block(store: Store, member_id: str) -> str:
    from atlas.views import member_options

    shown, heading = practices_shown(store, member_id)
    names = member_options(store)
    items = "".join(f"<li><b>{_e(r['name'])}</b> · {_e(names.get(r['member_id'], r['member_id']))}: "
                    f"{_e(_short(r['summary']))} <span class='src'>({_e(r['source_publisher'])}, {_e(r['source_date'])})</span></li>"
                    for r in shown.to_dict("records"))
    return _tag("h2", _("What cities do")) + _tag("p", heading) + f"<ul>{items}</ul>"


def _short(text: str, limit: int = 180) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _sources_block(sources: list[dict], built: str) -> str:
    licence = _("Licence")
    items = "".join(f"<li>{_e(_source_name(s))}. {_e(licence)}: {_e(_licence(s))}. {_e(s.get('attribution', ''))}</li>"
                    for s in sources)
    return _tag("h2", _("Sources and licences")) + f"<ul class='sources'>{items}</ul>" \
        + _tag("p", citation(sources, built), "note")


def _source_name(source: dict) -> str:
    name = source.get("dataset") or source.get("title", "")
    return f"{source['publisher']}, {name}" if source.get("publisher") else name


def _licence(source: dict) -> str:
    """The licence without the catalogue's own 'Licence:' prefix (some entries carry one)."""
    return str(source.get("licence", "")).removeprefix("Licence:").strip()


def _dates_block(figures: pd.DataFrame, built: str, today: dt.date | None) -> str:
    years = figures["year"] if not figures.empty else pd.Series(dtype=int)
    data = _("Figures from {first} to {last}, as built on {built}.", first=int(years.min()), last=int(years.max()),
             built=built) if len(years) else _("Data as built on {built}.", built=built)
    made = _("Briefing made on {date}.", date=(today or dt.date.today()).isoformat())
    return _tag("p", f"{data} {made}", "dates")


CSS = """
@page { size: A4; margin: 11mm 12mm; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; color: #1a1a1a; }
h1 { font-size: 2.1em; margin: 0; }
h2 { font-size: 1.15em; margin: 2mm 0 1mm; color: #08306b; }
.kicker { margin: 0; color: #555; }
.headline { font-size: 1.3em; font-weight: bold; margin: 2mm 0; }
.row { display: flex; gap: 4mm; }
.side { flex: 1 1 auto; } .map { flex: 0 0 80mm; }
.map img { width: 80mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 0.3pt solid #ccc; padding: 0.4mm 1mm; text-align: left; vertical-align: top; }
th { font-size: 0.85em; color: #444; }
.num { text-align: right; white-space: nowrap; }
.area, .note, .src, .sources, .dates { font-size: 0.8em; color: #444; }
ul, ol { margin: 0; padding-left: 4mm; }
footer { border-top: 0.5pt solid #08306b; margin-top: 2mm; }
.qr { float: right; margin: 2mm 0 1mm 3mm; }
.qr svg { width: 20mm; height: 20mm; }
.link { font-size: 0.9em; margin: 1mm 0; }
"""


def briefing_pdf(store: Store, member_id: str, lang: str, today: dt.date | None = None) -> bytes:
    """The briefing as a one-page A4 PDF: the largest font size at which it fits one page."""
    import weasyprint

    previous = current_language()
    try:
        page = weasyprint.HTML(string=briefing_html(store, member_id, lang, today))
        for size in FONT_SIZES:
            document = page.render(stylesheets=[weasyprint.CSS(string=CSS + f"body {{ font-size: {size}pt; }}")])
            if len(document.pages) == 1:
                break
        return document.copy(document.pages[:1]).write_pdf()
    finally:
        set_language(previous)


def cached_briefing(store: Store, member_id: str, lang: str) -> bytes:
    """The briefing from the store's own folder when made before for this store, else made and kept
    there: a new build is a new folder, so a briefing never outlives its figures."""
    path = briefing_path(store, member_id, lang)
    if path.exists():
        return path.read_bytes()
    pdf = briefing_pdf(store, member_id, lang)
    path.parent.mkdir(exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.part")  # two sessions never share one
    partial.write_bytes(pdf)
    partial.replace(path)  # a reader never sees half a file
    return pdf


def briefing_path(store: Store, member_id: str, lang: str) -> Path:
    return store.folder.resolve() / "briefings" / f"{member_id}-{lang}.pdf"


def brief_command(member_id: str, lang: str, output: Path | None) -> int:
    """`python -m atlas brief MEMBER --lang fr -o file.pdf`: the same PDF as the City profile's button."""
    import sys

    from atlas.i18n import LANGUAGES
    from atlas.store import StoreMissing

    if lang not in LANGUAGES:
        print(f"Unknown language {lang!r}: one of {', '.join(LANGUAGES)}.", file=sys.stderr)
        return 2
    try:
        store = Store.open()
    except StoreMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    if store.member(member_id) is None:
        print(f"No member {member_id!r}; `python -m atlas coverage` lists them.", file=sys.stderr)
        return 2
    output = output or Path(f"{member_id}-{lang}.pdf")
    output.write_bytes(cached_briefing(store, member_id, lang))
    print(f"{output} ({output.stat().st_size // 1024} KB)")
    return 0
