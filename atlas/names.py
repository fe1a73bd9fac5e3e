"""Finding a member by any of its names: accents ignored, local names and exonyms
(Göteborg, Goteborg, Gothenburg; Kyiv, Kiev; Köln, Cologne).

The names come from GeoNames' alternate names of each member's place, gathered by the build
(`member_names`) into the store's `alt_names` column; pages only match against them (`find_members`).
"""
from __future__ import annotations

import re

from atlas.i18n import _
from atlas.name_keys import fold

SEPARATOR = "|"  # between names in the store's `alt_names` column (GeoNames uses it too)
MIN_QUERY = 2  # letters; one letter would match half the members


def useful_name(name: str) -> bool:
    """A name a person might type: not an airport or region code ('GOT', 'BRU'), not a 2-letter
    fragment ('Ko' is among Kyiv's alternate names), not a lower-case transliteration from
    another script ('ghwtnbrgh'; GeoNames has many, and 'porto' among Bordeaux's)."""
    name = name.strip()
    if len(fold(name)) < 3 or name == name.lower():
        return False
    return not (name.isupper() and len(name) <= 4)


def member_names(*groups) -> str:
    """The distinct useful names of a member, from several lists or strings ('A|B', 'A / B'),
    joined for the store."""
    names: dict[str, str] = {}
    for group in groups:
        parts = group if isinstance(group, (list, tuple, set)) else re.split(r"\s*[|/]\s*", str(group or ""))
        for part in parts:
            part = str(part).strip()
            if part and useful_name(part):
                names.setdefault(fold(part), part)
    return SEPARATOR.join(sorted(names.values(), key=str.casefold))


def _parts(label: str) -> list[str]:
    """'Bruxelles / Brussel' -> both; 'München (Munich)' -> both; and the whole label."""
    return [label] + [p for p in re.split(r"\s*[/()]\s*", label) if p]


def match_rank(query: str, label: str, alternates: list[str]) -> tuple[int, str] | None:
    """How well a folded query matches a member (lower is better) and the name it matched, or None.

    The member's own names (its label) beat its alternate names; a whole name beats the start of
    one, which beats the start of a word inside one ('burg' finds no one; 'frankf' finds Frankfurt)."""
    own = [(fold(n), n) for n in _parts(label)]
    other = [(fold(n), n) for n in alternates]
    tests = (
        lambda f: f == query,
        lambda f: f.startswith(query),
        lambda f: any(word.startswith(query) for word in f.split()),
    )
    for rank, test in enumerate(tests):
        for tier, names in enumerate((own, other)):
            for folded, name in names:
                if folded and test(folded):
                    return 2 * rank + tier, name
    return None


def find_members(query: str, labels: dict[str, str], alt_names: dict[str, str]) -> list[tuple[str, str | None]]:
    """Members matching `query`, best first: (member_id, the alternate name that matched, or None
    when the query matched the member's own label). `labels`: member_id -> label, in display
    order; `alt_names`: member_id -> names joined with SEPARATOR."""
    folded = fold(query or "")
    if len(folded.replace(" ", "")) < MIN_QUERY:
        return []
    found = []
    for order, (member_id, label) in enumerate(labels.items()):
        joined = alt_names.get(member_id)
        alternates = [n for n in joined.split(SEPARATOR) if n] if isinstance(joined, str) else []
        ranked = match_rank(folded, label, alternates)
        if ranked is not None:
            rank, name = ranked
            found.append((rank, order, member_id, None if rank % 2 == 0 else name))
    return [(member_id, name) for _rank, _order, member_id, name in sorted(found)]


def with_matched_name(label: str, matched: str | None) -> str:
    """The label a search result is shown with: 'Київ (Kyiv)' found as 'Kiev' reads
    'Київ (Kyiv), also called Kiev', so the reader sees why it was found."""
    return label if not matched else _("{label}, also called {name}", label=label, name=matched)
