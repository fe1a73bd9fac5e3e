"""No import circle among atlas modules: the imports are read with `ast`, so nothing is imported.

Imports inside functions count too: a late import hides a circle, it does not remove it.
"""
from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "atlas"


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The atlas modules `path` imports (a `from atlas.x import name` of a submodule counts as atlas.x.name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found & known


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each atlas module -> the atlas modules it imports."""
    paths = {module_name(p, package): p for p in package.rglob("*.py") if "locale" not in p.parts}
    return {name: imported_modules(path, set(paths)) - {name} for name, path in paths.items()}


def circle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle (its modules, the first repeated at the end), or [] when there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return error.args[1]
    return []


def test_the_graph_sees_the_imports():
    graph = import_graph()
    assert {"atlas.added_cities", "atlas.citydata.folder"} <= graph["atlas.build"]
    assert "atlas.citydata.validate" in graph["atlas.citydata.cli"]


def test_no_import_circle_among_atlas_modules():
    found = circle(import_graph())
    assert not found, "import circle: " + " -> ".join(found)


def test_a_circle_through_a_late_import_is_found(tmp_path):
    package = tmp_path / "atlas"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from atlas.b import g\n")
    (package / "b.py").write_text("import atlas.a\n")
    assert set(circle(import_graph(package))) == {"atlas.a", "atlas.b"}
