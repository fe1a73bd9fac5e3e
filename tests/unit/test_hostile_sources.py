"""The source-file cases of the hostile corpus (tests/hostile_cases.yaml, `sources:`), without a build:
one file of the SYNTHETIC mirror (tests/synthetic_mirror.py) copied, corrupted as the case says, then
fetched and read as the build reads it. A file that must fail raises a SourceError naming the file
and what was wrong; an invalid ring that can be mended is repaired and counted. What the build makes
of these errors (its "Build failed" line, the previous store kept) is tests/build/test_hostile_sources_build.py.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas.errors import SourceError
from atlas.geo import read_layer
from atlas.readers import READERS
from atlas.readers.tabular import read_csv_source, read_lines
from atlas.sources import Fetcher, load_sources, source_files
from tests.hostile_corpus import CORRUPT, source_cases

CASES = source_cases()
READ_CASES = [c for c in CASES if c.get("checked_by") != "build"]


def spec_of(relative: str) -> dict:
    return next(s for s in load_sources() if relative in source_files(s))


def read_as_the_build_does(spec: dict, path: Path):
    """The reader atlas/build.py applies to this kind of source: a data source's own reader, a
    boundary or point layer through read_layer, the member page through read_lines, any other CSV
    through read_csv_source."""
    reader = spec["reader"]
    if reader in READERS:
        return READERS[reader](path, spec)
    if reader == "geojson":
        return read_layer(path, spec.get("code"))
    if reader == "lines":
        return read_lines(path)
    return read_csv_source(path)


def corrupted_copy(synthetic_mirror: Path, folder: Path, case: dict) -> Path:
    """A mirror folder holding only the case's file, corrupted; returns the mirror."""
    target = folder / "mirror" / case["file"]
    target.parent.mkdir(parents=True)
    shutil.copy(synthetic_mirror / case["file"], target)
    CORRUPT[case["corrupt"]](target)
    return folder / "mirror"


@pytest.mark.parametrize("case", READ_CASES, ids=[c["id"] for c in READ_CASES])
def test_hostile_source_file_gets_its_expected_outcome(synthetic_mirror, tmp_path, case):
    mirror = corrupted_copy(synthetic_mirror, tmp_path, case)
    spec = spec_of(case["file"])
    if case["expect"] == "fails":
        with pytest.raises(SourceError) as error:  # any other exception fails the test as it is
            read_as_the_build_does(spec, Fetcher(mirror=mirror).get(spec, case["file"]))
        assert case["file"] in str(error.value), error.value
        for word in case.get("words", []):
            assert word in str(error.value), error.value
    elif case["expect"] == "repaired":
        layer = read_as_the_build_does(spec, Fetcher(mirror=mirror).get(spec, case["file"]))
        assert layer.attrs["repaired"] == 1
        assert layer.geometry.is_valid.all()
    else:
        raise AssertionError(f"unknown expectation {case['expect']!r}")


@pytest.mark.parametrize("case", [c for c in CASES if c.get("checked_by") == "build"],
                         ids=lambda c: c["id"])
def test_a_case_left_to_the_build_reads_without_error(synthetic_mirror, tmp_path, case):
    """The file is readable: it is a rule of the build that refuses it (run in tests/build)."""
    mirror = corrupted_copy(synthetic_mirror, tmp_path, case)
    spec = spec_of(case["file"])
    assert len(read_as_the_build_does(spec, Fetcher(mirror=mirror).get(spec, case["file"]))) > 0
    assert case.get("build"), "a case only the build judges must run through a build"


def test_corpus_has_every_class_of_broken_file():
    assert {c["class"] for c in CASES} >= {"truncated", "encoding", "duplicate-codes", "invalid-geometry",
                                           "empty-geometry", "bad-value", "missing-column", "missing-file"}
    assert {c["corrupt"] for c in CASES} <= set(CORRUPT)
    assert {c["expect"] for c in source_cases(build=True)} == {"fails", "repaired"}
