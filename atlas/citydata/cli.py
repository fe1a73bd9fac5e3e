"""`python -m atlas check | add | remove`: the city data folder commands.

`add` copies the folder (never touching the user's files) into `city_data_dir()/<member_id>/`
and rebuilds; a failed build puts the previous state back, so the store and the city data
area always agree.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from atlas.citydata.folder import added_cities, problem_lines
from atlas.citydata.report import Report
from atlas.citydata.validate import check_folder
from atlas.i18n import _, fmt_number
from atlas.paths import city_data_dir
from atlas.name_keys import slug


def summary_lines(report: Report) -> list[str]:
    summary = report.summary
    years = summary["years"]
    year_text = (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])) if years else "-"
    city = report.metadata.get("city", "?") if isinstance(report.metadata, dict) else "?"
    return [
        _("Summary for {folder}", folder=report.folder),
        "  " + _("City: {city} (member id {member_id})", city=city, member_id=report.member_id or "?"),
        "  " + _("Districts: {count}", count=summary["districts"]),
        "  " + _("Indicators: {count} ({ids})", count=len(summary["indicators"]), ids=", ".join(summary["indicators"]) or "-"),
        "  " + _("Years: {years}", years=year_text),
        "  " + _("Figures: {rows} rows; coverage {coverage} % of district × indicator × year cells",
                 rows=summary["rows"], coverage=fmt_number(summary["coverage_percent"])),
        *(["  " + _("Help places: {count} ({kinds})", count=len(report.points),
                    kinds=", ".join(sorted(report.points["kind"].unique())))] if len(report.points) else []),
        "  " + _("{errors} error(s), {warnings} warning(s).", errors=len(report.errors), warnings=len(report.warnings)),
    ]


def verdict(report: Report) -> str:
    if report.ok:
        return _("The folder can be added: python -m atlas add {folder}", folder=report.folder)
    return _("The folder cannot be added until the errors are fixed.")


def print_report(report: Report, out=None) -> None:
    out = out or sys.stdout
    for problem in report.problems:
        print("\n".join(problem_lines(problem)), file=out)
    if report.problems:
        print(file=out)
    print("\n".join(summary_lines(report)), file=out)
    print(verdict(report), file=out)


def check_command(path: Path) -> int:
    """Print every problem, then the summary. 0 only when the folder can be added."""
    report = check_folder(path)
    print_report(report)
    return 0 if report.ok else 1


def files_to_copy(report: Report) -> list[Path]:
    """The files the contract uses (and a README), with their paths relative to the folder."""
    used = list(report.files.values()) + [p for p in report.folder.iterdir() if p.name.lower().startswith("readme")]
    folder = report.folder.resolve()
    return sorted({p.resolve().relative_to(folder) for p in used if p.exists()})


def staged_copy(report: Report, area: Path) -> Path:
    """A copy of the folder beside its final place, so moving it in is a rename."""
    staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=area))
    for relative in files_to_copy(report):
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(report.folder / relative, target)
    return staging


def replace_folder(new: Path | None, final: Path) -> Path | None:
    """Move `final` aside (returned, or None if absent), then `new` into its place."""
    aside = None
    if final.exists():
        aside = final.with_name(f".removing-{final.name}")
        shutil.rmtree(aside, ignore_errors=True)
        final.rename(aside)
    if new is not None:
        new.rename(final)
    return aside


def rebuild_or_restore(final: Path, aside: Path | None) -> int:
    """Rebuild the store; on failure put the previous city folder back."""
    from atlas.build import run_build  # written separately; imported late so `check` does not need it

    try:
        status = run_build()
    except Exception as exc:  # the build's own messages are printed by it; keep the area consistent
        print(_("The rebuild failed: {detail}", detail=exc), file=sys.stderr)
        status = 1
    if status != 0:
        shutil.rmtree(final, ignore_errors=True)
        if aside is not None:
            aside.rename(final)
        print(_("The rebuild failed; the city data area is as it was before."), file=sys.stderr)
        return status
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
    return 0


def add_command(path: Path) -> int:
    """Validate, copy the folder into the city data area under its member id, rebuild."""
    report = check_folder(path)
    print_report(report)
    if not report.ok:
        return 1
    area = city_data_dir()
    area.mkdir(parents=True, exist_ok=True)
    final = area / report.member_id
    replacing = final.exists()
    aside = replace_folder(staged_copy(report, area), final)
    status = rebuild_or_restore(final, aside)
    if status == 0:
        print(_("Replaced {city} with the new folder.", city=report.member_id) if replacing
              else _("Added {city}.", city=report.member_id))
    return status


def remove_command(city: str) -> int:
    """Take an added city (member id, or its name) out of the city data area and rebuild."""
    folder = city_data_dir() / slug(city)
    if not slug(city) or not folder.is_dir():
        known = ", ".join(p.name for p in added_cities()) or _("none")
        print(_("No added city '{city}'. Added cities: {known}.", city=city, known=known), file=sys.stderr)
        return 1
    status = rebuild_or_restore(folder, replace_folder(None, folder))
    if status == 0:
        print(_("Removed {city}.", city=folder.name))
    return status
