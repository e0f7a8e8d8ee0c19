"""Snapshots of the main screen, the help screen and the note editor at a fixed size.

Update after an intended change of the screens with `pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.test_triage import settle
from workbench.tui.app import WorkbenchApp

SIZE = (120, 36)


@pytest.fixture
def app(seeded_path: str, tmp_path: Path) -> WorkbenchApp:
    return WorkbenchApp(seeded_path, checker="tester")


async def _settled(pilot: Pilot) -> None:  # type: ignore[type-arg]
    await settle(pilot)


def test_main_screen(app: WorkbenchApp, snap_compare: Any) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled)


def test_main_screen_small_terminal(app: WorkbenchApp, snap_compare: Any) -> None:
    assert snap_compare(app, terminal_size=(100, 30), run_before=_settled)


def test_help_screen(app: WorkbenchApp, snap_compare: Any) -> None:
    async def open_help(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


def test_note_editor(app: WorkbenchApp, snap_compare: Any) -> None:
    async def open_note(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Costs of War estimate: about 65,000 (2001-2018)")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_note)
