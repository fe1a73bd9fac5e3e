"""atlas.map_data: the Map page's layers, the outlines it publishes once, and its credits.

Stores: the synthetic store (tests/README.md) for shapes and joins; the real store, when the
public mirror is present, for the counts the browser tests and the benchmark rely on.
"""
from __future__ import annotations

import gzip
import json


from atlas import map_data as md
from atlas.indicator import Indicator
from atlas.static_files import GEO_URL, publish_geometry


def test_nuts_version_follows_the_year():
    assert md.nuts_version(2021) == md.nuts_version(2023) == 2021
    assert md.nuts_version(2024) == md.nuts_version(2025) == 2024


def test_publish_writes_one_hashed_file_that_git_ignores(tmp_path):
    packed = {"format": "atlas-packed-1", "codes": ["A"], "shapes": [[[[0, 0, 10, 0, 0, 10]]]], "q": 1e-5, "origin": [0, 0]}
    url = publish_geometry(packed, "Districts / Synthetic <x>", tmp_path)
    again = publish_geometry(packed, "Districts / Synthetic <x>", tmp_path)
    assert url == again and url.startswith(GEO_URL + "/districts-synthetic-x-")
    files = [p for p in tmp_path.iterdir() if p.suffix == ".json"]
    assert len(files) == 1 and json.loads(files[0].read_text()) == packed
    gzipped = files[0].with_name(files[0].name + ".gz")  # what browsers fetch: nothing left to compress per reader
    assert gzip.decompress(gzipped.read_bytes()) == files[0].read_bytes()
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == "*"
    changed = publish_geometry(dict(packed, codes=["B"]), "Districts / Synthetic <x>", tmp_path)
    assert changed != url  # other outlines, another name: a browser never keeps a stale file


def test_sessions_publishing_the_same_layer_at_once_all_get_its_url(tmp_path):
    """Two readers in other languages open the same view together: each thread writes a scratch file
    of its own, so none is left without the URL (which would put the outlines into its map's
    script), and the files are whole and readable by nginx's workers."""
    from concurrent.futures import ThreadPoolExecutor

    packed = {"format": "atlas-packed-1", "codes": [f"S{i}" for i in range(3000)], "shapes": [], "q": 1e-5, "origin": [0, 0]}
    with ThreadPoolExecutor(8) as pool:
        urls = list(pool.map(lambda _: publish_geometry(packed, "Synthetic race", tmp_path), range(16)))
    assert len(set(urls)) == 1 and urls[0] is not None
    written = sorted(p.name for p in tmp_path.iterdir() if p.name != ".gitignore")
    assert len(written) == 2 and written[1] == written[0] + ".gz"  # no scratch file left behind
    assert json.loads((tmp_path / written[0]).read_text()) == packed
    assert gzip.decompress((tmp_path / written[1]).read_bytes()) == (tmp_path / written[0]).read_bytes()
    assert all((tmp_path / name).stat().st_mode & 0o044 == 0o044 for name in written)


def test_a_gzipped_copy_that_cannot_be_written_leaves_the_json_url(tmp_path, monkeypatch):
    """The browser then asks for the JSON (atlas.maps.LOAD_JS): the outlines stay out of the map's script."""
    import atlas.static_files as static_files

    def no_gzip(*args, **kwargs):
        raise OSError("synthetic: the disk is full")

    monkeypatch.setattr(static_files.gzip, "compress", no_gzip)
    url = publish_geometry({"format": "atlas-packed-1", "codes": ["A"]}, "Synthetic", tmp_path)
    assert url is not None and not list(tmp_path.glob("*.gz"))


def test_publish_returns_none_when_the_folder_is_a_file(tmp_path):
    """A folder that cannot be written (here a file in its place; the suite runs as root, for whom
    permissions would not stop it) gives None: the page then sends the geometry in the map's script."""
    (tmp_path / "geo").write_text("not a folder")
    assert publish_geometry({"codes": []}, "x", tmp_path / "geo") is None


def _indicator(unit: str, scale_note: str = "") -> Indicator:
    return Indicator(id="made_up", title="Made up", definition="", unit=unit, higher_is="worse", source="s",
                     dataset="d", scale_note=scale_note)


def test_an_index_against_a_regions_average_says_how_to_read_maps_side_by_side():
    assert "100 = that region's average" in md.relative_scale_note(_indicator("index (100 = regional average)"))
    assert "100 = that region's average" in md.relative_scale_note(_indicator("score", "100 = the region"))
    assert md.relative_scale_note(_indicator("% of individuals")) == ""
