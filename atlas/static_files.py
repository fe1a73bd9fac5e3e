"""Files the browser fetches from the app's host, in one place: where they are written and at
which URL Streamlit serves them.

Streamlit serves `static/` beside the entry script (dashboard.py, at the repo root) at
`/app/static/` when `server.enableStaticServing = true`. A deployment under a base path sets
ATLAS_STATIC_URL (and ATLAS_VENDOR_URL when the browser assets live elsewhere).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from atlas.paths import ROOT

STATIC_DIR = ROOT / "static"
STATIC_URL = os.environ.get("ATLAS_STATIC_URL", "/app/static").rstrip("/")
VENDOR_DIR = STATIC_DIR / "vendor"  # Leaflet and its plugins, installed by `python -m tools.vendor`
VENDOR_URL = os.environ.get("ATLAS_VENDOR_URL", STATIC_URL + "/vendor").rstrip("/")
GEO_DIR = STATIC_DIR / "geo"  # packed outlines and help places, written by the pages (git-ignored)
GEO_URL = STATIC_URL + "/geo"


def asset_url(package: str, path: str) -> str:
    """Where the browser finds `path` (relative to the package's dist/ or root) of `package`."""
    return f"{VENDOR_URL}/{package}/{path}"


def leaflet_js_url() -> str:
    return asset_url("leaflet", "leaflet.js")


def leaflet_css_url() -> str:
    return asset_url("leaflet", "leaflet.css")


def markercluster_js_url() -> str:
    return asset_url("leaflet.markercluster", "leaflet.markercluster.js")


def markercluster_css_urls() -> list[str]:
    return [asset_url("leaflet.markercluster", name) for name in ("MarkerCluster.css", "MarkerCluster.Default.css")]


def publish_geometry(packed: dict, name: str, folder: Path | None = None) -> str | None:
    """Write a packed layer as `<name>-<content hash>.json`, and the same gzipped beside it
    (`.json.gz`), and return the JSON's URL, or None when the folder cannot be written (the page
    then puts the geometry into the map's script).

    The hash in the name lets the browser keep the file across reruns, pages and sessions; a
    rebuilt store with other outlines gets a new name. The folder ignores itself in git. The
    gzipped copy is what browsers fetch (`atlas.maps.LOAD_JS`): served as a file of its own type,
    it leaves the server nothing to compress, where the JSON would be gzipped again for every
    reader (20 CPU-ms for Greater Manchester's outlines in Streamlit's own server).
    """
    folder = folder or GEO_DIR
    body = json.dumps(packed, separators=(",", ":")).encode()
    safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")[:60] or "layer"
    filename = f"{safe}-{hashlib.sha1(body).hexdigest()[:12]}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by the Map page (atlas.static_files.publish_geometry)\n*\n")
        _write_once(folder / filename, lambda: body)
    except OSError:
        return None
    try:
        _write_once(folder / f"{filename}.gz", lambda: gzip.compress(body, compresslevel=9, mtime=0))
    except OSError:
        pass  # the browser asks for the JSON when the gzipped copy is missing
    return f"{GEO_URL}/{filename}"


def _write_once(target: Path, make_body) -> None:
    """Write `make_body()` to `target` unless it exists, atomically: a browser never reads half a
    file, and two sessions of one process publishing the same layer at once each write a scratch
    file of their own."""
    if target.exists():
        return
    handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(make_body())
        os.chmod(scratch, 0o644)  # mkstemp's 0600 would hide it from nginx's workers
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
