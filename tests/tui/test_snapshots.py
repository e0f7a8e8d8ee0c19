"""Snapshots of the main screen, the help screen, the dialogs and a write waiting for the database,
at 120x40 (and the main screen and help at 80x24, the smallest terminal the layout is made for).

Update after an intended change of the screens with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.test_triage import settle
from workbench.tui.app import WorkbenchApp

SIZE = (120, 40)
SMALL = (80, 24)


@pytest.fixture
def app(seeded_path: str, tmp_path: Path) -> WorkbenchApp:
    return WorkbenchApp(seeded_path, checker="tester")


async def _settled(pilot: Pilot) -> None:  # type: ignore[type-arg]
    await settle(pilot)


def test_main_screen(app: WorkbenchApp, snap_compare: Any) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled)


def test_main_screen_small_terminal(app: WorkbenchApp, snap_compare: Any) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=_settled)


async def _open_help(pilot: Pilot) -> None:  # type: ignore[type-arg]
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


def test_help_screen(app: WorkbenchApp, snap_compare: Any) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_help)


def test_help_screen_small_terminal_scrolls(app: WorkbenchApp, snap_compare: Any) -> None:
    async def open_help_and_scroll(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await _open_help(pilot)
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=open_help_and_scroll)


def test_search_dialog_with_the_focus_in_the_query(app: WorkbenchApp, snap_compare: Any) -> None:
    async def search(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*" civilians")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_a_verdict_waiting_for_the_database(seeded_path: str, snap_compare: Any) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", attempt_timeout=0.05, retry_pause=0.02)
    lock = sqlite3.connect(seeded_path, isolation_level=None)

    async def verdict_while_locked(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        lock.execute("BEGIN IMMEDIATE")
        await pilot.press("5")
        for _ in range(500):
            if app.store.waiting:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=verdict_while_locked)
    finally:
        lock.close()


def test_note_editor(app: WorkbenchApp, snap_compare: Any) -> None:
    async def open_note(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Costs of War estimate: about 65,000 (2001-2018)")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_note)
