"""Eurostat SDMX-CSV 1.0, as the dissemination API answers `?format=SDMX-CSV`:

    DATAFLOW,LAST UPDATE,freq,indic_is,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS
    ESTAT:ISOC_R_IUSE_I(1.0),25/06/26 23:00:00,A,I_IUX,PC_IND,AT,2024,5.41,,

(the dimensions between LAST UPDATE and TIME_PERIOD depend on the dataset; CONF_STATUS is absent
from older answers). The flag has its own column; the stamp is the dataset's last update."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from atlas.readers.tabular import EUROSTAT_FLAGS, OBS_COLUMNS, read_csv_source
from atlas.errors import SourceError

SDMX_COLUMNS = ["DATAFLOW", "LAST UPDATE", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"]


def read_sdmx_csv(path: Path, spec: dict) -> pd.DataFrame:
    """An SDMX-CSV answer as raw observations; the key is the dimension named by the source's
    `key_dimension`, else `indic_is` (I_IUX, I_IDAY...), else `unit` for a dataset without an
    indicator dimension (isoc_r_iacc_h: PC_HH). Flags are Eurostat's letters."""
    frame = _sdmx_frame(path, ["geo"])
    dimension = spec.get("key_dimension") or ("indic_is" if "indic_is" in frame.columns else "unit")
    frame = _sdmx_frame(path, ["geo", dimension]) if dimension not in frame.columns else frame
    years = pd.to_numeric(frame["TIME_PERIOD"], errors="coerce")
    values = pd.to_numeric(frame["OBS_VALUE"].replace({":": ""}), errors="coerce")
    flags = frame["OBS_FLAG"].str.strip()
    bad = years.isna() | (values.isna() & ~frame["OBS_VALUE"].isin(["", ":"])) | \
        ~flags.map(lambda f: set(f) <= EUROSTAT_FLAGS)
    if bad.any():
        line = int(bad.idxmax()) + 2
        row = frame.loc[bad.idxmax(), ["TIME_PERIOD", "OBS_VALUE", "OBS_FLAG"]].tolist()
        raise SourceError(path, f"line {line}", f"not an Eurostat observation: {row}")
    out = pd.DataFrame({"key": frame[dimension], "geo": frame["geo"], "year": years.astype(int),
                        "value": values, "flag": flags})
    return out[out["value"].notna() | (out["flag"] != "")].reset_index(drop=True)[OBS_COLUMNS]


def _sdmx_frame(path: Path, dimensions: list[str] = ()) -> pd.DataFrame:
    """The answer as text cells; an answer that is not SDMX-CSV (an error page, a 'queued'
    message) is a SourceError naming what is missing."""
    frame = read_csv_source(path, dtype=str, keep_default_na=False)
    missing = [c for c in [*SDMX_COLUMNS, *dimensions] if c not in frame.columns]
    if missing:
        raise SourceError(path, "header", f"not an Eurostat SDMX-CSV answer: missing column(s) {', '.join(missing)}")
    return frame


def last_update(path: Path) -> str | None:
    """The dataset's latest 'LAST UPDATE' stamp (Eurostat writes dd/mm/yy hh:mm:ss) as an ISO date."""
    stamps = _sdmx_frame(path)["LAST UPDATE"]
    dates = [_stamp_date(s) for s in set(stamps) if s.strip()]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def _stamp_date(stamp: str) -> str | None:
    for pattern in ("%d/%m/%y %H:%M:%S", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(stamp.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return None
