"""An uploaded city zip is unpacked safely and checked with the same rules as `atlas check`."""
import io
import zipfile
from pathlib import Path

import pytest

from atlas.citydata.upload import MAX_FILES, UploadError, check_upload

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-city"  # synthetic example city


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_example_city_zipped_in_a_folder_passes():
    files = {f"example-city/{p.name}": p.read_bytes() for p in EXAMPLE.iterdir()}
    report = check_upload(_zip(files))
    assert report.ok and len(report.boundaries) == 4


def test_a_path_outside_the_folder_is_refused():
    with pytest.raises(UploadError, match="outside its folder"):
        check_upload(_zip({"../../etc/evil": b"x"}))


def test_not_a_zip_is_refused_plainly():
    with pytest.raises(UploadError, match="not a zip"):
        check_upload(b"%PDF-1.4 synthetic")


def test_too_many_files_is_refused():
    with pytest.raises(UploadError, match="files"):
        check_upload(_zip({f"f{i}.txt": b"" for i in range(MAX_FILES + 1)}))


def test_a_folder_with_errors_comes_back_as_a_report_not_an_exception():
    report = check_upload(_zip({"city.yaml": b"member_id: [unclosed"}))
    assert not report.ok and report.errors
