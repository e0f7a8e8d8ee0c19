"""Snapshots of the desk's dialogs and of a claim the desk has worked on, at a fixed size and time.

Update after an intended change with `pytest tests/tui/test_desk_snapshots.py --snapshot-update`,
then look at the SVGs (tests/tui/__snapshots__/test_desk_snapshots/).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import claims_db
from tests.tui.test_desk import _repeated_claim
from tests.tui.test_triage import settle
from workbench.app import load_seeds
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.claims_table import ClaimsTable

SIZE = (120, 40)
FIXED = "2021-06-12T09:30:00.000+00:00"


@pytest.fixture
def desk_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The seeds, every time stamp fixed: the 80,000 claim judged false by amina, assigned to her, and a
    second article that repeats it (suggested)."""
    for module in ("articles", "claims", "desk", "verdicts", "matches", "records"):
        monkeypatch.setattr(f"claims_db.{module}.now", lambda: FIXED)
    path = tmp_path / "workbench.db"
    db = claims_db.connect(path)
    load_seeds(db)
    db.close()
    _repeated_claim(str(path))
    db = claims_db.connect(path)
    earlier = next(r.claim.id for r in claims_db.list_claims(db) if "80,000 people have lost" in r.claim.text)
    claims_db.assign_claim(db, earlier, "amina", checker="amina")
    claims_db.edit_claim(db, earlier, claimant="Imran Khan, prime minister", checker="amina")
    db.close()
    return str(path)


def _open(*keys: str, row: int = 0) -> Any:
    async def run(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        pilot.app.screen.query_one(ClaimsTable).move_cursor(row=row)
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        pilot.app.clear_notifications()  # toasts time out: not part of a stable picture
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]  # the cursor shown, always
        await pilot.pause()

    return run


def test_dismiss_dialog(desk_path: str, snap_compare: Any) -> None:
    assert snap_compare(WorkbenchApp(desk_path, checker="tester"), terminal_size=SIZE, run_before=_open("d", "down"))


def test_edit_dialog_shows_the_original(desk_path: str, snap_compare: Any) -> None:
    assert snap_compare(WorkbenchApp(desk_path, checker="tester"), terminal_size=SIZE, run_before=_open("e"))


def test_add_claim_dialog(desk_path: str, snap_compare: Any) -> None:
    assert snap_compare(WorkbenchApp(desk_path, checker="tester"), terminal_size=SIZE, run_before=_open("plus"))


def test_split_dialog(desk_path: str, snap_compare: Any) -> None:
    assert snap_compare(WorkbenchApp(desk_path, checker="tester"), terminal_size=SIZE, run_before=_open("p"))


def test_history_dialog(desk_path: str, snap_compare: Any) -> None:
    assert snap_compare(WorkbenchApp(desk_path, checker="tester"), terminal_size=SIZE, run_before=_open("h"))


def test_a_repeated_claim_and_marks_in_the_list(desk_path: str, snap_compare: Any) -> None:
    # Row 1 is the second article's claim (score order): it shows "checked before"; two rows marked.
    assert snap_compare(
        WorkbenchApp(desk_path, checker="tester"),
        terminal_size=SIZE,
        run_before=_open("m", "down", "m", "up", "up", row=2),
    )
