"""The build's observations: every indicator's figures read from its source, given a geography
level, and checked before they reach the store."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from atlas.catalogue import indicator_keys
from atlas.errors import BuildError
from atlas.levels import level_of
from atlas.members import REGION_KIND, load_city_areas
from atlas.readers import READERS
from atlas.sources import source

OBSERVATION_COLUMNS = ["indicator", "level", "geo_code", "year", "value", "flag", "source", "moe", "n", "period"]


def read_observations(files: dict, indicators, log, readers: dict[str, str] | None = None) -> pd.DataFrame:
    """Every indicator's observations; `readers` names another reader for a source (a fresh
    Eurostat download is SDMX-CSV, whatever the mirror's extract was)."""
    frames = []
    areas = load_city_areas()
    city_codes = set(areas.loc[areas["kind"] != REGION_KIND, "geo_code"])  # a region stays regional on the map
    for source_id, keys in indicator_keys(indicators).items():
        spec = source(source_id)
        read = READERS[(readers or {}).get(source_id, spec["reader"])]
        raw = pd.concat([read(path, spec) for path in files[source_id]], ignore_index=True)
        raw = suppress_known_errors(raw[raw["key"].astype(str).isin(keys)], spec)
        if raw.empty:
            raise BuildError(f"{spec['file']}: none of the expected series ({', '.join(keys)}) found")
        frame = with_district_copies(raw.assign(indicator=raw["key"].astype(str).map(keys), source=source_id), spec)
        frame["level"] = frame["geo"].map(level_of)
        frame.loc[frame["geo"].isin(city_codes), "level"] = "city"
        frame = frame.rename(columns={"geo": "geo_code"})
        frames.append(frame.reindex(columns=OBSERVATION_COLUMNS))
        log(f"    {source_id}: {len(frame):,} observations")
    log("[3/5] observations read")
    out = pd.concat(frames, ignore_index=True)
    out = out[out["level"].notna()]
    out["year"] = out["year"].astype(int)
    out["flag"] = out["flag"].fillna("")
    return out


def suppress_known_errors(raw: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Values the catalogue names as errors in the source (`suppress`) lose their value and carry
    the flag `x`, so no chart draws them as a real movement; each must be found, or the build fails."""
    raw = raw.copy()
    for error in spec.get("suppress", []):
        hit = (raw["key"].astype(str) == error["key"]) & (raw["geo"] == error["geo"]) & (raw["year"] == error["year"])
        if not hit.any():
            raise BuildError(f"{spec['file']}: the known error to suppress ({error['key']}, {error['geo']}, "
                             f"{error['year']}) is not there: review data/sources.yaml")
        raw.loc[hit, "value"] = float("nan")
        raw.loc[hit, "flag"] = "x"
    return raw


def with_district_copies(frame: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """A source whose areas are also the units of a district layer (`district_layer` in
    data/sources.yaml) adds each row again as that layer's district; keep_measured then keeps
    only those with a boundary (London's NUTS 3 areas; Greater Manchester's LSOAs)."""
    layer = spec.get("district_layer")
    if not layer:
        return frame
    return pd.concat([frame, frame.assign(geo=layer + ":" + frame["geo"].astype(str))], ignore_index=True)


def keep_measured(observations: pd.DataFrame, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """District figures only where we have the district's boundary (DERI covers all England)."""
    is_district = observations["level"] == "district"
    known = observations["geo_code"].isin(set(districts["geo_code"]))
    return observations[~is_district | known].reset_index(drop=True)


def check_observations(observations: pd.DataFrame, source_ids: set[str], indicator_ids: set[str]) -> None:
    """Nothing reaches the store without a known source and indicator, or twice."""
    unknown = set(observations["source"]) - source_ids
    if unknown:
        raise BuildError(f"observations with unknown source(s): {sorted(unknown)}")
    unknown = set(observations["indicator"]) - indicator_ids
    if unknown:
        raise BuildError(f"observations with unknown indicator(s): {sorted(unknown)}")
    key = ["indicator", "geo_code", "year"]
    duplicated = observations.duplicated(key)
    if duplicated.any():
        row = observations[duplicated].iloc[0]
        raise BuildError(f"{source(row['source'])['file']}: duplicate value for {row['geo_code']} in {row['year']}")
