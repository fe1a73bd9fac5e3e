"""What councillors and researchers take away (issue 18): the whole data set from About the data
opens and holds every observation of the store; the City profile's briefing is a one-page PDF."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pandas as pd
import pytest

from atlas import paths
from atlas.store import Store
from tests.browser.harness import RUN_TIMEOUT, open_page


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.open(paths.store_dir())


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=RUN_TIMEOUT) as info:
        page.get_by_role("button", name=label).first.click()
    return info.value.path().read_bytes()


def test_the_whole_data_set_opens_with_every_observation(page, store):
    open_page(page, "/about")
    with zipfile.ZipFile(io.BytesIO(download(page, "Download the whole data set (zip)"))) as bundle:
        csv = pd.read_csv(bundle.open("digital-divide-atlas-data/observations.csv"), low_memory=False)
        parquet = pd.read_parquet(io.BytesIO(bundle.read("digital-divide-atlas-data/observations.parquet")))
        readme = bundle.read("digital-divide-atlas-data/README.md").decode("utf-8")
    assert len(csv) == len(parquet) == len(store.observations)
    assert csv["licence"].notna().all() and "- Licence: " in readme


def test_the_city_profile_offers_its_briefing_as_a_pdf_in_the_readers_language(page, tmp_path):
    open_page(page, "/city?member=utrecht&lang=fr")
    pdf = tmp_path / "utrecht.pdf"
    pdf.write_bytes(download(page, "Télécharger la note d'une page (PDF)"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M) and "(A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Utrecht" in text and "Chiffres clés" in text
