"""The HTML report as a browser shows it: headless Chromium renders it, and nothing from data runs.

Skipped where Chromium is not installed (.ci/run installs Debian's chromium when it can).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.reports.test_reports import _Collector, report_db  # noqa: F401  (report_db is a fixture)
from workbench.reports import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_report_renders_and_data_stays_text(report_db: Database, tmp_path: Path) -> None:  # noqa: F811
    page = tmp_path / "report.html"
    write_report(report_db, "html", page)
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    parsed = _Collector()
    parsed.feed(dom)
    assert {"svg", "rect"} <= set(parsed.tags)  # the chart
    assert not {"script", "img", "iframe"} & set(parsed.tags)
    assert not [name for name, _ in parsed.attrs if name.startswith("on")]
    assert any("<script>alert(1)</script>" in text for text in parsed.text)  # the hostile claim, as text
    shot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000  # a page was painted
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
