"""Names as matching keys: an ASCII fold for comparing names and a slug for ids (readers, members, the validator)."""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form for matching names: 'Kraków' -> 'krakow', 'Zürich' -> 'zurich'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.lower()).strip()


def slug(text: str) -> str:
    """A stable id from a name: 'Brighton & Hove' -> 'brighton-hove'."""
    return fold(text).replace(" ", "-")
