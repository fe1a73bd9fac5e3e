"""Write the message template: strings marked in the code plus the catalogue texts.

`pybabel extract` finds the strings written inside `_()` and `N_()`. Some texts reach
`_()` through a variable instead, read from the catalogues under `data/` or from a
table in the code; this step adds them to the template so translators see them too:

- indicators (data/indicators.yaml): title, definition, unit, scale note;
- sources (data/sources.yaml): caveat;
- members (data/members.csv): the reviewed note on a member (its `reason`, the store's
  `decision`), shown under the City profile's title and in the About page's coverage table;
- district layers (geo/layers.yaml): the wider area and the area note;
- practice themes and figure kinds (atlas.practices), flag words (atlas.text),
  problem severities of the city-data validator (atlas.citydata.report).

Run with `make messages` (which then updates the fr, de and nl catalogues), or
`python -m atlas.locale.extract_catalogue_strings [OUTPUT.pot]`.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).resolve().parent / "atlas.pot"
DATA = ROOT / "data"

INDICATOR_FIELDS = ("title", "definition", "unit", "scale_note")
SOURCE_FIELDS = ("caveat",)


def _yaml_texts(path: Path, fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """(text, where) for every non-empty field of every record in a YAML list."""
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for rec in records:
        for field in fields:
            value = rec.get(field)
            if isinstance(value, str) and value.strip():
                out.append((value, f"{path.name}: {rec.get('id', '?')}.{field}"))
    return out


def _member_notes() -> list[tuple[str, str]]:
    """(text, where) for every non-empty reviewed note in data/members.csv, read as the build reads it."""
    from atlas.members import load_decisions

    return [(reason, f"members.csv: {name}.reason")
            for name, reason in load_decisions()["reason"].items() if reason.strip()]


def catalogue_strings() -> list[tuple[str, str]]:
    """(text, where) for every text shown through `_()` that extraction cannot see."""
    from atlas.citydata.report import ERROR, WARNING
    from atlas.practices import KINDS, THEMES
    from atlas.text import FLAG_WORDS

    out = _yaml_texts(DATA / "indicators.yaml", INDICATOR_FIELDS)
    out += _yaml_texts(DATA / "sources.yaml", SOURCE_FIELDS)
    out += _member_notes()
    out += [(label, f"practice theme {key}") for key, label in THEMES.items()]
    out += [(label, f"figure kind {key}") for key, label in KINDS.items()]
    out += [(words, f"flag {letter}") for letter, words in FLAG_WORDS.items()]
    out += [(ERROR, "problem severity"), (WARNING, "problem severity")]
    layers = yaml.safe_load((ROOT / "geo" / "layers.yaml").read_text(encoding="utf-8")) or []
    out += [(layer["city_part"]["wider"], f"layers.yaml: {layer['id']}.city_part.wider")
            for layer in layers if layer.get("city_part")]
    out += [(layer["area_note"], f"layers.yaml: {layer['id']}.area_note") for layer in layers if layer.get("area_note")]
    return out


def _entries(catalog) -> list:
    return [(m.id, tuple(m.auto_comments), tuple(sorted(m.flags))) for m in catalog if m.id]


def extract_template(output: Path | str = TEMPLATE) -> Path:
    """Extract the code's strings into `output`, then add the catalogue strings.

    An existing `output` with the same messages is left as it is (no new creation date)."""
    output = Path(output)
    previous = None
    if output.exists():
        with output.open("rb") as f:
            previous = f.read()
    CommandLineInterface().run([
        "pybabel", "--quiet", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_", "-k", "N_",
        "--no-location", "--sort-output", "--project", "Digital Divide Atlas",
        "-o", str(output), str(ROOT)])
    with output.open("rb") as f:
        template = read_po(f)
    for text, where in catalogue_strings():
        if text not in template:
            template.add(text, auto_comments=[where])
        elif where not in template[text].auto_comments:
            template[text].auto_comments.append(where)
    fresh = io.BytesIO()
    write_po(fresh, template, no_location=True, sort_output=True)
    same = previous is not None and (_entries(read_po(io.BytesIO(previous)))
                                     == _entries(read_po(io.BytesIO(fresh.getvalue()))))
    output.write_bytes(previous if same else fresh.getvalue())
    return output


if __name__ == "__main__":
    print(extract_template(sys.argv[1] if len(sys.argv) > 1 else TEMPLATE))
