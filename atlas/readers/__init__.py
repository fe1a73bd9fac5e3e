"""One reader per source format. Each returns a long frame of raw observations:
`key, geo, year, value, flag` (+ `moe`, `n`, `period` where the source has them),
and raises SourceError naming the file, the line and what was wrong."""
from atlas.readers.sdmx_csv import read_sdmx_csv
from atlas.readers.tabular import READERS

READERS["eurostat_sdmx_csv"] = read_sdmx_csv  # a fresh download from Eurostat's API (build --download)

__all__ = ["READERS"]
