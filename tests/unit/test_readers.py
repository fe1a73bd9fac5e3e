"""One reader per source format, each on a tiny synthetic input in the real file's format,
and the boundary reader's checks and repairs. All rows, codes and shapes here are invented.
"""
from __future__ import annotations

import gzip
import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from atlas.geo import read_layer, simplify_for_web
from atlas.readers import READERS
from atlas.readers.tabular import (
    read_bcn_survey_csv,
    read_breitbandatlas_bezirke,
    read_breitbandatlas_kreise,
    read_deri_csv,
    read_desi_csv,
    read_dskl_degurba_csv,
    read_geo_year_value_csv,
    read_ifn_csv,
    read_owid,
    survey_margin_of_error,
)
from atlas.errors import SourceError
from atlas.sources import load_sources


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def rows(frame) -> dict:
    return {(r.key, r.geo, r.year): r.value for r in frame.itertuples()}


def test_every_catalogued_reader_exists():
    """A source naming a reader the package does not have would fail only at build time."""
    tabular = {s["reader"] for s in load_sources()} - {"geojson", "lines", "plain_csv", "points"}
    assert tabular <= set(READERS)


def test_geo_year_value_csv(tmp_path):
    path = write(tmp_path / "daily.csv", "geo,year,value\nZZ,2019,80.0\nZZ1,2019,\nZZ12,2018,71.0\n")
    frame = read_geo_year_value_csv(path, {})
    assert rows(frame) == {("I_IDAY", "ZZ", 2019): 80.0, ("I_IDAY", "ZZ12", 2018): 71.0}


def test_geo_year_value_csv_bad_number_names_line_and_column(tmp_path):
    path = write(tmp_path / "daily.csv", "geo,year,value\nZZ,2019,80.0\nZZ1,2019,eighty\n")
    with pytest.raises(SourceError) as err:
        read_geo_year_value_csv(path, {})
    assert err.value.where == "line 3, column value"
    assert "'eighty'" in err.value.problem


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path / "daily.csv", "geo,year\nZZ,2019\n")
    with pytest.raises(SourceError) as err:
        read_geo_year_value_csv(path, {})
    assert err.value.where == "header" and "value" in err.value.problem


def test_dskl_degurba(tmp_path):
    path = write(tmp_path / "dskl.csv", "geo,ind_type,year,value\nZZ,IND_DEG1,2023,60.25\nZZ,IND_TOTAL,2023,55.75\n")
    assert rows(read_dskl_degurba_csv(path, {})) == {("IND_DEG1", "ZZ", 2023): 60.25, ("IND_TOTAL", "ZZ", 2023): 55.75}


DESI_HEADER = '"observation","time_period","ref_area","indicator","breakdown","unit_measure","value","flag","note"\n'


def test_desi_shares_become_percent_scores_stay_and_subscores_go(tmp_path):
    """Fractions (pc_hh_all) x 100; a score unit as it is; pc_desi* sub-scores and blank rows dropped;
    EU is the EU 27."""
    body = (
        '"u1","2022","ZZ","desi_vhcnc","total_pophh","pc_hh_all",0.6125,,\n'
        '"u2","2022","EU","desi_vhcnc","total_pophh","pc_hh_all",0.5,,\n'
        '"u3","2022","ZZ","desi_dps_pscit","all_egov_le","egov_score",71.25,,\n'
        '"u4","2022","ZZ","desi_c_fbbc","desi_vhcnc","pc_desi_c_fbbc",0.25,,\n'
        '"u5","2020","ZZ",,,,0.41,,\n'
    )
    path = tmp_path / "desi.csv.gz"
    path.write_bytes(gzip.compress((DESI_HEADER + body).encode()))
    frame = read_desi_csv(path, {})
    assert rows(frame) == pytest.approx({("desi_vhcnc", "ZZ", 2022): 61.25, ("desi_vhcnc", "EU27_2020", 2022): 50.0,
                                         ("desi_dps_pscit", "ZZ", 2022): 71.25})
    assert "desi_c_fbbc" not in set(frame["key"])


def test_owid_maps_iso3_and_drops_aggregates(tmp_path):
    path = write(tmp_path / "owid.csv", "Entity,Code,Year,Individuals using the Internet (% of population)\n"
                                        "Synthetic Greece,GRC,2022,80.5\nSynthetic UK,GBR,2022,95.25\n"
                                        "World,OWID_WRL,2022,66.0\nSomewhere,,2022,50.0\nSynthetic Kosovo,OWID_KOS,2022,90.0\n"
                                        "Far away,NZL,2022,91.0\n")
    assert rows(read_owid(path, {})) == {("internet_users", "EL", 2022): 80.5, ("internet_users", "UK", 2022): 95.25,
                                         ("internet_users", "XK", 2022): 90.0}


def test_owid_needs_one_value_column(tmp_path):
    path = write(tmp_path / "owid.csv", "Entity,Code,Year,a,b\nX,GRC,2022,1,2\n")
    with pytest.raises(SourceError, match="one value column"):
        read_owid(path, {})


KREIS_HEADER = '"ags";"verf_100_1000";"verf_300_1000";"verf_ftth_1000"\n'


@pytest.mark.parametrize("vintage, year, period", [("2018_2", 2018, "2018-12"), ("2021_1", 2021, "2021-06")])
def test_breitbandatlas_kreise_year_and_period_from_file_name(tmp_path, vintage, year, period):
    """`;`-separated; AGS keeps (or regains) its leading zero; the half-year comes from the name."""
    path = write(tmp_path / f"landkreis_privat_{vintage}.csv", KREIS_HEADER + '"01001";90.00;88.25;10.75\n"2000";1;80.5;20.25\n')
    frame = read_breitbandatlas_kreise(path, {})
    assert rows(frame) == {("verf_300_1000", "de_kreis:01001", year): 88.25, ("verf_ftth_1000", "de_kreis:01001", year): 10.75,
                           ("verf_300_1000", "de_kreis:02000", year): 80.5, ("verf_ftth_1000", "de_kreis:02000", year): 20.25}
    assert set(frame["period"]) == {period}


def test_breitbandatlas_kreise_unexpected_file_name(tmp_path):
    path = write(tmp_path / "landkreis_privat.csv", KREIS_HEADER + '"01001";1;2;3\n')
    with pytest.raises(SourceError, match="file name"):
        read_breitbandatlas_kreise(path, {})


def test_breitbandatlas_bezirke(tmp_path):
    path = write(tmp_path / "bezirke.csv",
                 "AGS,city,bezirk_nr,bezirk_name,vintage,alle Technologien ≥ 1000 Mbit/s,FTTH/B ≥ 1000 Mbit/s\n"
                 "02000006,Hamburg,6,Synthetic,2019-12,60.25,10.75\n11000005,Berlin,5,Synthetic,2021-06,70.5,20.5\n")
    frame = read_breitbandatlas_bezirke(path, {})
    assert rows(frame) == {("alle Technologien ≥ 1000 Mbit/s", "de_bezirk:02000006", 2019): 60.25,
                           ("FTTH/B ≥ 1000 Mbit/s", "de_bezirk:02000006", 2019): 10.75,
                           ("alle Technologien ≥ 1000 Mbit/s", "de_bezirk:11000005", 2021): 70.5,
                           ("FTTH/B ≥ 1000 Mbit/s", "de_bezirk:11000005", 2021): 20.5}
    assert set(frame["period"]) == {"2019-12", "2021-06"}


IFN_HEADER = ("code_iris,score_global,acces_interfaces_numeriques,acces_information,competences_administratives,"
              "competences_numeriques_scolaires\n")


def test_ifn_pads_iris_codes(tmp_path):
    """IRIS codes read as numbers lose their leading zero (Ain: 01...); the reader puts it back."""
    path = write(tmp_path / "ifn.csv", IFN_HEADER + "10530101,101,102,103,104,105\n")
    frame = read_ifn_csv(path, {})
    assert set(frame["geo"]) == {"fr_iris:010530101"}
    assert rows(frame)[("score_global", "fr_iris:010530101", 2020)] == 101


def test_ifn_duplicate_iris_is_an_error(tmp_path):
    path = write(tmp_path / "ifn.csv", IFN_HEADER + "991010001,1,2,3,4,5\n991010001,1,2,3,4,5\n")
    with pytest.raises(SourceError, match="991010001"):
        read_ifn_csv(path, {})


def test_deri(tmp_path):
    path = write(tmp_path / "deri.csv", "lsoa11_code,broadband_comp_national,demography_comp_national,"
                                        "deprivation_comp_national,deri_score_national\nE01999901,4.25,2.75,1.25,2.5\n")
    frame = read_deri_csv(path, {})
    assert rows(frame)[("deri_score_national", "gm_lsoa:E01999901", 2022)] == 2.5
    assert len(frame) == 4


def test_bcn_survey_has_sample_size_and_margin(tmp_path):
    """District and gran barri rows become two layers' codes; the city row is not a district;
    each value carries n and its 95% margin of error."""
    cols = "pct_household_internet,pct_has_smartphone,pct_never_used_internet,pct_eadmin_procedure_online," \
           "pct_usage_type_sporadic_or_not_connected"
    path = write(tmp_path / "bcn.csv", f"level,district_code,gran_barri_code,n_interviews,{cols}\n"
                                      "city,,,5000.0,50,50,50,50,50\n"
                                      "district,1,,400.0,50,10,10,10,10\n"
                                      "gran_barri,1,7,100.0,50,10,10,10,10\n")
    frame = read_bcn_survey_csv(path, {})
    assert set(frame["geo"]) == {"bcn_districte:1", "bcn_gran_barri:7"}
    row = frame[(frame["geo"] == "bcn_districte:1") & (frame["key"] == "pct_household_internet")].iloc[0]
    assert row["n"] == 400 and row["moe"] == 4.9  # 1.96 * sqrt(.25 / 400) = 4.9 points
    row = frame[(frame["geo"] == "bcn_gran_barri:7") & (frame["key"] == "pct_household_internet")].iloc[0]
    assert row["moe"] == 9.8
    assert set(frame["period"]) == {"2016-01"}


def test_margin_of_error_shrinks_with_sample():
    assert survey_margin_of_error(50, 100) > survey_margin_of_error(50, 1000) > 0
    assert survey_margin_of_error(0, 100) == 0


def test_unreadable_csv_is_a_source_error(tmp_path):
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(SourceError, match="cannot be read as CSV"):
        read_desi_csv(path, {})


# --- boundaries ---------------------------------------------------------------------------------

def geojson(tmp_path, features, name="layer.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}))
    return path


def square(x, y, size=1.0):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def test_layer_with_empty_geometry_names_the_feature(tmp_path):
    path = geojson(tmp_path, [({"code": "a"}, square(0, 0)), ({"code": "b"}, None)])
    with pytest.raises(SourceError) as err:
        read_layer(path, "code")
    assert err.value.where == "feature 2" and "empty or missing geometry" in err.value.problem


def test_layer_duplicate_code_names_the_feature(tmp_path):
    path = geojson(tmp_path, [({"code": "a"}, square(0, 0)), ({"code": "a"}, square(1, 0))])
    with pytest.raises(SourceError, match="feature 2: duplicate code 'a'"):
        read_layer(path, "code")


def test_layer_missing_code_field(tmp_path):
    path = geojson(tmp_path, [({"id": "a"}, square(0, 0))])
    with pytest.raises(SourceError, match="no field 'code'"):
        read_layer(path, "code")


def test_truncated_geojson_is_a_source_error(tmp_path):
    path = geojson(tmp_path, [({"code": "a"}, square(0, 0)), ({"code": "b"}, square(1, 0))])
    path.write_text(path.read_text()[:-40])
    with pytest.raises(SourceError, match="cannot be read as a boundary file"):
        read_layer(path, "code")


def test_self_intersecting_ring_is_repaired_and_counted(tmp_path):
    """A bow-tie polygon is made valid (two triangles), kept as polygons, and counted."""
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    layer = read_layer(geojson(tmp_path, [({"code": "a"}, bowtie), ({"code": "b"}, square(2, 0))]), "code")
    assert layer.attrs["repaired"] == 1
    assert layer.geometry.is_valid.all()
    assert set(layer.geom_type) <= {"Polygon", "MultiPolygon"}
    assert layer.geometry.iloc[0].area == pytest.approx(0.5)


def test_simplify_keeps_neighbours_touching():
    """Simplification is done on the coverage: two wiggly neighbours share their edge after it,
    with no gap and no overlap."""
    wiggle = [(1 + 0.001 * (i % 2), i / 50) for i in range(51)]
    left = shapely.Polygon([(0, 0), *wiggle, (0, 1)])
    right = shapely.Polygon([(2, 0), (2, 1), *reversed(wiggle)])
    layer = gpd.GeoDataFrame({"code": ["l", "r"]}, geometry=[left, right], crs="EPSG:4326")
    out = simplify_for_web(layer, 0.01)
    a, b = out.geometry.values
    assert len(a.exterior.coords) < len(left.exterior.coords)  # something was simplified
    assert a.intersection(b).area == pytest.approx(0, abs=1e-9)
    assert a.union(b).area == pytest.approx(box(0, 0, 2, 1).area, rel=1e-4)
