"""One reader per source format. Each returns a long frame of raw observations:
`key, geo, year, value, flag` (+ `moe`, `n`, `period` where the source has them),
and raises SourceError naming the file, the line and what was wrong."""
from atlas.readers.ons import read_ons_census_online, read_ons_internet_users
from atlas.readers.sdmx_csv import read_sdmx_csv
from atlas.readers.tabular import TABULAR_READERS

# eurostat_sdmx_csv: the mirror's SDMX-CSV extracts and fresh downloads from Eurostat's API (build --download)
READERS = {**TABULAR_READERS, "eurostat_sdmx_csv": read_sdmx_csv, "ons_internet_users_xlsx": read_ons_internet_users,
           "ons_census_online_xlsx": read_ons_census_online}

__all__ = ["READERS"]
