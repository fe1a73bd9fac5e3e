"""Which level of data each member has, and why: for the About page and `python -m atlas coverage`."""
from __future__ import annotations

import json

import pandas as pd

from atlas.i18n import _
from atlas.store import Store, StoreMissing
from atlas.text import member_note


def member_coverage(store: Store) -> pd.DataFrame:
    """One row per member: the finest level with figures, and a reason in words."""
    obs = store.observations.dropna(subset=["value"])
    codes = set(obs["geo_code"])
    district_layers = set(obs.loc[obs["level"] == "district", "geo_code"].str.split(":", n=1).str[0])
    rows = []
    for m in store.members.to_dict("records"):
        level, why = _finest_level(m, codes, district_layers, store)
        rows.append({"member_id": m["member_id"], "name": m["name"], "local_name": m["local_name"],
                     "kind": m["kind"], "country": m["country"], "level": level, "why": why,
                     "resolved": bool(m["country"]) and pd.notna(m["lat"]),
                     "on_member_page": bool(m.get("on_member_page", True))})
    return pd.DataFrame(rows)


def _finest_level(m: dict, codes: set, district_layers: set, store: Store) -> tuple[str, str]:
    layers = [lid for lid in str(m.get("district_layers") or "").split(",") if lid]
    measured = [lid for lid in layers if lid in district_layers]
    if measured:
        return "district", _("district figures ({layers})", layers=", ".join(measured))
    if isinstance(m.get("kreis_code"), str) and m["kreis_code"] in codes:
        return "city", _("city figures: the city is a Kreis of its own")
    city_areas = [code for code in _city_areas(m) if code in codes]
    if city_areas:
        return "city", _("city figures for the area that is the city ({codes})", codes=", ".join(city_areas))
    region = m.get("region_code")
    if isinstance(region, str) and region in codes:
        extra = _("; boundaries of its districts but no district figures") if layers else ""
        return "region", _("figures for its NUTS region {code}", code=region) + extra
    if m.get("kind") == "non_city":
        return "none", _("not a place: {decision}", decision=member_note(m))
    if isinstance(m.get("country"), str) and m["country"] in codes:
        return "country", _("national figures only for {country}", country=m["country"])
    return "none", _("no figures found")


def _city_areas(m: dict) -> list[str]:
    joined = m.get("city_areas")
    return [code for code in joined.split(",") if code] if isinstance(joined, str) else []


def levels_with_figures(m: dict, codes: set, district_layers: set) -> set[str]:
    """Every level at which a member has at least one figure (not only its finest)."""
    layers = [lid for lid in str(m.get("district_layers") or "").split(",") if lid]
    found = set()
    if any(lid in district_layers for lid in layers):
        found.add("district")
    if m.get("kreis_code") in codes or any(code in codes for code in _city_areas(m)):
        found.add("city")
    if m.get("region_code") in codes and m.get("region_code") not in _city_areas(m):  # not a region that is the city
        found.add("region")
    if m.get("country") in codes:
        found.add("country")
    return found


def members_per_level(store: Store, members: pd.DataFrame) -> dict[str, int]:
    obs = store.observations.dropna(subset=["value"])
    codes = set(obs["geo_code"])
    district_layers = set(obs.loc[obs["level"] == "district", "geo_code"].str.split(":", n=1).str[0])
    counts = dict.fromkeys(("district", "city", "region", "country"), 0)
    for m in members.to_dict("records"):
        for level in levels_with_figures(m, codes, district_layers):
            counts[level] += 1
    return counts


def coverage_summary(store: Store) -> dict:
    everyone = member_coverage(store)
    table = everyone[everyone["on_member_page"]]
    counts = table["level"].value_counts()
    return {
        "members_total": len(table),
        "members_resolved": int(table["resolved"].sum()),
        "with_district": int(counts.get("district", 0)),
        "with_city": int(counts.get("city", 0)),
        "with_region": int(counts.get("region", 0)),
        "with_country_only": int(counts.get("country", 0)),
        "with_none": int(counts.get("none", 0)),
        "added_cities_not_members": int((~everyone["on_member_page"]).sum()),
        # members with at least one figure at each level (a member counts at every level it has)
        "members_with_figures_at": members_per_level(store, store.members[store.members["on_member_page"].fillna(True).astype(bool)]),
        "indicators": len(store.indicator_ids),
        "observations": int(store.observations["value"].notna().sum()),
        "built_at": store.manifest["built_at"],
    }


def print_coverage(as_json: bool = False) -> int:
    try:
        store = Store.open()
    except StoreMissing as exc:
        print(exc)
        return 1
    summary = coverage_summary(store)
    if as_json:
        print(json.dumps(summary))
        return 0
    for key, value in summary.items():
        print(f"{key:>20}: {value}")
    return 0
