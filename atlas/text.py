"""Words for figures: what area a value describes, what its flags mean, how to cite it."""
from __future__ import annotations

from atlas.i18n import _, fmt_number, fmt_percent_points

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
}


def flag_words(flag: str) -> str:
    """'bu' -> 'break in series, low reliability' (translated)."""
    return ", ".join(_(FLAG_WORDS[f]) for f in flag or "" if f in FLAG_WORDS)


def area_label(level: str, geo_name: str, geo_code: str, unit: str | None = None) -> str:
    """What area a figure describes, said plainly so a regional proxy never passes as the city's own."""
    if level == "nuts2":
        return _("regional figure for NUTS 2 region {name} ({code})", name=geo_name, code=geo_code)
    if level == "nuts1":
        return _("regional figure for NUTS 1 region {name} ({code})", name=geo_name, code=geo_code)
    if level == "country":
        return _("national figure for {name}", name=geo_name)
    if level == "eu":
        return _("EU 27 figure")
    if level == "kreis":
        return _("city figure for {name} (a Kreis of its own)", name=geo_name)
    if level == "district":
        return _("{unit} {name}", unit=unit or _("district"), name=geo_name)
    return geo_name


def format_value(value: float | None, unit: str, decimals: int = 1) -> str:
    """A value with its unit: '12.5%' for shares, '103' for index points."""
    if unit.startswith("%"):
        return fmt_percent_points(value, decimals)
    return fmt_number(value, decimals)


def citation(source: dict, extracted: str) -> str:
    """'Source: Eurostat, isoc_r_iuse_i, extracted 2026-11-23; Digital Divide Atlas'."""
    dataset = source.get("dataset") or source.get("title")
    if source.get("last_update"):  # a fresh download from Eurostat's API says how fresh it is
        return _("Source: {publisher}, {dataset} (last updated {updated}), extracted {date}; Digital Divide Atlas",
                 publisher=source.get("publisher", ""), dataset=dataset, updated=source["last_update"], date=extracted)
    return _("Source: {publisher}, {dataset}, extracted {date}; Digital Divide Atlas",
             publisher=source.get("publisher", ""), dataset=dataset, date=extracted)


def member_label(member: dict) -> str:
    """'München (Munich)', 'Zürich', 'Aix-Marseille-Provence Metropole': local spelling first."""
    from atlas.text_utils import fold

    local, name = member.get("local_name") or member["name"], member["name"]
    return local if fold(local) == fold(name) or member.get("kind") == "metropolitan" else f"{local} ({name})"


def describe_figure(figure, indicator: dict, unit_label: str | None = None) -> str:
    """'4.2% in 2024, regional figure for NUTS 2 region Utrecht (NL35); low reliability'."""
    from atlas.i18n import _

    text = _("{value} in {year}, {area}", value=format_value(figure.value, indicator["unit"], indicator.get("decimals", 1)),
             year=figure.period or figure.year, area=area_label(figure.level, figure.geo_name, figure.geo_code, unit_label))
    words = flag_words(figure.flag)
    if figure.moe is not None:
        text += _("; ±{moe} points (95%), {n} interviews", moe=fmt_number(figure.moe), n=fmt_number(figure.n, 0))
    return text + (f"; {words}" if words else "")


def trend_summary(trends, indicator: dict, since: int | None = None) -> str:
    """A sentence per line: first and last value with their years, and what the last one describes;
    with `since`, the change in points since that year ('−2.6 points since 2019')."""
    from atlas.i18n import _

    sentences = []
    for label, rows in trends.groupby("label", sort=False):
        rows = rows.sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        unit, decimals = indicator["unit"], indicator.get("decimals", 1)
        if since is not None:
            sentences.append(_("{label}: {change} points since {since}, to {last_year} ({area}).", label=label,
                               change=signed(last["value"], decimals), since=since, last_year=last["year"],
                               area=last["area"]))
            continue
        sentences.append(_("{label}: {first} in {first_year}, {last} in {last_year} ({area}).", label=label,
                           first=format_value(first["value"], unit, decimals), first_year=first["year"],
                           last=format_value(last["value"], unit, decimals), last_year=last["year"], area=last["area"]))
    return " ".join(sentences)


def signed(value: float, decimals: int = 1) -> str:
    """'+1.0', '−2.6', '0.0': a change always says its direction."""
    text = fmt_number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def ranking_summary(ranking, indicator: dict) -> str:
    """'58 members have a figure for 2024; highest: X (12.3%), lowest: Y (0.4%).'"""
    from atlas.i18n import _

    if ranking.empty:
        return ""
    ordered = ranking.sort_values("value")
    unit, decimals = indicator["unit"], indicator.get("decimals", 1)
    low, high = ordered.iloc[0], ordered.iloc[-1]
    return _("{n} members have a figure for {year}. Highest: {high} ({high_value}, {high_area}); lowest: {low} "
             "({low_value}, {low_area}).", n=len(ranking), year=high["year"], high=high["label"],
             high_value=format_value(high["value"], unit, decimals), high_area=high["area"], low=low["label"],
             low_value=format_value(low["value"], unit, decimals), low_area=low["area"])
