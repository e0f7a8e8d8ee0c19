"""No letter typed into a dialog acts on data: the search dialog keeps the focus in its query field,
and a record is confirmed only by enter on a focused result."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable, Footer, Input, TextArea

from tests.tui.test_triage import SIZE, screen_text, settle, triage
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.modals import HelpScreen
from workbench.tui.screens.work import AddArticleScreen, ImportScreen, SearchScreen
from workbench.tui.widgets.claims_table import ClaimsTable


def decided(path: str) -> list[tuple[int, int, str]]:
    """Every match the checker confirmed or rejected."""
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT claim_id, record_id, state FROM matches WHERE state != 'suggested' ORDER BY claim_id, record_id"
        ).fetchall()
    finally:
        db.close()


async def test_typing_into_the_search_dialog_after_results_arrive_confirms_nothing(seeded_path: str) -> None:
    before = decided(seeded_path)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)  # the claim's own search has shown its results
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.record_ids, "the seed claim finds records"
        query = app.screen.query_one("#query", Input)
        assert app.focused is query
        query.value = ""
        await pilot.press(*"civilians")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert not any(isinstance(s, ImportScreen) for s in app.screen_stack)
        assert app.screen.query_one("#query", Input).value == "civilians"
        await pilot.press("enter")  # enter in the field searches; it confirms nothing
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.focused is query
    assert decided(seeded_path) == before


async def test_typing_at_once_after_s_goes_into_the_query(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *" civilians")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value.endswith(" civilians")
    assert decided(seeded_path) == []


async def test_escape_from_the_results_confirms_nothing(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down")  # to the results
        assert isinstance(app.focused, DataTable)
        await pilot.press("c", "x", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
    assert decided(seeded_path) == []


async def test_enter_in_a_field_starts_the_import_dialog(seeded_path: str, tmp_path: Path) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*str(tmp_path / "missing.csv"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "missing.csv: no such file" in " ".join(screen_text(app.screen.query_one("#work-status")).split())


async def test_after_a_verdict_the_claims_list_has_the_focus(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # to the matches
        assert not isinstance(app.focused, ClaimsTable)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.focused, ClaimsTable)
        assert triage(app).query_one(ClaimsTable).current_claim is not None


async def test_tab_goes_claims_then_matches_then_the_detail(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = [app.focused.id if app.focused else None]
        for _ in range(5):
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == ["claims", "matches", "claim-box", "why-box", "history-box", "claims"]


async def test_the_help_is_made_from_the_bindings_and_scrolls_at_80x24(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = triage(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = dict(help_screen.keys)
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action.startswith("verdict"):
                continue
            assert keys[app.get_key_display(binding)] == binding.tooltip != ""
        assert keys["1-7"].startswith("Set the verdict")
        box = help_screen.query_one("#dialog", VerticalScroll)
        assert box.max_scroll_y > 0 and app.focused is box  # too long for 24 lines: it scrolls
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0


async def test_the_footer_and_status_bar_show_everything_at_80_columns(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = [strip.text for strip in app.screen._compositor.render_strips()]  # what the terminal shows
        footer = " ".join(lines[-1].split())
        assert triage(app).query_one(Footer).region.y == 23
        for binding in triage(app).BINDINGS:
            assert isinstance(binding, Binding)
            if binding.show:
                assert f"{app.get_key_display(binding)} {binding.description}" in footer
        assert "palette" in footer
        assert lines[0].rstrip().endswith("reviewed 0/5 · checker: tester")  # the status bar is not cut


async def test_a_database_error_in_the_add_dialog_is_shown_not_raised(seeded_path: str) -> None:
    db = sqlite3.connect(seeded_path)
    db.execute("CREATE TRIGGER no_articles BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    db.commit()
    db.close()
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddArticleScreen)
        dialog.query_one("#pasted", TextArea).load_text("The minister said 65,000 people were killed in 2018.")
        dialog.query_one("#start", Button).press()
        await settle(pilot)
        assert app.is_running and app.screen is dialog
        shown = " ".join(screen_text(dialog.query_one("#work-status")).split())
        assert shown == "Error: database error: disk on fire"
