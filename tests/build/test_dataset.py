"""The whole data set (issue 18), written by the build into the store: the zip opens, holds every
observation (CSV and Parquet), and every source in it has a licence and a citation."""
import io
import json
import zipfile

import pandas as pd
import pytest

from atlas.dataset import ZIP_NAME
from atlas.store import Store

FILES = ("README.md", "catalogue.json", "observations.csv", "observations.parquet")


@pytest.fixture(scope="module", params=["synthetic_store", "real_store"])
def opened(request):
    """The store and its zip's files by name, on the synthetic store and (with the mirror) the real one."""
    store = Store.open(request.getfixturevalue(request.param))
    with zipfile.ZipFile(store.folder / ZIP_NAME) as bundle:
        files = {name.split("/", 1)[1]: bundle.read(name) for name in bundle.namelist()}
    return store, files


def test_zip_holds_the_four_files(opened):
    _store, files = opened
    assert sorted(files) == sorted(FILES)


def test_row_count_equals_the_stores_observations(opened):
    store, files = opened
    csv = pd.read_csv(io.BytesIO(files["observations.csv"]), low_memory=False)
    parquet = pd.read_parquet(io.BytesIO(files["observations.parquet"]))
    assert len(csv) == len(parquet) == len(store.observations) == store.manifest["counts"]["observations"]
    assert json.loads(files["catalogue.json"])["observations"] == len(store.observations)
    assert csv["value"].sum() == pytest.approx(store.observations["value"].sum())


def test_every_source_has_a_licence_and_a_citation(opened):
    store, files = opened
    catalogue = json.loads(files["catalogue.json"])
    readme = files["README.md"].decode("utf-8")
    parquet = pd.read_parquet(io.BytesIO(files["observations.parquet"]))
    by_id = {s["id"]: s for s in catalogue["sources"]}
    assert set(parquet["source"]) <= set(by_id)  # no figure without its source
    for source in catalogue["sources"]:
        assert source["licence"].strip(), source["id"]
        assert f"- Licence: {source['licence']}" in readme
        assert f"- Cite as: {source['attribution']}" in readme
    assert parquet["licence"].notna().all()
    assert {i["id"] for i in catalogue["indicators"]} == set(store.indicator_ids)
