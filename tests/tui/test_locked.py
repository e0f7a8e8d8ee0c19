"""A locked database never crashes the TUI or drops a write: another connection holds the write
lock (BEGIN IMMEDIATE on the same file) while keys are pressed; the writes wait visibly, keep their
order and land once the lock is released. Retry timings are set short so the tests are quick; no
test asserts on how long anything took."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import TextArea

import claims_db
from tests.tui.test_triage import SIZE, screen_text, settle, store, triage
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.modals import QuitScreen
from workbench.tui.widgets.claims_table import ClaimsTable
from workbench.tui.widgets.matches_table import MatchesTable

FAST = {"attempt_timeout": 0.05, "retry_pause": 0.02}


class WriteLock:
    """Another process's write transaction on the same file."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=5)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


def label_of_key(path: str, key: str) -> str:
    db = store(path)
    try:
        return next(label.label for label in claims_db.verdict_labels(db) if label.key == key)
    finally:
        db.close()


def verdicts_by_tester(path: str) -> list[tuple[int, str | None, int | None]]:
    db = sqlite3.connect(path)  # a plain reader: claims_db.connect would wait for the write lock
    try:
        rows = db.execute(
            "SELECT claim_id, label, undo_of FROM verdicts WHERE checker = 'tester' ORDER BY id"
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]
    finally:
        db.close()


async def test_a_verdict_waits_for_the_lock_visibly_and_lands_after(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        assert claim_id is not None
        lock = WriteLock(seeded_path)
        try:
            await pilot.press("5")
            await wait_until(pilot, lambda: app.store.waiting, "the verdict waits for the lock")
            await pilot.pause()
            status = screen_text(screen.query_one("#write-status"))
            assert "waiting for the database: another process is writing (1 pending)" in status
            assert screen.query_one(ClaimsTable).marks() == {claim_id: "saving…"}
            assert app.is_running
            assert verdicts_by_tester(seeded_path) == []  # nothing written yet (reading needs no lock)
            # the UI stays usable while it waits: the help opens and closes
            await pilot.press("question_mark")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            await pilot.pause()
        finally:
            lock.release()
        await wait_until(pilot, lambda: not app.store.pending(), "the verdict lands")
        await settle(pilot)
        assert app.is_running
        assert screen.query_one(ClaimsTable).marks() == {}
        assert not screen.query_one("#write-status").display
    assert verdicts_by_tester(seeded_path) == [(claim_id, label_of_key(seeded_path, "5"), None)]


async def test_quick_writes_while_locked_land_in_the_order_given(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        table = screen.query_one(ClaimsTable)
        first = table.current_claim
        lock = WriteLock(seeded_path)
        try:
            await pilot.press("5")  # moves on to the next unreviewed claim
            second = table.current_claim
            await pilot.press("2")
            table.move_cursor(row=table.claim_ids.index(first))  # type: ignore[arg-type]
            await pilot.pause()
            await pilot.press("u", "1")
            await wait_until(pilot, lambda: app.store.waiting, "the writes wait for the lock")
            assert [p.what.split(":")[0] for p in app.store.pending()] == [
                f"claim {first}",
                f"claim {second}",
                f"claim {first}",
                f"claim {first}",
            ]
            status = screen_text(screen.query_one("#write-status"))
            assert "(4 pending)" in status
        finally:
            lock.release()
        await wait_until(pilot, lambda: not app.store.pending(), "the writes land")
        await settle(pilot)
    rows = verdicts_by_tester(seeded_path)
    label = {key: label_of_key(seeded_path, key) for key in ("1", "2", "5")}
    assert [(claim, lbl) for claim, lbl, _ in rows] == [
        (first, label["5"]),
        (second, label["2"]),
        (first, None),  # the undo restores "no verdict"
        (first, label["1"]),
    ]
    assert rows[2][2] is not None  # the third row is the undo of the first
    db = store(seeded_path)
    verdict = claims_db.current_verdict(db, first)  # type: ignore[arg-type]
    assert verdict is not None and verdict.label == label["1"]


async def test_evidence_decisions_while_locked_land_in_order(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = triage(app).query_one(ClaimsTable).current_claim
        lock = WriteLock(seeded_path)
        try:
            await pilot.press("tab", "c", "c", "x")  # confirm, back to suggested, reject
            await wait_until(pilot, lambda: app.store.waiting, "the decisions wait for the lock")
            assert [p.what.split(": ")[1] for p in app.store.pending()] == ["confirmed", "suggested", "rejected"]
        finally:
            lock.release()
        await wait_until(pilot, lambda: not app.store.pending(), "the decisions land")
        await settle(pilot)
    db = store(seeded_path)
    states = [
        r[0] for r in db.execute("SELECT state FROM matches WHERE claim_id = ? ORDER BY rank", [claim_id]).fetchall()
    ]
    assert states[0] == "rejected"
    assert claims_db.confirmed_evidence(db, claim_id) == []  # type: ignore[arg-type]


async def test_quit_while_a_verdict_waits_asks_first(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    lock = WriteLock(seeded_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("5")
            await wait_until(pilot, lambda: app.store.waiting, "the verdict waits for the lock")
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, QuitScreen)
            shown = [screen_text(w) for w in app.screen.query("Static, Button")]
            question = " ".join(" ".join(shown).split())
            assert "Quitting now loses 1 verdict." in question and "claim " in question
            await pilot.press("escape")  # wait
            await pilot.pause()
            assert not isinstance(app.screen, QuitScreen) and app.is_running
            await pilot.press("ctrl+q")  # the other way to quit asks too
            await pilot.pause()
            assert isinstance(app.screen, QuitScreen)
            await pilot.click("#quit")
            await pilot.pause()
            assert app.return_code == 0
    finally:
        lock.release()
    assert verdicts_by_tester(seeded_path) == []  # lost, as the question said


async def test_quit_when_saved_waits_for_the_write_then_quits(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = triage(app).query_one(ClaimsTable).current_claim
        lock = WriteLock(seeded_path)
        try:
            await pilot.press("3")
            await wait_until(pilot, lambda: app.store.waiting, "the verdict waits for the lock")
            await pilot.press("q")
            await pilot.pause()
            await pilot.click("#when-saved")
            await pilot.pause()
            assert app.is_running  # still waiting
        finally:
            lock.release()
        await wait_until(pilot, lambda: app.return_code is not None, "the app quits once saved")
    assert verdicts_by_tester(seeded_path) == [(claim_id, label_of_key(seeded_path, "3"), None)]


async def test_quit_with_nothing_pending_does_not_ask(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_another_database_error_is_shown_as_not_saved_and_the_app_lives(seeded_path: str) -> None:
    db = store(seeded_path)
    db.execute("CREATE TRIGGER no_verdicts BEFORE INSERT ON verdicts BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    db.close()
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        await pilot.press("5")
        await settle(pilot)
        assert app.is_running
        status = " ".join(screen_text(screen.query_one("#write-status")).split())
        assert "NOT SAVED (1)" in status and "disk on fire" in status
        assert screen.query_one(ClaimsTable).marks() == {claim_id: "not saved"}
        db = store(seeded_path)
        db.execute("DROP TRIGGER no_verdicts")
        db.close()
        screen.query_one(ClaimsTable).move_cursor(row=0)
        await pilot.pause()
        await pilot.press("5")  # given again: it lands and the mark goes
        await settle(pilot)
        assert screen.query_one(ClaimsTable).marks() == {}
        assert not screen.query_one("#write-status").display
    assert verdicts_by_tester(seeded_path) == [(claim_id, label_of_key(seeded_path, "5"), None)]


async def test_a_note_given_while_the_verdict_waits_keeps_that_verdict(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = triage(app).query_one(ClaimsTable)
        claim_id = table.current_claim
        lock = WriteLock(seeded_path)
        try:
            await pilot.press("5")
            await wait_until(pilot, lambda: app.store.waiting, "the verdict waits for the lock")
            table.move_cursor(row=table.claim_ids.index(claim_id))  # type: ignore[arg-type]
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            await pilot.press(*"checked twice", "ctrl+s")
            await pilot.pause()
            assert len(app.store.pending()) == 2
        finally:
            lock.release()
        await wait_until(pilot, lambda: not app.store.pending(), "the writes land")
        await settle(pilot)
    db = store(seeded_path)
    verdict = claims_db.current_verdict(db, claim_id)  # type: ignore[arg-type]
    assert verdict is not None
    assert (verdict.label, verdict.note) == (label_of_key(seeded_path, "5"), "checked twice")


async def test_a_failed_evidence_decision_shows_the_stored_state_again(seeded_path: str) -> None:
    db = sqlite3.connect(seeded_path)
    db.execute("CREATE TRIGGER frozen BEFORE UPDATE ON matches BEGIN SELECT RAISE(ABORT, 'read-only desk'); END")
    db.commit()
    db.close()
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        matches = triage(app).query_one(MatchesTable)
        await pilot.press("tab", "c")  # shown as confirmed at once; the write fails
        await settle(pilot)
        assert app.is_running
        assert matches.current is not None and matches.current.state == "suggested"  # as stored
        status = " ".join(screen_text(triage(app).query_one("#write-status")).split())
        assert "NOT SAVED (1)" in status and "read-only desk" in status


async def test_the_note_editor_shows_a_note_still_waiting_for_the_database(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester", **FAST)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lock = WriteLock(seeded_path)
        try:
            await pilot.press("n")
            await pilot.pause()
            await pilot.press(*"first thoughts", "ctrl+s")
            await wait_until(pilot, lambda: app.store.waiting, "the note waits for the lock")
            await pilot.press("n")
            await pilot.pause()
            assert app.screen.query_one(TextArea).text == "first thoughts"
            await pilot.press("end", *"; more", "ctrl+s")
            await pilot.pause()
        finally:
            lock.release()
        await wait_until(pilot, lambda: not app.store.pending(), "the notes land")
        await settle(pilot)
    db = sqlite3.connect(seeded_path)
    notes = [r[0] for r in db.execute("SELECT note FROM verdicts WHERE checker = 'tester' ORDER BY id")]
    assert notes == ["first thoughts", "first thoughts; more"]
