"""Words for figures: what area a value describes, what its flags mean, how to cite it."""
from __future__ import annotations

import html
import math
import re
from typing import Any

from atlas.i18n import _, fmt_number, fmt_percent_points
from atlas.indicator import Indicator

FLAG_WORDS = {
    "b": "break in series",
    "u": "low reliability",
    "e": "estimated",
    "p": "provisional",
    "c": "confidential",
    "d": "definition differs",
    "n": "not significant",
    "s": "Eurostat estimate",
    "z": "not applicable",
    "x": "left out: a known error in the source",
}


def flag_words(flag: str) -> str:
    """'bu' -> 'break in series, low reliability' (translated)."""
    return ", ".join(_(FLAG_WORDS[f]) for f in flag or "" if f in FLAG_WORDS)


def whole_country_region(geo_code: str) -> bool:
    """A NUTS 1 or 2 code of a country that is one region: IS00, LU00, CY0 ('00' or '0' after the country)."""
    return len(geo_code) > 2 and set(geo_code[2:]) == {"0"}


def area_label(level: str, geo_name: str, geo_code: str, unit: str | None = None, with_code: bool = True) -> str:
    """What area a figure describes, said plainly so a regional proxy never passes as the city's own.
    The region's code only where codes belong (tables, downloads): `with_code=False` for reading.
    A region that is a whole country (Iceland's IS00, Luxembourg's LU00) says so."""
    if level in ("nuts2", "nuts1") and whole_country_region(geo_code):
        return (_("regional figure for {name} ({code}), a region that is the whole country", name=geo_name, code=geo_code)
                if with_code else _("regional figure for {name}, a region that is the whole country", name=geo_name))
    if level == "nuts2":
        return (_("regional figure for NUTS 2 region {name} ({code})", name=geo_name, code=geo_code) if with_code
                else _("regional figure for NUTS 2 region {name}", name=geo_name))
    if level == "nuts1":
        return (_("regional figure for NUTS 1 region {name} ({code})", name=geo_name, code=geo_code) if with_code
                else _("regional figure for NUTS 1 region {name}", name=geo_name))
    if level == "country":
        return _("national figure for {name}", name=geo_name)
    if level == "eu":
        return _("EU 27 figure")
    if level == "kreis":
        return _("city figure for {name} (a Kreis of its own)", name=geo_name)
    if level == "city":
        return _("city figure for {name}", name=geo_name)
    if level == "district":
        return _("{unit} {name}", unit=unit or _("district"), name=geo_name)
    return geo_name


def format_value(value: float | None, unit: str, decimals: int = 1, style: str = "short") -> str:
    """A value in the current language, in one of two styles:

    "short"      the number, a share with its percent sign ('12.5%', '103'), where the unit is
                 said nearby (a card's title, a column's header, a chart's axis);
    "with_unit"  the number and the unit written out ('12.5 % of individuals', '103 index'),
                 where the value stands alone (a map's tooltip, its legend).
    """
    if style not in ("short", "with_unit"):
        raise ValueError(f"unknown value style {style!r}")
    if unit == "%" or (style == "short" and unit.startswith("%")):
        return fmt_percent_points(value, decimals)
    number = fmt_number(value, decimals)
    if style == "short" or value is None or value != value:
        return number
    return f"{number} {unit}".strip()


def with_interval(value: float, unit: str, decimals: int, moe: float | None = None) -> str:
    """'6.0% (±3.0)': a value with a published 95% interval is never shown without it."""
    shown = format_value(value, unit, decimals)
    return shown if moe is None or moe != moe else f"{shown} (±{format_value(moe, '', decimals)})"


def citation(sources: dict | list[dict], extracted: str) -> str:
    """'Source: Eurostat, isoc_r_iuse_i, extracted 2026-11-23; Digital Divide Atlas'; a chart drawn
    from two datasets names both. A dataset's last update (Eurostat's stamp, recorded from a fresh
    download or from the file the mirror holds) follows it."""
    from atlas.export import distinct_sources

    sources = distinct_sources(sources)

    def dataset(source):
        name = source.get("dataset") or source.get("title")
        if source.get("last_update"):
            return _("{dataset} (last updated {updated})", dataset=name, updated=source["last_update"])
        return name

    if len(sources) == 1:
        return _("Source: {publisher}, {dataset}, extracted {date}; Digital Divide Atlas",
                 publisher=sources[0].get("publisher", ""), dataset=dataset(sources[0]), date=extracted)
    named = "; ".join(f"{s.get('publisher', '')}, {dataset(s)}" for s in sources)
    return _("Sources: {sources}, extracted {date}; Digital Divide Atlas", sources=named, date=extracted)


def member_label(member: dict) -> str:
    """'München (Munich)', 'Zürich', 'Aix-Marseille-Provence Metropole': local spelling first."""
    from atlas.name_keys import fold

    local, name = member.get("local_name") or member["name"], member["name"]
    return local if fold(local) == fold(name) or member.get("kind") == "metropolitan" else f"{local} ({name})"


def member_note(member: dict) -> str:
    """The reviewed note on a member (data/members.csv's reason, the store's `decision`) in the reader's
    language; '' when it has none (never `_("")`: in gettext that is the catalogue's header)."""
    note = member.get("decision")
    return _(note) if isinstance(note, str) and note.strip() else ""


def describe_figure(figure, indicator: Indicator, unit_label: str | None = None) -> str:
    """'4.2% in 2024, regional figure for NUTS 2 region Utrecht (NL35); low reliability'."""
    from atlas.i18n import _

    text = _("{value} in {year}, {area}", value=format_value(figure.value, indicator.unit, indicator.decimals),
             year=figure.period or figure.year, area=area_label(figure.level, figure.geo_name, figure.geo_code, unit_label))
    words = flag_words(figure.flag)
    if figure.moe is not None and figure.n is not None:
        text += _("; ±{moe} points (95%), {n} interviews", moe=fmt_number(figure.moe), n=fmt_number(figure.n, 0))
    elif figure.moe is not None:
        text += _("; ±{moe} points (95% confidence interval)", moe=fmt_number(figure.moe))
    return text + (f"; {words}" if words else "")


def trend_summary(trends, indicator: Indicator, since: int | None = None) -> str:
    """A sentence per line: first and last value with their years, and what each describes, both
    areas named when the line crosses from one to another; with `since`, the change in points
    since that year ('−2.6 points since 2019')."""
    from atlas.i18n import _

    sentences = []
    for label, rows in trends.groupby("label", sort=False):
        rows = rows.sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        unit, decimals = indicator.unit, indicator.decimals
        crosses = bool(rows["is_break"].astype(bool).any()) and first["area"] != last["area"]
        if since is not None:
            if crosses:
                sentences.append(_("{label}: {change} points from {since} ({first_area}) to {last_year} ({area}); "
                                   "the two years describe different areas.", label=label,
                                   change=signed(last["value"], decimals), since=since, first_area=first["area"],
                                   last_year=last["year"], area=last["area"]))
                continue
            sentences.append(_("{label}: {change} points since {since}, to {last_year} ({area}).", label=label,
                               change=signed(last["value"], decimals), since=since, last_year=last["year"],
                               area=last["area"]))
            continue
        values = dict(first=format_value(first["value"], unit, decimals), first_year=first["year"],
                      last=format_value(last["value"], unit, decimals), last_year=last["year"], area=last["area"])
        if crosses:
            sentences.append(_("{label}: {first} in {first_year} ({first_area}), {last} in {last_year} ({area}); "
                               "the two figures describe different areas.", label=label, first_area=first["area"], **values))
            continue
        sentences.append(_("{label}: {first} in {first_year}, {last} in {last_year} ({area}).", label=label, **values))
    return " ".join(sentences)


def signed(value: float, decimals: int = 1) -> str:
    """'+1.0', '−2.6', '0.0': a change always says its direction."""
    text = fmt_number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def ranking_summary(ranking, indicator: Indicator) -> str:
    """How many members and how many distinct figures; the highest and lowest figure only where
    one figure alone holds that place. A figure shared by several members is named by its area,
    and a tie is said as a tie, never as one member's rank."""
    from atlas.i18n import _

    if ranking.empty:
        return ""
    unit, decimals = indicator.unit, indicator.decimals
    members, year = int(ranking["n_members"].sum()), year_label(indicator, ranking["year"].max())
    shared = int((ranking["n_members"] > 1).sum())
    if len(ranking) == 1 and ranking.iloc[0]["n_members"] == 1:  # one member: its own figure (Wien's) or its area's
        only = ranking.iloc[0]
        said = {"year": year, "value": format_value(only["value"], unit, decimals), "area": only["area"]}
        if only["is_proxy"]:
            return _("Only one member has a figure for {year}: {value}, {area}, which is not the member's own.", **said)
        return _("Only one member has a figure for {year}: {value}, {area}.", **said)
    if len(ranking) == 1:
        only = ranking.iloc[0]
        return _("{n} members have a figure for {year}, all the same figure: {value}, {area}. It is not the members' "
                 "own, so it cannot rank them.", n=members, year=year, value=format_value(only["value"], unit, decimals),
                 area=only["area"])
    text = _("{n} members have a figure for {year}, through {figures} distinct figures.", n=members, year=year,
             figures=len(ranking))
    if shared:
        text += " " + _("{shared} of them are regional or national figures shared by several members: one bar each.",
                        shared=shared)
    alone = int(((ranking["n_members"] == 1) & ranking["is_proxy"]).sum())
    if alone and shared:
        text += " " + _("{alone} more are a region's or a country's figure shown for one member, not the member's own.",
                        alone=alone)
    elif alone:
        text += " " + _("{alone} of them are a region's or a country's figure shown for one member, not the member's "
                        "own.", alone=alone)
    high, low = _extreme(ranking, "max", unit, decimals), _extreme(ranking, "min", unit, decimals)
    return text + " " + _("Highest: {high}. Lowest: {low}.", high=high, low=low)


def _extreme(ranking, which: str, unit: str, decimals: int) -> str:
    """'Stuttgart (54.5%, national figure for Germany)', or the tie said as such."""
    from atlas.i18n import _

    value = getattr(ranking["value"], which)()
    at = ranking[ranking["value"] == value]
    shown = format_value(value, unit, decimals)
    if len(at) > 1:
        return _("{value}, a tie between {count} figures", value=shown, count=len(at))
    row = at.iloc[0]
    flag, moe = row.get("flag") if isinstance(row.get("flag"), str) else "", row.get("moe")
    interval = f" ±{format_value(moe, '', decimals)}" if moe is not None and moe == moe else ""
    shown = ", ".join(x for x in (shown + interval, flag_words(flag)) if x)
    if row["n_members"] > 1 or row["is_proxy"]:  # the label already names the area and its members
        return _("{label} ({value})", label=row["label"], value=shown)
    return _("{label} ({value}, {area})", label=row["label"], value=shown, area=row["area"])


# Indicators whose year is a publication's edition, not the year the data describe.
EDITION_SOURCES = {"desi_2022"}


def year_label(indicator: Indicator, year) -> str:
    """'2024', or '2022 edition (data mostly 2021)' for a figure dated by its edition (DESI)."""
    from atlas.i18n import _

    if indicator.source in EDITION_SOURCES:
        return _("{year} edition (data mostly {data_year})", year=int(year), data_year=int(year) - 1)
    return str(int(year))


_SENTENCE_END = re.compile(r"(?<=\.)\s+")
_CLAUSE_END = re.compile(r";\s*")


def _clauses(text: str) -> list[list[str]]:
    """Sentences (ending in a full stop) as their clauses (separated by semicolons)."""
    return [_CLAUSE_END.split(sentence) for sentence in _SENTENCE_END.split(text.strip())] if text else []


def _said(clause: str) -> str:
    return clause.strip().rstrip(".;").strip().lower()


def unsaid(text: str, *said: str) -> str:
    """`text` without the clauses that `said` already says: a source's caveat often repeats an
    indicator's definition or scale note, and read one after the other they would say it twice.
    Compared ignoring case and the closing stop; a sentence that loses nothing is kept as written,
    one that loses a clause is rejoined and closed with a full stop."""
    known = {_said(clause) for s in said for sentence in _clauses(s) for clause in sentence}
    kept = []
    for clauses in _clauses(text):
        left = [c.strip().rstrip(".;").strip() for c in clauses if _said(c) and _said(c) not in known]
        if len(left) == len(clauses):
            kept.append("; ".join(clauses))
        elif left:
            joined = "; ".join(left)
            kept.append(joined[:1].upper() + joined[1:] + ".")
    return " ".join(kept)


def escape(value: Any) -> str:
    """Text from data, safe to put into HTML: None and NaN become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)
