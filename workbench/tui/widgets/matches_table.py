"""The matched records of the selected claim: score, dataset, rating, publisher, the numbers compared."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import DataTable

from claims_db import Match
from workbench.matching.numeric import format_value
from workbench.tui.text import literal, shorten

STATE_MARK = {"confirmed": ("✓", "bold green"), "rejected": ("✗", "bold red"), "suggested": ("·", "dim")}


class MatchesTable(DataTable[object]):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.matches: list[Match] = []

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for name in ("", "Score", "Numbers", "Record", "Rating", "Dataset"):
            self.add_column(name, key=name or "state")

    def show(self, matches: list[Match], *, keep: int | None = None) -> None:
        # Columns too: a column keeps the widest cell it ever held, so the widths would depend on which
        # claims were shown before (and a screen would not look the same twice).
        self.clear(columns=True)
        self._add_columns()
        self.matches = matches
        for m in matches:
            record = m.record
            mark, style = STATE_MARK.get(m.state, ("?", ""))
            numeric = m.components.get("numeric") or {}
            diff = numeric.get("diff_pct")
            numbers = ""
            if numeric:
                value = numeric.get("record_value")
                shown = format_value(value) if isinstance(value, (int, float)) else str(numeric.get("record", ""))
                if isinstance(diff, (int, float)):
                    shown += " (same)" if abs(diff) < 0.5 else f" ({diff:+.0f} %)"
                numbers = shown
            self.add_row(
                literal(mark, style),
                literal(f"{m.score:.2f}"),
                literal(shorten(numbers, 20), "bold green" if numeric.get("agrees") else "yellow" if numeric else ""),
                literal(shorten(record.text if record else "", 48)),
                literal(shorten(record.rating if record else "", 12)),
                literal(shorten(record.dataset_name if record else "", 14)),
                key=str(m.record_id),
            )
        if matches:
            ids = [m.record_id for m in matches]
            self.move_cursor(row=ids.index(keep) if keep in ids else 0, animate=False)

    def set_state(self, record_id: int, state: str) -> None:
        """Show a decision at once (it is saved through the write queue)."""
        for index, m in enumerate(self.matches):
            if m.record_id == record_id:
                self.matches[index] = replace(m, state=state)
                mark, style = STATE_MARK.get(state, ("?", ""))
                self.update_cell(str(record_id), "state", literal(mark, style))

    @property
    def current(self) -> Match | None:
        if not self.matches or not 0 <= self.cursor_row < len(self.matches):
            return None
        return self.matches[self.cursor_row]
