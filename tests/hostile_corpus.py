"""The hostile input corpus (tests/hostile_cases.yaml) as Python: cases with their values expanded
(`{repeat: "a", times: 5000}` becomes 5000 a's; `cut: 100` keeps the first 100 characters) and
query cases turned into the link a browser would send; the corruptions the `sources:` cases name."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import yaml

CORPUS = Path(__file__).resolve().parent / "hostile_cases.yaml"


@lru_cache(maxsize=None)
def _corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def expand(value):
    """A value of the corpus as the string (or list) it stands for."""
    if isinstance(value, dict) and "repeat" in value:
        text = value["repeat"] * value["times"]
        return text[: value["cut"]] if "cut" in value else text
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


def _expanded(case: dict) -> dict:
    out = dict(case)
    out["params"] = {k: expand(v) for k, v in case["params"].items()}
    out["context"] = {k: expand(v) for k, v in (case.get("context") or {}).items()}
    if "value" in case:
        out["value"] = expand(case["value"])
    return out


def query_cases() -> list[dict]:
    return [_expanded(c) for c in _corpus()["query"]]


def source_cases(build: bool = False) -> list[dict]:
    """Every source case, or (`build=True`) only those also run through a whole build."""
    return [c for c in _corpus()["sources"] if c.get("build") or not build]


def city_cases() -> list[dict]:
    return list(_corpus()["city"])


def link(case: dict) -> str:
    """The case as an address: /<page>?<context>&<params>, every value quoted as a browser sends it."""
    query = {**case["context"], **case["params"]}
    return f"/{case['page']}?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in query.items())


EXAMPLE_CITY = Path(__file__).resolve().parents[1] / "docs" / "example-city"  # SYNTHETIC (docs/city-data.md)


def write_hostile_city(area: Path, district_name: str) -> str:
    """The synthetic example city (docs/example-city) copied into the city data area `area`, its
    first district renamed `district_name`. Returns the city's member id."""
    import shutil

    folder = area / "synthetica-example"
    shutil.copytree(EXAMPLE_CITY, folder)
    path = folder / "districts.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["quartier_name"] = district_name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return "synthetica-example"


def build_hostile_city_store(mirror: Path, folder: Path, district_name: str, monkeypatch) -> tuple[Path, str]:
    """A store built from `mirror` (SYNTHETIC) with the hostile example city added; (store, member id)."""
    from tests.support import build_store

    area = folder / "cities"
    area.mkdir()
    member_id = write_hostile_city(area, district_name)
    monkeypatch.setenv("ATLAS_CITY_DATA", str(area))
    return build_store(mirror, folder), member_id


# --- the corruptions of the `sources:` cases: each changes one file of a copy of the SYNTHETIC mirror ---

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


def remove(path: Path) -> None:
    path.unlink()


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


def garbage_cell(path: Path) -> None:
    """The 2016 cell of DE3 becomes `n/a`."""
    lines = _lines(path)
    for i, line in enumerate(lines):
        if line.startswith("A,I_IUX,PC_IND,DE3\t"):
            cells = line.split("\t")
            lines[i] = "\t".join([cells[0], "n/a ", *cells[2:]])
    _write_lines(path, lines)


def drop_value_column(path: Path) -> None:
    """An SDMX-CSV file without its OBS_VALUE column."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["OBS_VALUE"]).to_csv(path, index=False)


def word_for_a_score(path: Path) -> None:
    """The second IRIS's `score_global` (line 3) becomes a word."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, "score_global"] = "beaucoup"
    frame.to_csv(path, index=False)


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


CORRUPT = {f.__name__: f for f in (
    truncate_last_row, cut_in_half, cut_in_half_bytes, empty, remove, latin1_note, latin1_names, utf16, html_page,
    duplicate_last_row, garbage_cell, drop_value_column, word_for_a_score, duplicate_feature_code,
    null_second_geometry, empty_second_polygon, no_features, flat_second_polygon, two_point_ring, text_coordinates,
    bowtie_second_polygon)}
