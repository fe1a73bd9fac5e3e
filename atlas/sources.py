"""The source catalogue, and getting a source's file from a mirror folder or its official address."""
from __future__ import annotations

import shutil
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import requests
import yaml

from atlas.paths import CATALOGUE_DIR, GEO_CATALOGUE_DIR


class SourceError(Exception):
    """A source file that cannot be used. Says which file, where in it, and what was wrong."""

    def __init__(self, file: str | Path, where: str, problem: str):
        self.file, self.where, self.problem = str(file), where, problem
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


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

    With `base_url`, files are fetched as base_url + mirror path (a local mirror server,
    which is how the download path is tested); without it, from each source's official `url`.
    """

    mirror: Path | None = None
    download_dir: Path | None = None
    base_url: str | None = None

    def get(self, spec: dict, relative: str) -> Path:
        if self.download_dir is None:
            path = Path(self.mirror) / relative
            if not path.exists():
                raise SourceError(path, "", "file not found in the mirror folder")
            return path
        return self._download(spec, relative)

    def _download(self, spec: dict, relative: str) -> Path:
        if self.base_url:
            url = self.base_url.rstrip("/") + "/" + urllib.parse.quote(relative)
        else:
            url = spec["url"]
        target = Path(self.download_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with requests.get(url, stream=True, timeout=60) as response:
                response.raise_for_status()
                with target.open("wb") as out:
                    shutil.copyfileobj(response.raw, out)
        except requests.RequestException as exc:
            raise SourceError(relative, url, f"download failed: {exc}") from exc
        return target
