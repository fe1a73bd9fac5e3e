"""What the Map page says and offers beside its maps, as plain functions of the store and of plain
frames: the views and their choices, the borough or commune filter, a tapped area's answer, the
notes under a map and the table's headers. No Streamlit here (unit-tested without it): the page
reads the widgets and `atlas.map_panels` draws."""
from __future__ import annotations

import pandas as pd

from atlas import map_data as md
from atlas.i18n import _
from atlas.store import Store

ALL_PARTS = "all"  # the filter's choice for every borough or commune
GLOSSARY_UNITS = {"fr_iris": ("iris",), "gm_lsoa": ("lsoa",), "london_nuts3": ("nuts",)}  # layer -> its unit's entry
SIDE_DEFAULT = ("paris", "aix-marseille-provence-metropole", "metropole-europeenne-de-lille")


def view_names() -> dict[str, str]:
    return {"europe": _("Europe"), "cities": _("Members' own city figures"), "districts": _("Districts of a member"),
            "side": _("Side by side")}


def europe_notes(figures: pd.DataFrame, year: int) -> list[str]:
    """The captions under the Europe map: what is hatched and why, and what is not drawn."""
    notes = md.no_figure_notes(figures)
    hatched = [_("Hatched: no figure for {year}.", year=year) + " " + "; ".join(notes) + "."] if notes else []
    return hatched + [_("The outermost regions (Canarias, the French overseas departments, the Azores, Madeira) "
                        "are in the table below the map but not drawn.")]


def cities_note(year: int) -> str:
    return _("Only members with a figure for their own city (an Urban Audit city, a NUTS 3 area or a Kreis "
             "that is the city) are drawn; the others have no city figure for {year}: see their City "
             "profile for the closest level.", year=year)


def show_modes(with_help_places: bool) -> dict[str, str]:
    """What a district map can show: its figures, and need against help places where it has both."""
    return {"figures": _("Figures"), "need": _("Need and help")} if with_help_places else {"figures": _("Figures")}


def members_with_districts(store: Store, labels: dict[str, str]) -> dict[str, str]:
    """The members (of `labels`, member_id -> label) whose district boundaries the atlas has."""
    return {m: label for m, label in labels.items() if store.member(m)["district_layers"]}


def unit_names(store: Store, layer_ids: list[str]) -> dict[str, str]:
    """layer_id -> its units' plural name ("IRIS", "LSOAs"), in the order given."""
    plural = store.layers.drop_duplicates("layer_id").set_index("layer_id")["unit_plural"]
    return {layer: plural[layer] for layer in layer_ids}


def measured_indicators(store: Store, layer_id: str) -> dict[str, str]:
    """indicator -> its title in the reader's language, for the indicators a layer has figures of."""
    return {i: store.indicator(i).title for i in store.district_indicators(layer_id)}


def scale_note(store: Store, indicator: str | None) -> str:
    """How to read the indicator's scale ("0-10, scaled within England"), translated; '' for none."""
    return store.indicator(indicator).scale_note if indicator else ""


def part_choices(parents: pd.DataFrame) -> list[str]:
    """The filter's choices: all, then each borough or commune; none when there are not two."""
    return [ALL_PARTS, *sorted(parents["parent"])] if len(parents) > 1 else []


def in_part(figures: pd.DataFrame, part: str | None) -> pd.DataFrame:
    """The districts of one borough or commune (all of them for `ALL_PARTS` or no filter)."""
    return figures if part in (None, ALL_PARTS) else figures[figures["parent"] == part]


def fit_target(part: str | None) -> str | None:
    """What the map fits when the filter changes (`area_data`'s "fit"): the part, '' for the whole
    layer, None without a filter."""
    return None if part is None else "" if part == ALL_PARTS else part


def part_label(part: str) -> str:
    return _("All") if part == ALL_PARTS else part


def tap_answer(store: Store, clicked: dict, regions: pd.DataFrame, meta: dict) -> dict:
    """What a tap on the Europe map answers: a member's dot, or one of `regions` (the value comes
    from the browser, so only a drawn region's code counts). `lines`: the region's name, figure and
    who is in it; `links`: member_id -> name of the City profiles to offer; `hint` when there is none."""
    member = store.member(str(clicked.get("member_id") or ""))
    code = str(clicked.get("geo_code") or "")
    region = regions[regions["geo_code"] == code]
    lines, links = [], {}
    if member:
        links = {member["member_id"]: member["local_name"]}
    elif len(region):
        links, name = md.members_in_area(store, code), store.place_name(code)
        lines = [f"**{name}**: " + md.figure_words(region.iloc[0], meta),
                 _("Eurocities members in **{region}**:", region=name) if links
                 else _("No Eurocities member in **{region}**.", region=name)]
    hint = "" if links else _("Click a member's dot, or a region, to open a member's City profile.")
    return {"lines": lines, "links": links, "hint": hint}


def profile_link_label(name: str) -> str:
    """The name first: a narrow column cuts the label's end."""
    return _("{name}: City profile", name=name)


def no_district_figures(store: Store, member_id: str, member_name: str, units: str) -> str:
    """Why a district map has no colours, and what exists for the member at other levels."""
    lines = md.no_district_figures_note(store, member_id)
    text = _("No district figures are published for {member}: the map shows its {units} only.",
             member=member_name, units=units)
    if lines:
        text += "\n\n" + _("What exists at city, regional or national level:") + "\n" + "\n".join(f"- {x}" for x in lines)
    return text


def layer_captions(layer_row: pd.Series) -> list[str]:
    """Under a district map: the area the layer covers (a catalogue text, translated like the
    indicators' own) and the city's own words about its figures (as it wrote them)."""
    area_note = layer_row["area_note"]  # a name, not a literal, inside _(): the extractor would take the key
    captions = [_("Area covered: {note}.", note=_(area_note))] if area_note else []
    description = layer_row.get("description")
    return captions + ([description] if isinstance(description, str) and description else [])


def table_headers(unit: str) -> dict[str, str]:
    """The map table's headers in words (its CSV keeps the field names for scripts)."""
    return {"code": _("Code"), "name": _("Name"), "level": _("Level"), "value": _("Value ({unit})", unit=unit), "year": _("Year"),
            "flags": _("Flags"), "moe": _("Margin of error"), "sample_size": _("Sample size"),
            "part_of": _("Borough, commune or district")}


def side_default(names: dict[str, str]) -> list[str]:
    """The side-by-side view's first members: Paris, Aix-Marseille and Lille where the layer has them."""
    return [m for m in SIDE_DEFAULT if m in names] or list(names)[:2]


def side_table(frames: dict[str, pd.DataFrame], names: dict[str, str]) -> tuple[pd.DataFrame, pd.Series]:
    """The side-by-side maps' figures as one frame, and the member each row belongs to."""
    members = pd.Series([names[m] for m, f in frames.items() for _x in range(len(f))])
    return pd.concat(frames.values()).reset_index(drop=True), members
