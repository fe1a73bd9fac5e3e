"""`build --download`: what each dataset fetched fresh from Eurostat's API brings, against the
mirror's extract it replaces, value by value; and the stamp each source carries to its citation."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.catalogue import indicator_keys
from atlas.eurostat_api import DIFF_COLUMNS, differences
from atlas.readers import READERS
from atlas.sources import Fetcher, source, source_files

REFRESH_REPORT = "refresh_differences.csv"


def refresh_report(fetcher: Fetcher, files: dict, indicators, log) -> dict:
    """For each dataset fetched fresh from Eurostat: its stamp and query, and, where the mirror
    has the extract it replaces, every value that differs (logged in short, kept in full in the
    store as refresh_differences.csv)."""
    summary, frames = {}, []
    keys = indicator_keys(indicators)
    for source_id, fetched in fetcher.refreshed.items():
        spec = source(source_id)
        entry = dict(fetched)
        extract = _mirror_extract(fetcher, spec, keys.get(source_id, {}))
        if extract is not None:
            fresh = READERS["eurostat_sdmx_csv"](files[source_id][0], spec)
            diff = differences(extract, fresh).assign(source=source_id, dataset=fetched["dataset"])
            frames.append(diff)
            entry["compared_with"] = spec["file"]
            entry["differences"] = {k: int(v) for k, v in diff["change"].value_counts().items()}
        log(f"    {source_id}: {fetched['url']} (last update {fetched['last_update'] or 'not stated'})"
            + (f"; against the mirror's extract: {entry['differences'] or 'no difference'}" if extract is not None else ""))
        for row in (frames[-1].head(5).itertuples() if extract is not None else ()):
            log(f"      {row.key} {row.geo} {row.year}: {row.change}, mirror {_cell(row.mirror_value, row.mirror_flag)}"
                f" -> fresh {_cell(row.fresh_value, row.fresh_flag)}")
        summary[source_id] = entry
    columns = ["source", "dataset", *DIFF_COLUMNS]
    report = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    return {"summary": summary, "differences": report}


def with_stamp(spec: dict, fetched: dict | None) -> dict:
    if not fetched:
        return spec
    return {**spec, "last_update": fetched["last_update"], "downloaded_from": fetched["url"]}


def _mirror_extract(fetcher: Fetcher, spec: dict, keys: dict[str, str]) -> pd.DataFrame | None:
    """The mirror's extract of a refreshed dataset, as raw observations of the keys the atlas uses."""
    if fetcher.mirror is None:
        return None
    extract_files = [Path(fetcher.mirror) / rel for rel in source_files(spec)]
    if not all(p.exists() for p in extract_files):
        return None
    raw = pd.concat([READERS[spec["reader"]](p, spec) for p in extract_files], ignore_index=True)
    return raw[raw["key"].astype(str).isin(keys)] if keys else raw


def _cell(value, flag) -> str:
    text = ":" if pd.isna(value) else f"{value:g}"
    return f"{text} {flag}".strip() if isinstance(flag, str) else text
