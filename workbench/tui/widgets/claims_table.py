"""The claims list: one page of claims at a time, so 100,000 claims paint as fast as 100."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from claims_db import ClaimRow, VerdictLabel
from workbench.tui.text import badge, literal, shorten

COLUMNS = ("Verdict", "Score", "Claim", "Claimant", "Article")
SORT_OF_COLUMN = {"Verdict": "label", "Score": "score", "Claimant": "claimant", "Claim": "id", "Article": "article"}


class ClaimsTable(DataTable[object]):
    """Claims with their current verdict; asks for the next / previous page at its ends."""

    @dataclass
    class PageRequested(Message):
        step: int  # +1 next page, -1 previous page

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.claim_ids: list[int] = []
        self.row_labels: list[str | None] = []
        self._stored: dict[int, Text] = {}  # the verdict badge from the store, per claim on the page
        self._marked: dict[int, str] = {}
        self.marked: set[int] = set()  # claims marked for a merge (kept across pages and filters)
        self._rows: dict[int, ClaimRow] = {}
        self._claim_width = 60

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.add_column(name, key=name)

    def show(self, rows: list[ClaimRow], labels: dict[str, VerdictLabel], *, select: int | None = None) -> None:
        """Replace the rows; keep the cursor on claim ``select`` when it is on this page."""
        self.clear()
        self.claim_ids = [r.claim.id for r in rows]
        self.row_labels = [r.label for r in rows]
        self._stored = {}
        self._marked = {}
        self._rows = {r.claim.id: r for r in rows}
        self._claim_width = max(24, self.size.width - 26) if self.size.width else 60
        for r in rows:
            scale = labels.get(r.label or "")
            if r.status in ("dismissed", "merged"):
                shown = Text(f" {r.status} ", style="italic reverse dim")
            else:
                shown = badge(r.label, scale.color if scale else None, scale.display_name if scale else None)
            self._stored[r.claim.id] = shown
            self.add_row(
                shown,
                literal(f"{r.claim.checkworthiness:.2f}"),
                self._claim_cell(r),
                literal(shorten(r.claim.claimant or "?", 14)),
                literal(shorten(r.article_title or f"#{r.claim.article_id}", 12)),
                key=str(r.claim.id),
            )
        if rows:
            index = self.claim_ids.index(select) if select in self.claim_ids else 0
            self.move_cursor(row=index, animate=False)

    def mark(self, marks: dict[int, str]) -> None:
        """Show ``marks`` ("saving…", "not saved") in the verdict column of those claims on this page;
        the other rows show their verdict from the store again."""
        for claim_id in set(self._marked) | set(marks):
            if claim_id not in self._stored or self._marked.get(claim_id) == marks.get(claim_id):
                continue
            mark = marks.get(claim_id)
            if mark is None:
                cell = self._stored[claim_id]
            else:
                cell = Text(f" {mark} ", style="bold reverse red" if mark == "not saved" else "italic yellow")
            self.update_cell(str(claim_id), "Verdict", cell, update_width=True)
        self._marked = {k: v for k, v in marks.items() if k in self._stored}

    def marks(self) -> dict[int, str]:
        return dict(self._marked)

    def _claim_cell(self, row: ClaimRow) -> Text:
        """The claim's wording, after a mark when it is marked for a merge and its assignee."""
        cell = Text()
        if row.claim.id in self.marked:
            cell.append("● ", "bold magenta")
        if row.claim.assignee:
            cell.append(f"@{shorten(row.claim.assignee, 10)} ", "bold cyan")
        width = max(8, self._claim_width - len(cell.plain))
        cell.append_text(literal(shorten(row.claim.normalized or row.claim.text, width)))
        return cell

    def toggle_mark(self, claim_id: int) -> bool:
        """Mark the claim for a merge, or unmark it; True when it is marked now."""
        if claim_id in self.marked:
            self.marked.discard(claim_id)
        else:
            self.marked.add(claim_id)
        if claim_id in self._rows:
            self.update_cell(str(claim_id), "Claim", self._claim_cell(self._rows[claim_id]))
        return claim_id in self.marked

    def clear_marks(self) -> None:
        marked, self.marked = self.marked, set()
        for claim_id in marked & set(self._rows):
            self.update_cell(str(claim_id), "Claim", self._claim_cell(self._rows[claim_id]))

    def assignees(self) -> list[str]:
        """The names claims on this page are assigned to."""
        return sorted({r.claim.assignee for r in self._rows.values() if r.claim.assignee}, key=str.lower)

    def next_unreviewed(self, after: int) -> int | None:
        """The row index of the first claim without a verdict below row ``after``."""
        for index in range(after + 1, len(self.claim_ids)):
            if self.row_labels[index] is None:
                return index
        return None

    @property
    def current_claim(self) -> int | None:
        if not self.claim_ids or self.cursor_row < 0 or self.cursor_row >= len(self.claim_ids):
            return None
        return self.claim_ids[self.cursor_row]

    def action_cursor_down(self) -> None:
        if self.claim_ids and self.cursor_row >= len(self.claim_ids) - 1:
            self.post_message(self.PageRequested(+1))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.claim_ids and self.cursor_row <= 0:
            self.post_message(self.PageRequested(-1))
            return
        super().action_cursor_up()
