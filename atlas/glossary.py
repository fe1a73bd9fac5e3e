"""Plain words for the atlas's terms: the glossary on the About page, and the links to it that a page
puts where a term first appears. Pages show codes (I_IUX, FR10) only in tables and downloads."""
from __future__ import annotations

from atlas.i18n import _, current_language
from atlas.text import FLAG_WORDS

ABOUT = "/about"


def glossary() -> list[tuple[str, str, str]]:
    """(anchor, term, explanation) in the reader's language."""
    flags = "; ".join(f"{letter}: {_(words)}" for letter, words in FLAG_WORDS.items())
    return [
        ("nuts", _("NUTS regions"), _(
            "The EU's statistical regions: NUTS 1 are large regions (a German Land, an English region), NUTS 2 "
            "smaller ones (a French former région, a Polish voivodeship), NUTS 3 smaller still. Eurostat publishes "
            "most internet-use figures for NUTS 2 or NUTS 1 regions, not for cities: a city shown through its "
            "region's figure shares it with everyone else in that region.")),
        ("iris", _("IRIS"), _(
            "France's smallest statistical areas, about 2,000 residents each, made by INSEE; a commune of more "
            "than 5,000 people is cut into several IRIS.")),
        ("lsoa", _("LSOA"), _(
            "Lower layer Super Output Area: England's and Wales's small statistical areas of about 1,500 "
            "residents, made by the Office for National Statistics; named after their borough ('Bolton 005A').")),
        ("flags", _("Flags"), _(
            "Marks a statistical office puts on a figure, which the atlas says in words: {flags}. A figure of "
            "low reliability is drawn hollow or hatched, never left out silently.", flags=flags)),
        ("scales", _("Index scales"), _(
            "Not every figure is a percentage. The French digital fragility index (IFN) sets 100 as the average "
            "of the region, so scores compare districts within a region, not across regions; Greater "
            "Manchester's digital exclusion risk index (DERI) runs from 0 to 10, higher meaning more risk; the "
            "EU's DESI scores run from 0 to 100.")),
        ("eu27", _("EU 27"), _("The average of the 27 member states of the European Union, as Eurostat publishes it.")),
        ("target", _("2030 targets"), _(
            "The EU's Digital Decade targets for 2030, such as 80% of adults with at least basic digital skills "
            "and gigabit connectivity for every household; the distance is the target minus the figure.")),
    ]


def glossary_links(*anchors: str) -> str:
    """'Words used here: NUTS regions · Flags', each a link to its explanation on the About page."""
    terms = {anchor: term for anchor, term, _text in glossary()}
    links = " · ".join(f"[{terms[a]}]({ABOUT}?lang={current_language()}#{a})" for a in anchors)
    return _("Words used here: {links}", links=links)
