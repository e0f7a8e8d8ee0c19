from __future__ import annotations

from workbench.tui.text import clean, literal


def test_data_shown_in_the_tui_cannot_reorder_or_run_on_the_terminal() -> None:
    hostile = "mallory\u202etxt.exe\u202c \x1b]52;c;cm0gLXJmIH4=\x07 \u2066x\u2069 \x9b2J"
    shown = clean(hostile)
    for char in ("\u202e", "\u202c", "\x1b", "\x07", "\u2066", "\x9b"):
        assert char not in shown
    assert "\\u202e" in shown and "\\x1b" in shown
    assert clean("two\nlines\tand a tab") == "two\nlines\tand a tab"  # layout stays
    assert literal("[b]not markup[/b]").plain == "[b]not markup[/b]"


async def test_the_matches_columns_fit_the_claim_shown_not_the_ones_before() -> None:
    from textual.app import App, ComposeResult

    from claims_db import Match, Record
    from workbench.tui.widgets.matches_table import MatchesTable

    def match(record_id: int, text: str, dataset: str) -> Match:
        record = Record(id=record_id, dataset_id=1, key=str(record_id), text=text, dataset_name=dataset)
        return Match(
            claim_id=1, record_id=record_id, score=0.5, components={}, rank=1, state="suggested", record=record
        )

    wide = [match(1, "A long record text that fills its whole column " * 2, "a-very-long-dataset-name")]
    narrow = [match(2, "Short.", "d")]

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield MatchesTable()

    async with Host().run_test() as pilot:
        table = pilot.app.query_one(MatchesTable)
        table.show(narrow)
        await pilot.pause()
        alone = [c.get_render_width(table) for c in table.columns.values()]
        table.show(wide)
        await pilot.pause()
        table.show(narrow)
        await pilot.pause()
        assert [c.get_render_width(table) for c in table.columns.values()] == alone
