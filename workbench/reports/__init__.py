"""Verdict reports over the store: Markdown, HTML, JSON, CSV and ClaimReview JSON-LD."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

import claims_db
from workbench.errors import WorkbenchError
from workbench.reports.claimreview import check_publisher, render_claimreview
from workbench.reports.data import ReportData, ReportFilter, collect
from workbench.reports.render_html import render_html
from workbench.reports.render_text import render_csv, render_json, render_markdown

FORMATS = ("md", "html", "json", "csv", "claimreview")


@dataclass(frozen=True)
class Report:
    text: str
    claims: int
    skipped: int = 0  # pending claims left out of a ClaimReview report


def render(
    db: Database,
    fmt: str,
    where: ReportFilter | None = None,
    *,
    bom: bool = False,
    publisher: str | None = None,
    publisher_url: str | None = None,
    url_pattern: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Render a report; settings in the store give the ClaimReview publisher when no flag does."""
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")
    data: ReportData = collect(db, where or ReportFilter(), progress)
    if fmt == "md":
        return Report(render_markdown(data), data.total)
    if fmt == "html":
        return Report(render_html(data), data.total)
    if fmt == "json":
        return Report(render_json(data), data.total)
    if fmt == "csv":
        return Report(render_csv(data, bom=bom), data.total)
    who = check_publisher(
        publisher or claims_db.get_setting(db, "publisher_name"),
        publisher_url or claims_db.get_setting(db, "publisher_url"),
        url_pattern or claims_db.get_setting(db, "review_url_pattern"),
    )
    text, skipped = render_claimreview(data, who)
    return Report(text, data.total - skipped, skipped)


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename.

    The file gets normal permissions, as a shell redirection would give it: a new file 0666 less the
    umask; a file replaced keeps its mode.
    """
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise WorkbenchError(f"{path}: folder {directory} does not exist")
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = _new_file(directory, path.name)
    try:
        if mode is not None:
            os.chmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _new_file(directory: Path, name: str) -> tuple[int, Path]:
    """A new, empty temporary file in ``directory`` created 0666 (the umask applies, unlike mkstemp's 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = directory / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise WorkbenchError(f"{directory}: could not create a temporary file for {name}")


def write_report(db: Database, fmt: str, path: Path, where: ReportFilter | None = None, **options: object) -> int:
    """Render and write a report file; returns how many claims it holds."""
    report = render(db, fmt, where, **options)  # type: ignore[arg-type]
    write_atomically(path, report.text)
    return report.claims


__all__ = ["FORMATS", "Report", "ReportFilter", "render", "write_atomically", "write_report"]
