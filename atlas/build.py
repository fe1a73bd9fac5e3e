"""sources -> checks -> a new store, swapped in only on success.

The store is a folder of Parquet files. `data/store` is a symlink to the current one; a build
writes a new folder beside it and replaces the symlink atomically, so a failed build (a corrupt
file, a missing column) leaves the previous store serving.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas import paths
from atlas.added_cities import added_city_contribution
from atlas.catalogue import HEADLINE_INDICATOR, catalogue_problems, indicator_keys, load_indicators
from atlas.dataset import write_dataset
from atlas.city_areas import nuts3_city_names, nuts3_problems
from atlas.eurostat_api import OFFICIAL_API
from atlas.refresh import REFRESH_REPORT, refresh_report, with_stamp
from atlas.geo import read_layer, simplify_for_web
from atlas.members import Gazetteer, load_city_areas, load_decisions, resolve_members
from atlas.points import build_points, district_population
from atlas.citydata.folder import CityDataError
from atlas.readers import READERS
from atlas.readers.tabular import read_csv_source, read_lines
from atlas.regions import all_recodes
from atlas.text_utils import fold
from atlas.errors import SourceError
from atlas.sources import Fetcher, load_sources, source, source_files

OBSERVATION_COLUMNS = ["indicator", "level", "geo_code", "year", "value", "flag", "source", "moe", "n", "period"]
URBAN_AUDIT_CITY = re.compile(r"^[A-Z]{2}\d{3}C\d?$")  # AT001C, NL002C2; K = greater city, not a city
STORE_VERSION = 1


class BuildError(Exception):
    pass


def run_build(mirror: Path | None = None, download: bool = False, base_url: str | None = None,
              store: Path | None = None, log=print, eurostat_api: str | None = None) -> int:
    """The `python -m atlas build` command. Returns an exit code; never leaves a half store.
    `--download` takes every Eurostat dataset fresh from Eurostat's API (`eurostat_api`, the
    official one unless given; not with `base_url` alone, which serves every file)."""
    store = Path(store or paths.store_dir())
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix="store-", dir=_ensure_parent(store)))
    try:
        fetcher = _fetcher(mirror, download, base_url, staging, eurostat_api)
        log(f"Building the store from {fetcher.base_url or ('official addresses' if download else fetcher.mirror)}"
            + (f"; Eurostat datasets from {fetcher.eurostat_api}" if fetcher.eurostat_api else ""))
        manifest = build_into(staging, fetcher, log)
        manifest["build_seconds"] = round(time.perf_counter() - started, 1)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        shutil.rmtree(staging / "downloads", ignore_errors=True)
        publish_store(staging, store)
    except (SourceError, BuildError, CityDataError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        log(f"Build failed: {exc}", file=sys.stderr) if log is print else log(f"Build failed: {exc}")
        log("The previous store (if any) is still being served.")
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log(f"Done in {manifest['build_seconds']} s: {manifest['counts']['observations']:,} observations, "
        f"{manifest['counts']['members']} members -> {store}")
    return 0


def _ensure_parent(store: Path) -> Path:
    store.parent.mkdir(parents=True, exist_ok=True)
    return store.parent


def _fetcher(mirror, download, base_url, staging, eurostat_api=None) -> Fetcher:
    if download:
        if not base_url:
            eurostat_api = eurostat_api or OFFICIAL_API
            mirror = Path(mirror) if mirror else paths.default_mirror()
            mirror = mirror if mirror is not None and Path(mirror).is_dir() else None
        return Fetcher(download_dir=staging / "downloads", base_url=base_url, eurostat_api=eurostat_api,
                       mirror=None if base_url else mirror)
    mirror = Path(mirror) if mirror else paths.default_mirror()
    if mirror is None or not Path(mirror).is_dir():
        raise BuildError("no mirror folder: pass --mirror PATH, or --download to fetch the official files")
    return Fetcher(mirror=Path(mirror))


def publish_store(staging: Path, store: Path) -> None:
    """Point `store` at `staging` in one atomic rename, then remove the store it replaced."""
    # the staging folder's random suffix keeps two builds in the same second (and process) apart
    final = store.parent / f"store-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{os.getpid()}-{staging.name.removeprefix('store-')}"
    staging.rename(final)
    previous = store.resolve() if store.is_symlink() else None
    if store.exists() and not store.is_symlink():
        shutil.rmtree(store)  # an old plain folder from a hand copy: replace it
    link = store.parent / f".{store.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(final.name)
    os.replace(link, store)
    if previous and previous != final and previous.exists():
        shutil.rmtree(previous, ignore_errors=True)


def build_into(folder: Path, fetcher: Fetcher, log) -> dict:
    sources = load_sources()
    indicators = load_indicators()
    problems = catalogue_problems(indicators, {s["id"] for s in sources})
    if problems:
        raise BuildError("indicator catalogue: " + "; ".join(problems))
    files: dict[str, list[Path]] = {}
    provenance = []
    for spec in sources:
        got = [fetcher.get(spec, rel) for rel in source_files(spec)]
        files[spec["id"]] = got
        names = [fetcher.refreshed[spec["id"]]["url"]] if spec["id"] in fetcher.refreshed else source_files(spec)
        provenance.append({"id": spec["id"], "files": [_file_record(p, rel) for p, rel in zip(got, names)]})
    log(f"[1/5] {len(sources)} sources found")
    refresh = refresh_report(fetcher, files, indicators, log)
    sources = tuple(with_stamp(s, fetcher.refreshed.get(s["id"])) for s in sources)  # for the citations

    regions, region_names = build_regions(files)
    log(f"[2/5] {len(regions)} NUTS regions (2016, 2021 and 2024)")
    observations = read_observations(files, indicators, log, {sid: "eurostat_sdmx_csv" for sid in fetcher.refreshed})
    districts, layers = build_districts(files, log)
    members = build_members(files, regions, observations, layers)
    log(f"[4/5] {len(members)} members resolved")
    observations = keep_measured(observations, districts)
    added = added_city_contribution(set(members["member_id"]), log)
    observations, districts, layers, members, indicators, sources = merge_added(
        added, observations, districts, layers, members, indicators, sources)
    check_observations(observations, {s["id"] for s in sources}, {i["id"] for i in indicators})
    history = read_csv_source(files["nuts_changes"][0])
    lau = read_csv_source(files["lau"][0], dtype=str, usecols=["code_2016", "lau_name_national"])
    check_nuts3_city_areas(members, lau)
    places = pd.concat([region_names, historic_region_names(history), _district_names(districts),
                        _kreis_names(members), _city_names(files["urau_city_names"][0], observations),
                        nuts3_city_names(load_city_areas(), lau)], ignore_index=True)
    recodes = all_recodes(history)
    points, points_report = build_points(files, sources, districts, log)
    points = with_added_points(points, added.points, members)
    population = district_population(files["ifn_2020"][0])
    population = population[population["geo_code"].isin(set(districts["geo_code"]))]
    write_store(folder, observations=observations, members=members, places=places, recodes=recodes,
                regions=regions, districts=districts, layers=layers, points=points, population=population)
    built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    write_dataset(folder, observations, list(indicators), list(sources), places.drop_duplicates("geo_code")
                  .set_index("geo_code")["name"], built_at)
    if fetcher.refreshed:
        refresh["differences"].to_csv(folder / REFRESH_REPORT, index=False)
    log(f"[5/5] store written: {len(observations):,} observations")
    return {
        "store_version": STORE_VERSION,
        "built_at": built_at,
        "from": fetcher.base_url or ("download" if fetcher.download_dir else str(fetcher.mirror)),
        "sources": provenance,
        "indicators": list(indicators),
        "source_catalogue": list(sources),
        "counts": {"observations": len(observations), "members": len(members), "regions": len(regions),
                   "districts": len(districts), "indicators": len(indicators), "points": len(points)},
        "points_report": points_report,
        "repaired_geometries": {layer["layer_id"]: layer["repaired"] for layer in layers.to_dict("records") if layer["repaired"]},
        "refreshed": refresh["summary"],
    }


def with_added_points(points: pd.DataFrame, added: list[pd.DataFrame], members: pd.DataFrame) -> pd.DataFrame:
    """Cities' own help places, under their member's name as the store keys points."""
    if not added:
        return points
    names = members.set_index("member_id")["name"]
    frames = [frame.assign(member_name=frame["member_id"].map(names)).drop(columns="member_id") for frame in added]
    return pd.concat([points, *frames], ignore_index=True)[points.columns]


def merge_added(added, observations, districts, layers, members, indicators, sources):
    """Append the added cities' rows; a city that is a member gets its layer listed on that member."""
    observations = pd.concat([observations, *added.observations], ignore_index=True)
    districts = gpd.GeoDataFrame(pd.concat([districts, *added.districts], ignore_index=True), crs="EPSG:4326")
    layers = pd.concat([layers, pd.DataFrame(added.layers)], ignore_index=True)
    for layer in added.layers:
        known = members["name"] == layer["member_name"]
        members.loc[known, "district_layers"] = members.loc[known, "district_layers"].map(
            lambda ids: ",".join(filter(None, [ids, layer["layer_id"]])))
    members = pd.concat([members, pd.DataFrame(added.members)], ignore_index=True)
    return observations, districts, layers, members, tuple(indicators) + tuple(added.indicators), \
        tuple(sources) + tuple(added.sources)


def _file_record(path: Path, relative: str) -> dict:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"file": relative, "bytes": path.stat().st_size, "sha256": digest}


# --- observations -----------------------------------------------------------------------------

def read_observations(files: dict, indicators, log, readers: dict[str, str] | None = None) -> pd.DataFrame:
    """Every indicator's observations; `readers` names another reader for a source (a fresh
    Eurostat download is SDMX-CSV, whatever the mirror's extract was)."""
    frames = []
    city_codes = set(load_city_areas()["geo_code"])
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


def level_of(code: str) -> str | None:
    """Geography level from the code's shape: EU27_2020, DE, DE3, DE30, DEA11, NL001C (an Urban Audit
    city), de_kreis:..., layer:code."""
    if code == "EU27_2020":
        return "eu"
    if URBAN_AUDIT_CITY.match(code):
        return "city"
    if code.startswith("de_kreis:"):
        return "kreis"
    if ":" in code:
        return "district"
    if code.isalpha() and len(code) == 2:
        return "country"
    if len(code) == 3 and code[:2].isalpha():
        return "nuts1"
    if len(code) == 4 and code[:2].isalpha():
        return "nuts2"
    if len(code) == 5 and code[:2].isalpha():
        return "nuts3"
    return None  # euro area and other aggregates are not shown


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


# --- geography ----------------------------------------------------------------------------------

NUTS_TOLERANCE = 0.01  # degrees; the 1:20M outlines are coarse already


# Regions of NUTS 2013, which no boundary file has, drawn as the union of their NUTS 2016 parts
# (SOURCES.md, "Boundaries for each year"); IE01/IE02 cannot be: the later regions cut across them.
NUTS2013_UNIONS = {"HU10": ["HU11", "HU12"], "LT00": ["LT01", "LT02"], "PL1": ["PL71", "PL9"], "PL3": ["PL72", "PL8"]}


def build_regions(files: dict) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Every region and country outline of NUTS 2016, 2021 and 2024 (each year's figures use the
    codes of the version then in force), plus the NUTS 2013 regions that can be rebuilt."""
    parts = [read_layer(path, "NUTS_ID").assign(version=2016) for path in files["nuts2016"]]
    parts += [read_layer(path, "NUTS_ID").assign(version=2021) for path in files["nuts2021"]]
    all2024 = read_layer(files["nuts2024"][0], "NUTS_ID")
    parts.append(all2024[all2024["LEVL_CODE"] <= 2].assign(version=2024))
    parts.append(_nuts2013_unions(parts[:3]))
    simplified = []
    for part in parts:
        for _, level in part.groupby("LEVL_CODE"):
            simplified.append(simplify_for_web(level, NUTS_TOLERANCE))
    regions = pd.concat(simplified, ignore_index=True)
    names = regions["NAME_LATN"] if "NAME_LATN" in regions else regions["NUTS_NAME"]
    regions = gpd.GeoDataFrame({
        "geo_code": regions["NUTS_ID"], "level": regions["LEVL_CODE"].map({0: "country", 1: "nuts1", 2: "nuts2"}),
        "version": regions["version"], "name": names.fillna(regions["NUTS_NAME"]), "country": regions["CNTR_CODE"],
    }, geometry=regions.geometry.values, crs="EPSG:4326")
    named = regions[regions["version"] != 2013].sort_values("version", ascending=False).drop_duplicates("geo_code")
    return regions, pd.DataFrame(named[["geo_code", "level", "name", "country"]])


def _nuts2013_unions(nuts2016: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """HU10 = HU11 + HU12 and the like, as outlines of version 2013 (names come from the NUTS history)."""
    shapes = pd.concat(nuts2016).set_index("NUTS_ID")
    rows = [{"NUTS_ID": code, "LEVL_CODE": len(code) - 2, "CNTR_CODE": code[:2], "NUTS_NAME": None, "NAME_LATN": None,
             "version": 2013, "geometry": shapes.loc[parts, "geometry"].union_all()}
            for code, parts in NUTS2013_UNIONS.items() if set(parts) <= set(shapes.index)]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=nuts2016[0].crs)


DISTRICT_TOLERANCE = 0.00015  # degrees, about 10-15 m: invisible at city zoom


def build_districts(files: dict, log) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    frames, layer_rows = [], []
    for spec in load_sources():
        if spec.get("kind") != "boundaries":
            continue
        layer = read_layer(files[spec["id"]][0], spec["code"])
        for member_name, rows in _split_layer(layer, spec):
            coded = rows[spec["code"]].notna() & (rows[spec["code"]].astype(str).str.strip() != "")
            if not coded.all():  # no code, no figures can attach: said in the log and the layers table
                log(f"    {spec['file']}: {int((~coded).sum())} feature(s) without a {spec['code']} left out")
            dropped, rows = int((~coded).sum()), simplify_for_web(rows[coded], DISTRICT_TOLERANCE)
            code = rows[spec["code"]].astype(str)
            part = spec.get("city_part") or {}
            frames.append(gpd.GeoDataFrame({
                "geo_code": spec["id"] + ":" + code, "layer_id": spec["id"], "member_name": member_name,
                "code": code, "name": rows[spec["name"]].astype(str), "in_city": _in_city(rows, spec),
                "parent": _parents(rows, spec)},
                geometry=rows.geometry.values, crs="EPSG:4326"))
            layer_rows.append({"layer_id": spec["id"], "member_name": member_name, "unit": spec["unit"][0],
                               "unit_plural": spec["unit"][1], "area_note": spec.get("area_note", ""),
                               "features": len(rows), "repaired": layer.attrs["repaired"],
                               "without_code": dropped, "wider_area": part.get("wider", ""),
                               "city_area": part.get("city", "")})
    districts = _parents_from_layers(pd.concat(frames, ignore_index=True))
    log(f"    {len(layer_rows)} district layers, {len(districts):,} districts")
    return gpd.GeoDataFrame(districts, crs="EPSG:4326"), pd.DataFrame(layer_rows)


def _parents(rows: gpd.GeoDataFrame, spec: dict) -> list[str | None]:
    """The larger unit each district belongs to, by the name readers know (a borough, a commune),
    for the outlines and labels drawn over a district map: a field of the layer (`parent_field`),
    or the name before its last word (`parent_from_name`: Greater Manchester's 'Bolton 005A')."""
    if spec.get("parent_field"):
        return rows[spec["parent_field"]].astype(str).tolist()
    if spec.get("parent_from_name"):
        return rows[spec["name"]].astype(str).str.rsplit(" ", n=1).str[0].tolist()
    return [None] * len(rows)


def _parents_from_layers(districts: pd.DataFrame) -> pd.DataFrame:
    """`parent_layer`: a district's larger unit is the unit of that layer, of the same member, in which
    the district's inner point lies (Barcelona's barris in its districtes, Hamburg's Stadtteile in its Bezirke)."""
    for spec in load_sources():
        if spec.get("kind") != "boundaries" or not spec.get("parent_layer"):
            continue
        for member_name in districts.loc[districts["layer_id"] == spec["id"], "member_name"].unique():
            mine = (districts["layer_id"] == spec["id"]) & (districts["member_name"] == member_name)
            wider = districts[(districts["layer_id"] == spec["parent_layer"]) & (districts["member_name"] == member_name)]
            points = gpd.GeoDataFrame(geometry=gpd.GeoSeries(districts.loc[mine, "geometry"]).representative_point(),
                                      crs="EPSG:4326")
            inside = points.sjoin(gpd.GeoDataFrame(wider[["name"]], geometry=wider.geometry.values, crs="EPSG:4326"),
                                  how="left", predicate="within")
            districts.loc[mine, "parent"] = inside[~inside.index.duplicated()]["name"].reindex(points.index).values
    return districts


def _in_city(rows: gpd.GeoDataFrame, spec: dict) -> list[bool]:
    """Which districts lie in the city itself when the layer covers more (Greater Manchester's
    LSOAs for the City of Manchester, an intercommunality's IRIS for its core commune)."""
    part = spec.get("city_part")
    if not part:
        return [True] * len(rows)
    if "name_prefix" in part:
        return rows[spec["name"]].astype(str).str.startswith(part["name_prefix"]).tolist()
    if part["field"] not in rows:
        raise SourceError(spec["file"], part["field"], "column missing: it says which districts are in the city")
    return (pd.to_numeric(rows[part["field"]], errors="coerce") == part["equals"]).tolist()


def _split_layer(layer: gpd.GeoDataFrame, spec: dict):
    if "code_prefix" in spec:  # a member's part of a wider file: London's NUTS 3 areas (UKI...)
        layer = layer[layer[spec["code"]].astype(str).str.startswith(spec["code_prefix"])]
    if "split_by" not in spec:
        yield spec["member"], layer
        return
    for value, member_name in spec["members"].items():
        rows = layer[layer[spec["split_by"]] == value]
        if rows.empty:
            raise SourceError(spec["file"], f"{spec['split_by']} = {value}", "no features for this member")
        yield member_name, rows


def historic_region_names(history: pd.DataFrame) -> pd.DataFrame:
    """Names of codes that older NUTS versions used (PL1, HU10), which today's maps lack;
    current names come first in `places`, so these only fill gaps."""
    rows = []
    for version in ("2016", "2013", "2010", "2006", "2003"):
        named = history[[f"code_{version}", f"geo_name_{version}"]].dropna()
        rows += [(code, name) for code, name in named.itertuples(index=False)]
    names = pd.DataFrame(rows, columns=["geo_code", "name"]).drop_duplicates("geo_code")
    names["level"] = names["geo_code"].map(level_of)
    names["country"] = names["geo_code"].str[:2]
    return names[["geo_code", "level", "name", "country"]]


def _district_names(districts: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame({"geo_code": districts["geo_code"], "level": "district", "name": districts["name"], "country": None})


def _city_names(code_list: Path, observations: pd.DataFrame) -> pd.DataFrame:
    """Eurostat's own names (cities.dic: code<TAB>label, no header) for the cities with figures."""
    names = read_csv_source(code_list, sep="\t", header=None, names=["geo_code", "name"], dtype=str,
                            quoting=csv.QUOTE_NONE)
    cities = set(observations.loc[observations["level"] == "city", "geo_code"])
    names = names[names["geo_code"].isin(cities)]
    return pd.DataFrame({"geo_code": names["geo_code"], "level": "city", "name": names["name"],
                         "country": names["geo_code"].str[:2]})


def _kreis_names(members: pd.DataFrame) -> pd.DataFrame:
    rows = members.dropna(subset=["kreis_code"])
    return pd.DataFrame({"geo_code": rows["kreis_code"], "level": "kreis", "name": rows["local_name"], "country": "DE"})


# --- members ------------------------------------------------------------------------------------

def build_members(files: dict, regions: gpd.GeoDataFrame, observations: pd.DataFrame,
                  layers: pd.DataFrame) -> pd.DataFrame:
    names = read_lines(files["members_list"][0])
    if len(names) != len(set(names)):
        raise BuildError(f"{source('members_list')['file']}: duplicate member names")
    decisions = load_decisions()
    unknown = set(decisions.index) - set(names)
    if unknown:
        raise BuildError(f"data/members.csv names members not on the member page: {sorted(unknown)}")
    gazetteer = Gazetteer(read_csv_source(files["geonames"][0]))
    urau = read_layer(files["urau_cities"][0])
    nuts = {(version, level): regions[(regions["version"] == version) & (regions["level"] == f"nuts{level}")]
            .rename(columns={"geo_code": "NUTS_ID", "country": "CNTR_CODE"})
            for version in (2024, 2021) for level in (2, 1)}
    members = resolve_members(names, decisions, gazetteer, urau, nuts).assign(on_member_page=True)
    members = add_figure_regions(members, observations, regions)
    kreise = kreis_codes(read_csv_source(files["lau"][0], dtype={"lau_code": str},
                                         usecols=["lau_code", "lau_name_national", "country"]))
    members["kreis_code"] = [_kreis_of(m, kreise) for m in members.to_dict("records")]
    members["city_areas"] = members["member_id"].map(city_areas_by_member()).fillna("")
    layers_by_member = layers.groupby("member_name")["layer_id"].apply(lambda ids: ",".join(ids))
    members["district_layers"] = members["name"].map(layers_by_member).fillna("")
    return members


def check_nuts3_city_areas(members: pd.DataFrame, lau: pd.DataFrame) -> None:
    """A NUTS 3 row of data/city_areas.csv must be the member itself (one LAU, the member's own)."""
    problems = nuts3_problems(load_city_areas(), members, lau)
    if problems:
        raise BuildError("; ".join(problems))


def city_areas_by_member() -> pd.Series:
    """member_id -> its reviewed city-level areas, comma-separated ('' for none)."""
    try:
        areas = load_city_areas()
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    return areas.groupby("member_id")["geo_code"].agg(",".join)


REGIONAL_INDICATORS = (HEADLINE_INDICATOR, "regular_internet_use")


def add_figure_regions(members: pd.DataFrame, observations: pd.DataFrame, regions) -> pd.DataFrame:
    """The region whose figures stand for a member: the finest NUTS region the regional
    tables publish for it (NUTS 2, or NUTS 1 where the country has only that)."""
    regional = observations[observations["indicator"].isin(REGIONAL_INDICATORS)]
    latest_year_by_code = regional.groupby("geo_code")["year"].max()
    names = regions.sort_values("version", ascending=False).drop_duplicates("geo_code").set_index("geo_code")["name"]
    codes, levels, region_names = [], [], []
    for member in members.to_dict("records"):
        candidates = [member.get(c) for c in ("nuts2_2024", "nuts2_2021", "nuts1_2024", "nuts1_2021")]
        published = [c for c in candidates if isinstance(c, str) and c in latest_year_by_code.index]
        best = max(published, key=lambda c: (latest_year_by_code[c], len(c)), default=None)
        codes.append(best)
        levels.append(("nuts2" if len(best) == 4 else "nuts1") if best else None)
        region_names.append(names.get(best) if best else None)
    return members.assign(region_code=codes, region_level=levels, region_name=region_names)


def kreis_codes(lau: pd.DataFrame) -> dict[str, str]:
    """Folded municipality name -> Kreis (5-digit AGS) for German municipalities that are a
    Kreis of their own (kreisfreie Städte: the only LAU of their Kreis), so the Kreis figure is the city's."""
    german = lau[lau["country"] == "DE"].assign(kreis=lambda f: f["lau_code"].str.zfill(8).str[:5])
    single = german.groupby("kreis").filter(lambda rows: len(rows) == 1)
    # LAU names read "Bonn, Stadt" or "Hagen, Stadt der FernUniversität": the part before the comma
    return {fold(name.split(",")[0]): kreis for name, kreis in zip(single["lau_name_national"], single["kreis"])}


def _kreis_of(member: dict, kreise: dict[str, str]) -> str | None:
    if member.get("country") != "DE":
        return None
    for name in (member["local_name"], member["name"]):
        if fold(name) in kreise:
            return f"de_kreis:{kreise[fold(name)]}"
    return None


# --- writing ------------------------------------------------------------------------------------

def write_store(folder: Path, *, observations, members, places, recodes, regions, districts, layers,
                points, population) -> None:
    points.to_parquet(folder / "points.parquet", index=False)
    population.to_parquet(folder / "district_population.parquet", index=False)
    observations.to_parquet(folder / "observations.parquet", index=False)
    members.to_parquet(folder / "members.parquet", index=False)
    places.drop_duplicates("geo_code").to_parquet(folder / "places.parquet", index=False)
    recodes.to_parquet(folder / "recodes.parquet", index=False)
    layers.to_parquet(folder / "layers.parquet", index=False)
    regions.to_parquet(folder / "regions.parquet", index=False)
    districts.to_parquet(folder / "districts.parquet", index=False)
