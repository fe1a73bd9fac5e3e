"""The city-data contract as documented: every metadata field in the JSON Schema is described
in docs/city-data.md, and the example folder says plainly that it is synthetic."""
from __future__ import annotations

import json

import yaml

from atlas.paths import ROOT

DOCS = ROOT / "docs"


def schema_fields(schema: dict) -> set[str]:
    top = set(schema["properties"])
    nested = {f for p in schema["properties"].values() for f in p.get("properties", {})}
    return top | nested | set(schema["$defs"]["indicator"]["properties"])


def test_every_metadata_field_is_documented():
    schema = json.loads((DOCS / "city-metadata.schema.json").read_text(encoding="utf-8"))
    text = (DOCS / "city-data.md").read_text(encoding="utf-8")
    undocumented = sorted(f for f in schema_fields(schema) if f"`{f}`" not in text)
    assert undocumented == []


def test_example_city_is_labelled_synthetic():
    meta = yaml.safe_load((DOCS / "example-city" / "city.yaml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True
    assert "synthetic" in meta["city"].lower()
    assert all("synthetic" in i["source"].lower() for i in meta["indicators"])
    assert "SYNTHETIC" in (DOCS / "example-city" / "README.md").read_text(encoding="utf-8")
