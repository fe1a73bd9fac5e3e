"""atlas.figure_groups.group_by_figure on synthetic rows: one row per figure, described honestly."""
import pandas as pd

from atlas.figure_groups import group_by_figure


def test_a_figure_that_is_one_members_own_and_anothers_region_is_described_as_shared_in_any_order():
    """Synthetic: region R1 is member A's own area and member B's region (as BE10 is the
    Brussels-Capital Region's own and the City of Brussels' region)."""
    rows = pd.DataFrame({"member_id": ["a", "b", "c"], "label": ["Synthetic A", "Synthetic B", "Synthetic C"],
                         "geo_code": ["R1", "R1", "C1"], "level": ["city", "nuts2", "city"], "value": [1.0, 1.0, 2.0]})
    for order in ([0, 1, 2], [1, 0, 2]):
        ordered = rows.iloc[order]
        out = group_by_figure(ordered, ["geo_code"], area=ordered["geo_code"] + " (area)",
                              own=ordered["level"] == "city").set_index("geo_code")
        assert out.loc["R1", "level"] == "nuts2" and out.loc["R1", "n_members"] == 2
        assert out.loc["R1", "label"].startswith("R1 (area): ")
        assert out.loc["C1", "label"] == "Synthetic C"  # a member's own figure, alone, is labelled by the member
        assert list(out.index) == list(dict.fromkeys(ordered["geo_code"]))  # figures in the order they came
