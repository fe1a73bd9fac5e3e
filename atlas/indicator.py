"""One indicator of the catalogue as pages and the package use it, its words already translated.

The store makes these (`store.indicator(id)`), in the reader's language; nothing translates an
indicator's title, unit or notes again. Frozen, so it can key a cache and is safe to share.
"""
from __future__ import annotations

from dataclasses import dataclass

from atlas.i18n import _

TRANSLATED_FIELDS = ("title", "definition", "unit", "scale_note")  # the catalogue texts translators see


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    definition: str
    unit: str
    higher_is: str  # "better" or "worse": which end of a palette reads as worse
    source: str  # a source id of the store's catalogue
    dataset: str
    decimals: int = 1
    scale_note: str = ""
    answer_of: str = ""  # a survey's single answer share: the indicator it is an answer of
    answers: tuple[str, ...] = ()  # a survey indicator's answer shares, in the questionnaire's order
    target: float | None = None  # the EU Digital Decade 2030 target, where one applies to this measure

    @classmethod
    def from_catalogue(cls, entry: dict) -> "Indicator":
        """An entry of the store's indicator catalogue, its texts in the current language."""
        words = {field: _(entry[field]) if entry.get(field) else "" for field in TRANSLATED_FIELDS}
        return cls(id=entry["id"], higher_is=entry["higher_is"], source=entry["source"], dataset=entry["dataset"],
                   decimals=int(entry.get("decimals", 1)), answer_of=entry.get("answer_of") or "",
                   answers=tuple(entry.get("answers") or ()),
                   target=(entry.get("target") or {}).get("value"), **words)
