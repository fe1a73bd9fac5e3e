"""Files users take away: CSV with a citation header."""
from __future__ import annotations

import pandas as pd


def csv_with_header(frame: pd.DataFrame, source: dict, extracted: str) -> bytes:
    """CSV preceded by `#` lines naming the source, dataset, extraction date and licence."""
    header = [
        f"# Source: {source.get('publisher', '')}",
        f"# Dataset: {source.get('dataset') or source.get('title', '')}",
        f"# Extracted: {extracted}",
        f"# Licence: {source.get('licence', '')}",
        f"# Attribution: {source.get('attribution', '')}",
        "# Made with the Digital Divide Atlas",
    ]
    return ("\n".join(header) + "\n" + frame.to_csv(index=False)).encode("utf-8")
