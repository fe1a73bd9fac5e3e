"""The whole data set for researchers, written by the build into the store folder: every
observation with its indicator and source (CSV and Parquet), the catalogue as JSON, a README
giving each source's licence and citation, and all four in one zip (the About page's download).

    data/store/dataset/observations.csv | observations.parquet | catalogue.json | README.md
    data/store/digital-divide-atlas-data.zip
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd

from atlas.export import published
from atlas.text import FLAG_WORDS

DATASET_DIR = "dataset"
ZIP_NAME = "digital-divide-atlas-data.zip"
COLUMNS = ["indicator", "indicator_title", "unit", "level", "geo_code", "geo_name", "year", "period", "value", "flag",
           "flag_meaning", "moe", "n", "source", "publisher", "dataset", "licence"]


def observations_table(observations: pd.DataFrame, indicators: list[dict], sources: list[dict],
                       place_names: pd.Series) -> pd.DataFrame:
    """Each observation with what it measures, where, and whose figure it is under which licence."""
    ind = pd.DataFrame(indicators).set_index("id")
    src = pd.DataFrame(sources).set_index("id")
    out = observations.copy()
    out["indicator_title"] = out["indicator"].map(ind["title"])
    out["unit"] = out["indicator"].map(ind["unit"])
    out["geo_name"] = out["geo_code"].map(place_names)
    out["flag_meaning"] = out["flag"].fillna("").map(lambda f: ", ".join(FLAG_WORDS[c] for c in f if c in FLAG_WORDS))
    out["publisher"] = out["source"].map(src["publisher"])
    out["dataset"] = out["indicator"].map(ind["dataset"])
    out["licence"] = out["source"].map(src["licence"])
    return out.reindex(columns=COLUMNS).sort_values(["indicator", "level", "geo_code", "year"], kind="stable")


def readme(sources: list[dict], built_at: str, rows: int) -> str:
    """How to read and cite the files: one section per source with its licence and attribution."""
    lines = [
        "# Digital Divide Atlas: the whole data set", "",
        f"Built {built_at} from the public files listed below; {rows:,} observations.", "",
        "- `observations.csv` / `observations.parquet`: one row per figure: indicator, unit, area (`level`, "
        "`geo_code`, `geo_name`), `year`, `value`, Eurostat-style `flag` and its meaning, 95% margin of error "
        "(`moe`) and interviews (`n`) where published, and the source with its licence.",
        "- `catalogue.json`: every indicator (definition, unit, dataset) and source (publisher, official "
        "address, licence, attribution).", "",
        "A figure keeps the licence of its source: cite the source of every figure you use, as below, and "
        f"the atlas as \"Digital Divide Atlas, data set built {built_at[:10]}\".", "",
        "## Sources", ""]
    for s in sources:
        lines += [f"### {s.get('title', s['id'])} (`{s['id']}`)", "",
                  f"- Publisher: {s.get('publisher', '')}",
                  f"- Dataset: {s.get('dataset') or s.get('title', '')}",
                  f"- Licence: {s.get('licence', '')}",
                  f"- Cite as: {s.get('attribution', '')}",
                  f"- Official address: {s.get('url', '')}", ""]
    return "\n".join(lines)


def write_dataset(folder: Path, observations: pd.DataFrame, indicators: list[dict], sources: list[dict],
                  place_names: pd.Series, built_at: str) -> Path:
    """Write the files and their zip into the store folder being built; returns the zip's path."""
    out = folder / DATASET_DIR
    out.mkdir(exist_ok=True)
    table = observations_table(observations, indicators, sources, place_names)
    published(table).to_csv(out / "observations.csv", index=False)  # 74.93, not 74.92999999999999
    table.to_parquet(out / "observations.parquet", index=False)
    catalogue = {"built_at": built_at, "observations": len(table), "indicators": indicators, "sources": sources}
    (out / "catalogue.json").write_text(json.dumps(catalogue, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    (out / "README.md").write_text(readme(sources, built_at, len(table)), encoding="utf-8")
    with zipfile.ZipFile(folder / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name in ("README.md", "catalogue.json", "observations.csv", "observations.parquet"):
            bundle.write(out / name, arcname=f"digital-divide-atlas-data/{name}")
    return folder / ZIP_NAME
