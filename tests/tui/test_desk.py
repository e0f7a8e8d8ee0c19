"""The desk's keys (issue 11) driven headless through the Pilot; each test checks the store afterwards."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.document._document import Selection
from textual.widgets import Input, OptionList, Select, TextArea

import claims_db
from claims_db.util import now
from tests.tui.test_triage import SIZE, screen_text, settle, store, triage
from workbench.app import add_article
from workbench.articles import ArticleText
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.add_claim import AddClaimScreen
from workbench.tui.screens.desk import ClaimHistoryScreen, ConfirmScreen, EditClaimScreen, PickScreen, SplitScreen
from workbench.tui.screens.modals import FilterScreen
from workbench.tui.screens.triage import TriageScreen
from workbench.tui.widgets.claims_table import ClaimsTable

EIGHTY = "80,000 people have lost their lives"


def _claim_id(path: str, text: str, origin: str | None = None) -> int:
    rows = [
        r
        for r in claims_db.list_claims(store(path), claims_db.ClaimFilter(status="all"))
        if text in r.claim.text and origin in (None, r.claim.origin)
    ]
    assert len(rows) == 1, rows
    return rows[0].claim.id


async def _select(pilot, claim_id: int) -> None:  # type: ignore[no-untyped-def]
    table = triage(pilot.app).query_one(ClaimsTable)
    table.move_cursor(row=table.claim_ids.index(claim_id))
    await settle(pilot)
    assert triage(pilot.app).detail is not None and triage(pilot.app).detail.claim.id == claim_id  # type: ignore[union-attr]


async def test_dismiss_with_a_listed_reason_leaves_the_queue_and_writes_the_event(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        assert claim_id is not None
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        assert isinstance(app.focused, Input)  # the text field has the focus: letters go there
        await pilot.press("down", "enter")  # the second reason of the list
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        table = screen.query_one(ClaimsTable)
        assert claim_id not in table.claim_ids
        assert table.current_claim is not None  # the cursor moved on to a neighbour
    db = store(seeded_path)
    assert claims_db.get_claim(db, claim_id).dismissed == claims_db.DISMISS_REASONS[1]
    event = claims_db.claim_history(db, claim_id)[-1]
    assert event.action == "dismissed" and event.checker == "tester"


async def test_dismiss_with_a_typed_reason_and_escape_cancels(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = triage(app).query_one(ClaimsTable).current_claim
        assert claim_id is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert claims_db.get_claim(store(seeded_path), claim_id).dismissed is None
        await pilot.press("d")
        await pilot.pause()
        # Every letter of the reason is a key of the triage screen: none of them may act.
        await pilot.press(*"a photo caption, merged headline", "enter")
        await settle(pilot)
    db = store(seeded_path)
    assert claims_db.get_claim(db, claim_id).dismissed == "a photo caption, merged headline"
    assert [e.action for e in claims_db.claim_history(db, claim_id)] == ["extracted", "dismissed"]
    assert not [r for r in claims_db.list_claims(db, claims_db.ClaimFilter(status="all")) if r.claim.merged_into]


async def test_restore_from_the_dismissed_filter(seeded_path: str) -> None:
    db = store(seeded_path)
    claim_id = _claim_id(seeded_path, EIGHTY)
    claims_db.dismiss_claim(db, claim_id, "not a claim", checker="someone")
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        assert claim_id not in screen.query_one(ClaimsTable).claim_ids
        screen.where = claims_db.ClaimFilter(status="dismissed")
        screen.reload()
        await settle(pilot)
        assert screen.query_one(ClaimsTable).claim_ids == [claim_id]
        assert "DISMISSED" in screen_text(screen.query_one("#claim-view"))
        await pilot.press("D")
        await settle(pilot)
    assert claims_db.get_claim(db, claim_id).dismissed is None
    assert claims_db.claim_history(db, claim_id)[-1].action == "restored"


async def test_add_the_sentence_under_the_cursor_of_the_article(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    article = claims_db.list_articles(store(seeded_path))[0]
    sentence = "Pakistani media quoted Imran Khan as saying in an interview with the French newspaper Le Figaro"
    offset = article.text.index(sentence)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddClaimScreen)
        area = dialog.query_one(TextArea)
        area.focus()
        row = article.text.count("\n", 0, offset + 10)
        area.move_cursor((row, 10))
        await pilot.pause()
        assert sentence in " ".join(screen_text(dialog.query_one("#add-preview")).split())
        await pilot.press("enter")
        await settle(pilot)
    claim = claims_db.get_claim(store(seeded_path), _claim_id(seeded_path, "Pakistani media quoted"))
    assert claim.origin == "checker" and claim.start == offset
    assert claim.text.startswith(sentence) and claim.text.endswith("Tuesday night.")


async def test_add_a_span_with_claimant_and_typed_wording(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    article = claims_db.list_articles(store(seeded_path))[0]
    span = "the Taliban took power in Afghanistan in the 1990s"
    offset = article.text.index(span)
    row = article.text.count("\n", 0, offset)
    column = offset - (article.text.rfind("\n", 0, offset) + 1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("plus")
        await pilot.pause()
        dialog = app.screen
        area = dialog.query_one(TextArea)
        area.selection = Selection((row, column), (row, column + len(span)))
        dialog.query_one("#add-claimant", Input).value = "Imran Khan"
        dialog.query_one("#add-wording", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        # Typed wording that the article does not hold: stored as the checker's words, no span.
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*"Pakistan lost 123 billion dollars to the war since 2001", "enter")
        await settle(pilot)
    db = store(seeded_path)
    added = claims_db.get_claim(db, _claim_id(seeded_path, span, "checker"))
    assert (added.start, added.end, added.text) == (offset, offset + len(span), span)
    assert added.claimant == "Imran Khan" and added.time_scope is not None
    typed = claims_db.get_claim(db, _claim_id(seeded_path, "123 billion"))
    assert typed.start is None and typed.origin == "checker"
    assert typed.quantities and typed.quantities[0]["value"] == 123e9 and typed.claim_type == "statistic"
    assert claims_db.claim_history(db, typed.id)[0].action == "added"


async def test_edit_shows_the_original_and_saves_wording_claimant_and_type(seeded_path: str) -> None:
    claim_id = _claim_id(seeded_path, EIGHTY)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditClaimScreen)
        assert "As extracted" in screen_text(dialog.query_one(".original"))
        wording = dialog.query_one("#edit-wording", Input)
        assert app.focused is wording
        wording.value = ""
        await pilot.press(*"80,000 Pakistanis killed in the war on terror since 2001")
        dialog.query_one("#edit-claimant", Input).value = "Imran Khan, prime minister"
        dialog.query_one("#edit-type", Select).value = "quote"
        await pilot.press("enter")
        await settle(pilot)
        assert "as extracted" in screen_text(triage(app).query_one("#claim-view"))
    db = store(seeded_path)
    claim = claims_db.get_claim(db, claim_id)
    assert claim.normalized == "80,000 Pakistanis killed in the war on terror since 2001"
    assert claim.claimant == "Imran Khan, prime minister" and claim.claim_type == "quote"
    history = claims_db.claim_history(db, claim_id)
    assert history[-1].action == "edited" and set(history[-1].data["changes"]) == {
        "normalized",
        "claimant",
        "claim_type",
    }
    assert history[0].data["normalized"] == "80,000 people killed in the war on terror in Pakistan since 2001"


async def test_split_into_parts(seeded_path: str) -> None:
    claim_id = _claim_id(seeded_path, EIGHTY)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SplitScreen)
        await pilot.press("ctrl+s")  # one part only: refused in the dialog
        await pilot.pause()
        assert app.screen is dialog and "two or more" in screen_text(dialog.query_one("#split-error"))
        dialog.query_one(TextArea).load_text(
            "Since 2001, 80,000 people have lost their lives (in the war on terror) in Pakistan\n"
            "we will be partners in peace with the United States, not in war"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        parts = triage(app).query_one(ClaimsTable).claim_ids
    db = store(seeded_path)
    original = claims_db.get_claim(db, claim_id)
    assert original.dismissed is not None and original.dismissed.startswith("split into claims")
    new = [r.claim for r in claims_db.list_claims(db) if r.claim.split_from == claim_id]
    assert len(new) == 2 and all(c.id in parts for c in new)
    first = next(c for c in new if "80,000" in c.text)
    assert first.start is not None and first.quantities[0]["value"] == 80000 and first.claimant == "Imran Khan"


async def test_merge_marked_claims_into_the_one_under_the_cursor(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = triage(app).query_one(ClaimsTable)
        first, second, third = table.claim_ids[:3]
        await pilot.press("m", "down", "m", "down")
        await settle(pilot)
        assert table.marked == {first, second} and table.current_claim == third
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert first not in table.claim_ids and second not in table.claim_ids and not table.marked
        assert "2 appearance(s)" in screen_text(triage(app).query_one("#claim-view"))
    db = store(seeded_path)
    assert {c.id for c in claims_db.appearances(db, third)} == {first, second}
    assert claims_db.get_claim(db, first).merged_into == third


async def test_merge_without_marks_says_what_to_do(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
    assert not [r for r in claims_db.list_claims(store(seeded_path), claims_db.ClaimFilter(status="merged"))]


async def test_assign_to_me_then_filter_mine_and_nobody(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        claim_id = screen.query_one(ClaimsTable).current_claim
        total = screen.query_one(ClaimsTable).row_count
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # the first choice: me
        await settle(pilot)
        assert claims_db.get_claim(store(seeded_path), claim_id).assignee == "tester"
        # Filter: mine.
        await pilot.press("slash")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FilterScreen)
        dialog.query_one("#f-assignee", Select).value = "tester"
        dialog.query_one("#apply").press()  # type: ignore[attr-defined]
        await settle(pilot)
        assert screen.query_one(ClaimsTable).claim_ids == [claim_id]
        assert "assignee=tester" in screen_text(screen.query_one("#status-bar"))
        # Filter: nobody.
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one("#f-assignee", Select).value = "-"
        app.screen.query_one("#apply").press()  # type: ignore[attr-defined]
        await settle(pilot)
        ids = screen.query_one(ClaimsTable).claim_ids
        assert claim_id not in ids and len(ids) == total - 1
        # Assign to a name typed, then to nobody.
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"amina", "enter")
        await settle(pilot)
        assigned = claims_db.list_claims(store(seeded_path), claims_db.ClaimFilter(assignee="amina"))
        assert len(assigned) == 1
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one("#f-assignee", Select).value = Select.NULL
        app.screen.query_one("#apply").press()  # type: ignore[attr-defined]
        await settle(pilot)
        await _select(pilot, assigned[0].claim.id)
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 1  # nobody
        await pilot.press("enter")
        await settle(pilot)
    assert claims_db.get_claim(store(seeded_path), assigned[0].claim.id).assignee is None


async def test_history_shows_changes_and_verdicts(seeded_path: str) -> None:
    db = store(seeded_path)
    claim_id = _claim_id(seeded_path, EIGHTY)
    claims_db.add_verdict(db, claim_id, "false", checker="amina", note="Costs of War: 65,000")
    claims_db.assign_claim(db, claim_id, "amina", checker="amina")
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ClaimHistoryScreen)
        shown = " ".join(screen_text(app.screen.query_one("#history-lines")).split())
        assert "extracted by the extractor" in shown
        assert "assigned to amina" in shown
        assert "verdict: false" in shown and "Costs of War: 65,000" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TriageScreen)


async def test_undo_brings_back_the_last_dismissed_claim(seeded_path: str) -> None:
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = triage(app).query_one(ClaimsTable)
        first = table.current_claim
        assert first is not None
        await pilot.press("d", "enter")
        await settle(pilot)
        assert first not in table.claim_ids
        await pilot.press("U")  # the cursor is on another claim: the last change is undone
        await settle(pilot)
        assert first in table.claim_ids
    db = store(seeded_path)
    assert claims_db.get_claim(db, first).dismissed is None
    assert [e.action for e in claims_db.claim_history(db, first)] == ["extracted", "dismissed", "undo"]


def _repeated_claim(path: str) -> tuple[int, int]:
    """The seed's 80,000 claim with a verdict, and a second article that repeats it (suggested)."""
    db = store(path)
    earlier = _claim_id(path, EIGHTY)
    claims_db.add_verdict(db, earlier, "false", checker="amina", note="65,000 by 2018 (Costs of War).")
    text = (
        "Prime Minister Imran Khan told CNN that Pakistan had lost 80,000 people in the war on terror since 2001.\n"
        "He said the country had suffered greatly."
    )
    added = add_article(db, ArticleText(text=text, title="Second report"), match=False)
    new = next(
        c for c in claims_db.list_claims(db) if c.claim.article_id == added.article.id and "80,000" in c.claim.text
    )
    db.execute(
        "INSERT INTO claim_repeats (claim_id, earlier_id, score, state, created_at) VALUES (?, ?, 0.9, 'suggested', ?)"
        " ON CONFLICT (claim_id, earlier_id) DO UPDATE SET state = 'suggested'",
        [new.claim.id, earlier, now()],
    )
    db.conn.commit()
    return new.claim.id, earlier


async def test_link_carries_the_verdict_over(seeded_path: str) -> None:
    claim_id, earlier = _repeated_claim(seeded_path)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _select(pilot, claim_id)
        shown = " ".join(screen_text(triage(app).query_one("#claim-view")).split())
        assert f"checked before: false, {now()[:10]}, by amina (claim {earlier})" in shown
        await pilot.press("l")
        await settle(pilot)
    db = store(seeded_path)
    verdict = claims_db.current_verdict(db, claim_id)
    source = claims_db.current_verdict(db, earlier)
    assert verdict is not None and source is not None
    assert verdict.label == "false" and verdict.carried_from == source.id and verdict.checker == "tester"
    assert [r["state"] for r in claims_db.checked_before(db, [claim_id])[claim_id]] == ["linked"]


async def test_a_verdict_of_ones_own_after_a_link_does_not_keep_the_carried_note(seeded_path: str) -> None:
    claim_id, _earlier = _repeated_claim(seeded_path)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("l")
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("2")  # the checker's own verdict: mostly true
        await settle(pilot)
    db = store(seeded_path)
    verdict = claims_db.current_verdict(db, claim_id)
    assert verdict is not None and verdict.label == "mostly-true"
    assert verdict.carried_from is None
    assert not (verdict.note or "").startswith("Repeats claim")  # it would say a false verdict was carried


async def test_undo_of_a_claim_change_stops_at_a_later_link(seeded_path: str) -> None:
    claim_id, _earlier = _repeated_claim(seeded_path)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = triage(app).query_one(ClaimsTable)
        other = next(c for c in table.claim_ids if c != claim_id)
        await _select(pilot, other)
        await pilot.press("g")  # assign the other claim to me: a claim change
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("l")  # then a link on this one
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
    db = store(seeded_path)
    assert claims_db.get_claim(db, other).assignee == "tester"  # not undone behind the checker's back
    assert claims_db.current_verdict(db, claim_id).carried_from is not None  # type: ignore[union-attr]


async def test_not_a_repeat_rejects_the_suggestion(seeded_path: str) -> None:
    claim_id, earlier = _repeated_claim(seeded_path)
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _select(pilot, claim_id)
        await pilot.press("L")
        await settle(pilot)
        assert "checked before" not in screen_text(triage(app).query_one("#claim-view"))
    db = store(seeded_path)
    assert claims_db.current_verdict(db, claim_id) is None
    assert claims_db.checked_before(db, [claim_id]) == {claim_id: []}
    state = db.execute("SELECT state FROM claim_repeats WHERE claim_id = ?", [claim_id]).fetchone()[0]
    assert state == "rejected"
    event = claims_db.claim_history(db, claim_id)[-1]
    assert (event.action, event.data["earlier_id"]) == ("not-repeat", earlier)


async def test_markup_in_a_claim_is_shown_literally_in_the_dialogs(tmp_path: Path) -> None:
    path = tmp_path / "workbench.db"
    db = claims_db.connect(path)
    text = "[bold red]Officials[/] said 5,000 [link=http://evil]people[/link] died in 2020."
    article = claims_db.add_article(db, text, title="[b]title[/b]")
    claims_db.add_claims(db, article.article.id, [{"start": 0, "end": len(text), "text": text, "checkworthiness": 0.9}])
    db.close()
    app = WorkbenchApp(str(path), checker="tester")
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert "[bold red]Officials[/]" in screen_text(app.screen.query_one(".subject"))
        await pilot.press(*"[i]not[/i] a claim", "enter")
        await settle(pilot)
        screen = triage(app)
        screen.where = claims_db.ClaimFilter(status="all")
        screen.reload()
        await settle(pilot)
        assert "[i]not[/i] a claim" in screen_text(screen.query_one("#claim-view"))


async def test_the_detail_after_a_change_is_the_new_one_even_when_its_load_is_slow(
    seeded_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reloading the list highlights row 0 on its way back to the selected claim; that used to cancel
    the selected claim's detail load, leaving the detail from before the change on the screen."""
    app = WorkbenchApp(seeded_path, checker="tester")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = triage(app)
        table = screen.query_one(ClaimsTable)
        table.move_cursor(row=2)
        await settle(pilot)
        claim_id = table.current_claim
        assert claim_id is not None and screen.detail is not None and screen.detail.claim.id == claim_id
        slow = threading.Event()
        original = claims_db.claim_detail

        def claim_detail(db: object, wanted: int) -> claims_db.ClaimDetail:
            if wanted == claim_id and not slow.is_set():
                slow.set()
                time.sleep(0.3)  # still loading when the row-0 highlight arrives
            return original(db, wanted)  # type: ignore[arg-type]

        monkeypatch.setattr(claims_db, "claim_detail", claim_detail)
        await pilot.press("g", "enter")  # assign to me: the list reloads, the cursor stays on the claim
        await settle(pilot)
        assert slow.is_set()
        assert screen.detail is not None and screen.detail.claim.assignee == "tester"
        assert "assigned to tester" in screen_text(screen.query_one("#claim-view"))
