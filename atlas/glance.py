"""The City profile's first screen: "how are we doing?" in one sentence, then one row per indicator
(the member's figure, its country, the EU 27, the 2030 target, the distance) with a small dot plot
of where the member sits. Plain HTML and CSS: a table on a wide screen, cards on a phone, and the
details (year, flags in words, source) one tap away in a <details>. Every text from data is escaped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from atlas.export import for_display
from atlas.i18n import _, country_name, fmt_number
from atlas.levels import OWN_LEVELS
from atlas.text import escape, format_value

# The four marks of the dot plot: (profile column, CSS class); the target is a line, not a dot.
MARKS = (("country_value", "country"), ("eu_value", "eu"), ("value", "member"))


# The full table's columns, in order, as the page shows them.
TABLE_COLUMNS = ["title", "shown", "flags", "year_shown", "area", "country_shown", "eu_shown", "target",
                 "gap_to_target", "source"]


@dataclass(frozen=True)
class ProfileScreen:
    """What the City profile shows of a member's figures: the same for every reader of a language,
    so atlas.cached builds it once per process."""
    profile: pd.DataFrame  # every figure (atlas.views.city_profile), for the downloads
    headline: str
    glance: str            # the rows, as HTML
    table: pd.DataFrame    # the full table as shown


def profile_screen(store, member_id: str) -> ProfileScreen | None:
    """The member's first screen and full table; None when no figure is published for it."""
    from atlas.views import city_profile, member_options

    profile = city_profile(store, member_id)
    if profile.empty:
        return None
    name = member_options(store)[member_id]
    return ProfileScreen(profile=profile, glance=glance_html(profile, name), table=for_display(profile[TABLE_COLUMNS]),
                         headline=headline(profile, name, country_name(store.member(member_id)["country"])))


def headline(profile: pd.DataFrame, name: str, country: str) -> str:
    """'Against the EU 27 average, France's national figures, shown for Paris where nothing closer
    is published, are better on 6 of 8 indicators and worse on 2. …' Figures are compared in groups
    by the area they describe (the member itself, its region, its country), so a shared figure is
    never counted as the member's own; each comparison counts only the indicators with both figures,
    and a figure that is the country's own is not compared with it."""
    own = profile["level"].isin(OWN_LEVELS)
    national = profile["level"] == "country"
    groups = {"own": profile[own], "region": profile[~own & ~national], "country": profile[national]}
    parts, flagged = [], 0
    for group, rows in groups.items():
        better, worse, total, flags = _compare(rows, "eu_value")
        if total:
            parts.append(_eu_sentence(group, name, country, better, worse, total))
            flagged += flags
    for group in ("own", "region"):
        better, worse, total, flags = _compare(groups[group], "country_value")
        if total:
            parts.append(_country_sentence(group, name, country, better, worse, total))
            flagged += flags
    if flagged:
        parts.append(_("Some figures compared carry a flag (low reliability, estimate or break in series): each "
                       "row says which."))
    shared = int((~own).sum())
    if shared:
        parts.append(_("{shared} of the {count} figures describe the member's region or country, not the member "
                       "alone: each row says which.", shared=shared, count=len(profile)))
    return " ".join(parts)


def _compare(rows: pd.DataFrame, other: str) -> tuple[int, int, int, int]:
    """(better, worse, compared, flagged among the compared) against the `other` column."""
    rows = rows.dropna(subset=[other])
    rows = rows[rows["value"].round(1) != rows[other].round(1)]
    better = int(((rows["value"] > rows[other]) == (rows["higher_is"] == "better")).sum())
    return better, len(rows) - better, len(rows), int((rows["flags"] != "").sum())


def _eu_sentence(group: str, name: str, country: str, better: int, worse: int, total: int) -> str:
    counts = {"better": better, "worse": worse, "total": total}
    if group == "own":
        return _("Against the EU 27 average, the figures of {name} itself are better on {better} of {total} "
                 "indicators and worse on {worse}.", name=name, **counts)
    if group == "region":
        return _("Against the EU 27 average, the regional figures shown for {name} are better on {better} of "
                 "{total} indicators and worse on {worse}.", name=name, **counts)
    return _("Against the EU 27 average, {country}'s national figures, shown for {name} where nothing closer is "
             "published, are better on {better} of {total} indicators and worse on {worse}.",
             country=country, name=name, **counts)


def _country_sentence(group: str, name: str, country: str, better: int, worse: int, total: int) -> str:
    counts = {"better": better, "worse": worse, "total": total}
    if group == "own":
        return _("Against {country} as a whole, the figures of {name} itself: better on {better} of {total}, worse "
                 "on {worse}.", country=country, name=name, **counts)
    return _("Against {country} as a whole, the regional figures shown for {name}: better on {better} of {total}, "
             "worse on {worse}.", country=country, name=name, **counts)


def glance_html(profile: pd.DataFrame, name: str) -> str:
    """The rows as an HTML table that becomes cards under 640 px."""
    heads = [_("Indicator"), _("{name} or its area", name=name), _("Country"), _("EU 27"), _("2030 target"),
             _("Distance to target"), _("Where it sits")]
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in heads)
    rows = "".join(_row(r, heads) for r in profile.to_dict("records"))
    return (f"<style>{_CSS}</style><div class='atlas-glance'>{_legend()}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


def _row(r: dict, heads: list[str]) -> str:
    unit, decimals = r["unit"], int(r["decimals"])
    target = _number(r.get("target"))
    gap = _number(r.get("gap_to_target"))
    distance = "" if target is None else (_("reached") if gap is not None and gap <= 0 else
                                          _("{points} points to go", points=fmt_number(gap, 1)))
    details = " · ".join(x for x in (
        _("Year: {year}", year=r["year_shown"]), _("Flags: {flags}", flags=r["flags"]) if r["flags"] else "",
        _("Source: {source}", source=r["source"])) if x)
    title, more = r["title"], _("Details")  # the title translated by city_profile
    # Area, year and flags in sight, not behind "Details": rows of different years and areas sit side by side.
    seen = " · ".join(x for x in (r["area_words"], str(r["year_shown"]), r["flags"]) if x)
    cells = [
        f"<td class='ind'><strong>{escape(title)}</strong> <span class='unit'>({escape(unit)})</span>"
        f"<div class='area'>{escape(seen)}</div>"
        f"<details><summary>{escape(more)}</summary>{escape(details)}</details></td>",
        f"<td class='num member'>{escape(r['shown'])}</td>",
        f"<td class='num'>{escape(r['country_shown'] or '—')}</td>",
        f"<td class='num'>{escape(r['eu_shown'] or '—')}</td>",
        f"<td class='num'>{escape(format_value(target, unit, decimals) if target is not None else '—')}</td>",
        f"<td class='num'>{escape(distance or '—')}</td>",
        f"<td class='plot'>{_dots(r, target)}</td>",
    ]
    # An empty figure is a dash in the table and left out of the card.
    cells = [c.replace("class='num'", "class='num none'") if c.endswith(">—</td>") else c for c in cells]
    return "<tr>" + "".join(c.replace("<td", f"<td data-label='{escape(h)}'", 1) for c, h in zip(cells, heads)) + "</tr>"


def _dots(r: dict, target: float | None) -> str:
    """Member, country and EU 27 as dots and the target as a line, on a scale spanning just these
    figures (padded), so small differences show; the scale is the row's own, said in its label."""
    values = {cls: _number(r.get(col)) for col, cls in MARKS}
    known = [v for v in values.values() if v is not None] + ([target] if target is not None else [])
    low, high = min(known), max(known)
    pad = max((high - low) * 0.15, abs(high) * 0.02, 0.5)
    low, high = low - pad, high + pad

    def left(v: float) -> str:
        return f"{100 * (v - low) / (high - low):.1f}%"

    marks = [f"<span class='mark {cls}' style='left:{left(v)}'></span>" for cls, v in values.items()
             if v is not None and cls != "member"]
    if target is not None:
        marks.append(f"<span class='mark target' style='left:{left(target)}'></span>")
    if values["member"] is not None:  # drawn last: on top
        marks.append(f"<span class='mark member' style='left:{left(values['member'])}'></span>")
    said = _("Member {value}, country {country}, EU 27 {eu}, target {target}", value=r["shown"],
             country=r["country_shown"] or "—", eu=r["eu_shown"] or "—",
             target=format_value(target, r["unit"], int(r["decimals"])) if target is not None else "—")
    return f"<div class='track' role='img' aria-label='{escape(said)}'>{''.join(marks)}</div>"


def _legend() -> str:
    items = [("member", _("the figure shown for the member (its own, or its area's)")), ("country", _("country")), ("eu", _("EU 27")),
             ("target", _("2030 target"))]
    return "<p class='legend'>" + "".join(
        f"<span><span class='mark {cls} key'></span>{escape(text)}</span>" for cls, text in items) + "</p>"


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# A table on a wide screen; under 640 px each row is a card: title, the figures two by two, then the plot.
_CSS = """
.atlas-glance table{border-collapse:collapse;width:100%;font-size:.95rem}
.atlas-glance th{text-align:left;font-weight:600;padding:6px 8px;border-bottom:2px solid rgba(128,128,128,.5)}
.atlas-glance td{padding:6px 8px;border-bottom:1px solid rgba(128,128,128,.3);vertical-align:top}
.atlas-glance td.num{white-space:nowrap}
.atlas-glance td.member{font-weight:700}
.atlas-glance .area,.atlas-glance .unit{font-size:.85rem;opacity:.8}
.atlas-glance details{font-size:.85rem}
.atlas-glance summary{cursor:pointer;min-height:24px;line-height:24px;text-decoration:underline}
.atlas-glance .plot{min-width:8em;width:18%}
.atlas-glance .track{position:relative;height:24px;margin:0 8px;border-bottom:1px solid rgba(128,128,128,.6)}
.atlas-glance .mark{position:absolute;top:7px;width:10px;height:10px;margin-left:-5px;box-sizing:border-box}
.atlas-glance .mark.member{background:#2c7fb8;border-radius:50%;width:14px;height:14px;margin-left:-7px;top:5px}
.atlas-glance .mark.country{border:2px solid #555;border-radius:50%}
.atlas-glance .mark.eu{border:2px solid #d95f0e;transform:rotate(45deg)}
.atlas-glance .mark.target{width:3px;height:22px;top:1px;margin-left:-1px;background:#238443}
.atlas-glance .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85rem;margin:0 0 4px}
.atlas-glance .mark.key{position:relative;display:inline-block;top:1px;margin:0 5px 0 0;vertical-align:baseline}
.atlas-glance .mark.target.key{height:14px;top:2px}
@media (max-width:640px){
 .atlas-glance thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 .atlas-glance tr{display:grid;grid-template-columns:1fr 1fr;gap:2px 12px;padding:8px 0;
  border-bottom:1px solid rgba(128,128,128,.4)}
 .atlas-glance td{display:block;border:0;padding:2px 0;white-space:normal}
 .atlas-glance td.num{white-space:normal}
 .atlas-glance td.none{display:none}
 .atlas-glance td.ind,.atlas-glance td.plot{grid-column:1/-1;width:auto}
 .atlas-glance td.num::before{content:attr(data-label);display:block;font-size:.8rem;opacity:.8;font-weight:400}
}
"""
