"""One translation function for every user-facing string, gettext style.

Catalogues are plain `.po` files under `atlas/locale/<lang>/LC_MESSAGES/atlas.po`,
read with Babel, so adding a language needs no compile step. A missing
translation falls back to the English source text.
"""
from __future__ import annotations

import contextvars
from decimal import ROUND_HALF_UP, Decimal, localcontext
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, format_percent, parse_pattern

LANGUAGES = {"en": "English", "fr": "Français", "de": "Deutsch", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

_current = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)


def set_language(lang: str | None) -> str:
    """Set the language for this thread's page run; unknown codes fall back to English."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _current.set(lang)
    return lang


def current_language() -> str:
    return _current.get()


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "atlas.po"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        catalog = read_po(f)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def _(message: str, **values) -> str:
    """Translate `message` into the current language, then fill `{named}` values."""
    text = _catalogue(current_language()).get(message, message)
    return text.format(**values) if values else text


def _published(value: float) -> Decimal:
    """The value as the source wrote it (3.55, not 3.5499999…), for rounding half up as
    statistical offices do: 3.55 -> 3.6, 3.45 -> 3.5."""
    return Decimal(str(value))


def round_shown(value: float, decimals: int = 1) -> float:
    """The value as the reader sees it (59.55 -> 59.6, rounded half up from the published digits,
    where Python's round() gives 59.5): derived figures start from this, so they agree with it."""
    step = Decimal(1).scaleb(-decimals)
    return float(_published(value).quantize(step, rounding=ROUND_HALF_UP))


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@lru_cache(maxsize=None)
def _decimal_pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def fmt_number(value: float | None, decimals: int = 1) -> str:
    """A number for the current language: 12.5 -> '12.5' (en), '12,5' (fr, de, nl).

    What `babel.numbers.format_decimal` does, with the pattern and locale parsed once: a map's
    tooltips format some 1,700 numbers per run."""
    if value is None or value != value:  # None or NaN
        return _("no data")
    with localcontext(rounding=ROUND_HALF_UP):
        return _decimal_pattern(decimals).apply(_published(value), _locale(current_language()))


def fmt_percent_points(value: float | None, decimals: int = 1) -> str:
    """A share already in percent: 12.5 -> '12.5%' / '12,5 %'."""
    if value is None or value != value:
        return _("no data")
    locale = _locale(current_language())
    pattern = locale.percent_formats[None].pattern  # keeps the locale's spacing: '12,5 %'
    if decimals:
        pattern = re.sub(r"0(?=[^0#,.]*$)", "0." + "0" * decimals, pattern, count=1)
    with localcontext(rounding=ROUND_HALF_UP):
        return format_percent(_published(value) / 100, format=pattern, locale=locale)


# Eurostat's country codes that differ from ISO 3166 (which Babel's territory names use).
_EUROSTAT_TO_ISO = {"EL": "GR", "UK": "GB"}


def country_name(code: str) -> str:
    """A country's name in the current language: 'DE' -> 'Germany' / 'Allemagne' / 'Deutschland'."""
    iso = _EUROSTAT_TO_ISO.get(code, code)
    return _locale(current_language()).territories.get(iso, code)
