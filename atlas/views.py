"""The data behind each page, as plain frames built from the store (no Streamlit).

Pages call these, draw the result, and offer the same frame as a table and a CSV.
"""
from __future__ import annotations

import pandas as pd

from atlas.i18n import _, country_name
from atlas.store import Store
from atlas.text import area_label, describe_figure, flag_words, format_value, member_label


def member_options(store: Store) -> dict[str, str]:
    """member_id -> label, sorted by label; members that are not places are left out."""
    places = store.members[store.members["kind"] != "non_city"]
    labels = {m["member_id"]: member_label(m) for m in places.to_dict("records")}
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))


def indicator_options(store: Store, levels: tuple[str, ...] | None = None) -> dict[str, str]:
    """indicator_id -> translated title, for indicators with data at any of `levels`."""
    out = {}
    for ind_id, ind in store.indicators.items():
        if levels is None or set(store.levels(ind_id)) & set(levels):
            out[ind_id] = _(ind["title"])
    return out


def trends_frame(store: Store, indicator: str, member_ids: list[str]) -> pd.DataFrame:
    """Each member's series at its best level, with the area every point describes."""
    frames = []
    for member_id in member_ids:
        member = store.member(member_id)
        series = store.member_series(member_id, indicator)
        if member is None or series.empty:
            continue
        frames.append(series.assign(
            member_id=member_id, label=member_label(member),
            area=[area_label(r.level, r.geo_name, r.geo_code) for r in series.itertuples()],
            flag_words=series["flag"].map(flag_words)))
    if not frames:
        return pd.DataFrame(columns=["member_id", "label", "year", "value", "flag", "flag_words", "area", "is_break", "source"])
    return pd.concat(frames, ignore_index=True)[
        ["member_id", "label", "year", "value", "flag", "flag_words", "area", "is_break", "geo_code", "source"]]


def ranking_frame(store: Store, indicator: str, year: int, country: str | None = None) -> pd.DataFrame:
    """Every member with a figure for that year, with the area it describes."""
    rows = []
    for member_id, label in member_options(store).items():
        member = store.member(member_id)
        if country and member["country"] != country:
            continue
        fig = store.member_figure(member_id, indicator, year)
        if fig is None:
            continue
        rows.append({"member_id": member_id, "label": label, "country": member["country"], "value": fig.value,
                     "year": fig.year, "flag": fig.flag, "flag_words": flag_words(fig.flag), "level": fig.level,
                     "area": area_label(fig.level, fig.geo_name, fig.geo_code), "is_proxy": fig.is_proxy,
                     "geo_code": fig.geo_code, "source": fig.source})
    return pd.DataFrame(rows, columns=["member_id", "label", "country", "value", "year", "flag", "flag_words",
                                       "level", "area", "is_proxy", "geo_code", "source"])


def city_profile(store: Store, member_id: str) -> pd.DataFrame:
    """Every indicator the member has a figure for: value, year, area, its country and the EU 27
    beside it, and the distance to the 2030 target where one applies."""
    member = store.member(member_id)
    rows = []
    for ind_id, ind in store.indicators.items():
        fig = store.member_figure(member_id, ind_id)
        if fig is None or fig.level == "district":
            continue
        national = store.area_figure(member["country"], ind_id, fig.year) if fig.level != "country" else fig
        eu = store.area_figure("EU27_2020", ind_id, fig.year)
        target = ind.get("target")
        rows.append({
            "indicator": ind_id, "title": _(ind["title"]), "unit": ind["unit"],
            "value": fig.value, "shown": format_value(fig.value, ind["unit"], ind.get("decimals", 1)),
            "year": fig.year, "area": area_label(fig.level, fig.geo_name, fig.geo_code),
            "flags": flag_words(fig.flag),
            "country_value": national.value if national else None,
            "eu_value": eu.value if eu else None,
            "target": target["value"] if target else None,
            "gap_to_target": round(target["value"] - fig.value, 2) if target else None,
            "source": store.sources[fig.source]["publisher"] + ", " + ind["dataset"],
        })
    return pd.DataFrame(rows)


def never_used_summary(store: Store, member_id: str) -> str | None:
    """'In 2025, 3.4% of people in the region of X had never used the internet, against Y% in
    COUNTRY and Z% in the EU 27.' Every number read from the store."""
    fig = store.member_figure(member_id, "never_used_internet")
    if fig is None:
        return None
    member = store.member(member_id)
    ind = store.indicators["never_used_internet"]
    national = store.area_figure(member["country"], "never_used_internet", fig.year)
    where = {"nuts2": _("the region of {name}", name=fig.geo_name), "nuts1": _("the region of {name}", name=fig.geo_name),
             "country": country_name(member["country"])}.get(fig.level, fig.geo_name)
    text = _("In {year}, {value} of people in {where} had never used the internet",
             year=fig.year, value=format_value(fig.value, ind["unit"]), where=where)
    if national and fig.level != "country":
        text += _(", against {value} in {country}", value=format_value(national.value, ind["unit"]),
                  country=country_name(member["country"]))
    return text + "."


def describe_member_figure(store: Store, member_id: str, indicator: str, year: int | None = None) -> str | None:
    fig = store.member_figure(member_id, indicator, year)
    return describe_figure(fig, store.indicators[indicator]) if fig else None
