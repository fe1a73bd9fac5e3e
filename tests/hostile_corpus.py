"""The hostile input corpus (tests/hostile_cases.yaml) as Python: cases with their values expanded
(`{repeat: "a", times: 5000}` becomes 5000 a's; `cut: 100` keeps the first 100 characters) and
query cases turned into the link a browser would send."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

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


def source_cases() -> list[dict]:
    return list(_corpus()["sources"])


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
    import json
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
