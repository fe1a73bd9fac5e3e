"""A city folder uploaded as a zip, unpacked safely for a preview in one visitor's session.

Nothing here writes outside a temporary folder that the caller deletes: the preview is never
added to the store or shown to anyone else.
"""
from __future__ import annotations

import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from atlas.citydata.report import Report
from atlas.citydata.validate import check_folder
from atlas.i18n import _

MAX_ZIP_BYTES = 20 * 1024 * 1024      # what a visitor may upload
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip bomb stops here
MAX_FILES = 50


class UploadError(Exception):
    """A zip that cannot be previewed; the message says why, in plain words."""


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    if len(members) > MAX_FILES:
        raise UploadError(_("The zip holds {n} files; a city folder needs at most {max}.", n=len(members), max=MAX_FILES))
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise UploadError(_("The zip unpacks to more than {mb} MB.", mb=MAX_UNPACKED_BYTES // 2**20))
    for m in members:
        path = PurePosixPath(m.filename)
        if path.is_absolute() or ".." in path.parts:
            raise UploadError(_("The zip contains a path outside its folder: {name}", name=m.filename[:80]))
    return members


def _folder_root(folder: Path) -> Path:
    """Zips made from a folder hold one top-level folder: look inside it."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else folder


@contextmanager
def unpacked(data: bytes):
    """Yield the folder inside an uploaded zip; the temporary copy is deleted afterwards."""
    if len(data) > MAX_ZIP_BYTES:
        raise UploadError(_("The zip is larger than {mb} MB.", mb=MAX_ZIP_BYTES // 2**20))
    with tempfile.TemporaryDirectory(prefix="atlas-preview-") as tmp:
        try:
            with zipfile.ZipFile(_as_file(data)) as archive:
                for member in _safe_members(archive):
                    target = Path(tmp) / member.filename
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(member))
        except zipfile.BadZipFile:
            raise UploadError(_("This file is not a zip archive.")) from None
        yield _folder_root(Path(tmp))


def _as_file(data: bytes):
    import io

    return io.BytesIO(data)


def check_upload(data: bytes) -> Report:
    """Validate an uploaded zip with the same checks as `python -m atlas check`."""
    with unpacked(data) as folder:
        report = check_folder(folder)
        report.boundaries = report.boundaries.copy()  # detached from the temporary folder
        return report
