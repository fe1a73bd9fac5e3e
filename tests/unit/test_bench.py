"""atlas.bench without a browser: the README section it writes and the targets it checks.
The results below are made up (synthetic), shaped like `python -m atlas bench --json`."""
from __future__ import annotations

from atlas import bench

SYNTHETIC = {
    "nuts2": {"atlas": {"drawn_s": 2.3, "map_bytes": 200_000, "reruns_pan_zoom": 0},
              "plain": {"drawn_s": 3.0, "map_bytes": 700_000, "reruns_pan_zoom": 2}, "speedup": 1.3},
    "gm": {"atlas": {"drawn_s": 2.5, "map_bytes": 350_000, "reruns_pan_zoom": 0},
           "plain": {"drawn_s": 9.0, "map_bytes": 3_500_000, "reruns_pan_zoom": 2}, "speedup": 3.6},
    "floor": 1.9,
    "third_party_requests": 0,
}


def test_targets_follow_the_issue():
    assert all(ok for _, ok in bench.targets(SYNTHETIC))
    slow = {**SYNTHETIC, "gm": {**SYNTHETIC["gm"], "atlas": {**SYNTHETIC["gm"]["atlas"], "drawn_s": 3.0}}}
    failed = [name for name, ok in bench.targets(slow) if not ok]
    assert failed == ["Greater Manchester at most 1.0 s above the floor"]


def test_readme_section_is_replaced_and_nothing_else(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Atlas\n\n## Performance\n\nold words\n\n## Load\n\nkept\n", encoding="utf-8")
    section = bench.performance_section(SYNTHETIC, 5)
    bench.write_readme(section, readme)
    bench.write_readme(section, readme)  # twice: the same text, no blank lines piling up
    text = readme.read_text(encoding="utf-8")
    assert "old words" not in text and text.count("## Performance") == 1
    assert text.endswith("## Load\n\nkept\n") and "\n\n\n" not in text
    assert "| Greater Manchester, 1,673 LSOAs | 2.50 s | 9.00 s | 3.6× | +0.60 s | 350 KB | 3,500 KB | 0 / 2 |" in text
    assert "python -m atlas bench --runs 5" in text


def test_readme_without_the_section_gets_one(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Atlas\n", encoding="utf-8")
    bench.write_readme("body\n", readme)
    assert readme.read_text(encoding="utf-8") == "# Atlas\n\n## Performance\n\nbody\n"


def test_the_plain_app_is_valid_python_with_local_leaflet_only():
    source = bench.PLAIN_APP.format(root="/r", store="/s", europe="e", gm="g", nuts2024="/n24", nuts2021=["/a"],
                                    gm_file="/gm.geojson")
    compile(source, "plain_map.py", "exec")
    assert "http" not in source and "/app/static/vendor/leaflet/" in source
