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
