"""One bar, point or line per figure, not per member.

Members often share one observation: a region's or a country's figure stands for every member
inside it. Drawn once per member, a shared figure looks like many cities' own values and invites
a ranking among them ("Berlin is last in Germany") that the data cannot support. These functions
collapse the members that show the same observation into one row, labelled by the area the figure
describes and listing the members it stands for.
"""
from __future__ import annotations

import pandas as pd

from atlas.i18n import _
from atlas.levels import OWN_LEVELS

LABEL_MEMBERS = 3  # members named in a chart label before "and N more"; tables list them all


def level_word(level: str) -> str:
    """What kind of area a figure describes, in a word: 'region', 'country', 'city'."""
    words = {"nuts2": _("region"), "nuts1": _("region"), "country": _("country"), "eu": _("EU 27"),
             "kreis": _("city"), "city": _("city"), "district": _("district")}
    return words.get(level, level)


def figure_kind(level: str) -> str:
    """own | region | country: the level of a figure as a category charts draw with a pattern."""
    if level in OWN_LEVELS:
        return "own"
    return "country" if level in ("country", "eu") else "region"


def area_with_level(geo_name: str, level: str) -> str:
    """'Nordrhein-Westfalen (region)'."""
    return _("{name} ({level})", name=geo_name, level=level_word(level))


def figure_label(area: str, member_labels: list[str], own: bool) -> str:
    """A member's own figure is labelled by the member; a shared or borrowed one by its area and
    the members it stands for: 'Nordrhein-Westfalen (region): Köln (Cologne), Dortmund, Essen and 4 more'."""
    if own and len(member_labels) == 1:
        return member_labels[0]
    named = ", ".join(member_labels[:LABEL_MEMBERS])
    if len(member_labels) > LABEL_MEMBERS:
        named = _("{names} and {count} more", names=named, count=len(member_labels) - LABEL_MEMBERS)
    return f"{area}: {named}"


def group_by_figure(rows: pd.DataFrame, keys: list[str], area: pd.Series, own: pd.Series) -> pd.DataFrame:
    """One row per distinct figure (the `keys` columns identify it) instead of one per member.

    `rows` has one row per member with `member_id` and `label` (the member's name); `area` says,
    per row, what area the figure describes ('Nordrhein-Westfalen (region)'), and `own` whether it
    is the member's own. The result keeps the first member's other columns and adds `members`
    (every member, for tables and downloads), `member_ids` (comma-separated, for selections),
    `n_members` and `label` (for charts: the member, or the area and the members it stands for).
    A figure that is one member's own and another's region (the Brussels-Capital Region's BE10, for
    the City of Brussels too) is described by a row it is not the own of, whatever the order of rows."""
    if rows.empty:
        return rows.assign(members="", member_ids="", n_members=0)
    rows = rows.reset_index(drop=True).assign(_area=area.values, _own=own.values)
    grouped = rows.groupby(keys, sort=False, dropna=False)
    described_by = grouped["_own"].apply(lambda own: own.astype(int).idxmin())  # the first row not its own, else the first
    out = rows.loc[described_by.values].reset_index(drop=True)
    members = grouped["label"].agg(list).reset_index(drop=True)
    out["member_ids"] = grouped["member_id"].agg(",".join).reset_index(drop=True)
    out["members"] = members.map(", ".join)
    out["n_members"] = members.map(len)
    out["label"] = [figure_label(a, m, o) for a, m, o in zip(out["_area"], members, out["_own"])]
    return out.drop(columns=["_area", "_own", "member_id"])


def split_ids(member_ids: str) -> list[str]:
    return [m for m in str(member_ids or "").split(",") if m]


def involves(member_ids: pd.Series, chosen) -> pd.Series:
    """Per row, whether any of its members is among `chosen`."""
    chosen = set(chosen)
    return member_ids.map(lambda ids: bool(chosen.intersection(split_ids(ids))))
