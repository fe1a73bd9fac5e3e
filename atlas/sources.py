"""The source catalogue, and getting a source's file from a mirror folder or its official address."""
from __future__ import annotations

import shutil
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import requests
import yaml

from atlas.errors import SourceError
from atlas.paths import CATALOGUE_DIR, GEO_CATALOGUE_DIR


@lru_cache(maxsize=None)
def load_sources() -> tuple[dict, ...]:
    """Every source: the data files of data/sources.yaml and the boundary layers of geo/layers.yaml."""
    data = yaml.safe_load((CATALOGUE_DIR / "sources.yaml").read_text(encoding="utf-8"))
    layers = yaml.safe_load((GEO_CATALOGUE_DIR / "layers.yaml").read_text(encoding="utf-8"))
    for layer in layers:
        layer.setdefault("title", f"District boundaries: {layer['unit'][1]}")
        layer.setdefault("reader", "geojson")
        layer["kind"] = "boundaries"
    return tuple(data) + tuple(layers)


def source(source_id: str) -> dict:
    for s in load_sources():
        if s["id"] == source_id:
            return s
    raise KeyError(source_id)


def source_files(spec: dict) -> list[str]:
    """The mirror-relative file names of a source (some are one file per vintage or level)."""
    pattern = spec["file"]
    if "vintages" in spec:
        return [pattern.format(vintage=v) for v in spec["vintages"]]
    if "levels" in spec:
        return [pattern.format(level=lv) for lv in spec["levels"]]
    return [pattern]


@dataclass
class Fetcher:
    """Gets a source file: from a mirror folder, or over HTTP into a cache folder.

    With `eurostat_api`, every Eurostat dataset of the catalogue (a source whose `url` is an API
    query) comes fresh from that API as SDMX-CSV, and `refreshed` records each one's query and
    "last update" stamp. With `base_url`, the other files are fetched as base_url + mirror path
    (a local mirror server, which is how the download path is tested); else from the `mirror`
    folder when there is one (most official addresses are portals, not files), else from each
    source's official `url`.
    """

    mirror: Path | None = None
    download_dir: Path | None = None
    base_url: str | None = None
    eurostat_api: str | None = None
    refreshed: dict[str, dict] = field(default_factory=dict)

    def get(self, spec: dict, relative: str) -> Path:
        query = self._eurostat_query(spec)
        if query:
            return self._from_eurostat(spec, *query)
        if self.download_dir is None or (self.mirror is not None and not self.base_url):
            path = Path(self.mirror) / relative
            if not path.exists():
                raise SourceError(path, "", "file not found in the mirror folder")
            return path
        return self._download(spec, relative)

    def _eurostat_query(self, spec: dict) -> tuple[str, str] | None:
        if not self.eurostat_api or self.download_dir is None:
            return None
        from atlas.eurostat_api import api_query

        return api_query(spec)

    def _from_eurostat(self, spec: dict, dataset: str, key: str) -> Path:
        from atlas.eurostat_api import api_url
        from atlas.readers.sdmx_csv import last_update

        url = api_url(self.eurostat_api, dataset, key)
        target = Path(self.download_dir) / "eurostat" / f"{spec['id']}.csv"
        _fetch(url, target, spec["id"])
        self.refreshed[spec["id"]] = {"url": url, "dataset": dataset, "last_update": last_update(target)}
        return target

    def _download(self, spec: dict, relative: str) -> Path:
        if self.base_url:
            url = self.base_url.rstrip("/") + "/" + urllib.parse.quote(relative)
        else:
            url = spec["url"]
        target = Path(self.download_dir) / relative
        _fetch(url, target, relative)
        return target


def _fetch(url: str, target: Path, name: str) -> None:
    """Stream `url` into `target`; a failure is a SourceError naming the file and the address."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with requests.get(url, stream=True, timeout=120) as response:
            response.raise_for_status()
            response.raw.decode_content = True  # a gzip-encoded answer is written decoded
            with target.open("wb") as out:
                shutil.copyfileobj(response.raw, out)
    except requests.RequestException as exc:
        raise SourceError(name, url, f"download failed: {exc}") from exc
