"""The triage flow driven headless through the Pilot; each test checks the database afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerState

import claims_db
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.triage import TriageScreen
from workbench.tui.widgets.claims_table import ClaimsTable
from workbench.tui.widgets.matches_table import MatchesTable

SIZE = (120, 36)


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Let workers finish and their results reach the screen."""
    quiet = 0
    for _ in range(500):
        await pilot.pause(0.02)
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return
    raise AssertionError("workers still running after 10 s")


def screen_text(widget: Widget) -> str:
    """What a widget shows, as plain text."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join("".join(segment.text for segment in line) for line in lines)


def triage(app: WorkbenchApp) -> TriageScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, TriageScreen)
    return screen


def store(path: str) -> claims_db.Database:  # type: ignore[name-defined]
    return claims_db.connect(path)


async def test_claims_are_listed_best_first_with_their_matches(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        table = screen.query_one(ClaimsTable)
        assert table.row_count >= 3
        assert screen.detail is not None and "80,000" in screen.detail.claim.text
        matches = screen.query_one(MatchesTable)
        keys = [m.record.key for m in matches.matches if m.record]
        assert "ik-2022-cnn-80000" in keys and "cow-2018-pakistan-killed" in keys


async def test_verdict_key_saves_and_moves_to_the_next_unreviewed_claim(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        first = screen.query_one(ClaimsTable).current_claim
        await pilot.press("4")
        await settle(pilot)
        assert screen.query_one(ClaimsTable).current_claim != first
    db = store(seeded_path)
    verdict = claims_db.current_verdict(db, first)
    assert verdict is not None and verdict.label == "mostly-false" and verdict.checker == "tester"


async def test_confirm_evidence_then_verdict_records_it_and_undo_appends(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        await pilot.press("tab")  # to the matches
        await pilot.press("down")
        record_id = screen.query_one(MatchesTable).current.record_id  # type: ignore[union-attr]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("shift+tab")
        await pilot.press("5")
        await settle(pilot)
        db = store(seeded_path)
        assert claims_db.confirmed_evidence(db, claim_id) == [record_id]
        verdict = claims_db.current_verdict(db, claim_id)
        assert verdict is not None and verdict.label == "false"
        assert [e["record_id"] for e in verdict.evidence] == [record_id]
        # Back on the claim, undo: a new row restores "unreviewed", the old one stays.
        screen.query_one(ClaimsTable).move_cursor(row=0)
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        history = claims_db.verdict_history(db, claim_id)
        assert [v.label for v in history] == ["false", None]
        assert history[1].undo_of == history[0].id


async def test_reject_and_toggle_back(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        await pilot.press("tab", "x")
        await settle(pilot)
        db = store(seeded_path)
        states = {m.state for m in claims_db.claim_detail(db, claim_id).matches}
        assert "rejected" in states
        await pilot.press("x")
        await settle(pilot)
        assert {m.state for m in claims_db.claim_detail(db, claim_id).matches} == {"suggested"}


async def test_note_editor_saves_a_multiline_note(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = triage(app).query_one(ClaimsTable).current_claim
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Costs of War", "enter", *"65,000 by 2018")
        await pilot.press("ctrl+s")
        await settle(pilot)
    verdict = claims_db.current_verdict(store(seeded_path), claim_id)
    assert verdict is not None and verdict.note == "Costs of War\n65,000 by 2018" and verdict.label is None


async def test_filter_by_status_and_text(seeded_path: str) -> None:
    db = store(seeded_path)
    top = claims_db.list_claims(db)[0].claim.id
    claims_db.add_verdict(db, top, "false", checker="someone")
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        total = screen.query_one(ClaimsTable).row_count
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"80,000", "enter")
        await settle(pilot)
        assert screen.query_one(ClaimsTable).claim_ids == [top]
        screen.where = claims_db.ClaimFilter(status="unreviewed")
        screen.reload()
        await settle(pilot)
        assert top not in screen.query_one(ClaimsTable).claim_ids
        assert screen.query_one(ClaimsTable).row_count == total - 1


async def test_add_an_article_by_pasting_text(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#pasted").load_text(  # type: ignore[attr-defined]
            "The minister said 65,000 people were killed in Pakistan between 2001 and 2018."
        )
        dialog.query_one("#start").press()  # type: ignore[attr-defined]
        await settle(pilot)
        await settle(pilot)
    db = store(seeded_path)
    assert len(claims_db.list_articles(db)) == 2
    new = claims_db.list_claims(db, claims_db.ClaimFilter(text="65,000 people were killed"))
    assert len(new) == 1
    assert db.execute("SELECT COUNT(*) FROM matches WHERE claim_id = ?", [new[0].claim.id]).fetchone()[0] > 0


async def test_import_a_dataset_from_a_path(seeded_path: str, tmp_path: Path) -> None:
    source = tmp_path / "extra.csv"
    source.write_text("id,claim,rating\nx1,Pakistan lost 70000 people to terrorism,False\n", encoding="utf-8")
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#source").value = str(source)  # type: ignore[attr-defined]
        app.screen.query_one("#start").press()  # type: ignore[attr-defined]
        await settle(pilot)
    db = store(seeded_path)
    assert claims_db.get_dataset(db, "extra").row_count == 1
    # The claims were matched again, so the new record can show up as a match.
    keys = {row[0] for row in db.execute("SELECT r.key FROM matches m JOIN records r ON r.id = m.record_id")}
    assert "x1" in keys


async def test_import_errors_are_shown_not_raised(seeded_path: str, tmp_path: Path) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#source").value = str(tmp_path / "missing.csv")  # type: ignore[attr-defined]
        app.screen.query_one("#start").press()  # type: ignore[attr-defined]
        await settle(pilot)
        shown = " ".join(screen_text(app.screen.query_one("#work-status")).split())
        assert "missing.csv: no such file" in shown


async def test_search_and_confirm_a_record_by_hand(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        screen.query_one(ClaimsTable).move_cursor(row=1)
        await settle(pilot)
        claim_id = screen.query_one(ClaimsTable).current_claim
        await pilot.press("s")
        await pilot.pause()
        query = app.screen.query_one("#query")
        query.value = "Economic Survey 106.98 billion"  # type: ignore[attr-defined]
        await pilot.press("enter")  # the query field has the focus: enter searches
        await settle(pilot)
        await pilot.press("down", "enter")  # to the results; enter confirms the top one
        await settle(pilot)
    db = store(seeded_path)
    evidence = claims_db.get_records(db, claims_db.confirmed_evidence(db, claim_id))
    assert [r.key for r in evidence.values()] == ["pes-2015-economic-losses"]


async def test_write_a_report(seeded_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#start").press()  # type: ignore[attr-defined]
        await settle(pilot)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "80,000" in html


async def test_a_verdict_from_another_process_shows_up(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        other = store(seeded_path)
        claims_db.add_verdict(other, claim_id, "true", checker="colleague")
        other.close()
        screen.check_for_changes()
        await settle(pilot)
        await asyncio.sleep(0.1)
        await settle(pilot)
        assert screen.query_one(ClaimsTable).row_labels[0] == "true"
        assert screen.detail is not None and screen.detail.verdict is not None
        assert screen.detail.verdict.checker == "colleague"


async def test_markup_and_escapes_in_data_are_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    db = claims_db.connect(path)
    text = "[bold red]Officials[/] said 5,000 [link=http://evil]people[/link] died \x1b[31min 2020\x1b[0m."
    article = claims_db.add_article(db, text, title="[b]title[/b]")
    claims_db.add_claims(
        db,
        article.article.id,
        [{"start": 0, "end": len(text), "text": text, "checkworthiness": 0.9, "claimant": "[i]X[/i]"}],
    )
    db.close()
    app = WorkbenchApp(str(path), checker="tester")
    async with app.run_test(size=(240, 40)) as pilot:
        await settle(pilot)
        shown = screen_text(triage(app).query_one("#claim-view"))
        assert "[bold red]Officials[/]" in shown
        assert "[link=http://evil]" in shown
        assert "\x1b" not in shown and "\\x1b[31m" in shown


async def test_empty_database_says_what_to_do(tmp_path: Path) -> None:
    claims_db.connect(tmp_path / "new.db").close()  # a new, empty store (`workbench init`)
    app = WorkbenchApp(str(tmp_path / "new.db"), checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = screen_text(triage(app).query_one("#claims-empty"))
        assert "Press a to add an article" in message


async def test_help_screen_lists_keys(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)
