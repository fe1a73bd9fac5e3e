"""Class breaks, palettes and legends for choropleth maps: plain data in, plain data out.

Breaks come from mapclassify; colours are ColorBrewer's sequential schemes as shipped by
branca (folium's own dependency), all of which ColorBrewer marks colour-blind safe.
"Worse" always reads darker: the palette runs light to dark towards the worse end.
A `Classification` is a frozen, hashable value, so one can be computed over several
cities' values and shared by their maps (small multiples with one scale).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import mapclassify
import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from atlas.i18n import _, fmt_number
from atlas.text import format_value

SCHEMES = ("quantiles", "natural_breaks", "equal_interval")
K_MIN, K_MAX = 3, 7
PALETTES = ("YlGnBu", "Blues", "Purples", "OrRd", "YlOrBr", "PuBuGn")
DEFAULT_PALETTE = "YlGnBu"
NO_DATA_COLOUR = "#d4d4d4"  # a neutral grey outside every sequential palette offered
HIGHER_IS = ("worse", "better")
SHORT_UNIT = 3  # characters: units up to this long are repeated on each legend class

# Exact Fisher-Jenks is O(k n^2) in pure Python (2 s for 1,700 values without numba),
# so above this many values it runs on evenly spaced order statistics of the data:
# the same distribution, deterministic (unlike mapclassify's random FisherJenksSampled).
FISHER_JENKS_MAX_VALUES = 300


@dataclass(frozen=True)
class Classification:
    """Upper class bounds (ascending, as mapclassify gives them) and one colour per class."""

    scheme: str
    k_requested: int
    bins: tuple[float, ...]
    minimum: float
    colours: tuple[str, ...]
    higher_is: str
    palette: str

    @property
    def k(self) -> int:
        return len(self.bins)

    def class_indices(self, values: Iterable) -> np.ndarray:
        """Class of each value, -1 for no data. Class i holds (bins[i-1], bins[i]]."""
        y = as_float_array(values)
        classes = np.searchsorted(np.asarray(self.bins), y, side="left")
        # Values beyond the outer bounds (another year on a fixed scale) join the end classes.
        classes = np.clip(classes, 0, max(self.k - 1, 0))
        return np.where(np.isfinite(y) & (self.k > 0), classes, -1)

    def colours_for(self, values: Iterable) -> list[str]:
        """The fill colour for each value, the no-data colour where there is none."""
        return [self.colours[i] if i >= 0 else NO_DATA_COLOUR for i in self.class_indices(values)]

    def bounds(self) -> list[tuple[float, float]]:
        """(lower, upper) of each class; the first class starts at the smallest value."""
        lowers = (self.minimum, *self.bins[:-1])
        return list(zip(lowers, self.bins))


def as_float_array(values: Iterable) -> np.ndarray:
    """Numbers as floats; None, text and infinities become NaN (no data)."""
    y = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").to_numpy(dtype=float)
    return np.where(np.isfinite(y), y, np.nan)


def classify(
    values: Iterable,
    scheme: str = "quantiles",
    k: int = 5,
    higher_is: str = "worse",
    palette: str = DEFAULT_PALETTE,
) -> Classification:
    """Class breaks for the finite values; NaN and None are left out (they are no data)."""
    _check_choice(scheme, SCHEMES, "scheme")
    _check_choice(higher_is, HIGHER_IS, "higher_is")
    _check_choice(palette, PALETTES, "palette")
    if not K_MIN <= k <= K_MAX:
        raise ValueError(f"k must be between {K_MIN} and {K_MAX}, not {k}")
    y = as_float_array(values)
    y = y[np.isfinite(y)]
    bins = _breaks(y, scheme, k)
    return Classification(
        scheme=scheme,
        k_requested=k,
        bins=tuple(float(b) for b in bins),
        minimum=float(y.min()) if y.size else math.nan,
        colours=tuple(palette_colours(palette, len(bins), higher_is)),
        higher_is=higher_is,
        palette=palette,
    )


def _check_choice(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")


def _breaks(y: np.ndarray, scheme: str, k: int) -> np.ndarray:
    unique = np.unique(y)
    if unique.size <= k:
        # No scheme can make more classes than distinct values: one class per value.
        return unique
    with warnings.catch_warnings():
        # Expected here: heavy ties make mapclassify merge quantiles (handled below), and
        # numba is optional (the Fisher-Jenks sample keeps pure Python fast).
        warnings.filterwarnings("ignore", message="Not enough unique values")
        warnings.filterwarnings("ignore", message="Numba not installed")
        if scheme == "quantiles":
            bins = mapclassify.Quantiles(y, k=k).bins
        elif scheme == "equal_interval":
            bins = mapclassify.EqualInterval(y, k=k).bins
        else:
            sample = _fisher_jenks_sample(y)
            # A sample of heavily tied data can hold fewer distinct values than k.
            bins = mapclassify.FisherJenks(sample, k=min(k, np.unique(sample).size)).bins
    # Ties can give repeated bounds (empty classes); keep each bound once.
    return np.unique(bins)


def _fisher_jenks_sample(y: np.ndarray) -> np.ndarray:
    if y.size <= FISHER_JENKS_MAX_VALUES:
        return y
    ordered = np.sort(y)
    picks = np.linspace(0, y.size - 1, FISHER_JENKS_MAX_VALUES).round().astype(int)
    return ordered[picks]  # includes the minimum and maximum, so every value falls in a class


@lru_cache(maxsize=None)
def _brewer(palette: str, n: int) -> tuple[str, ...]:
    return tuple(c.lower() for c in color_brewer(palette, n))


def palette_colours(palette: str, n: int, higher_is: str = "worse") -> list[str]:
    """n colours ordered from the lowest class to the highest; darker means worse."""
    if n <= 0:
        return []
    if n >= 3:
        colours = list(_brewer(palette, n))
    else:  # ColorBrewer starts at 3 classes: take well-separated colours from that scheme
        three = _brewer(palette, 3)
        colours = [three[1]] if n == 1 else [three[0], three[2]]
    return colours if higher_is == "worse" else colours[::-1]


# --- Legend -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendClass:
    lower: float
    upper: float
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class HistogramBin:
    lower: float
    upper: float
    count: int
    colour: str


@dataclass(frozen=True)
class Legend:
    title: str
    unit: str
    scheme_label: str
    classes: tuple[LegendClass, ...]
    no_data_count: int
    no_data_label: str
    no_data_colour: str
    histogram: tuple[HistogramBin, ...]
    note: str = ""

    @property
    def total(self) -> int:
        """Every feature: the classes' counts plus those with no data."""
        return sum(c.count for c in self.classes) + self.no_data_count


def scheme_label(scheme: str) -> str:
    labels = {
        "quantiles": _("Quantiles"),
        "natural_breaks": _("Natural breaks (Fisher–Jenks)"),
        "equal_interval": _("Equal interval"),
    }
    return labels[scheme]


def decimals_for(values: Iterable) -> int:
    """Enough decimals to tell class bounds apart without pretending to false precision."""
    y = as_float_array(values)
    y = y[np.isfinite(y)]
    span = float(y.max() - y.min()) if y.size else 0.0
    if span >= 100:
        return 0
    return 1 if span >= 1 or span == 0 else 2


def class_label(lower: float, upper: float, unit: str, decimals: int) -> str:
    if lower == upper:
        return format_value(upper, unit, decimals, style="with_unit")
    # The unit once, after the range: "12.5 – 20.0 %" reads better than repeating it.
    return _("{lower} – {upper}", lower=fmt_number(lower, decimals), upper=format_value(upper, unit, decimals, style="with_unit"))


def build_legend(
    values: Iterable,
    classification: Classification,
    title: str,
    unit: str = "",
    decimals: int | None = None,
    histogram_bins: int = 12,
    note: str = "",
) -> Legend:
    """Legend data for `values` (one per feature) drawn with `classification`."""
    y = as_float_array(values)
    indices = classification.class_indices(y)
    if decimals is None:
        decimals = decimals_for([classification.minimum, *classification.bins])
    counts = np.bincount(indices[indices >= 0], minlength=classification.k)
    # A short unit ("%") reads best on every class; a long one ("index (100 = regional average)")
    # is said once, above the classes.
    label_unit = unit if len(unit) <= SHORT_UNIT else ""
    classes = tuple(
        LegendClass(lower, upper, class_label(lower, upper, label_unit, decimals), colour, int(count))
        for (lower, upper), colour, count in zip(classification.bounds(), classification.colours, counts)
    )
    return Legend(
        title=title,
        unit=unit,
        scheme_label=scheme_label(classification.scheme),
        classes=classes,
        no_data_count=int((indices < 0).sum()),
        no_data_label=_("No data"),
        no_data_colour=NO_DATA_COLOUR,
        histogram=histogram(y, classification, histogram_bins),
        note=note,
    )


def histogram(values: Iterable, classification: Classification, bins: int = 12) -> tuple[HistogramBin, ...]:
    """Counts of the finite values in equal-width bins, each bar in its midpoint's class colour."""
    y = as_float_array(values)
    y = y[np.isfinite(y)]
    if not y.size:
        return ()
    counts, edges = np.histogram(y, bins=bins if y.min() < y.max() else 1)
    midpoints = (edges[:-1] + edges[1:]) / 2
    colours = classification.colours_for(midpoints)
    return tuple(
        HistogramBin(float(lo), float(hi), int(n), colour)
        for lo, hi, n, colour in zip(edges[:-1], edges[1:], counts, colours)
    )
