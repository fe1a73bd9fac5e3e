"""The data behind the Map page: layers of polygons with values, as plain GeoDataFrames,
for the pages to pack and publish (`atlas.static_files`)."""
from __future__ import annotations

import pandas as pd
from shapely.geometry import box

from atlas.catalogue import HEADLINE_INDICATOR
from atlas.i18n import _
from atlas.indicator import Indicator
from atlas.levels import CITY_LEVELS, REGIONAL_LEVELS
from atlas.store import Store
from atlas.text import area_label, flag_words, format_value

EUROSTAT_BOUNDARIES = "© EuroGeographics for the administrative boundaries"
# The mainland frame of the Europe view; the outermost regions (Canarias, the French overseas
# departments, the Azores and Madeira) would shrink Europe to a corner of the map.
EUROPE_FRAME = box(-25.0, 34.0, 45.0, 72.0)
# What the Europe view opens on (minx, miny, maxx, maxy): the mainland, Iceland to Cyprus.
EUROPE_VIEW = (-12.0, 35.0, 34.0, 70.0)


def in_europe_frame(layer):
    """The polygons to draw on the Europe view; the table keeps every region."""
    return layer[layer.intersects(EUROPE_FRAME)]


def europe_layer(store: Store, indicator: str, year: int):
    """Areas for one indicator and year at the finest level each country publishes: NUTS 2, else
    NUTS 1 (DE, EL, TR, UK), else the country; each code drawn on the NUTS version of its year (or
    the nearest version that has it). A suppressed cell (': u') stays as a row without a value, and
    a country with members or figures in other years but none this year is a row without a value
    too, with `latest` the last year it has: both are drawn and counted as no data. A code that no
    boundary file has (IE01, IE02) keeps its row with an empty geometry: the table shows it."""
    import geopandas as gpd

    values = store.values(indicator, year).assign(latest=float("nan"))
    parts, covered = [], set()
    for level in REGIONAL_LEVELS:
        rows = values[(values["level"] == level) & ~values["geo_code"].str[:2].isin(covered)]
        parts.append(rows)
        covered |= set(rows["geo_code"].str[:2])
    parts.append(_countries_without_figures(store, indicator, year, covered))
    chosen = pd.concat(parts, ignore_index=True)
    shapes = region_shapes(store, nuts_version(year))[["geo_code", "geometry"]]
    layer = chosen.merge(shapes, on="geo_code", how="left")
    layer["name"] = layer["geo_code"].map(store.place_name)
    layer["has_outline"] = layer["geometry"].notna()
    return gpd.GeoDataFrame(layer[["geo_code", "name", "level", "value", "year", "flag", "source", "latest", "has_outline",
                                   "geometry"]],
                            geometry="geometry", crs="EPSG:4326")


def _countries_without_figures(store: Store, indicator: str, year: int, covered: set[str]) -> pd.DataFrame:
    """A no-data row per country that has members, or figures in other years, but no figure this
    year (the United Kingdom after 2020, Iceland, Ukraine); `latest` is its last earlier year."""
    measured = store.values(indicator).dropna(subset=["value"])
    countries = set(store.members["country"].dropna()) | set(measured["geo_code"].str[:2])
    countries = {c for c in countries - covered if len(c) == 2 and c.isalpha() and c != "EU"}
    earlier = measured[measured["year"] < year]
    latest = earlier.groupby(earlier["geo_code"].str[:2])["year"].max()
    source = store.indicator(indicator).source
    return pd.DataFrame([{"indicator": indicator, "level": "country", "geo_code": c, "year": year, "value": float("nan"),
                          "flag": "", "source": source, "latest": latest.get(c, float("nan"))} for c in sorted(countries)],
                        columns=["indicator", "level", "geo_code", "year", "value", "flag", "source", "latest"])


NAMED_IN_NOTE = 5  # suppressed regions named in the note; the table lists them all


def no_figure_notes(layer: pd.DataFrame) -> list[str]:
    """What the map shows as no data, or cannot draw, and why: 'United Kingdom: latest figure
    2020', 'Ukraine: no figure for 2024', '52 regions: figure not published (low reliability):
    Wien (AT13), …', 'Southern and Eastern (IE02): no outline in the boundary files'."""
    from atlas.i18n import country_name

    missing = layer[layer["value"].isna()]
    countries = missing[(missing["level"] == "country") & (missing["flag"].fillna("") == "")]
    notes = [_("{country}: latest figure {year}", country=country_name(r.geo_code), year=int(r.latest))
             if r.latest == r.latest else _("{country}: no figure for {year}", country=country_name(r.geo_code), year=int(r.year))
             for r in countries.itertuples()]
    suppressed = missing.drop(countries.index)
    for flag, rows in suppressed.groupby(suppressed["flag"].fillna("")):
        named = ", ".join(f"{r.name} ({r.geo_code})" for r in rows.head(NAMED_IN_NOTE).itertuples())
        if len(rows) > NAMED_IN_NOTE:
            named = _("{names} and {count} more", names=named, count=len(rows) - NAMED_IN_NOTE)
        notes.append(_("{count} regions without a published figure ({reason}): {names}", count=len(rows),
                       reason=flag_words(flag) or _("no value"), names=named))
    for r in layer[~layer["has_outline"] & layer["value"].notna()].itertuples():
        notes.append(_("{name} ({code}): no outline in the boundary files this atlas has; see the table",
                       name=r.name, code=r.geo_code))
    return notes


# The NUTS version each year's regional figures use, and the boundary file drawn for it.
NUTS_VERSIONS = ((2020, 2016), (2023, 2021))  # (last year, version); later years: NUTS 2024


def nuts_version(year: int) -> int:
    """The NUTS version a year's regional figures are published in: 2016 up to 2020, 2021 for
    2021-2023, 2024 from 2024 (SOURCES.md, "Boundaries for each year")."""
    return next((version for last, version in NUTS_VERSIONS if year <= last), 2024)


def region_shapes(store: Store, version: int):
    """Every region and country outline, in `version` where it exists there, else in the nearest
    version that has it (NUTS 2013 regions rebuilt from their parts come last)."""
    distance = (store.regions["version"] - version).abs()
    return store.regions.assign(_d=distance).sort_values(["_d", "version"], kind="stable").drop_duplicates(
        "geo_code").drop(columns="_d")


def europe_geometry(store: Store, version: int):
    """The outlines the Europe view can draw for one NUTS version (all levels, mainland frame):
    sent once per version; the year's figures then say which of them to colour."""
    shapes = region_shapes(store, version)
    return in_europe_frame(shapes)[["geo_code", "geometry"]].reset_index(drop=True)


def district_layer(store: Store, member_id: str, layer_id: str, indicator: str | None, year: int | None = None):
    """A member's districts with the indicator's values (NaN where a district has none)."""
    shapes = store.member_districts(member_id, layer_id)
    if indicator is None:
        return shapes.assign(value=float("nan"), year=None, flag="", moe=float("nan"), sample_size=float("nan"))
    values = store.values(indicator, year)
    values = values[values["level"] == "district"].rename(columns={"n": "sample_size"})
    if year is None and not values.empty:
        values = values[values["year"] == values["year"].max()]
    return shapes.merge(values[["geo_code", "value", "year", "flag", "moe", "sample_size"]], on="geo_code", how="left")


PARENT_TOLERANCE = 0.0003  # degrees, about 20-30 m: the larger units' outlines are drawn over the districts


def parent_units(store: Store, member_id: str, layer_id: str):
    """The larger units a member's districts belong to (Greater Manchester's boroughs, the communes of
    an intercommunality, Barcelona's districtes, Hamburg's Bezirke), each as one outline with its
    name (`parent`); empty when the layer names none. Drawn from the districts themselves."""
    import geopandas as gpd

    shapes = store.member_districts(member_id, layer_id)
    if "parent" not in shapes or shapes["parent"].isna().all():
        return gpd.GeoDataFrame({"parent": []}, geometry=[], crs="EPSG:4326")
    units = shapes.dropna(subset=["parent"]).dissolve("parent", as_index=False)[["parent", "geometry"]]
    return units.assign(geometry=units.geometry.simplify(PARENT_TOLERANCE))


def most_affected(figures: pd.DataFrame, higher_is: str, count: int = 10) -> pd.DataFrame:
    """The `count` districts worst off on the map's indicator (highest where higher is worse), with
    their larger unit: geo_code, name, parent, value, year."""
    rows = figures.dropna(subset=["value"])
    worst = rows.nlargest(count, "value") if higher_is == "worse" else rows.nsmallest(count, "value")
    return worst.reindex(columns=["geo_code", "name", "parent", "value", "year", "flag"])


def district_years(store: Store, indicator: str) -> list[int]:
    """The years an indicator has district figures for (Berlin and Hamburg broadband: 2019-2021)."""
    values = store.values(indicator)
    return sorted(int(y) for y in values.loc[values["level"] == "district", "year"].unique())


def map_meta(store: Store, indicator: str, boundary_attribution: str = EUROSTAT_BOUNDARIES) -> dict:
    ind = store.indicator(indicator)  # title and unit in the reader's language
    source = store.sources[ind.source]
    return {"title": ind.title, "unit": ind.unit, "higher_is": ind.higher_is,
            "source": f"{source['publisher']}, {ind.dataset}",
            "attribution": f"{boundary_attribution} · {source['attribution']}"}


def figures_meta(store: Store, indicator: str | None, layer_id: str | None) -> dict:
    """Everything a map says about its figures: title, unit, direction, source, decimals, the
    boundaries' attribution and the credits line (of Eurostat's NUTS outlines without `layer_id`)."""
    boundaries = layer_attribution(store, layer_id) if layer_id else EUROSTAT_BOUNDARIES
    meta = map_meta(store, indicator, boundaries) if indicator else {"title": "", "unit": "", "higher_is": "worse", "source": ""}
    meta["decimals"] = store.indicator(indicator).decimals if indicator else 1
    meta["boundaries"] = boundaries
    meta["credits"] = layer_attribution_line(store, layer_id, indicator)
    return meta


def relative_scale_note(indicator: Indicator) -> str:
    """For an index against a region's average (its unit or scale note says '100 ='): how to read
    maps set side by side; otherwise ''."""
    if "100 =" not in indicator.unit and "100 =" not in indicator.scale_note:
        return ""
    return _("100 = that region's average: each district is compared with the average of its own region, "
             "so compare colours within a map rather than across regions.")


def layer_attribution(store: Store, layer_id: str) -> str:
    spec = store.sources.get(layer_id, {})
    return spec.get("attribution", "")


def level_words(level: str) -> str:
    """'NUTS 2 region', 'country': the level of a Europe map's area, for its table."""
    words = {"nuts2": _("NUTS 2 region"), "nuts1": _("NUTS 1 region"), "nuts3": _("NUTS 3 region"), "country": _("country")}
    return words.get(level, level)


def map_table(layer, indicator: Indicator) -> pd.DataFrame:
    """The figures on a map as a plain table: code, name, level (where areas differ), value, year,
    flags, margin of error."""
    table = pd.DataFrame({"code": layer["geo_code"].str.split(":").str[-1], "name": layer["name"],
                          "value": layer["value"], "year": layer["year"], "flags": layer["flag"].fillna("").map(flag_words)})
    if "level" in layer and layer["level"].nunique() > 1:  # Europe: NUTS 2 where published, else NUTS 1 or the country
        table.insert(2, "level", layer["level"].map(level_words))
    if "parent" in layer and layer["parent"].notna().any():
        table["part_of"] = layer["parent"]
    if "moe" in layer and layer["moe"].notna().any():
        table["moe"] = layer["moe"]
        table["sample_size"] = layer["sample_size"]
    return table.sort_values("value", ascending=indicator.higher_is == "better", na_position="last")


def map_view(center: str | None, zoom: str | None) -> tuple[float, float, float] | None:
    """(lat, lon, zoom) from a link's ?center=48.85,2.35&zoom=11; None when absent or not a place
    on Earth at a zoom Leaflet draws (0-20)."""
    if not center or not zoom:
        return None
    try:
        lat, lon = (float(x) for x in center.split(","))
        level = float(zoom)
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= level <= 20):
        return None
    return lat, lon, level


def figure_words(row, meta: dict) -> str:
    """'3.3% in 2024 (low reliability)', or that there is no figure: a tapped area's answer."""
    if pd.isna(row["value"]):
        return _("no figure for {year}", year=int(row["year"])) if not pd.isna(row["year"]) else _("no figure")
    value = format_value(float(row["value"]), meta["unit"], meta.get("decimals", 1))
    words = flag_words(row["flag"]) if isinstance(row["flag"], str) else ""
    text = _("{value} in {year}", value=value, year=int(row["year"]))
    return text + (f" ({words})" if words else "")


def member_tips(store: Store, indicator: str, year: int) -> dict[str, str]:
    """member_id -> its figure for the dots' tooltips, escaped: '2.1% in 2024 · regional figure for
    NUTS 2 region Ile-de-France', so a shared figure says whose it is."""
    from atlas.text import escape

    ind, out = store.indicator(indicator), {}
    for member_id in store.members.dropna(subset=["lat"])["member_id"]:
        fig = store.member_figure(member_id, indicator, year)
        if fig is not None and fig.year == year:
            row = {"value": fig.value, "year": fig.year, "flag": fig.flag}
            out[member_id] = escape(figure_words(row, {"unit": ind.unit, "decimals": ind.decimals})
                                    + " · " + area_label(fig.level, fig.geo_name, fig.geo_code, with_code=False))
    return out


def members_in_area(store: Store, geo_code: str) -> dict[str, str]:
    """member_id -> name of the members inside a region or country of the Europe view. A code of
    NUTS 2021 or 2024 is looked up in the members' own region columns; an older one (NO01 of NUTS
    2016, HU10 rebuilt from NUTS 2016) by whether the member's point lies in its outline."""
    m = store.members[store.members["lat"].notna()]  # the members drawn as dots
    inside = m[["nuts2_2024", "nuts1_2024", "nuts2_2021", "nuts1_2021", "country"]].eq(geo_code).any(axis=1)
    if not inside.any():
        import geopandas as gpd

        outline = store.regions.loc[store.regions["geo_code"] == geo_code, "geometry"]
        if not outline.empty:
            inside = gpd.GeoSeries(gpd.points_from_xy(m["lon"], m["lat"]), index=m.index).within(outline.iloc[0])
    return _names(m[inside].sort_values("local_name"))


def district_members(store: Store, layer_id: str) -> dict[str, str]:
    """member_id -> name of the members whose districts are in `layer_id`."""
    names = set(store.layers.loc[store.layers["layer_id"] == layer_id, "member_name"])
    return _names(store.members[store.members["name"].isin(names)])


def _names(members: pd.DataFrame) -> dict[str, str]:
    """member_id -> local name (the English name where there is none)."""
    return dict(zip(members["member_id"], members["local_name"].fillna(members["name"])))


def shared_layers(store: Store) -> list[str]:
    """Layers with district figures for two or more members: the side-by-side view's choices."""
    counts = store.layers.groupby("layer_id")["member_name"].nunique()
    return [layer for layer, n in counts.items() if n >= 2 and store.district_indicators(layer)]


def layer_attribution_line(store: Store, layer_id: str | None, indicator: str | None) -> str:
    """Who to credit under a map: the boundaries' publisher and the figures' source."""
    boundaries = layer_attribution(store, layer_id) if layer_id else EUROSTAT_BOUNDARIES
    parts = [_("Boundaries: {attribution}", attribution=boundaries)] if boundaries else []
    if indicator:
        source = store.sources[store.indicator(indicator).source]
        parts.append(_("Figures: {attribution}", attribution=source.get("attribution") or source.get("publisher", "")))
    return " · ".join(parts)


def no_district_figures_note(store: Store, member_id: str) -> list[str]:
    """What exists for a member without district figures: its best figure for a few headline
    indicators, each saying the area it describes (city, region or country)."""
    from atlas.text import describe_figure

    lines = []
    for indicator in (HEADLINE_INDICATOR, "basic_digital_skills", "vhcn_coverage"):
        if indicator not in store.indicator_ids:
            continue
        figure = store.member_figure(member_id, indicator)
        if figure is not None:
            ind = store.indicator(indicator)
            lines.append(f"{ind.title}: {describe_figure(figure, ind)}")
    return lines


# --- The city view: members coloured by their own city figure -------------------------------



def city_years(store: Store, indicator: str) -> list[int]:
    """Years with at least one city-level figure of the indicator."""
    rows = store.values(indicator)
    return sorted(rows.loc[rows["level"].isin(CITY_LEVELS) & rows["value"].notna(), "year"].unique().tolist())


def city_figures(store: Store, indicator: str, year: int) -> pd.DataFrame:
    """One row per member whose own figure (city or Kreis, never a region's) exists for that year,
    with its dot's position and the area the figure describes."""
    from atlas.text import area_label, member_label

    rows = []
    for m in store.members.dropna(subset=["lat"]).to_dict("records"):
        fig = store.member_figure(m["member_id"], indicator, year)
        if fig is None or fig.level not in CITY_LEVELS:
            continue
        rows.append({"member_id": m["member_id"], "name": member_label(m), "lat": m["lat"], "lon": m["lon"],
                     "geo_code": fig.geo_code, "area": area_label(fig.level, fig.geo_name, fig.geo_code),
                     "value": fig.value, "year": fig.year, "flag": fig.flag, "moe": fig.moe, "level": fig.level})
    columns = ["member_id", "name", "lat", "lon", "geo_code", "area", "value", "year", "flag", "moe", "level"]
    return pd.DataFrame(rows, columns=columns)


def city_table(figures: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The city view's figures as a plain table: member, the area its figure is for, value, year, flags."""
    table = pd.DataFrame({_("Member"): figures["name"], _("Area"): figures["area"], "value": figures["value"],
                          "year": figures["year"], "flags": figures["flag"].fillna("").map(flag_words)})
    if figures["moe"].notna().any():
        table["moe"] = figures["moe"]
    return table.sort_values("value", ascending=indicator.higher_is == "better", na_position="last")


def country_outlines(store: Store, version: int) -> pd.DataFrame:
    """The countries of the Europe view with their names: the city view's background."""
    shapes = europe_geometry(store, version)
    countries = shapes[shapes["geo_code"].str.len() == 2]
    return pd.DataFrame({"geo_code": countries["geo_code"], "name": countries["geo_code"].map(store.place_name),
                         "value": float("nan")})

BACKGROUND_COLOUR = "#dcdcd6"  # countries behind the city dots: context, not a figure
