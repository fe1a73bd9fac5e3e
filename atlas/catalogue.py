"""The indicator catalogue (data/indicators.yaml) and checks that keep it a contract."""
from __future__ import annotations

from functools import lru_cache

import yaml

from atlas.paths import CATALOGUE_DIR

# The indicator the atlas opens on and a member's briefing leads with.
HEADLINE_INDICATOR = "never_used_internet"
REQUIRED = ("id", "title", "definition", "unit", "higher_is", "source", "dataset", "key")


@lru_cache(maxsize=None)
def load_indicators() -> tuple[dict, ...]:
    return tuple(yaml.safe_load((CATALOGUE_DIR / "indicators.yaml").read_text(encoding="utf-8")))


def catalogue_problems(indicators, source_ids: set[str]) -> list[str]:
    """Every indicator has a definition, unit, direction and a source the catalogue knows."""
    problems, seen = [], set()
    for ind in indicators:
        ident = ind.get("id", "?")
        problems += [f"indicator {ident}: no {field}" for field in REQUIRED if not ind.get(field)]
        if ind.get("higher_is") not in ("better", "worse"):
            problems.append(f"indicator {ident}: higher_is must be 'better' or 'worse'")
        if ind.get("source") not in source_ids:
            problems.append(f"indicator {ident}: unknown source {ind.get('source')!r}")
        if ident in seen:
            problems.append(f"indicator {ident}: listed twice")
        seen.add(ident)
    return problems


def indicator_keys(indicators) -> dict[str, dict[str, str]]:
    """source id -> {series key in the source: indicator id}."""
    by_source: dict[str, dict[str, str]] = {}
    for ind in indicators:
        by_source.setdefault(ind["source"], {})[str(ind["key"])] = ind["id"]
    return by_source
