"""A map link's view (?center=&zoom=) read back, and the member dots' figures (issue 16, items 3 and 6)."""
from __future__ import annotations

import pytest

from atlas import map_data as md


@pytest.mark.parametrize("center, zoom, expected", [
    ("48.8566,2.3522", "11.25", (48.8566, 2.3522, 11.25)),
    ("53.48,-2.24", "9", (53.48, -2.24, 9.0)),
    (None, "9", None), ("53.48,-2.24", None, None),
    ("91,0", "5", None), ("0,181", "5", None), ("0,0", "21", None), ("0,0", "-1", None),
    ("paris", "5", None), ("1,2,3", "5", None), ("1,2", "x", None), ("1,2", "nan", None),
])
def test_map_view_reads_a_place_and_a_zoom_or_nothing(center, zoom, expected):
    assert md.map_view(center, zoom) == expected
