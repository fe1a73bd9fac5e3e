"""sources -> checks -> a new store, swapped in only on success.

The store is a folder of Parquet files. `data/store` is a symlink to the current one; a build
writes a new folder beside it and replaces the symlink atomically, so a failed build (a corrupt
file, a missing column) leaves the previous store serving.
"""
from __future__ import annotations

import hashlib
import json
import os
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
from atlas.build_geography import build_districts, build_regions, place_names
from atlas.build_members import build_members, check_nuts3_city_areas
from atlas.build_observations import check_observations, keep_measured, read_observations
from atlas.catalogue import catalogue_problems, load_indicators
from atlas.citydata.folder import CityDataError
from atlas.dataset import write_dataset
from atlas.errors import BuildError, SourceError
from atlas.eurostat_api import OFFICIAL_API
from atlas.points import build_points, district_population
from atlas.readers.tabular import read_csv_source
from atlas.refresh import REFRESH_REPORT, refresh_report, with_stamp
from atlas.regions import all_recodes
from atlas.sources import Fetcher, load_sources, source_files

STORE_VERSION = 1


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
    places = place_names(region_names, history, districts, members, files["urau_city_names"][0], observations, lau)
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

