"""Read-only access to the built store: all that pages use.

A Store is opened once per process and shared by every session, so nothing here mutates
what it loaded; every query returns a new frame.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas import paths
from atlas.i18n import _, country_name
from atlas.indicator import Indicator
from atlas.levels import LEVELS, PROXY_LEVELS
from atlas.regions import code_chain


class StoreMissing(Exception):
    """No store has been built yet: run `python -m atlas build`."""


@dataclass(frozen=True)
class Figure:
    """One value as shown to a user, with everything needed to cite it."""

    indicator: str
    value: float
    year: int
    flag: str
    level: str
    geo_code: str
    geo_name: str
    source: str
    moe: float | None = None
    n: float | None = None
    period: str | None = None

    @property
    def is_proxy(self) -> bool:
        """True when a member is shown through a larger area than itself."""
        return self.level in PROXY_LEVELS


_POINT_COLUMNS = ["layer_id", "kind", "member_name", "point_id", "name", "lat", "lon", "hours", "url", "approximate"]


class Store:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not (self.folder / "manifest.json").exists():
            raise StoreMissing(f"no store at {self.folder}: run `python -m atlas build`")

    @classmethod
    def open(cls, folder: Path | None = None) -> "Store":
        return cls(folder or paths.store_dir())

    # --- tables, loaded once ---------------------------------------------------------------
    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))

    @cached_property
    def observations(self) -> pd.DataFrame:
        return pd.read_parquet(self.folder / "observations.parquet")

    @cached_property
    def members(self) -> pd.DataFrame:
        return pd.read_parquet(self.folder / "members.parquet")

    @cached_property
    def places(self) -> pd.Series:
        places = pd.read_parquet(self.folder / "places.parquet")
        return places.set_index("geo_code")["name"]

    @cached_property
    def recodes(self) -> pd.DataFrame:
        return pd.read_parquet(self.folder / "recodes.parquet")

    @cached_property
    def layers(self) -> pd.DataFrame:
        return pd.read_parquet(self.folder / "layers.parquet")

    @cached_property
    def regions(self) -> gpd.GeoDataFrame:
        return gpd.read_parquet(self.folder / "regions.parquet")

    @cached_property
    def districts(self) -> gpd.GeoDataFrame:
        return gpd.read_parquet(self.folder / "districts.parquet")

    @cached_property
    def points(self) -> pd.DataFrame:
        """Help and access points, one row per point and member (empty in a store built before them)."""
        path = self.folder / "points.parquet"
        return pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=_POINT_COLUMNS)

    @cached_property
    def district_population(self) -> pd.Series:
        """geo_code -> residents, where a source gives a district's population."""
        path = self.folder / "district_population.parquet"
        rows = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=["geo_code", "population"])
        return rows.set_index("geo_code")["population"]

    def member_points(self, member_id: str) -> pd.DataFrame:
        member = self.member(member_id)
        if member is None:
            return self.points.iloc[0:0].copy()
        return self.points[self.points["member_name"] == member["name"]].copy()

    @cached_property
    def _catalogue(self) -> dict[str, dict]:
        return {ind["id"]: ind for ind in self.manifest["indicators"]}

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Every indicator of the store, in the catalogue's order."""
        return tuple(self._catalogue)

    def indicator(self, indicator_id: str) -> Indicator:
        """One indicator with its words in the current language (KeyError for an unknown id)."""
        return Indicator.from_catalogue(self._catalogue[indicator_id])

    @cached_property
    def sources(self) -> dict[str, dict]:
        return {src["id"]: src for src in self.manifest["source_catalogue"]}

    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        return {key: rows for key, rows in self.observations.groupby("indicator")}

    @cached_property
    def _members_by_id(self) -> dict[str, dict]:
        return {m["member_id"]: {k: (None if _missing(v) else v) for k, v in m.items()}
                for m in self.members.to_dict("records")}

    def _by_area(self, indicator: str) -> "_AreaIndex":
        """An indicator's measured values indexed by area, built once per indicator (a ranking
        asks for 150 members' series); rows are only cut out for the areas asked for."""
        cache = self.__dict__.setdefault("_by_area_cache", {})
        if indicator not in cache:
            rows = self._by_indicator.get(indicator, self.observations.iloc[0:0]).dropna(subset=["value"])
            cache[indicator] = _AreaIndex(rows.sort_values("year"))
        return cache[indicator]

    # --- lookups ------------------------------------------------------------------------------
    def member(self, member_id: str) -> dict | None:
        found = self._members_by_id.get(member_id)
        return dict(found) if found else None

    def place_name(self, geo_code: str) -> str:
        if geo_code == "EU27_2020":
            return _("EU 27")
        if isinstance(geo_code, str) and len(geo_code) == 2 and geo_code.isalpha():
            return country_name(geo_code)
        return str(self.places.get(geo_code, geo_code))

    def values(self, indicator: str, year: int | None = None, level: str | None = None) -> pd.DataFrame:
        rows = self._by_indicator.get(indicator, self.observations.iloc[0:0])
        if year is not None:
            rows = rows[rows["year"] == year]
        if level is not None:
            rows = rows[rows["level"] == level]
        return rows.copy()

    def years(self, indicator: str) -> list[int]:
        return sorted(self.values(indicator)["year"].unique().tolist())

    def levels(self, indicator: str) -> list[str]:
        present = set(self.values(indicator)["level"])
        return [lv for lv in LEVELS if lv in present]

    # --- a member's figures ------------------------------------------------------------------
    def member_series(self, member_id: str, indicator: str) -> pd.DataFrame:
        """The member's series at its best level, one row per year: city (Kreis, or an area of
        data/city_areas.csv, which is the member itself: shown as level `city`) if measured, else its region (joined across NUTS recodes, falling back to the NUTS 1 region for years
        without NUTS 2 figures), else its country. Every row says which area it describes and
        whether it starts a break (a new area that is not the same territory)."""
        cache = self.__dict__.setdefault("_series_cache", {})
        if (member_id, indicator) not in cache:
            cache[(member_id, indicator)] = self._member_series(member_id, indicator)
        return cache[(member_id, indicator)].copy()

    def _member_series(self, member_id: str, indicator: str) -> pd.DataFrame:
        member = self.member(member_id)
        if member is None or not member.get("country"):
            return _empty_series()
        by_area = self._by_area(indicator)  # ': u' cells (a flag, no value) are left out
        for candidates in self._area_candidates(member):
            series = _series_over(by_area, candidates)
            if not series.empty and series["geo_code"].isin(_codes(member.get("city_areas"))).all():
                series["level"] = "city"  # a NUTS 3 region that equals the city is the city's own figure
            if not series.empty:
                series["geo_name"] = series["geo_code"].map(self.place_name)
                return series
        return _empty_series()

    def _area_candidates(self, member: dict):
        """Areas to try, finest first; each a list of (code, last year it applies or None, relation)."""
        if member.get("kreis_code"):
            yield [(member["kreis_code"], None, "same")]
        if _codes(member.get("city_areas")):
            yield [(code, None, "part") for code in _codes(member.get("city_areas"))]
        region = member.get("region_code")
        if region:
            chain = [(c["code"], c["until"], c["relation"]) for c in self._chain(region)]
            if len(region) == 4:  # NUTS 2: years before the first NUTS 2 figure fall back to NUTS 1
                chain += [(c["code"], c["until"] or BEFORE_FIRST, "part") for c in self._chain(region[:3])]
            yield chain
        yield [(member["country"], None, "same")]

    def _chain(self, code: str) -> list[dict]:
        cache = self.__dict__.setdefault("_chain_cache", {})
        if code not in cache:
            cache[code] = code_chain(code, self.recodes)
        return cache[code]

    def member_figure(self, member_id: str, indicator: str, year: int | None = None) -> Figure | None:
        """The member's value for a year (default: the latest it has)."""
        series = self.member_series(member_id, indicator)
        if year is not None:
            series = series[series["year"] == year]
        if series.empty:
            return None
        return _figure(indicator, series.iloc[-1])

    def area_figure(self, geo_code: str, indicator: str, year: int | None = None) -> Figure | None:
        rows = self._by_area(indicator).get(geo_code, self.observations.iloc[0:0])
        if year is not None:
            rows = rows[rows["year"] == year]
        if rows.empty:
            return None
        row = rows.sort_values("year").iloc[-1].to_dict()
        row["geo_name"] = self.place_name(geo_code)
        return _figure(indicator, row)

    def member_districts(self, member_id: str, layer_id: str) -> gpd.GeoDataFrame:
        member = self.member(member_id)
        if member is None:
            return self.districts.iloc[0:0]
        rows = self.districts[(self.districts["layer_id"] == layer_id) & (self.districts["member_name"] == member["name"])]
        return rows.copy()

    def member_layers(self, member_id: str) -> pd.DataFrame:
        member = self.member(member_id)
        if member is None:
            return self.layers.iloc[0:0]
        return self.layers[self.layers["member_name"] == member["name"]].copy()

    def district_indicators(self, layer_id: str) -> list[str]:
        """Indicators with figures for this layer's districts."""
        present = self._district_indicators.get(layer_id, set())
        return [ind for ind in self.indicator_ids if ind in present]  # catalogue order: main score first

    @cached_property
    def _district_indicators(self) -> dict[str, set[str]]:
        """layer id -> indicators measured on it; worked out once (every Map page run asks)."""
        rows = self.observations[self.observations["level"] == "district"]
        layers = rows["geo_code"].str.split(":", n=1).str[0]
        return rows.groupby(layers)["indicator"].agg(set).to_dict()


class _AreaIndex:
    """Rows of one indicator by geo_code, cut out on first use (dict-like `get`)."""

    def __init__(self, rows: pd.DataFrame):
        self._rows = rows
        self._positions = rows.groupby("geo_code").indices
        self._cut: dict[str, pd.DataFrame] = {}

    def get(self, code: str, default=None):
        if code not in self._positions:
            return default
        if code not in self._cut:
            self._cut[code] = self._rows.iloc[self._positions[code]]
        return self._cut[code]


BEFORE_FIRST = -1  # a chain entry that only fills years before the first year already taken


def _series_over(by_area: dict[str, pd.DataFrame], chain: list[tuple]) -> pd.DataFrame:
    """Take, for each year, the value of the first code in the chain that applies that year."""
    taken, years_done = [], set()
    for code, until, relation in chain:
        rows = by_area.get(code)
        if rows is None:
            continue
        if until == BEFORE_FIRST:
            until = min(years_done) - 1 if years_done else None
        if until is not None:
            rows = rows[rows["year"] <= until]
        rows = rows[~rows["year"].isin(years_done)]
        if not rows.empty:
            taken.append(rows.assign(relation_to_newer=relation))
            years_done |= set(rows["year"])
    if not taken:
        return _empty_series()
    series = pd.concat(taken).sort_values("year").reset_index(drop=True)
    changed_area = series["geo_code"] != series["geo_code"].shift()
    # a break the source flags (`b`, e.g. Germany's change of method in 2021) is shown as one too
    flagged = series["flag"].fillna("").str.contains("b")
    series["is_break"] = (changed_area & (series.index > 0) & _breaks_between(series)) | flagged
    return series


def _breaks_between(series: pd.DataFrame) -> pd.Series:
    """A change of code is a break unless the older code is the same territory recoded."""
    previous_relation = series["relation_to_newer"].shift()
    return (previous_relation != "same") | (series["level"] != series["level"].shift())


def _codes(joined) -> list[str]:
    """'NL001C,UKD33' -> ['NL001C', 'UKD33'] (a member's city areas, stored comma-joined)."""
    return [code for code in str(joined or "").split(",") if code] if not _missing(joined) else []


def _empty_series() -> pd.DataFrame:
    return pd.DataFrame(columns=["indicator", "level", "geo_code", "year", "value", "flag", "source",
                                 "moe", "n", "period", "is_break", "geo_name"])


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _figure(indicator: str, row) -> Figure:
    def clean(value):
        return None if _missing(value) else value

    return Figure(indicator=indicator, value=float(row["value"]), year=int(row["year"]), flag=row.get("flag") or "",
                  level=row["level"], geo_code=row["geo_code"], geo_name=row.get("geo_name") or row["geo_code"],
                  source=row["source"], moe=clean(row.get("moe")), n=clean(row.get("n")), period=clean(row.get("period")))
