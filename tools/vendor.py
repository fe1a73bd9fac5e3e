"""Install the browser assets the maps use, so no visitor's browser asks a CDN for anything.

`python -m tools.vendor` (run by `make setup`) fetches pinned packages from the npm registry
with npm itself, checks them against pinned integrity hashes, and copies the few files the
map needs into `static/vendor/` (git-ignored), where `atlas.static_files` says the browser finds them. Running it again does nothing
when the pinned versions are already in place.

Only Leaflet is needed: the maps use no jQuery, Bootstrap or marker-icon fonts, and
`atlas.maps` strips folium's links to them.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from atlas.static_files import VENDOR_DIR



@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's sha512, pinned so a changed tarball fails the setup
    files: tuple[str, ...]  # paths inside the package; folders are copied whole


PACKAGES = (
    Package(
        name="leaflet",
        version="1.9.4",
        integrity="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        files=("dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"),
    ),
    Package(  # clusters the help points of a dense city (atlas.help_map)
        name="leaflet.markercluster",
        version="1.5.3",
        integrity="sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        files=("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"),
    ),
)
STAMP = ".installed.json"


def is_installed(package: Package, vendor_dir: Path = VENDOR_DIR) -> bool:
    stamp = vendor_dir / package.name / STAMP
    return stamp.exists() and json.loads(stamp.read_text()) == _stamp(package)


def _stamp(package: Package) -> dict:
    return {"version": package.version, "integrity": package.integrity}


def install(package: Package, vendor_dir: Path = VENDOR_DIR) -> None:
    """npm-install `package` into a scratch folder, check it, then swap it in whole."""
    with tempfile.TemporaryDirectory(prefix="atlas-npm-") as scratch:
        spec = f"{package.name}@{package.version}"
        subprocess.run(
            ["npm", "install", "--prefix", scratch, "--no-audit", "--no-fund", "--ignore-scripts", spec],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _check_integrity(Path(scratch), package)
        source = Path(scratch) / "node_modules" / package.name
        staging = vendor_dir / f".{package.name}.new"
        shutil.rmtree(staging, ignore_errors=True)
        for relative in package.files:
            _copy(source / relative, staging / _flatten(relative))
        (staging / STAMP).write_text(json.dumps(_stamp(package)))
        target = vendor_dir / package.name
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)


def _flatten(relative: str) -> str:
    # dist/leaflet.js -> leaflet.js, so URLs stay short and Leaflet finds images/ beside its CSS.
    return relative.removeprefix("dist/")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy2(source, target)


def _check_integrity(scratch: Path, package: Package) -> None:
    lock = json.loads((scratch / "package-lock.json").read_text())
    found = lock["packages"][f"node_modules/{package.name}"]
    if (found.get("version"), found.get("integrity")) != (package.version, package.integrity):
        raise RuntimeError(
            f"{package.name}: npm gave {found.get('version')} {found.get('integrity')}, "
            f"pinned {package.version} {package.integrity}"
        )


def main() -> int:
    for package in PACKAGES:
        if is_installed(package):
            print(f"{package.name} {package.version}: already in {VENDOR_DIR / package.name}")
            continue
        install(package)
        print(f"{package.name} {package.version}: installed in {VENDOR_DIR / package.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
