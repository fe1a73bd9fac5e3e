"""The metadata file (`city.yaml` or `city.json`): read it, check it against the published JSON Schema."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from atlas.citydata.report import Report
from atlas.citydata.tables import decode
from atlas.i18n import _
from atlas.paths import ROOT

SCHEMA_PATH = ROOT / "docs" / "city-metadata.schema.json"


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def read_structured(path: Path, report: Report):
    """A YAML or JSON file -> its data, or None after reporting where its syntax breaks."""
    text, _encoding = decode(path.read_bytes())
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        report.error(path, _("line {line}", line=exc.lineno), _("Not valid JSON: {detail}.", detail=exc.msg),
                     _("Fix the syntax near that line (a missing comma or quote is usual)."))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line {line}", line=mark.line + 1) if mark else ""
        detail = getattr(exc, "problem", None) or str(exc)
        report.error(path, where, _("Not valid YAML: {detail}.", detail=detail),
                     _("Fix the indentation or quoting near that line; values with ':' need quotes."))
        return None
    return data


def parse_metadata(path: Path, report: Report) -> dict | None:
    """YAML or JSON -> dict, or None after reporting why not."""
    data = read_structured(path, report)
    if data is None:
        return None
    if not isinstance(data, dict):
        report.error(path, "", _("The metadata file must hold named fields (member_id, city, ...), not a list or a single value."),
                     _("Start from docs/example-city/city.yaml."))
        return None
    return data


def json_path(parts) -> str:
    """deque(['indicators', 2, 'unit']) -> 'indicators[2].unit'."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe_schema_error(error) -> tuple[str, str]:
    """A jsonschema error -> (message, what to do), in words an analyst can act on."""
    field = json_path(error.absolute_path) or _("the file")
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    if error.validator == "required":
        missing = error.message.split("'")[1]
        sub = error.schema.get("properties", {}).get(missing, {})
        return (_("'{field}' is missing in {parent}.", field=missing, parent=field),
                sub.get("description") or _("Add it; see docs/city-data.md."))
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return (_("Unknown field(s) in {parent}: {fields}.", parent=field, fields=", ".join(extra)),
                _("Check the spelling (e.g. 'licence', 'higher_is'); allowed: {allowed}.",
                  allowed=", ".join(error.schema.get("properties", {}))))
    if error.validator == "enum":
        return (_("'{field}' is {value!r}; it must be one of: {allowed}.", field=field, value=error.instance,
                  allowed=", ".join(map(str, error.validator_value))), description or _("Use one of the allowed values."))
    if error.validator == "type":
        return (_("'{field}' should be a {kind}, not {value!r}.", field=field, kind=error.validator_value, value=error.instance),
                description or _("Correct the value's type."))
    return (_("'{field}' is not valid: {detail}.", field=field, detail=error.message),
            description or _("See docs/city-data.md."))


def check_metadata(path: Path, data: dict, report: Report) -> None:
    """Schema errors, then what a schema cannot say: min below max, indicator ids unique."""
    for error in sorted(Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        message, fix = describe_schema_error(error)
        report.error(path, json_path(error.absolute_path), message, fix)
    seen = set()
    for number, indicator in enumerate(indicators_of(data)):
        where = f"indicators[{number}]"
        low, high = indicator.get("min"), indicator.get("max")
        if _is_number(low) and _is_number(high) and low >= high:
            report.error(path, where, _("Indicator '{id}': min ({min}) is not below max ({max}).",
                                        id=indicator.get("id"), min=low, max=high),
                         _("Give the range of the unit, e.g. min: 0 and max: 100 for a share in percent."))
        if indicator.get("id") in seen:
            report.error(path, where, _("Indicator id '{id}' is defined twice.", id=indicator.get("id")),
                         _("Give each indicator its own id, or remove the second definition."))
        seen.add(indicator.get("id"))


def indicators_of(data: dict) -> list[dict]:
    items = data.get("indicators") if isinstance(data, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def section(data: dict, name: str) -> dict:
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
