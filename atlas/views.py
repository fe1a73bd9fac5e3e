"""The data behind each page, as plain frames built from the store (no Streamlit).

Pages call these, draw the result, and offer the same frame as a table and a CSV.
"""
from __future__ import annotations

import pandas as pd

from atlas.catalogue import HEADLINE_INDICATOR
from atlas.figure_groups import area_with_level, figure_kind, figure_label, group_by_figure
from atlas.i18n import _, country_name, round_shown
from atlas.indicator import Indicator
from atlas.levels import OWN_LEVELS
from atlas.store import Store
from atlas.text import area_label, flag_words, format_value, member_label, with_interval, year_label


def member_options(store: Store) -> dict[str, str]:
    """member_id -> label, sorted by label; members that are not places are left out."""
    places = store.members[store.members["kind"] != "non_city"]
    labels = {m["member_id"]: member_label(m) for m in places.to_dict("records")}
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))


def indicator_options(store: Store, levels: tuple[str, ...] | None = None) -> dict[str, str]:
    """indicator_id -> translated title, for indicators with data at any of `levels`; a survey's single
    answer shares (`answer_of`) are shown beside their indicator, not offered on their own."""
    out = {}
    for ind_id in store.indicator_ids:
        ind = store.indicator(ind_id)
        if ind.answer_of:
            continue
        if levels is None or set(store.levels(ind_id)) & set(levels):
            out[ind_id] = ind.title
    return out


TREND_COLUMNS = ["label", "members", "kind", "year", "value", "moe", "flag", "flag_words", "area", "is_break",
                 "geo_code", "source", "member_ids"]


def trends_frame(store: Store, indicator: str, member_ids: list[str], references: bool = True,
                 level: str = "best") -> pd.DataFrame:
    """Each member's series with the area every point describes; members whose series is the
    same figure (their region's or country's) are one line, named after that area. With
    `references`, the members' countries and the EU 27 where the source publishes them.
    `level="country"` shows each member through its country instead of its best level."""
    lines = []
    for member_id in member_ids:
        member = store.member(member_id)
        if member is None:
            continue
        series = store.member_series(member_id, indicator) if level == "best" else _area_series(store, member["country"], indicator)
        if not series.empty:
            lines.append((member_id, member_label(member), series))
    frames = _member_lines(lines)
    if references:
        countries = {store.member(m)["country"] for m in member_ids if store.member(m) and store.member(m)["country"]}
        for code in sorted(countries) + ["EU27_2020"]:
            series = _area_series(store, code, indicator)
            if not series.empty:
                frames.append(_with_areas(series, code, store.place_name(code), "reference"))
    if not frames:
        return pd.DataFrame(columns=TREND_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[TREND_COLUMNS]
    return out.drop_duplicates(["label", "year"])


def _member_lines(lines: list[tuple[str, str, pd.DataFrame]]) -> list[pd.DataFrame]:
    """One line per distinct series: members whose points are the same figures (same areas and
    years) share a line labelled by the latest area and the members it stands for."""
    by_series: dict[tuple, list] = {}
    for member_id, label, series in lines:
        signature = tuple(zip(series["year"], series["geo_code"]))
        by_series.setdefault(signature, []).append((member_id, label, series))
    frames = []
    for group in by_series.values():
        # A series that is one member's own and another's region is drawn as the region's (shared).
        series = next((s for _m, _l, s in group if s["level"].iloc[-1] not in OWN_LEVELS), group[0][2])
        last = series.iloc[-1]
        own = last["level"] in OWN_LEVELS and len(group) == 1
        label = figure_label(area_with_level(last["geo_name"], last["level"]), [g[1] for g in group], own)
        frames.append(_with_areas(series, ",".join(g[0] for g in group), label, "member")
                      .assign(members=", ".join(g[1] for g in group)))
    return frames


def _area_series(store: Store, geo_code: str, indicator: str) -> pd.DataFrame:
    rows = store.values(indicator).dropna(subset=["value"])
    rows = rows[rows["geo_code"] == geo_code].sort_values("year")
    return rows.assign(geo_name=store.place_name(geo_code), is_break=False)


def _with_areas(series: pd.DataFrame, member_id: str, label: str, kind: str) -> pd.DataFrame:
    return series.assign(
        member_ids=member_id, label=label, kind=kind, members=label if kind == "reference" else "",
        area=[area_label(r.level, r.geo_name, r.geo_code) for r in series.itertuples()],
        flag_words=series["flag"].map(flag_words))


def change_since(trends: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Each line as the change in points since `base_year`; a line without a value that year is
    left out, and a change that spans a break in series says so."""
    out = []
    for label, rows in trends.groupby("label", sort=False):
        base = rows[rows["year"] == base_year]
        if base.empty:
            continue
        later = rows[rows["year"] >= base_year].copy()
        later["value"] = (later["value"] - base["value"].iloc[0]).round(2)
        crossed = later["is_break"].astype(bool).cumsum() > 0
        later["flag_words"] = later["flag_words"].where(~crossed, later["flag_words"].str.cat(
            [_("change spans a break in series")] * len(later), sep="; ").str.strip("; "))
        out.append(later)
    return pd.concat(out, ignore_index=True) if out else trends.iloc[0:0]


RANKING_COLUMNS = ["label", "area", "members", "n_members", "value", "moe", "year", "flag", "flag_words", "level",
                   "figure_kind", "is_proxy", "geo_code", "source", "member_ids", "country"]


def ranking_frame(store: Store, indicator: str, year: int, country: str | None = None) -> pd.DataFrame:
    """One row per figure for that year, with the area it describes and every member it stands
    for: members that share their region's or country's figure are one bar, never a ranking
    among copies of the same number."""
    rows = []
    for member_id, label in member_options(store).items():
        member = store.member(member_id)
        if country and member["country"] != country:
            continue
        fig = store.member_figure(member_id, indicator, year)
        if fig is None:
            continue
        rows.append({"member_id": member_id, "label": label, "country": member["country"], "value": fig.value,
                     "moe": fig.moe, "year": fig.year, "flag": fig.flag, "flag_words": flag_words(fig.flag), "level": fig.level,
                     "geo_name": fig.geo_name, "area": area_label(fig.level, fig.geo_name, fig.geo_code),
                     "figure_kind": figure_kind(fig.level), "is_proxy": fig.is_proxy, "geo_code": fig.geo_code,
                     "source": fig.source})
    if not rows:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    members = pd.DataFrame(rows)
    grouped = group_by_figure(members, ["source", "geo_code", "year"],
                              area=members["geo_name"].combine(members["level"], area_with_level),
                              own=members["level"].isin(OWN_LEVELS))
    return grouped[RANKING_COLUMNS]


def with_answer_shares(store: Store, frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """A survey indicator's table with each member's answer shares beside it (strongly agree ...
    don't know), read for the same area and year; other indicators' tables come back unchanged."""
    answers = store.indicator(indicator).answers
    if frame.empty or not answers:
        return frame
    out = frame.copy()
    for answer in answers:
        title = store.indicator(answer).title
        out[title] = [_value_or_none(store.area_figure(code, answer, year))
                      for code, year in zip(out["geo_code"], out["year"])]
    return out


def _value_or_none(fig):
    return fig.value if fig else None


def city_profile(store: Store, member_id: str) -> pd.DataFrame:
    """Every indicator the member has a figure for: value, year, area, its country and the EU 27
    beside it, and the distance to the 2030 target where one applies."""
    member = store.member(member_id)
    rows = []
    for ind_id in store.indicator_ids:
        ind = store.indicator(ind_id)
        fig = store.member_figure(member_id, ind_id)
        if fig is None or fig.level == "district":
            continue
        national = store.area_figure(member["country"], ind_id, fig.year) if fig.level != "country" else fig
        eu = store.area_figure("EU27_2020", ind_id, fig.year)
        target = ind.target
        rows.append({
            "indicator": ind_id, "title": ind.title, "unit": ind.unit, "higher_is": ind.higher_is,
            "level": fig.level, "decimals": ind.decimals,
            "value": fig.value, "shown": _shown_with_interval(fig, ind),
            "year": fig.year, "year_shown": year_label(ind, fig.year), "area": area_label(fig.level, fig.geo_name, fig.geo_code),
            "area_words": area_label(fig.level, fig.geo_name, fig.geo_code, with_code=False),
            "flags": flag_words(fig.flag),
            "country_value": national.value if national else None,
            "eu_value": eu.value if eu else None,
            "country_shown": _shown_with_flags(national, ind) if national else "",
            "eu_shown": _shown_with_flags(eu, ind) if eu else _("not published"),
            "target": target,
            # from the value as shown (59.6, not 59.55), so the two columns agree
            "gap_to_target": round_shown(target - round_shown(fig.value, ind.decimals), 1)
            if target is not None else None,
            "source": store.sources[fig.source]["publisher"] + ", " + ind.dataset,
        })
    return pd.DataFrame(rows)


def _shown_with_interval(fig, ind: Indicator) -> str:
    return with_interval(fig.value, ind.unit, ind.decimals, fig.moe)


def _shown_with_flags(fig, ind: Indicator) -> str:
    """A comparison's value with its flags in words: '88.8% (break in series)'."""
    shown, flags = format_value(fig.value, ind.unit, ind.decimals), flag_words(fig.flag)
    return f"{shown} ({flags})" if flags else shown


def never_used_summary(store: Store, member_id: str) -> str | None:
    """'In 2025, 3.4% of people in the region of X had never used the internet, against Y% in
    COUNTRY.' Every number read from the store (the regional tables publish no EU 27 figure)."""
    fig = store.member_figure(member_id, HEADLINE_INDICATOR)
    if fig is None:
        return None
    member = store.member(member_id)
    ind = store.indicator(HEADLINE_INDICATOR)
    national = store.area_figure(member["country"], HEADLINE_INDICATOR, fig.year)
    where = {"nuts2": _("the region of {name}", name=fig.geo_name), "nuts1": _("the region of {name}", name=fig.geo_name),
             "country": country_name(member["country"])}.get(fig.level, fig.geo_name)
    text = _("In {year}, {value} of people in {where} had never used the internet",
             year=fig.year, value=_flagged(fig, ind), where=where)
    if national and fig.level != "country":
        text += _(", against {value} in {country}", value=_flagged(national, ind), country=country_name(member["country"]))
    return text + "."


def _flagged(fig, ind: Indicator) -> str:
    """'2.1% (low reliability)': a flagged value never appears without its caveat."""
    words = flag_words(fig.flag)
    return format_value(fig.value, ind.unit) + (f" ({words})" if words else "")


SCATTER_COLUMNS = ["label", "x", "x_year", "x_area", "x_flags", "y", "y_year", "y_area", "y_flags", "members", "n_members",
                   "member_ids"]


def scatter_frame(store: Store, x_indicator: str, y_indicator: str) -> pd.DataFrame:
    """One point per pair of figures: each member's latest figure for two indicators, with the
    area and year of each; members showing the same two figures are one point."""
    rows = []
    for member_id, label in member_options(store).items():
        x, y = store.member_figure(member_id, x_indicator), store.member_figure(member_id, y_indicator)
        if x is None or y is None:
            continue
        rows.append({"member_id": member_id, "label": label, "x": x.value, "x_year": x.year,
                     "x_area": area_label(x.level, x.geo_name, x.geo_code), "y": y.value, "y_year": y.year,
                     "y_area": area_label(y.level, y.geo_name, y.geo_code), "x_code": x.geo_code, "y_code": y.geo_code,
                     "x_flags": flag_words(x.flag), "y_flags": flag_words(y.flag),
                     "area": _pair_area(x, y), "own": x.level in OWN_LEVELS and y.level in OWN_LEVELS})
    if not rows:
        return pd.DataFrame(columns=SCATTER_COLUMNS)
    members = pd.DataFrame(rows)
    grouped = group_by_figure(members, ["x_code", "x_year", "y_code", "y_year"], area=members["area"], own=members["own"])
    return grouped[SCATTER_COLUMNS]


def _pair_area(x, y) -> str:
    """'Bayern (region)', or 'Bayern (region) / Germany (country)' when the two figures describe different areas."""
    first = area_with_level(x.geo_name, x.level)
    return first if x.geo_code == y.geo_code else f"{first} / {area_with_level(y.geo_name, y.level)}"


def district_spread(store: Store, member_id: str) -> list[dict]:
    """For each of the member's district layers with figures, and each source on it (DERI and the
    Census online share on one layer): the main indicator's highest and lowest district and the
    ratio between them, over the member's own area. A layer wider than a city member (Greater
    Manchester's LSOAs for the City of Manchester) is cut to the city's own districts, and
    `wider_area` / `wider_count` name what the full layer covers."""
    out = []
    member = store.member(member_id)
    for layer in store.member_layers(member_id).to_dict("records"):
        indicators = store.district_indicators(layer["layer_id"])
        if not indicators:
            continue
        shapes = city_districts(store, member_id, layer["layer_id"])
        whole = len(store.member_districts(member_id, layer["layer_id"]))
        for indicator in _main_per_source(store, indicators):
            out += _spread(store, layer, shapes, indicator, member, whole)
    return out


def _main_per_source(store: Store, indicators: list[str]) -> list[str]:
    """Each source's first indicator (its main score): DERI and the Census online share on one layer."""
    firsts = {}
    for ind in indicators:
        firsts.setdefault(store.indicator(ind).source, ind)
    return list(firsts.values())


def _spread(store: Store, layer: dict, shapes, indicator: str, member: dict, whole: int) -> list[dict]:
    values = store.values(indicator)
    values = values[values["geo_code"].isin(shapes["geo_code"])].dropna(subset=["value"])
    values = values[values["year"] == values["year"].max()].merge(shapes[["geo_code", "name"]], on="geo_code")
    if values.empty:
        return []
    high, low = values.loc[values["value"].idxmax()], values.loc[values["value"].idxmin()]
    return [{"layer_id": layer["layer_id"], "unit": layer["unit"], "unit_plural": layer["unit_plural"],
             "indicator": indicator, "year": int(high["year"]), "count": len(values),
             "area": layer.get("city_area") or member_label(member),
             "wider_area": layer.get("wider_area") if whole > len(shapes) else "",
             "wider_count": whole, "city_count": len(shapes), "codes": shapes["geo_code"].tolist(),
             "highest": high["name"], "highest_value": float(high["value"]),
             "lowest": low["name"], "lowest_value": float(low["value"]),
             "ratio": round(float(high["value"]) / float(low["value"]), 2) if low["value"] else None}]


def city_districts(store: Store, member_id: str, layer_id: str):
    """The member's districts within its own area: all of them for a metropolitan member or a
    layer that covers just the city, else those the layer marks as in the city."""
    shapes = store.member_districts(member_id, layer_id)
    if store.member(member_id).get("kind") == "metropolitan" or "in_city" not in shapes:
        return shapes
    return shapes[shapes["in_city"].fillna(True).astype(bool)]


def peer_members(store: Store, member_id: str, with_practices: set[str], indicator: str = HEADLINE_INDICATOR,
                 count: int = 3) -> list[str]:
    """Members with practices to learn from: same country first, then the closest value of `indicator`."""
    member = store.member(member_id)
    candidates = [m for m in with_practices if m != member_id and store.member(m)]
    same_country = [m for m in candidates if store.member(m)["country"] == member["country"]]
    mine = store.member_figure(member_id, indicator)
    def distance(m):
        theirs = store.member_figure(m, indicator)
        return abs(theirs.value - mine.value) if mine and theirs else float("inf")
    others = sorted((m for m in candidates if m not in same_country), key=distance)
    return (sorted(same_country, key=distance) + others)[:count]


def peer_practices(store: Store, member_id: str, practices: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Practices of peers for a member with none of its own, and whether the peers are comparable
    (a figure of the member to compare with, or a peer in its country)."""
    member = store.member(member_id)
    peers = peer_members(store, member_id, set(practices["member_id"]))
    comparable = store.member_figure(member_id, HEADLINE_INDICATOR) is not None or any(
        store.member(p)["country"] == member["country"] for p in peers)
    return practices[practices["member_id"].isin(peers)], comparable
