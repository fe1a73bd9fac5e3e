"""The geography levels a figure can describe (the store's `level` column), in one place.

Closest to a member first. A German city that is a Kreis of its own has its figure at "kreis";
an Urban Audit city (or a NUTS 3 region that is the city) at "city".
"""
from __future__ import annotations

LEVELS = ("district", "city", "kreis", "nuts3", "nuts2", "nuts1", "country", "eu")
CITY_LEVELS = ("city", "kreis")  # the whole city's own figure
OWN_LEVELS = frozenset({*CITY_LEVELS, "district"})  # the member's own area, or a part of it
PROXY_LEVELS = frozenset({"nuts2", "nuts1", "country"})  # a larger area shown for a member it contains
EUROPE_VIEW_LEVELS = ("nuts2", "nuts1", "country")  # the Europe map: each country at the finest it publishes
# what the Compare and Trends pages set members side by side with: one figure per member
MEMBER_LEVELS = ("nuts2", "nuts1", "country", *CITY_LEVELS)


def level_rank(level: str) -> int:
    """Closest first: district, city, NUTS 2, NUTS 1, country, EU (unknown levels last)."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)
