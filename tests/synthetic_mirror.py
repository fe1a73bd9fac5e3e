"""A SYNTHETIC mirror of ../shared/data, written by the tests at run time.

Every value, coordinate, code and name of a place in here is invented for the tests. The
files have the same relative paths and the same formats as the real public files (headers,
separators, quoting, encodings, flags, gzip, GeoJSON properties and CRS members), but a handful
of rows each, so a store builds from them in about a second. Nothing is copied from the real
files: regions are 1-degree squares on an invented grid, districts are tiny squares, values are
made up (most end in .25 or .75 so they are easy to recognise as invented).

Member names must be real member-page names, because data/members.csv (the reviewed decisions)
names them and the build checks that every decision names a member. The list is therefore the
decided names read from data/members.csv plus a few ordinary cities; only some of them are given
a synthetic GeoNames entry, so the rest stay unresolved ("no GeoNames match"), as a member with a
misspelt name would.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import pandas as pd
import yaml

from atlas.paths import CATALOGUE_DIR, GEO_CATALOGUE_DIR
from atlas.sources import source_files
from atlas.name_keys import slug

YEARS = list(range(2016, 2026))

# --- the synthetic geography -------------------------------------------------------------------
# One row per country: its NUTS 1 code and its two NUTS 2 halves under NUTS 2021 and NUTS 2024.
# The country is the square [x, x+1] x [50, 51]; the first NUTS 2 region is its western half, where
# the member city sits. UK is in NUTS 2021 only (as in the real files); UA has no NUTS regions.
COUNTRIES = {
    #     x    nuts1   nuts2 2021        nuts2 2024
    "BE": (0, "BE1", ("BE10", "BE1Z"), ("BE10", "BE1Z")),
    "DE": (1, "DE3", ("DE30", "DE3Z"), ("DE30", "DE3Z")),
    "ES": (2, "ES5", ("ES51", "ES5Z"), ("ES51", "ES5Z")),
    "FR": (3, "FR1", ("FR10", "FR1Z"), ("FR10", "FR1Z")),
    "HU": (4, "HU1", ("HU11", "HU12"), ("HU11", "HU12")),
    "NL": (5, "NL3", ("NL31", "NL3Z"), ("NL35", "NL3Z")),
    "PL": (6, "PL9", ("PL91", "PL92"), ("PL91", "PL92")),
    "PT": (7, "PT1", ("PT17", "PT1Z"), ("PT1A", "PT1B")),
    "UK": (8, "UKD", ("UKD3", "UKDZ"), None),
}
LAT0 = 50.0

# Members that get a synthetic GeoNames entry: name -> (geonameid, country, Urban Audit code or None,
# Urban Audit name, alternate names). Each sits at the centre of its country's first NUTS 2 half.
PLACES = {
    "Paris": (9900001, "FR", "FR001C", "Paris", ""),
    "Warsaw": (9900002, "PL", "PL001C", "Warszawa", "Warszawa|Varsovie"),
    "Lisbon": (9900003, "PT", "PT001C", "Lisboa", "Lisboa|Lisbonne"),
    "Utrecht": (9900004, "NL", "NL042C", "Utrecht", ""),
    "Berlin": (9900005, "DE", "DE001C", "Berlin", ""),
    "Budapest": (9900006, "HU", "HU001C", "Budapest", ""),
    "Manchester": (9900007, "UK", None, "", ""),
    "Barcelona": (9900008, "ES", "ES002C", "Barcelona", ""),
    "Brussels": (9900009, "BE", "BE001C", "Bruxelles / Brussel", "Bruxelles|Brussel"),
    "London": (9900011, "UK", None, "", "Londres|Londen"),
}
KYIV = (9900010, "UA", 50.45, 30.52)  # outside every synthetic NUTS square: no region, national figures only
ORDINARY_MEMBERS = ["Paris", "Warsaw", "Lisbon", "Utrecht", "Berlin", "Budapest", "Manchester", "Barcelona"]
ISO2 = {"UK": "GB", "EL": "GR"}

# Regional series of the synthetic Eurostat TSV: code -> (first year, last year). The recodes
# mirror the real ones: NL31 -> NL35 is `same` (no break), PL1 -> PL9 -> PL91 and PT17 -> PT1A and
# HU10 -> HU11 are `part` (a break is shown); DE and UK publish NUTS 1 only.
REGIONAL_SERIES = {
    "BE1": (2016, 2025), "BE10": (2016, 2025),
    "DE3": (2016, 2025),
    "ES5": (2016, 2025), "ES51": (2016, 2025),
    "FR1": (2016, 2025), "FR10": (2016, 2025),
    "HU1": (2016, 2025), "HU10": (2016, 2017), "HU11": (2018, 2025),
    "NL3": (2016, 2025), "NL31": (2016, 2023), "NL35": (2024, 2025),
    "PL1": (2016, 2017), "PL9": (2018, 2022), "PL91": (2023, 2025),
    "PT1": (2016, 2025), "PT17": (2016, 2023), "PT1A": (2024, 2025),
    "UKD": (2016, 2019),
}
# Cells with flags, as Eurostat writes them: (code, year) -> cell text for the never-used file.
FLAGGED_CELLS = {("HU11", 2018): "8.25 b", ("NL35", 2024): ": u", ("FR10", 2020): "5.75 u", ("PT1A", 2025): ": "}


def never_used(code: str, year: int) -> float:
    """An invented, falling share: depends only on the code and the year."""
    base = 20 + (sum(map(ord, code)) % 10)
    return round(base - (year - 2016) * 1.5 + 0.25, 2)


def regular_use(code: str, year: int) -> float:
    return round(100 - never_used(code, year) - 5.5, 2)


def square(x: float, y: float, size: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def city_point(country: str) -> tuple[float, float]:
    """(lat, lon) of the member city of a country: the centre of its first NUTS 2 half."""
    x = COUNTRIES[country][0]
    return LAT0 + 0.5, x + 0.25


def _feature_collection(features: list[dict], name: str, crs: str | None) -> dict:
    out = {"type": "FeatureCollection", "name": name}
    if crs:
        out["crs"] = {"type": "name", "properties": {"name": crs}}
    out["features"] = features
    return out


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",", quoting=csv.QUOTE_MINIMAL,
               gz: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if gz:
        path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))
    else:
        path.write_text(buffer.getvalue(), encoding="utf-8")


# --- the writers, one per real file format -----------------------------------------------------

def write_eurostat_tsv(path: Path, indicator: str, value) -> None:
    """Eurostat SDMX-TSV: `freq,indic_is,unit,geo\\TIME_PERIOD`, year headers and cells with a
    trailing space, flags after the value (`6.19 b`, `: u`), `: ` for missing."""
    codes = ["EU27_2020", *COUNTRIES, *REGIONAL_SERIES]
    lines = ["freq,indic_is,unit,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in YEARS)]
    for code in sorted(set(codes)):
        first, last = REGIONAL_SERIES.get(code, (2016, 2025))
        cells = []
        for year in YEARS:
            if indicator == "I_IUX" and (code, year) in FLAGGED_CELLS:
                cells.append(FLAGGED_CELLS[(code, year)])
            elif first <= year <= last:
                cells.append(f"{value(code, year):.2f} ")
            else:
                cells.append(": ")
        lines.append(f"A,{indicator},PC_IND,{code}\t" + "\t".join(cells))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def daily_use(code: str, year: int) -> float:
    return round(100 - never_used(code, year) - 20, 2)


def banking(code: str, year: int) -> float:
    return round(60 - never_used(code, year) / 2, 2)


# Internet banking: a series break the source flags (DE3 2021, as Germany's real change of method) and
# a value the catalogue names as an error in the source (UKN 2015, suppressed by the build).
BANKING_YEARS = list(range(2014, 2026))
BANKING_SPECIAL = {("DE3", 2021): "40.25 b"}
KNOWN_ERROR_ROW = "A,I_IUBK,PC_IND,UKN\t38.75 \t2.40 \t63.25 " + "\t: " * 9


def write_banking_tsv(path: Path) -> None:
    lines = ["freq,indic_is,unit,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in BANKING_YEARS)]
    for code in sorted({*COUNTRIES, *REGIONAL_SERIES}):
        first, last = REGIONAL_SERIES.get(code, (2016, 2025))
        cells = [BANKING_SPECIAL.get((code, y)) or (f"{banking(code, y):.2f} " if first <= y <= last else ": ")
                 for y in BANKING_YEARS]
        lines.append(f"A,I_IUBK,PC_IND,{code}\t" + "\t".join(cells))
    lines.append(KNOWN_ERROR_ROW)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def household_access(code: str, year: int) -> float:
    return round(100 - never_used(code, year) + 0.5, 2)


# SDMX-CSV flags: a low-reliability value and a `u` without a value, as in the real isoc_r_iacc_h.
ACCESS_FLAGGED = {("FR10", 2020): ("80.75", "u"), ("HU11", 2019): ("", "u")}


def write_access_sdmx_csv(path: Path) -> None:
    """Eurostat SDMX-CSV, one row per observation, the flag in OBS_FLAG."""
    header = ["DATAFLOW", "LAST UPDATE", "freq", "unit", "geo", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"]
    rows = []
    for code in sorted({*COUNTRIES, *REGIONAL_SERIES}):
        first, last = REGIONAL_SERIES.get(code, (2016, 2025))
        for year in range(first, last + 1):
            value, flag = ACCESS_FLAGGED.get((code, year), (f"{household_access(code, year):.2f}", ""))
            rows.append(["ESTAT:ISOC_R_IACC_H(1.0)", "25/06/26 23:00:00", "A", "PC_HH", code, year, value, flag, ""])
    _write_csv(path, header, rows)


def write_broadband_tsv(path: Path) -> None:
    """The older page-tabular TSV of isoc_r_broad_h: no indic_is dimension, 2017-2021, CRLF line ends."""
    years = range(2017, 2022)
    lines = ["freq,unit,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in years)]
    for code in sorted({*COUNTRIES, *REGIONAL_SERIES}):
        first, last = REGIONAL_SERIES.get(code, (2016, 2025))
        cells = [f"{household_access(code, y) - 2:.2f} " if first <= y <= last else ": " for y in years]
        lines.append(f"A,PC_HH,{code}\t" + "\t".join(cells))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


# The perception survey's e-government item (five answer shares, 2019 only; newest wave first).
# Invented shares; Brussels' city is the 19 communes, which only Brussels Capital Region is (data/city_areas.csv).
PERCEPTION = {"BE001C": (30.3, 40.2, 15.5, 9.5, 4.5), "PT001C": (7.3, 40.7, 30.0, 12.0, 10.0),
              "PL001C": (26.7, 45.3, 14.0, 6.0, 8.0), "DE999C": (20.5, 30.5, 20.0, 19.0, 10.0)}
CITY_NAMES = {"BE001C": "Bruxelles/Brussel", "PT001C": "Lisboa", "PL001C": "Warszawa", "DE999C": "Beispielstadt",
              "PT001K": "Lisboa (greater city)"}


# The home internet item (five answer shares, 2004 and 2006 waves): invented, for Warsaw (both waves)
# and Lisbon (2006 only); the shares of each wave add up to 100.
HOME_INTERNET = {"PL001C": {2006: (30.1, 37.5, 10.0, 4.4, 18.0), 2004: (25.0, 35.0, 12.0, 6.0, 22.0)},
                 "PT001C": {2006: (20.2, 40.3, 12.5, 7.0, 20.0)}}
WAVES = (2019, 2015, 2012, 2009, 2006, 2004)  # newest first, as Eurostat's bulk file


def write_perception_tsv_gz(path: Path) -> None:
    def line(key: str, code: str, cells: dict[int, str]) -> str:
        return f"{key},PC,{code}\t" + "\t".join(cells.get(year, ": ") for year in WAVES)

    lines = ["indic_ur,unit,cities\\time\t" + "\t".join(f"{y} " for y in WAVES)]
    for code, shares in sorted(PERCEPTION.items()):
        lines.append(line("PS1012V", code, {2019: "70.5 e", 2015: ": u"}))  # a non-digital item, left out by the build
        for index, share in enumerate(shares):
            lines.append(line(f"PS36{6 + index:02d}V", code, {2019: f"{share:.1f} "}))
    for code, waves in sorted(HOME_INTERNET.items()):
        for index in range(5):
            lines.append(line(f"PS11{2 + index:02d}V", code, {year: f"{shares[index]:.1f} " for year, shares in waves.items()}))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))


def write_cities_dic(path: Path) -> None:
    """Eurostat code list: code<TAB>label, no header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{code}\t{name}\n" for code, name in CITY_NAMES.items()), encoding="utf-8")


def write_dskl_csv(path: Path) -> None:
    rows = []
    for i, geo in enumerate(["EU27_2020", *COUNTRIES, "UA"]):
        if geo == "UA":
            continue
        for ind_type, offset in (("IND_DEG1", 5.25), ("IND_DEG3", -7.75), ("IND_TOTAL", 0.0)):
            for year in (2021, 2023, 2025):
                rows.append([geo, ind_type, year, round(50 + i + offset + (year - 2021), 2)])
    _write_csv(path, ["geo", "ind_type", "year", "value"], rows)


DESI_KEYS = {  # indicator column -> (breakdown, unit_measure, value as the export gives it)
    "desi_vhcnc": ("total_pophh", "pc_hh_all", 0.6125),
    "desi_fttpc": ("total_pophh", "pc_hh_all", 0.4375),
    "desi_5gc": ("total_pophh", "pc_hh_all", 0.2525),
    "desi_dps_egovuser": ("ind_total", "pc_ind_ilt12", 0.7175),
    "desi_dps_pscit": ("all_egov_le", "egov_score", 71.25),
}


def write_desi_csv_gz(path: Path) -> None:
    """The DESI export: every field quoted except numbers and empties, a blank row, a sub-score row."""
    header = ["observation", "time_period", "ref_area", "indicator", "breakdown", "unit_measure", "value", "flag", "note"]
    lines = [",".join(f'"{h}"' for h in header)]
    for geo in ["EU", *COUNTRIES]:
        for year in (2021, 2022):
            for key, (breakdown, unit, value) in DESI_KEYS.items():
                uri = f"http://semantic.example.invalid/DESI/{key}/{breakdown}/{unit}/{geo}/{year}"
                lines.append(f'"{uri}","{year}","{geo}","{key}","{breakdown}","{unit}",{value},,')
    # a sub-score row (dropped by the reader) and one of the export's blank rows
    lines.append('"http://semantic.example.invalid/DESI/desi_c_fbbc/desi_vhcnc/pc_desi_c_fbbc/FR/2022","2022","FR",'
                 '"desi_c_fbbc","desi_vhcnc","pc_desi_c_fbbc",0.25,,')
    lines.append('"http://semantic.example.invalid/DESI/0/0/0/FR/2020","2020","FR",,,,0.5,,')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))


def write_owid_csv(path: Path) -> None:
    entities = [("Synthetic Belgium", "BEL"), ("Synthetic France", "FRA"), ("Synthetic Germany", "DEU"),
                ("Synthetic Ukraine", "UKR"), ("Synthetic United Kingdom", "GBR"), ("World", "OWID_WRL"),
                ("Synthetic aggregate without a code", "")]
    rows = [[name, code, year, round(60.25 + i + (year - 2021) * 2, 4)]
            for i, (name, code) in enumerate(entities) for year in (2021, 2022, 2023)]
    _write_csv(path, ["Entity", "Code", "Year", "Individuals using the Internet (% of population)"], rows)


KREISE = {"11000": 90.25, "02000": 80.75, "09162": 70.25}  # Berlin, Hamburg, München (AGS format)


def write_breitbandatlas_kreis(path: Path, vintage: str) -> None:
    """`;`-separated, every header quoted, AGS quoted with its leading zero, numbers with 2 decimals."""
    year = int(vintage[:4])
    header = ["ags", "verf_100_1000", "verf_300_1", "verf_300_1000", "verf_ftth_100", "verf_ftth_1000"]
    lines = [";".join(f'"{h}"' for h in header)]
    for ags, base in KREISE.items():
        gig = base + (year - 2018)
        lines.append(";".join([f'"{ags}"', f"{gig - 1:.2f}", "100.00", f"{gig:.2f}", f"{gig / 3:.2f}", f"{gig / 4:.2f}"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BEZIRKE = [("11000001", "Berlin", 1, "Synthetic Mitte"), ("11000002", "Berlin", 2, "Synthetic Nord"),
           ("02000001", "Hamburg", 1, "Synthetic Hafen")]


def write_bezirke_csv(path: Path) -> None:
    header = ["AGS", "city", "bezirk_nr", "bezirk_name", "vintage", "alle Technologien ≥ 1 Mbit/s",
              "alle Technologien ≥ 1000 Mbit/s", "DSL ≥ 16 Mbit/s", "FTTH/B ≥ 1000 Mbit/s"]
    rows = []
    for vintage in ("2019-12", "2020-12", "2021-06"):
        for i, (ags, city, nr, name) in enumerate(BEZIRKE):
            rows.append([ags, city, nr, name.replace("Synthetic ", ""), vintage, 100.0, 60.25 + i + int(vintage[:4]) - 2019,
                         95.5, 10.75 + i])
    _write_csv(path, header, rows)


FR_CITIES = ["Amiens", "Angers", "Bordeaux", "Grenoble", "Lille", "Lyon", "Marseille", "Nancy", "Nantes", "Nice", "Paris",
             "Pau", "Rennes", "Saint-Etienne", "Saint-Nazaire", "Strasbourg"]


def iris_features() -> list[dict]:
    """Two IRIS for Paris (inside the synthetic FR10), one for each other French member city."""
    features = []
    lat, lon = city_point("FR")
    for k in range(2):
        features.append({"type": "Feature", "properties": {
            "city": "Paris", "is_core_city": 1, "code_iris": f"99101000{k + 1}", "epci_siren": "999999999",
            "insee_com": "99101", "nom_com": "Synthetic Paris", "nom_iris": f"Synthetic IRIS {k + 1}", "typ_iris": "H"},
            "geometry": square(lon - 0.02 + 0.02 * k, lat - 0.01, 0.02)})
    for i, city in enumerate(c for c in FR_CITIES if c != "Paris"):
        features.append({"type": "Feature", "properties": {
            "city": city, "is_core_city": 1, "code_iris": f"99{200 + i}0001", "epci_siren": "999999998",
            "insee_com": f"99{200 + i}", "nom_com": f"Synthetic {city}", "nom_iris": f"Synthetic IRIS of {city}",
            "typ_iris": "H"}, "geometry": square(3.0 + 0.05 * i, 50.8, 0.04)})
    return features


def write_ifn_csv(path: Path, features: list[dict]) -> None:
    header = ["city", "is_core_city", "code_iris", "insee_com", "libcom", "epci_siren", "typ_iris", "nom_com", "nom_iris",
              "rank_score_global_region", "score_global", "global_acces", "global_competences", "acces_information",
              "acces_interfaces_numeriques", "competences_administratives", "competences_numeriques_scolaires", "population"]
    rows = []
    for i, f in enumerate(features):
        p = f["properties"]
        rows.append([p["city"], p["is_core_city"], p["code_iris"], p["insee_com"], p["nom_com"], p["epci_siren"],
                     p["typ_iris"], p["nom_com"], p["nom_iris"], float(100 + i), 90.0 + i, 91.0, 92.0, 93.0, 94.0, 95.0,
                     96.0, 1234.5])
    # an IRIS without a boundary in the layer: the build must leave it out (nothing without its area)
    rows.append(["Paris", 1, "991019999", "99101", "Synthetic Paris", "999999999", "H", "Synthetic Paris",
                 "Synthetic IRIS without boundary", 1.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 150.0, 1.0])
    _write_csv(path, header, rows)


LSOAS = ["E01999901", "E01999902", "E01999903"]


def write_deri_csv(path: Path) -> None:
    header = ["lsoa11_code", "broadband_comp_national", "demography_comp_national", "deprivation_comp_national",
              "deri_score_national", "health_access_comp_national", "depahri_score_national"]
    rows = [[code, "4.2500", "2.7500", "1.2500", f"{2.25 + i:.4f}", "0.2500", "1.7500"]
            for i, code in enumerate([*LSOAS, "E01999999"])]  # the last is outside Greater Manchester's layer
    _write_csv(path, header, rows)


BCN_VALUES = ["pct_household_internet", "pct_has_smartphone", "pct_never_used_internet", "pct_used_internet_last_3_months",
              "pct_eadmin_procedure_online", "pct_searched_public_admin_websites", "pct_online_banking",
              "pct_usage_type_hyperconnected_or_advanced", "pct_usage_type_sporadic_or_not_connected", "pct_low_education"]


def write_bcn_csv(path: Path) -> None:
    header = ["level", "district_code", "district_name", "gran_barri_code", "n_interviews", *BCN_VALUES]
    rows = [["city", "", "", "", 5000.0, *[50.25] * len(BCN_VALUES)],
            ["district", 1, "Synthetic Districte U", "", 500.0, *[40.25] * len(BCN_VALUES)],
            ["district", 2, "Synthetic Districte Dos", "", 400.0, *[30.75] * len(BCN_VALUES)],
            ["gran_barri", 1, "", 1, 128.0, *[20.25] * len(BCN_VALUES)],
            ["gran_barri", 2, "", 2, 100.0, *[10.75] * len(BCN_VALUES)]]
    _write_csv(path, header, rows)


# UK members named by data/city_areas.csv (the build checks every row names a member and its one
# LAU), each given a synthetic single-LAU NUTS 3 area under its real code; London has none.
CITY_AREA_MEMBERS = ["Belfast", "Birmingham", "Brighton & Hove", "Bristol", "Coventry", "Edinburgh", "Glasgow",
                     "Leeds", "Manchester", "Nottingham", "Sheffield", "Sunderland"]
UK_MEMBERS = [*CITY_AREA_MEMBERS, "London"]
# Members named by the region rows of data/city_areas.csv (the build checks each row's LAUs).
REGION_MEMBERS = ["Vienna", "Berlin", "Hamburg", "Prague", "Budapest", "London", "Brussels Capital Region", "Istanbul"]
# ONS non-user shares, 2014-2020 ('-' = not available): Manchester's area starts in 2017, as in the
# real table; two London NUTS 3 areas; a four-character code the reader must leave out.
ONS_ROWS = [
    (None, "UK", [14.25, 13.25, 12.25, 10.75, 10.25, 9.25, 7.75]),
    ("UKD", "Synthetic North West", [16.25, 15.25, 12.75, 11.75, 10.75, 9.75, 8.75]),
    ("UKD33", "Manchester", ["-", "-", "-", 8.75, 7.75, 6.25, 6.25]),
    ("UKI", "Synthetic London", [11.25, 10.25, 8.75, 7.25, 7.25, 6.75, 4.75]),
    ("UKI31", "Synthetic Camden", ["-", "-", "-", 7.75, 3.25, 3.75, 1.75]),
    ("UKI32", "Synthetic Westminster", ["-", "-", "-", 8.25, 5.25, 14.25, 9.25]),
    ("UKM6", "Synthetic Highlands", ["-", "-", "-", 12.25, 12.25, 13.75, 10.25]),
]
# Table 9B, 2020: (lower, estimate, upper); Camden's lower limit is below zero, printed '-'.
ONS_INTERVALS = {"UKD33": (3.25, 6.25, 9.25), "UKI31": ("-", 1.75, 4.25), "UKI32": (2.75, 9.25, 15.75),
                 "UKD": (7.75, 8.75, 9.75)}


def write_ons_internet_users(path: Path) -> None:
    """The two sheets the reader uses, laid out as ONS's: 6B (years in columns D-J and L-R) and 9B
    (two blocks of code, name, lower, estimate, upper side by side)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Contents"
    t6 = book.create_sheet("6b")
    t6.append(["TABLE 6B: SYNTHETIC"])
    t6.append(["Persons aged 16 years and over"])
    t6.append([None, None, None, "Used in the last 3 months", *[None] * 7, "Used over 3 months ago/Never used"])
    t6.append(["NUTS Code", None, None, *range(2014, 2021), None, *range(2014, 2021)])
    t6.append([])
    for code, name, shares in ONS_ROWS:
        users = [s if s == "-" else round(100 - s, 2) for s in shares]
        t6.append([code, name, None, *users, None, *shares])
    t6.append([" - Not available."])
    t9 = book.create_sheet("9b")
    t9.append(["TABLE 9B: SYNTHETIC"])
    t9.append(["Persons aged 16 years and over"])
    t9.append([None, None, "Used over 3 months ago/Never used"])
    t9.append(["NUTS Code", None, "Lower limit", "Survey estimate", "Upper limit"])
    t9.append([])
    items = [(code, name) for code, name, _ in ONS_ROWS if code in ONS_INTERVALS]
    for (code, name), right in zip(items[:2], items[2:] + [(None, None)] * 2):
        left_cells = [code, name, *ONS_INTERVALS[code]]
        right_cells = [right[0], right[1], *ONS_INTERVALS[right[0]]] if right[0] else []
        t9.append([*left_cells, None, *right_cells])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


# Census 2021 online shares (fractions): the three Greater Manchester LSOAs, one of them paper first,
# and one LSOA outside the layer.
CENSUS_ROWS = [(LSOAS[0], "No", 0.9525), (LSOAS[1], "Yes", 0.7025), (LSOAS[2], "No", 0.8875), ("E01999999", "No", 0.9125)]


def write_ons_census_online(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Information"
    book.active.append(["SYNTHETIC: The data presented are NOT official statistics."])
    sheet = book.create_sheet("Online_Share_England&Wales")
    sheet.append(["Country Name", "Local Authority Code", "Local Authority Name", "LSOA Code", "LSOA Name", "Paper First",
                  "HTC digital", "HTC willingness", "Online share of returns", "Paper share of returns"])
    for i, (code, paper_first, online) in enumerate(CENSUS_ROWS):
        sheet.append(["England", "E08999999", "Synthetic borough", code, f"Synthetic {i + 1:03d}A", paper_first, 1, 3,
                      online, round(1 - online, 4)])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def write_nuts(mirror: Path, files21: list[str], file24: str, files16: list[str] = ()) -> None:
    """NUTS 2021 per level and NUTS 2024 all levels (with level 3), GISCO's property names and CRS member;
    NUTS 2016 per level as NUTS 2021 without NAME_LATN (as GISCO's 2016 files)."""
    crs = "urn:ogc:def:crs:EPSG::4326"
    by_level = {0: [], 1: [], 2: []}
    all24 = []
    for country, (x, nuts1, halves21, halves24) in COUNTRIES.items():
        squares = {0: [(country, square(x, LAT0, 1))], 1: [(nuts1, square(x, LAT0, 1))],
                   2: [(halves21[0], square(x, LAT0, 0.5)), (halves21[1], square(x + 0.5, LAT0, 0.5))]}
        for level, items in squares.items():
            for code, geom in items:
                by_level[level].append({"type": "Feature", "properties": {
                    "COAST_TYPE": None, "MOUNT_TYPE": None, "NAME_LATN": f"Synthetic region {code}", "CNTR_CODE": country,
                    "FID": code, "NUTS_ID": code, "NUTS_NAME": f"Synthetic region {code}", "LEVL_CODE": level,
                    "URBN_TYPE": None}, "geometry": geom})
        if halves24 is None:
            continue
        items24 = [(0, country, square(x, LAT0, 1)), (1, nuts1, square(x, LAT0, 1)),
                   (2, halves24[0], square(x, LAT0, 0.5)), (2, halves24[1], square(x + 0.5, LAT0, 0.5)),
                   (3, halves24[0] + "1", square(x, LAT0, 0.5))]
        for level, code, geom in items24:
            all24.append({"type": "Feature", "properties": {
                "NUTS_ID": code, "LEVL_CODE": level, "CNTR_CODE": country, "NAME_LATN": f"Synthetic region {code}",
                "NUTS_NAME": f"Synthetic region {code}", "MOUNT_TYPE": None, "URBN_TYPE": None, "COAST_TYPE": None},
                "geometry": geom})
    for rel in files21:
        level = int(rel.split("lvl")[1][0])
        _write_json(mirror / rel, _feature_collection(by_level[level], Path(rel).stem, crs))
    for rel in files16:
        level = int(rel.split("lvl")[1][0])
        features = [{**f, "properties": {k: v for k, v in f["properties"].items() if k != "NAME_LATN"}}
                    for f in by_level[level]]
        _write_json(mirror / rel, _feature_collection(features, Path(rel).stem, crs))
    _write_json(mirror / file24, _feature_collection(all24, "NUTS_RG_20M_2024_4326.geojson", crs))


def write_urau(path: Path) -> None:
    features = []
    for name, (_, country, code, urau_name, _alt) in PLACES.items():
        if not code:
            continue
        lat, lon = city_point(country)
        lat, lon = lat + 0.01, lon + 0.01  # municipality centroids are never exactly on the GeoNames point
        features.append({"type": "Feature", "properties": {
            "urau_code": code, "urau_catg": "C", "contr_code": country, "urau_name": urau_name, "fua_code": code[:-1] + "F",
            "area_sqm": 123456789.0, "nuts3_2021": COUNTRIES[country][2][0] + "1", "_wgs84x": lon, "_wgs84y": lat},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    _write_json(path, {"type": "FeatureCollection", "name": "urau2021_cities_points", "features": features})


def write_geonames(path: Path) -> None:
    header = ["geonameid", "name", "latitude", "longitude", "countrycode_iso2", "countrycode_eurostat", "admin1code",
              "population", "timezone", "alternatenames_latin"]
    rows = []
    for name, (gid, country, _code, _urau, alternates) in PLACES.items():
        lat, lon = city_point(country)
        rows.append([gid, name, lat, lon, ISO2.get(country, country), country, "01", 1000000 + gid % 100, "Europe/Nowhere",
                     alternates])
    gid, country, lat, lon = KYIV
    rows.append([gid, "Kyiv", lat, lon, country, country, "12", 2900000, "Europe/Kyiv", "Kiev|Kyjiw"])
    # a smaller namesake in another country: the lookup must prefer the more populous place
    rows.append([9900099, "Utrecht", 45.0, 9.0, "IT", "IT", "01", 15001, "Europe/Nowhere", ""])
    _write_csv(path, header, rows)


def write_nuts_changes(path: Path) -> None:
    header = ["typology", "start_year", "end_year", "code_1999", "code_2003", "code_2006", "code_2010", "code_2013",
              "code_2016", "code_2021", "geo_name_2003", "geo_name_2006", "geo_name_2010", "geo_name_2013",
              "geo_name_2016", "geo_name_2021", "change_2003", "change_2006", "change_2010", "change_2013",
              "change_2016", "change_2021"]
    rows = [["country", "", "", "FR", "FR", "FR", "FR", "FR", "FR", "FR", *["Synthetic France"] * 6, *[""] * 6],
            # a plain recode (same territory) in NUTS 2016, as the real table lists FR71 -> FRK2
            ["nuts_level_2", "", "", "", "FR9Y", "FR9Y", "FR9Y", "FR9Y", "FR9X", "FR9X", *["Synthetic recoded region"] * 6,
             "", "", "", "", "recoded", ""]]
    _write_csv(path, header, rows)


def write_lau(path: Path) -> None:
    header = ["code_2016", "lau_code", "lau_name_national", "lau_name_latin", "name_change_last_year", "population",
              "total_area_m2", "degurba", "degurba_change_last_year", "coastal_area", "coastal_change_last_year",
              "city_id", "city_id_change_last_year", "city_name", "greater_city_id", "greater_city_id_change_last_year",
              "greater_city_name", "fua_id", "fua_id_change_last_year", "fua_name", "country", "gisco_id"]

    def row(nuts3, lau, name, country):
        return [nuts3, lau, name, name, False, 1000.0, 1e7, 1.0, False, "no", False, "", False, "", "", False, "", "",
                False, "", country, f"{country}_{lau}"]

    rows = [row("DE300", "11000000", "Berlin, Stadt", "DE"),  # a kreisfreie Stadt: the only LAU of Kreis 11000
            row("DE4Z1", "12999001", "Synthetic Dorf A", "DE"), row("DE4Z1", "12999002", "Synthetic Dorf B", "DE"),
            row("FR101", "99101", "Synthetic Paris", "FR")]
    catalogue = pd.read_csv(CATALOGUE_DIR / "city_areas.csv", dtype=str, comment="#")
    areas = catalogue[catalogue["kind"] == "nuts3"]
    names = {slug(name): name for name in CITY_AREA_MEMBERS}
    rows += [row(code, f"E0899{i:04d}", names[member], "UK") for i, (member, code) in
             enumerate(zip(areas["member_id"], areas["geo_code"]))]
    # Each region row's local authorities: as many as its note says (else one, named as the member).
    names = {slug(name): name for name in REGION_MEMBERS}
    for member, code, note in catalogue.loc[catalogue["kind"] == "region", ["member_id", "geo_code", "note"]].values:
        if any(r[0].startswith(code) for r in rows):
            continue  # Berlin's one LAU is above
        count = re.search(r"(\d+) local authorities", note)
        laus = [f"Synthetic {member} {k}" for k in range(int(count.group(1)))] if count else [names[member]]
        rows += [row(code.ljust(5, "0"), f"{code}{k:04d}", name, code[:2]) for k, name in enumerate(laus)]
    _write_csv(path, header, rows, gz=True)


def district_squares(spec: dict, index: int) -> list[dict]:
    """Two neighbouring squares for a boundary layer, with the layer's own code and name fields."""
    x, y = 10 + (index % 8) * 0.1, 45 + (index // 8) * 0.1
    features = []
    for k in range(2):
        props = {"city": spec.get("member", ""), spec["code"]: f"S{index:02d}{k}", spec["name"]: f"Synthetic unit {k + 1}"}
        features.append({"type": "Feature", "properties": props, "geometry": square(x + 0.04 * k, y, 0.04)})
    return features


def write_boundary_layers(mirror: Path, layers: list[dict]) -> None:
    crs84 = "urn:ogc:def:crs:OGC:1.3:CRS84"
    # Every other LSOA is in the City of Manchester (named "Manchester 001A" as the real ones are).
    lsoa = [{"type": "Feature", "properties": {"area_code": code, "area_name": f"{'Manchester' if i % 2 == 0 else 'Synthetic'} {i + 1:03d}A"},
             "geometry": {"type": "MultiPolygon", "coordinates": [square(8.1 + 0.02 * i, 50.5, 0.02)["coordinates"]]}}
            for i, code in enumerate(LSOAS)]
    bezirke = [{"type": "Feature", "properties": {"AGS": ags, "city": city, "bezirk_nr": nr, "name": name},
                "geometry": square(1.2 + 0.03 * i, 50.45, 0.03)} for i, (ags, city, nr, name) in enumerate(BEZIRKE)]
    survey = {c: 40.25 for c in BCN_VALUES}
    bcn_districts = [{"type": "Feature", "properties": {"district_code": k, "district_name": f"Synthetic Districte {k}",
                                                         "n_interviews": 500.0, **survey},
                      "geometry": square(2.2 + 0.03 * k, 50.45, 0.03)} for k in (1, 2)]
    bcn_gran_barris = [{"type": "Feature", "properties": {"gran_barri_code": k, "barris": f"Synthetic barri {k}",
                                                           "district_code": 1, "n_interviews": 100.0, **survey},
                        "geometry": square(2.2 + 0.03 * k, 50.55, 0.03)} for k in (1, 2)]
    london = [{"type": "Feature", "properties": {"NUTS_ID": code, "NAME_LATN": name, "LEVL_CODE": 3, "CNTR_CODE": "UK"},
               "geometry": square(8.6 + 0.05 * i, 50.6, 0.05)}
              for i, (code, name, _) in enumerate(ONS_ROWS) if code and len(code) == 5]  # UKD33 too: not London's
    special = {
        "london_nuts3": _feature_collection(london, "nuts2021_20m_4326_lvl3", "urn:ogc:def:crs:EPSG::4326"),
        "fr_iris": _feature_collection(iris_features(), "fr_iris2020_eurocities", crs84),
        "gm_lsoa": _feature_collection(lsoa, "uk_gm_lsoa11_generalised", crs84),
        "de_bezirk": _feature_collection(bezirke, "de_bezirke_berlin_hamburg", crs84),
        "bcn_districte": _feature_collection(bcn_districts, "es_bcn_districtes", crs84),
        "bcn_gran_barri": _feature_collection(bcn_gran_barris, "es_bcn_escletxa2016_granbarri", crs84),
    }
    for index, spec in enumerate(layers):
        path = mirror / spec["file"]
        data = special.get(spec["id"]) or _feature_collection(district_squares(spec, index), path.stem, None)
        _write_json(path, data)


# Where each synthetic points layer puts its one good point (lat, lon): inside the first synthetic
# district of its member (Paris IRIS 1, GM LSOA 1, Berlin Mitte, Hamburg Hafen, Barcelona districte 1).
POINT_AT = {"points_fr_france_services": (50.50, 3.24), "points_fr_cnfs_2022": (50.50, 3.26),
            "points_fr_libraries": (50.495, 3.245), "points_paris_wifi": (50.505, 3.255),
            "points_bcn_wifi": (50.46, 2.24), "points_gm_libraries": (50.51, 8.11),
            "points_berlin_libraries": (50.46, 1.21), "points_hamburg_libraries": (50.46, 1.27)}


def point_rows(spec: dict) -> list[dict]:
    """Three invented places for a points layer: one inside a member's district, the same once
    more (a duplicate), and one in the Indian Ocean (outside Europe)."""
    lat, lon = POINT_AT[spec["id"]]
    places = [("Synthetic help place 1", lat, lon), ("Synthetic help place 1", lat, lon),
              ("Synthetic overseas place", -21.0, 55.5)]
    fields, rows = spec["fields"], []
    for i, (name, lat, lon) in enumerate(places):
        row = {fields.get("id", "row"): str(i + 1), fields["name"]: name}
        if "latlon" in fields:
            row[fields["latlon"]] = f"{lat}, {lon}"
        else:
            row[fields["lat"]], row[fields["lon"]] = lat, lon
        for column in spec.get("hours_by_day", {}).values():
            row[column] = "09:00 - 12:00"
        row.update(spec.get("keep_where", {}))
        if spec.get("approximate_when_equal"):
            row[spec["approximate_when_equal"]] = f"{lat + 0.01}, {lon}"
        rows.append(row)
    return rows


def write_points(path: Path, spec: dict) -> None:
    rows = point_rows(spec)
    form = spec.get("format", "csv")
    if form == "geojson":
        features = [{"type": "Feature", "properties": r,
                     "geometry": {"type": "Point", "coordinates": [r[spec["fields"]["lon"]], r[spec["fields"]["lat"]]]}}
                    for r in rows]
        _write_json(path, _feature_collection(features, path.stem, None))
    elif form == "json":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(json.dumps(rows).encode("utf-8")))
    else:
        header = list(rows[0])
        _write_csv(path, header, [[r[c] for c in header] for r in rows], delimiter=spec.get("sep", ","),
                   gz=path.suffix == ".gz")


def member_names() -> list[str]:
    """The decided members of data/members.csv and data/city_areas.csv (the build requires them all),
    a few ordinary cities, and Lyon (the IRIS layer names it)."""
    decided = pd.read_csv(CATALOGUE_DIR / "members.csv", dtype=str, keep_default_na=False, comment="#")["name"].tolist()
    return sorted(set(decided) | set(ORDINARY_MEMBERS) | set(UK_MEMBERS) | set(REGION_MEMBERS) | {"Lyon"})


def write_synthetic_mirror(mirror: Path) -> Path:
    """Write every file that data/sources.yaml and geo/layers.yaml name, in its real format."""
    mirror = Path(mirror)
    sources = {s["id"]: s for s in yaml.safe_load((CATALOGUE_DIR / "sources.yaml").read_text(encoding="utf-8"))}
    layers = yaml.safe_load((GEO_CATALOGUE_DIR / "layers.yaml").read_text(encoding="utf-8"))
    f = {sid: source_files(spec) for sid, spec in sources.items()}

    write_eurostat_tsv(mirror / f["eurostat_iux"][0], "I_IUX", never_used)
    write_eurostat_tsv(mirror / f["eurostat_iuse"][0], "I_IUSE", regular_use)
    write_eurostat_tsv(mirror / f["eurostat_iday"][0], "I_IDAY", daily_use)
    write_banking_tsv(mirror / f["eurostat_iubk"][0])
    write_access_sdmx_csv(mirror / f["eurostat_iacc_h"][0])
    write_broadband_tsv(mirror / f["eurostat_broad_h"][0])
    write_perception_tsv_gz(mirror / f["eurostat_urb_percep"][0])
    write_cities_dic(mirror / f["urau_city_names"][0])
    write_dskl_csv(mirror / f["eurostat_dskl_degurba"][0])
    write_desi_csv_gz(mirror / f["desi_2022"][0])
    write_owid_csv(mirror / f["owid_internet"][0])
    for rel, vintage in zip(f["breitbandatlas_kreise"], sources["breitbandatlas_kreise"]["vintages"]):
        write_breitbandatlas_kreis(mirror / rel, vintage)
    write_bezirke_csv(mirror / f["breitbandatlas_bezirke"][0])
    write_ifn_csv(mirror / f["ifn_2020"][0], iris_features())
    write_deri_csv(mirror / f["deri_v1_6"][0])
    write_bcn_csv(mirror / f["bcn_escletxa_2016"][0])
    write_ons_internet_users(mirror / f["ons_internet_users"][0])
    write_ons_census_online(mirror / f["ons_census_online"][0])
    (mirror / f["members_list"][0]).write_text("\n".join(member_names()) + "\n", encoding="utf-8")
    write_geonames(mirror / f["geonames"][0])
    write_nuts_changes(mirror / f["nuts_changes"][0])
    write_lau(mirror / f["lau"][0])
    write_urau(mirror / f["urau_cities"][0])
    write_nuts(mirror, f["nuts2021"], f["nuts2024"][0], f["nuts2016"])
    write_boundary_layers(mirror, layers)
    for spec in sources.values():
        if spec.get("kind") == "points":
            write_points(mirror / f[spec["id"]][0], spec)
    (mirror / "SOURCES.md").write_text("# SYNTHETIC mirror written by tests/synthetic_mirror.py: nothing here is real data.\n",
                                       encoding="utf-8")
    return mirror
