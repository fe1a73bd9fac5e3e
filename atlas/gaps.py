"""A reason for every gap: what a member has at district and at city level, and, where it has
nothing there, that the sources this atlas reads publish nothing for it and which area the
closest figures describe ("... the closest figures are for Västsverige (SE23)").

Pure functions of the store; the City profile and the Map only draw the sentences.
"""
from __future__ import annotations

import pandas as pd

from atlas.i18n import _, country_name
from atlas.levels import CITY_LEVELS, level_rank
from atlas.store import Figure, Store
from atlas.text import whole_country_region

def district_figures_by_layer(store: Store) -> pd.DataFrame:
    """One row per (member name, layer) with district figures: the indicators measured there."""
    obs = store.observations
    measured = obs[(obs["level"] == "district") & obs["value"].notna()][["geo_code", "indicator"]]
    shapes = store.districts[["geo_code", "layer_id", "member_name"]]
    both = shapes.merge(measured.drop_duplicates(), on="geo_code")
    return (both.groupby(["member_name", "layer_id"])["indicator"].agg(lambda ids: sorted(set(ids)))
            .rename("indicators").reset_index())


def members_with_district_figures(store: Store) -> set[str]:
    """Names of the members with at least one district figure."""
    return set(district_figures_by_layer(store)["member_name"])


def district_list_labels(store: Store, labels: dict[str, str]) -> dict[str, str]:
    """The Map's list of members with district boundaries, each without figures marked so."""
    measured = members_with_district_figures(store)
    out = {}
    for member_id, label in labels.items():
        name = store.member(member_id)["name"]
        out[member_id] = label if name in measured else _("{label} – boundaries only, no figures", label=label)
    return out


def closest_figure(store: Store, member_id: str) -> Figure | None:
    """The member's figure at the closest level among all indicators (districts left aside)."""
    figures = [f for f in (store.member_figure(member_id, ind) for ind in store.indicator_ids) if f is not None]
    figures = [f for f in figures if f.level != "district"]
    return min(figures, key=lambda f: (level_rank(f.level), -f.year, f.geo_code), default=None)


def area_words(figure: Figure) -> str:
    """'Västsverige (SE23)', 'the city itself (Köln)', 'the country as a whole (Ukraine)'."""
    if figure.level == "country":
        return _("the country as a whole ({country})", country=country_name(figure.geo_code))
    if figure.level in CITY_LEVELS:
        return _("the city itself ({name})", name=figure.geo_name)
    if whole_country_region(figure.geo_code):
        return _("{name} ({code}), a region that is the whole country", name=figure.geo_name, code=figure.geo_code)
    return f"{figure.geo_name} ({figure.geo_code})"


def level_reasons(store: Store, member_id: str) -> list[str]:
    """Two sentences: what exists for the member at district level and at city level, and why not."""
    member = store.member(member_id)
    if member is None or member.get("kind") == "non_city":
        return []
    name = member.get("local_name") or member["name"]
    return [_district_sentence(store, member, name), _city_sentence(store, member_id, name)]


def _district_sentence(store: Store, member: dict, name: str) -> str:
    layers = store.layers[store.layers["member_name"] == member["name"]]
    measured = district_figures_by_layer(store)
    measured = measured[measured["member_name"] == member["name"]]
    if not measured.empty:
        units = dict(zip(layers["layer_id"], layers["unit_plural"]))
        parts = [_("{indicators} for its {units}", indicators=_titles(store, row.indicators),
                   units=units.get(row.layer_id, row.layer_id)) for row in measured.itertuples()]
        return " ".join([_("District figures: {parts}.", parts="; ".join(parts)),
                         *unshown_districts(store, member["member_id"], name)])
    if not layers.empty:
        return _("No district figures are published for {name} in the sources this atlas reads; its {units} are "
                 "on the map, without figures.", name=name, units=", ".join(layers["unit_plural"]))
    return no_districts_shown(store, member["member_id"], name) or _(
        "No district figures are published for {name} in the sources this atlas reads, and the atlas has no "
        "boundaries of its districts.", name=name)


def no_districts_shown(store: Store, member_id: str, name: str) -> str:
    """'The atlas shows no district figures for Birmingham. Figures for its LSOAs are published in …',
    or '' when no source this atlas reads publishes any for the member."""
    unshown = unshown_districts(store, member_id, name)
    return " ".join([_("The atlas shows no district figures for {name}.", name=name), *unshown]) if unshown else ""


def unshown_districts(store: Store, member_id: str, name: str) -> list[str]:
    """Why district figures that sources publish for the member are not shown (data/district_misses.csv)."""
    from atlas.members import load_district_misses

    misses = load_district_misses()
    misses = misses[misses["member_id"] == member_id]
    out = []
    for (reason, units), rows in misses.groupby(["reason", "units"], sort=False):
        datasets = _in_words(_datasets(store, rows))
        if reason == "no_outlines":
            out.append(_("Figures for the {units} of {name} are published in {datasets}, but the atlas has no outlines "
                         "of them to map.", units=units, name=name, datasets=datasets))
        else:
            out.append(_("Figures for the {units} of Scotland are published in {datasets}, but the sources this atlas "
                         "reads do not say which of them are {name}'s.", units=units, name=name, datasets=datasets))
    return out


def _datasets(store: Store, rows: pd.DataFrame) -> list[str]:
    return [store.sources.get(source, {}).get("dataset", source) for source in rows["source"]]


def _in_words(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}", first=", ".join(names[:-1]), last=names[-1])


def _city_sentence(store: Store, member_id: str, name: str) -> str:
    own = [(ind, f) for ind in store.indicator_ids if not store.indicator(ind).answer_of  # shown with their item
           and (f := store.member_figure(member_id, ind)) is not None and f.level in CITY_LEVELS]
    if own:
        return _("City figures: {indicators}.", indicators=_titles(store, [ind for ind, _f in own]))
    closest = closest_figure(store, member_id)
    if closest is None:
        return _("No city figures are published for {name} in the sources this atlas reads, nor any regional or "
                 "national figure.", name=name)
    return " ".join([_("No city figures are published for {name} in the sources this atlas reads; the closest "
                       "figures are for {area}.", name=name, area=area_words(closest)), *_misses(store, member_id, name)])


def _misses(store: Store, member_id: str, name: str) -> list[str]:
    """Why an area that looks like the member is not used (data/city_area_misses.csv)."""
    from atlas.members import load_city_area_misses

    misses = load_city_area_misses()
    out = []
    for row in misses[misses["member_id"] == member_id].to_dict("records"):
        dataset = store.sources.get(row["source"], {}).get("dataset", row["source"])
        if row["relation"] == "larger":
            out.append(_("{dataset} publishes figures for {area} ({code}), which is larger than {name}: they are not "
                         "shown as its own.", dataset=dataset, area=row["area"], code=row["geo_code"], name=name))
        else:
            out.append(_("{dataset} publishes figures for {area} ({code}), which is only part of {name}: they are "
                         "not shown as its own.", dataset=dataset, area=row["area"], code=row["geo_code"], name=name))
    return out


def _titles(store: Store, indicator_ids) -> str:
    """'A', 'A, B', or 'A, B and 3 more', in catalogue order (the main score first)."""
    titles = [store.indicator(ind).title for ind in store.indicator_ids if ind in set(indicator_ids)]
    if len(titles) <= 2:
        return ", ".join(titles)
    return _("{first}, {second} and {n} more", first=titles[0], second=titles[1], n=len(titles) - 2)
