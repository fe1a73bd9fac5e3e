"""A city's own district data: the folder contract, its validator and the add/remove commands.

`check_folder(path)` reads a city folder and returns a `Report` holding every problem at
once and the normalised data; `cli.py` wraps it for `python -m atlas check | add | remove`.
The contract is documented in `docs/city-data.md`.
"""
from atlas.citydata.report import Problem, Report
from atlas.citydata.validate import check_folder

__all__ = ["Problem", "Report", "check_folder"]
