"""The source-file cases of the hostile corpus (tests/hostile_cases.yaml, `sources:`): a copy of the
SYNTHETIC mirror (tests/synthetic_mirror.py) with one file corrupted as the case says. A file that
must fail makes run_build return 1 with a "Build failed" line naming the file, and the store that
was serving before is untouched; an invalid ring that can be mended is repaired and counted.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlas.build import run_build
from atlas.store import Store
from support import Log
from test_build import built, mirror, snapshot  # noqa: F401 - the private mirror copy and the live store
from tests.hostile_corpus import source_cases

CASES = source_cases()


# --- the corruptions named in the corpus ------------------------------------------------------------

def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> None:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def truncate_last_row(path: Path) -> None:
    lines = _lines(path)
    lines[-1] = lines[-1].split("\t")[0] + "\t1.25 "
    _write_lines(path, lines)


def cut_in_half(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def cut_in_half_bytes(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def latin1_note(path: Path) -> None:
    """The file saved as Latin-1 with one accented character added to its last line."""
    lines = _lines(path)
    lines[-1] = lines[-1].replace("A", "\u00c0", 1) if "\t" in lines[-1] else lines[-1] + " Saint-\u00c9tienne"
    _write_lines(path, lines, "latin-1")


def latin1_names(path: Path) -> None:
    """A CSV whose place names have accents, saved as Latin-1 (what a spreadsheet often exports)."""
    _write_lines(path, [line.replace("Synthetic", "Synth\u00e9tique") for line in _lines(path)], "latin-1")


def utf16(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def html_page(path: Path) -> None:
    path.write_text("<!DOCTYPE html><html><body>503 Service Unavailable</body></html>\n", encoding="utf-8")


def duplicate_last_row(path: Path) -> None:
    lines = _lines(path)
    _write_lines(path, lines + [lines[-1]])


def _features(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, data["features"]


def _save(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def duplicate_feature_code(path: Path) -> None:
    data, features = _features(path)
    code_field = next(k for k in features[0]["properties"] if "code" in k)
    features[1]["properties"][code_field] = features[0]["properties"][code_field]
    _save(path, data)


def null_second_geometry(path: Path) -> None:
    data, features = _features(path)
    features[1]["geometry"] = None
    _save(path, data)


def empty_second_polygon(path: Path) -> None:
    data, features = _features(path)
    features[1]["geometry"] = {"type": "Polygon", "coordinates": []}
    _save(path, data)


def no_features(path: Path) -> None:
    data, _ = _features(path)
    data["features"] = []
    _save(path, data)


def _second_ring(path: Path, ring_of) -> None:
    data, features = _features(path)
    ring = features[1]["geometry"]["coordinates"][0]
    features[1]["geometry"] = {"type": "Polygon", "coordinates": [ring_of(ring)]}
    _save(path, data)


def flat_second_polygon(path: Path) -> None:
    """Every corner on one line: no area at all, nothing to repair."""
    _second_ring(path, lambda r: [[r[0][0], r[0][1]], [r[0][0] + 0.01, r[0][1]], [r[0][0] + 0.02, r[0][1]],
                                  [r[0][0], r[0][1]]])


def two_point_ring(path: Path) -> None:
    _second_ring(path, lambda r: r[:2])


def text_coordinates(path: Path) -> None:
    _second_ring(path, lambda r: [[str(x), str(y)] for x, y in r])


def bowtie_second_polygon(path: Path) -> None:
    """A self-intersecting ring (a figure of eight): make_valid mends it into two triangles."""
    _second_ring(path, lambda r: [r[0], r[2], r[1], r[3], r[0]])


CORRUPT = {f.__name__: f for f in (truncate_last_row, cut_in_half, cut_in_half_bytes, empty, latin1_note, latin1_names,
                                    utf16, html_page, duplicate_last_row, duplicate_feature_code, null_second_geometry,
                                    empty_second_polygon, no_features, flat_second_polygon, two_point_ring,
                                    text_coordinates, bowtie_second_polygon)}


# --- the tests ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_source_file_gets_its_expected_outcome(built, mirror, case):
    before = snapshot(built)
    CORRUPT[case["corrupt"]](mirror / case["file"])
    log = Log()
    code = run_build(mirror=mirror, store=built, log=log)  # a traceback here fails the test as it is
    if case["expect"] == "fails":
        assert code == 1, log.text
        failure = next(line for line in log if line.startswith("Build failed"))
        assert case["file"] in failure, failure
        for word in case.get("words", []):
            assert word in failure, failure
        assert "previous store" in log.text
        assert snapshot(built) == before
        assert [p.name for p in built.parent.iterdir() if p.name != "store"] == [before["target"].name]
    elif case["expect"] == "repaired":
        assert code == 0, log.text
        layer = Path(case["file"]).stem
        repaired = Store(built).layers.set_index("layer_id")["repaired"]
        assert any(layer.startswith(str(lid)) or str(lid) in layer for lid in repaired[repaired > 0].index), \
            repaired.to_dict()
    else:
        raise AssertionError(f"unknown expectation {case['expect']!r}")


def test_corpus_has_every_class_of_broken_file():
    assert {c["class"] for c in CASES} >= {"truncated", "encoding", "duplicate-codes", "invalid-geometry",
                                           "empty-geometry"}
    assert set(c["corrupt"] for c in CASES) <= set(CORRUPT)
