"""The command line: `python -m atlas build | coverage | bench | check | add | remove | brief`.

Other tools call these commands by name, so names and flags stay stable.
Each command imports its module lazily so `coverage` does not pay for folium.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _build(args) -> int:
    from atlas.build import run_build

    return run_build(mirror=args.mirror, download=args.download, base_url=args.base_url, eurostat_api=args.eurostat_api)


def _coverage(args) -> int:
    from atlas.coverage import print_coverage

    return print_coverage(as_json=args.json)


def _bench(args) -> int:
    if args.serve:
        from tools.serve_bench import run_serve_bench

        return run_serve_bench(as_json=args.json, runs=args.runs, backends=args.backends)
    from tools.bench import run_bench

    return run_bench(as_json=args.json, runs=args.runs, backends=args.backends)


def _report_language(args) -> None:
    """The check's report in the analyst's language: --lang, else ATLAS_LANG, else English."""
    from atlas.i18n import set_language

    set_language(args.lang or os.environ.get("ATLAS_LANG"))


def _check(args) -> int:
    from atlas.citydata.cli import check_command

    _report_language(args)
    return check_command(Path(args.path))


def _add(args) -> int:
    from atlas.citydata.cli import add_command

    _report_language(args)
    return add_command(Path(args.path))


def _remove(args) -> int:
    from atlas.citydata.cli import remove_command

    return remove_command(args.city)


def _brief(args) -> int:
    from atlas.briefing import brief_command

    return brief_command(args.member, args.lang, args.output)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m atlas", description="Digital Divide Atlas tools")
    sub = p.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="read, check and store every source (atomic)")
    build.add_argument("--mirror", type=Path, help="folder with the source files (default ../shared/data)")
    build.add_argument("--download", action="store_true", help="fetch every Eurostat dataset fresh from Eurostat's "
                       "API (SDMX-CSV), the other files from the mirror (or their official addresses without one)")
    build.add_argument("--base-url", help="with --download: fetch from this base URL instead (a local mirror server)")
    build.add_argument("--eurostat-api", help="with --download: Eurostat's dissemination API at this address "
                       "(default https://ec.europa.eu/eurostat/api/dissemination)")
    build.set_defaults(func=_build)

    cov = sub.add_parser("coverage", help="what level of data each member has")
    cov.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    cov.set_defaults(func=_coverage)

    bench = sub.add_parser("bench", help="map speed against a plain streamlit-folium rendering")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--runs", type=int, default=5)
    bench.add_argument("--serve", action="store_true",
                       help="server CPU per fresh page view and per Map interaction, against a trivial page")
    bench.add_argument("--backends", type=int, default=1, help="N app processes behind nginx, which serves the static files (each app, the plain one too)")
    bench.set_defaults(func=_bench)

    check = sub.add_parser("check", help="validate a city data folder")
    check.add_argument("path")
    check.add_argument("--lang", choices=["en", "fr", "de", "nl"], help="language of the report (default: ATLAS_LANG, else en)")
    check.set_defaults(func=_check)

    add = sub.add_parser("add", help="validate a city data folder, add it and rebuild")
    add.add_argument("path")
    add.add_argument("--lang", choices=["en", "fr", "de", "nl"], help="language of the report (default: ATLAS_LANG, else en)")
    add.set_defaults(func=_add)

    remove = sub.add_parser("remove", help="take an added city out again and rebuild")
    remove.add_argument("city")
    remove.set_defaults(func=_remove)

    brief = sub.add_parser("brief", help="a member's one-page briefing as an A4 PDF")
    brief.add_argument("member", help="member id, as in the City profile's address (?member=paris)")
    brief.add_argument("--lang", default="en", help="en, fr, de or nl")
    brief.add_argument("-o", "--output", type=Path, help="PDF file to write (default MEMBER-LANG.pdf)")
    brief.set_defaults(func=_brief)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
