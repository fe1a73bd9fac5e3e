"""The geography levels a figure can describe (the store's `level` column), in one place.

Closest to a member first. A German city that is a Kreis of its own has its figure at "kreis";
an Urban Audit city (or a NUTS 3 region that is the city) at "city".
"""
from __future__ import annotations

import re

LEVELS = ("district", "city", "kreis", "nuts3", "nuts2", "nuts1", "country", "eu")
CITY_LEVELS = ("city", "kreis")  # the whole city's own figure
OWN_LEVELS = frozenset({*CITY_LEVELS, "district"})  # the member's own area, or a part of it
REGIONAL_LEVELS = ("nuts2", "nuts1", "country")  # the Europe map's areas, finest first
PROXY_LEVELS = frozenset(REGIONAL_LEVELS)  # a larger area shown for a member it contains
# what the Compare and Trends pages set members side by side with: one figure per member
MEMBER_LEVELS = (*REGIONAL_LEVELS, *CITY_LEVELS)
URBAN_AUDIT_CITY = re.compile(r"^[A-Z]{2}\d{3}C\d?$")  # AT001C, NL002C2; K = greater city, not a city


def level_rank(level: str) -> int:
    """Closest first: district, city, NUTS 2, NUTS 1, country, EU (unknown levels last)."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def level_of(code: str) -> str | None:
    """Geography level from the code's shape: EU27_2020, DE, DE3, DE30, DEA11, NL001C (an Urban Audit
    city), de_kreis:..., layer:code."""
    if code == "EU27_2020":
        return "eu"
    if URBAN_AUDIT_CITY.match(code):
        return "city"
    if code.startswith("de_kreis:"):
        return "kreis"
    if ":" in code:
        return "district"
    if code.isalpha() and len(code) == 2:
        return "country"
    if len(code) == 3 and code[:2].isalpha():
        return "nuts1"
    if len(code) == 4 and code[:2].isalpha():
        return "nuts2"
    if len(code) == 5 and code[:2].isalpha():
        return "nuts3"
    return None  # euro area and other aggregates are not shown
