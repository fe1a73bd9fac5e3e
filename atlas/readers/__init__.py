"""One reader per source format. Each returns a long frame of raw observations:
`key, geo, year, value, flag` (+ `moe`, `n`, `period` where the source has them),
and raises SourceError naming the file, the line and what was wrong."""
from atlas.readers.tabular import READERS

__all__ = ["READERS"]
