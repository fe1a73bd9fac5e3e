"""tools.bench without a browser: the report it writes and the targets it checks.
The results below are made up (synthetic), shaped like `python -m atlas bench --json`."""
from __future__ import annotations

import json

from tools import bench, serve_bench

SYNTHETIC = {
    "nuts2": {"atlas": {"drawn_s": 2.3, "x_floor": 1.21, "map_bytes": 200_000, "reruns_pan_zoom": 0},
              "plain": {"drawn_s": 3.0, "x_floor": 1.58, "map_bytes": 700_000, "reruns_pan_zoom": 2}, "speedup": 1.3},
    "gm": {"atlas": {"drawn_s": 2.35, "x_floor": 1.24, "map_bytes": 350_000, "reruns_pan_zoom": 0},
           "plain": {"drawn_s": 9.0, "x_floor": 4.74, "map_bytes": 3_500_000, "reruns_pan_zoom": 2}, "speedup": 3.8,
           "no_places": {"drawn_s": 2.2, "x_floor": 1.16, "map_bytes": 330_000, "reruns_pan_zoom": 0}, "places_cost": 1.07},
    "floor": 1.9,
    "third_party_requests": 0,
}


def test_targets_follow_the_issue():
    assert all(ok for _, ok in bench.targets(SYNTHETIC))
    slow = {**SYNTHETIC, "gm": {**SYNTHETIC["gm"], "atlas": {**SYNTHETIC["gm"]["atlas"], "x_floor": 1.3}}}
    failed = [name for name, ok in bench.targets(slow) if not ok]
    assert failed == ["Greater Manchester drawn within 1.25x the empty-map floor"]
    heavy_places = {**SYNTHETIC, "gm": {**SYNTHETIC["gm"], "places_cost": 1.15}}
    failed = [name for name, ok in bench.targets(heavy_places) if not ok]
    assert failed == ["Greater Manchester with its help places at most 10% slower than without"]


def test_a_run_writes_under_the_ignored_folder_and_leaves_tracked_files_alone(tmp_path):
    section = bench.performance_section(SYNTHETIC, 5)
    written = bench.write_report("map", SYNTHETIC, section, tmp_path / "bench")
    assert written.read_text(encoding="utf-8") == section
    assert (tmp_path / "bench" / "map.json").exists()
    assert "| Greater Manchester, 1,673 LSOAs | 2.35 s | 1.24× | 9.00 s | 4.74× | 3.8× | 350 KB | 3,500 KB | 0 / 2 |" in section
    assert "python -m atlas bench --runs 5" in section
    assert "| Greater Manchester without its help places | 2.20 s | 1.16× | | | | 330 KB | | 0 |" in section
    assert "with its help places / without: 1.07×" in section
    assert "Map page's kinds of controls" not in section  # a run without that yardstick says nothing of it


def test_the_controls_yardstick_is_reported_beside_the_floor():
    """The empty map among the Map page's kinds of controls: what those controls cost apart from any map."""
    with_controls = {**SYNTHETIC, "controls_floor": 2.28,
                     "nuts2": {**SYNTHETIC["nuts2"], "atlas": {**SYNTHETIC["nuts2"]["atlas"], "x_controls": 1.01}},
                     "gm": {**SYNTHETIC["gm"], "atlas": {**SYNTHETIC["gm"]["atlas"], "x_controls": 1.03}}}
    section = bench.performance_section(with_controls, 5)
    assert ("kinds of controls (the plain app's `?view=controls`): 2.28 s, 1.20× the floor; the Atlas's Europe map is "
            "1.01× that page, Greater Manchester's 1.03×.") in section
    assert bench.targets(with_controls) == bench.targets(SYNTHETIC)  # a yardstick, not a target
    assert "bench/" in (bench.ROOT / ".gitignore").read_text().splitlines()
    assert bench.RESULTS == bench.ROOT / "bench"


def test_the_plain_app_is_written_with_its_config_and_local_leaflet_only(tmp_path, monkeypatch):
    """The comparison app is a real file (tools/plain_map_app.py), copied beside its config and Leaflet."""
    from atlas import paths

    (tmp_path / "vendor" / "leaflet").mkdir(parents=True)
    (tmp_path / "vendor" / "leaflet" / "leaflet.js").write_text("// synthetic")
    (tmp_path / "mirror").mkdir()
    monkeypatch.setattr(bench, "VENDOR_DIR", tmp_path / "vendor")
    monkeypatch.setattr(paths, "default_mirror", lambda: tmp_path / "mirror")
    script = bench._write_plain_app(tmp_path / "plain", tmp_path / "store")
    source = script.read_text(encoding="utf-8")
    compile(source, "plain_map.py", "exec")
    assert "http" not in source and "/app/static/vendor/leaflet/" in source
    assert (tmp_path / "plain" / "static" / "vendor" / "leaflet" / "leaflet.js").exists()
    config = json.loads((tmp_path / "plain" / "plain_map.json").read_text(encoding="utf-8"))
    assert config["store"] == str(tmp_path / "store") and config["europe"] == bench.EUROPE_INDICATOR
    assert config["gm_file"].startswith(str(tmp_path / "mirror"))


SERVE = {  # synthetic, shaped like `python -m atlas bench --serve --json`
    "date": "2026-01-01", "runs": 3, "backends": 1, "cores": 2, "load_average_before": 0.5,
    "load_average_after": 0.7, "trivial_cpu_s": 0.1,
    "pages": {"Map, Europe": {"cpu_s": 0.19, "x_trivial": 1.9, "drawn_s": 1.5},
              "Compare": {"cpu_s": 0.25, "x_trivial": 2.5, "drawn_s": 2.0},
              serve_bench.TRIVIAL: {"cpu_s": 0.1, "x_trivial": 1.0, "drawn_s": 1.0}},
    "interactions": {"indicator": {"cpu_s": 0.05, "run_s": 0.1, "recoloured_s": 0.3},
                     "year": {"cpu_s": 0.04, "run_s": 0.1, "recoloured_s": 0.5},
                     "classes": {"cpu_s": 0.12, "run_s": 0.2, "recoloured_s": 0.2}, "errors_shown": 0},
    "nginx_cpu_s_per_view": None,
}


def test_serve_targets_compare_each_page_with_the_trivial_page_of_the_same_run():
    failed = [name for name, ok in serve_bench.targets(SERVE) if not ok]
    assert failed == ["Compare at most 2.0x the trivial page", "Map interaction (classes) at most 0.10 CPU-s",
                      "Map interaction (year) recoloured within 0.4 s"]
    behind_nginx = [name for name, ok in serve_bench.targets({**SERVE, "backends": 2}) if not ok]
    assert "Map, Europe at most 1.2x the trivial page" in behind_nginx


def test_serve_section_gives_the_command_and_the_load_average():
    text = serve_bench.section(SERVE)
    assert "`python -m atlas bench --serve --runs 3`" in text and "load average 0.5 before" in text
    assert "| Compare | 0.25 s | 2.50 | 2.0 s |" in text and "| classes | 0.120 s | 0.20 s | 0.20 s |" in text


def test_a_run_through_nginx_says_so_with_the_command_that_repeats_it():
    section = bench.performance_section({**SYNTHETIC, "backends": 2}, 3)
    assert "`python -m atlas bench --runs 3 --backends 2`" in section
    assert "2 processes behind nginx, which serves the static files" in section
    assert "served the same way" in section


def test_nginx_serves_the_static_folder_of_the_app_it_fronts(tmp_path):
    from deploy.local import render

    conf = render("127.0.0.1:9", ["127.0.0.1:10"], tmp_path, app_static=tmp_path / "plain" / "static")
    directives = [line for line in conf.splitlines() if not line.lstrip().startswith("#")]
    assert f"alias {tmp_path / 'plain' / 'static'}/;" in "\n".join(directives)
    assert not any("@APP_STATIC@" in line for line in directives)
