"""axe-core, the accessibility checker, for the browser tests: installed from the npm registry at
test setup (`python -m tests.browser.axe`, run by `make test-setup`), never committed.

It goes through `tools.vendor`'s own mechanism (npm into a scratch folder, the tarball checked
against a pinned sha512, the files swapped in whole), into `tests/browser/vendor/axe-core/`
(git-ignored). Running it again does nothing once the pinned version is in place.

`run_axe(frame)` injects axe.min.js into a page or a frame (the map's iframe) as an inline
script, so the check itself makes no request, and returns axe's results.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.vendor import Package, install, is_installed

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
AXE = Package(
    name="axe-core",
    version="4.14.1",
    integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    files=("axe.min.js", "LICENSE"),
)
# What the issue asks for: no serious or critical violation. Minor and moderate ones are reported.
BLOCKING = ("serious", "critical")


def axe_script() -> Path:
    """The path of axe.min.js, installing the pinned version first when it is missing."""
    if not is_installed(AXE, VENDOR_DIR):
        install(AXE, VENDOR_DIR)
    return VENDOR_DIR / AXE.name / "axe.min.js"


def run_axe(frame, include: str | None = None) -> dict:
    """axe's results for a page or frame (Playwright `Page` or `Frame`): WCAG 2.x A and AA rules
    plus best practices. `include` narrows the check to a CSS selector."""
    if not frame.evaluate("typeof window.axe === 'object'"):
        frame.add_script_tag(content=axe_script().read_text(encoding="utf-8"))
    return frame.evaluate(
        """async include => {
            const context = include ? {include: [include]} : document;
            const r = await axe.run(context, {resultTypes: ['violations'],
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
            return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                                          summary: (n.failureSummary || '').slice(0, 300)}))}))};
        }""",
        include,
    )


def blocking(results: dict) -> list[dict]:
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per violation and up to three of its elements, to read in a failing test."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}), {len(v['nodes'])} element(s)")
        lines += [f"    {n['target']} {n['html'][:120]}" for n in v["nodes"][:3]]
    return "\n".join(lines) or "(none)"


def main() -> int:
    if is_installed(AXE, VENDOR_DIR):
        print(f"axe-core {AXE.version}: already in {VENDOR_DIR / AXE.name}")
    else:
        install(AXE, VENDOR_DIR)
        print(f"axe-core {AXE.version}: installed in {VENDOR_DIR / AXE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
