"""atlas.classify: class breaks, palettes and legend data.

Every value here is synthetic, made up in the tests to exercise the edge cases
(ties, missing values, a single value); none comes from a source.
"""
from __future__ import annotations

import time

import numpy as np
import pytest

from atlas import i18n
from atlas.classify import (
    K_MAX,
    K_MIN,
    NO_DATA_COLOUR,
    SCHEMES,
    build_legend,
    classify,
    palette_colours,
)
from atlas.text import format_value

SYNTHETIC_SPREAD = np.random.default_rng(7).gamma(2.0, 10.0, size=200)
SYNTHETIC_WITH_GAPS = [12.0, None, 30.5, float("nan"), 7.25, "n/a", 41.0, 19.0, float("inf"), 3.0]


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG), enough to say which of two colours is darker."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("k", range(K_MIN, K_MAX + 1))
def test_each_scheme_gives_k_classes_covering_every_value(scheme, k):
    c = classify(SYNTHETIC_SPREAD, scheme, k)
    assert c.k == k and len(c.colours) == k
    assert list(c.bins) == sorted(c.bins)
    assert c.bins[-1] == pytest.approx(SYNTHETIC_SPREAD.max())
    indices = c.class_indices(SYNTHETIC_SPREAD)
    assert indices.min() == 0 and indices.max() == k - 1


@pytest.mark.parametrize("k", [0, 2, 8, 12])
def test_k_outside_3_to_7_is_refused(k):
    with pytest.raises(ValueError, match="k must be between"):
        classify(SYNTHETIC_SPREAD, "quantiles", k)


def test_unknown_scheme_palette_or_direction_is_refused():
    with pytest.raises(ValueError, match="scheme"):
        classify(SYNTHETIC_SPREAD, "jenks")
    with pytest.raises(ValueError, match="palette"):
        classify(SYNTHETIC_SPREAD, palette="Spectral")  # diverging, not offered
    with pytest.raises(ValueError, match="higher_is"):
        classify(SYNTHETIC_SPREAD, higher_is="higher")


def test_quantiles_put_about_as_many_values_in_each_class():
    counts = np.bincount(classify(SYNTHETIC_SPREAD, "quantiles", 5).class_indices(SYNTHETIC_SPREAD))
    assert counts.tolist() == [40] * 5


def test_equal_interval_classes_have_equal_widths():
    c = classify(SYNTHETIC_SPREAD, "equal_interval", 4)
    widths = [upper - lower for lower, upper in c.bounds()]
    assert widths == pytest.approx([widths[0]] * 4)


def test_natural_breaks_find_obvious_groups():
    groups = [1.0, 1.1, 1.2, 10.0, 10.1, 10.3, 50.0, 50.5, 51.0, 52.0]
    c = classify(groups, "natural_breaks", 3)
    assert c.bins == pytest.approx((1.2, 10.3, 52.0))


def test_natural_breaks_on_many_values_are_fast_and_repeatable():
    many = np.random.default_rng(3).lognormal(2, 0.6, size=5000)
    started = time.perf_counter()
    first = classify(many, "natural_breaks", 7)
    assert time.perf_counter() - started < 2.0  # exact pure-Python Fisher-Jenks takes ~30 s here
    assert classify(many, "natural_breaks", 7) == first
    assert np.bincount(first.class_indices(many)).min() > 0


def test_missing_text_and_infinite_values_are_no_data_not_a_class():
    c = classify(SYNTHETIC_WITH_GAPS, "quantiles", 3)
    indices = c.class_indices(SYNTHETIC_WITH_GAPS)
    assert indices[[1, 3, 5, 8]].tolist() == [-1, -1, -1, -1]  # None, NaN, text, infinity
    assert (indices[[0, 2, 4, 6, 7, 9]] >= 0).all()
    assert c.colours_for([None])[0] == NO_DATA_COLOUR
    assert NO_DATA_COLOUR not in c.colours


@pytest.mark.parametrize("scheme", SCHEMES)
def test_fewer_distinct_values_than_classes_gives_one_class_per_value(scheme):
    ties = [2.0, 2.0, 2.0, 5.0, 5.0, 9.0]
    c = classify(ties, scheme, 5)
    assert c.bins == (2.0, 5.0, 9.0)
    assert np.bincount(c.class_indices(ties)).tolist() == [3, 2, 1]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_all_equal_values_make_one_class(scheme):
    c = classify([4.2] * 6, scheme, 5)
    assert c.k == 1 and c.class_indices([4.2]).tolist() == [0]
    legend = build_legend([4.2] * 6, c, "Synthetic", "%")
    assert [cl.count for cl in legend.classes] == [6]
    assert legend.classes[0].label == "4.2%"


def test_heavy_ties_in_quantiles_leave_no_empty_class():
    ties = [0.0] * 50 + list(range(1, 11))
    c = classify(ties, "quantiles", 5)
    assert np.bincount(c.class_indices(ties), minlength=c.k).min() > 0


def test_natural_breaks_survive_heavy_ties_among_many_values():
    ties = [0.0] * 4990 + [float(v) for v in range(1, 11)]
    c = classify(ties, "natural_breaks", 7)
    indices = c.class_indices(ties)
    assert indices.min() == 0 and c.bins[-1] == 10.0
    assert np.bincount(indices, minlength=c.k).min() > 0


def test_only_missing_values_give_no_classes_and_all_no_data():
    c = classify([None, float("nan")], "natural_breaks", 5)
    assert c.k == 0
    legend = build_legend([None, float("nan"), "x"], c, "Synthetic")
    assert legend.classes == () and legend.no_data_count == 3 and legend.total == 3


def test_values_outside_a_shared_scale_join_the_end_classes():
    c = classify(SYNTHETIC_SPREAD, "equal_interval", 5)
    assert c.class_indices([-1e9, 1e9]).tolist() == [0, 4]


@pytest.mark.parametrize("k", range(K_MIN, K_MAX + 1))
def test_darker_always_means_worse(k):
    worse_high = palette_colours("YlGnBu", k, "worse")
    better_high = palette_colours("YlGnBu", k, "better")
    assert [luminance(c) for c in worse_high] == sorted((luminance(c) for c in worse_high), reverse=True)
    assert [luminance(c) for c in better_high] == sorted(luminance(c) for c in better_high)
    assert len(set(worse_high)) == k


def test_classification_carries_the_direction():
    low_is_bad = classify(SYNTHETIC_SPREAD, "quantiles", 4, higher_is="better")
    darkest = min(low_is_bad.colours, key=luminance)
    assert low_is_bad.colours_for([SYNTHETIC_SPREAD.min()]) == [darkest]


def test_legend_counts_add_up_to_the_features():
    c = classify(SYNTHETIC_WITH_GAPS, "quantiles", 3)
    legend = build_legend(SYNTHETIC_WITH_GAPS, c, "Synthetic share", "%")
    assert legend.total == len(SYNTHETIC_WITH_GAPS)
    assert legend.no_data_count == 4
    assert sum(b.count for b in legend.histogram) == 6


def test_legend_labels_carry_the_unit_and_bounds():
    c = classify([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "equal_interval", 3)
    legend = build_legend([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], c, "Synthetic", "%")
    assert [cl.label for cl in legend.classes] == ["1.0 – 2.7%", "2.7 – 4.3%", "4.3 – 6.0%"]
    assert [cl.colour for cl in legend.classes] == list(c.colours)


def test_a_long_unit_is_said_once_not_on_every_class():
    values = [90.0, 100.0, 110.0, 120.0]
    legend = build_legend(values, classify(values, "equal_interval", 3), "Synthetic index", "index (100 = regional average)")
    assert [cl.label for cl in legend.classes] == ["90.0 – 100.0", "100.0 – 110.0", "110.0 – 120.0"]
    assert legend.unit == "index (100 = regional average)"  # shown once, above the classes


def test_numbers_follow_the_language():
    i18n.set_language("fr")
    assert format_value(12.5, "%").replace("\u202f", " ").replace("\xa0", " ") == "12,5 %"
    assert format_value(103.0, "index", 0, style="with_unit") == "103 index"
    assert format_value(None, "%") == i18n._("no data") == "pas de données"
    assert format_value(None, "index", style="with_unit") == "pas de données"


def test_the_two_value_styles():
    """The map writes the unit out; a card or a table says it in its title and shows '12.5%'."""
    i18n.set_language("en")
    assert format_value(12.5, "% of individuals", style="with_unit") == "12.5 % of individuals"
    assert format_value(12.5, "% of individuals") == "12.5%"
    assert format_value(103.0, "index", 0) == "103"
    with pytest.raises(ValueError):
        format_value(1.0, "%", style="long")


def test_classification_is_hashable_for_streamlit_caches():
    assert hash(classify(SYNTHETIC_SPREAD)) == hash(classify(SYNTHETIC_SPREAD))
