"""A database the TUI may not write is browsed read-only, and says that verdicts can't be saved."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.test_triage import SIZE, screen_text, settle, triage
from workbench.tui.app import WorkbenchApp
from workbench.tui.store import READ_ONLY, writable


def _verdict_rows(path: str) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])
    finally:
        db.close()


async def test_a_read_only_database_is_browsed_and_no_verdict_is_pretended(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", readonly=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        assert READ_ONLY in screen_text(screen.query_one("#write-status", Static))
        await pilot.press("5")
        await settle(pilot)
        assert not app.store.pending()
        assert READ_ONLY in screen_text(screen.query_one("#write-status", Static))
        assert app.is_running  # browsing goes on
    assert _verdict_rows(seeded_path) == 0


async def test_the_tui_opens_while_another_process_holds_the_write_lock(seeded_path: str) -> None:
    writer = sqlite3.connect(seeded_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        app = WorkbenchApp(seeded_path, checker="tester", attempt_timeout=0.05, retry_pause=0.02)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert triage(app).query_one("#claims").row_count > 0  # type: ignore[attr-defined]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_writable_follows_the_file_and_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.db"
    path.write_bytes(b"")
    assert writable(str(path)) and writable(str(tmp_path / "new.db")) and writable(":memory:")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path else real(p, mode))
    assert not writable(str(path))
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == tmp_path else real(p, mode))
    assert not writable(str(path))
