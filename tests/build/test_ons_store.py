"""The tests of test_ons.py that need a built store; those that do not are tests/unit/test_ons.py.

The ONS sources and city-level areas: the readers on SYNTHETIC workbooks (tests/synthetic_mirror.py),
the rule that a NUTS 3 area stands for a member only when it IS the member, and the store placing each
member at the level its data support. The real catalogue is checked against the real LAU table when
../shared/data is there."""
from __future__ import annotations


import pandas as pd

from atlas.store import Store

ONS = "indicators/uk_ons/internetusers2020.xlsx"

# --- the rule: a NUTS 3 area is the member's only when it is the member -----------------------

LAU = pd.DataFrame({"code_2016": ["UKK11", "UKI32", "UKL22", "UKL22"],
                    "lau_name_national": ["Bristol, City of", "Westminster", "Cardiff", "Vale of Glamorgan"]})


# --- the store: each member at the level its data support --------------------------------------

def test_a_member_whose_area_is_the_city_gets_city_figures(synthetic_store):
    store = Store(synthetic_store)
    fig = store.member_figure("manchester", "ons_non_users")
    assert (fig.level, fig.geo_code, fig.value, fig.moe, fig.is_proxy) == ("city", "UKD33", 6.25, 3.0, False)
    assert store.member_series("manchester", "ons_non_users")["year"].tolist() == [2017, 2018, 2019, 2020]


def test_london_is_never_shown_through_one_of_its_nuts3_areas(synthetic_store):
    store = Store(synthetic_store)
    # its NUTS 3 areas are districts, smaller than London; its NUTS 1 region UKI is Greater London, the member
    assert [code for code in store.member("london")["city_areas"].split(",") if code.startswith("UKI")] == ["UKI"]
    figure = store.member_figure("london", "ons_non_users")
    assert (figure.level, figure.geo_code) == ("city", "UKI")
    districts = store.member_districts("london", "london_nuts3")
    assert sorted(districts["code"]) == ["UKI31", "UKI32"]  # UKD33 is in the file but not London's
    values = store.values("ons_non_users", 2020, level="district").set_index("geo_code")
    assert values.loc["london_nuts3:UKI31", "moe"] == 2.5


def test_census_online_share_sits_on_the_gm_lsoa_layer(synthetic_store):
    rows = Store(synthetic_store).values("census_online_share").set_index("geo_code")
    assert sorted(rows.index) == ["gm_lsoa:E01999901", "gm_lsoa:E01999902", "gm_lsoa:E01999903"]
    assert pd.isna(rows.loc["gm_lsoa:E01999902", "value"]) and rows.loc["gm_lsoa:E01999902", "flag"] == "d"


def test_lyon_has_its_iris(synthetic_store):
    store = Store(synthetic_store)
    assert store.member_layers("lyon")["layer_id"].tolist() == ["fr_iris"]
    assert store.values("ifn_score")["geo_code"].isin(store.member_districts("lyon", "fr_iris")["geo_code"]).any()
