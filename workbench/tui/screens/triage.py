"""The triage screen: claims beside their matches; a verdict on one key; everything saved at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

import claims_db
from claims_db import Article, ClaimDetail, ClaimFilter, ClaimRow, VerdictLabel
from workbench.tui.screens.desk_actions import DESK_BINDINGS, DeskScreen, read_desk
from workbench.tui.screens.modals import FilterScreen, HelpScreen, NoteScreen
from workbench.tui.screens.work import AddArticleScreen, ImportScreen, ReportScreen, SearchScreen, WorkDone
from workbench.tui.store import Store
from workbench.tui.text import literal
from workbench.tui.widgets.claim_view import ClaimView
from workbench.tui.widgets.claims_table import SORT_OF_COLUMN, ClaimsTable
from workbench.tui.widgets.desk_view import DeskInfo
from workbench.tui.widgets.detail_views import HistoryView, WhyView
from workbench.tui.widgets.matches_table import MatchesTable

PAGE = 200
SORTS = ("score", "id", "claimant", "label", "article")


class TriageScreen(DeskScreen):
    # The help screen is made from these: the tooltip is the line it shows (and the footer's tooltip).
    # The footer shows the keys used most, so that it fits in 80 columns; `?` and ctrl+p show all.
    BINDINGS = [
        *[Binding(str(k), f"verdict('{k}')", f"verdict {k}", show=False) for k in range(1, 10)],
        Binding("n", "note", "Note", tooltip="Write a note for the claim (multi-line; ctrl+s saves)"),
        Binding(
            "c",
            "evidence('confirmed')",
            "Confirm",
            tooltip="Confirm the highlighted match as evidence (again: back to suggested)",
        ),
        Binding(
            "x", "evidence('rejected')", "Reject", tooltip="Reject the highlighted match (again: back to suggested)"
        ),
        Binding(
            "u", "undo", "Undo", tooltip="Undo the claim's last verdict (appends to the history; nothing is deleted)"
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter claims: article, status (pending, reviewed, dismissed, merged, all), assignee, label",
        ),
        Binding("o", "sort", "Sort", show=False, tooltip="Change the sort order"),
        Binding("s", "search", "Search", tooltip="Search the reference datasets"),
        Binding("a", "add_article", "Add", show=False, tooltip="Add an article (path, URL or pasted text)"),
        Binding("i", "import_dataset", "Import", show=False, tooltip="Import a reference dataset (path or URL)"),
        Binding("r", "report", "Report", show=False, tooltip="Write a report"),
        Binding("left_square_bracket", "page(-1)", "Prev page", show=False, tooltip="Previous page of claims"),
        Binding("right_square_bracket", "page(1)", "Next page", show=False, tooltip="Next page of claims"),
        *DESK_BINDINGS,
        Binding("question_mark", "help", "Help", tooltip="This help"),
        Binding("q", "app.quit", "Quit", tooltip="Quit (asks first while a change still waits for the database)"),
    ]

    def __init__(self, store: Store, checker: str) -> None:
        super().__init__()
        self.store = store
        self.checker = checker
        self.where = ClaimFilter()
        self.sort = "score"
        self.page_offset = 0
        self.total = 0
        self.labels: dict[str, VerdictLabel] = {}
        self.detail: ClaimDetail | None = None
        self.desk: DeskInfo | None = None
        self.detail_for: int | None = None  # the claim whose detail was asked for last
        self.changed: list[int | None] = []  # claims changed from here, in landing order; None: another action
        self.has_records = False
        self.data_version = -1
        self.pending_select: int | None = None
        self.was_waiting = False

    @property
    def focus_chain(self) -> list[Widget]:
        """Tab goes claims -> matches -> the detail boxes (claim, why, history), not in layout order."""
        order = {"claims": 0, "matches": 1}
        return sorted(super().focus_chain, key=lambda widget: order.get(widget.id or "", 2))

    def compose(self) -> ComposeResult:
        yield Static(id="status-bar", markup=False)
        yield Static(id="write-status", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ClaimsTable(id="claims")
                yield Static(id="claims-empty", markup=False)
            with Vertical(id="right"):
                with VerticalScroll(id="claim-box"):
                    yield ClaimView(id="claim-view", markup=False)
                yield MatchesTable(id="matches")
                with VerticalScroll(id="why-box"):
                    yield WhyView(id="why", markup=False)
                with VerticalScroll(id="history-box"):
                    yield HistoryView(id="history", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#claim-box").border_title = "Claim"
        self.query_one("#matches").border_title = "Matched records"
        self.query_one("#why-box").border_title = "Why it matched"
        self.query_one("#history-box").border_title = "Verdict history"
        self.query_one(ClaimsTable).border_title = "Claims"
        self.query_one(ClaimsTable).focus()
        self.reload()
        self.set_interval(2.0, self.check_for_changes)

    # ---- loading -------------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Reload the current page of claims (and then the selected claim) from the store."""
        self.pending_select = select if select is not None else self.query_one(ClaimsTable).current_claim
        self.load_page(self.where, self.sort, self.page_offset)

    @work(thread=True, exclusive=True, group="page")
    def load_page(self, where: ClaimFilter, sort: str, offset: int) -> None:
        def read(
            db: Any,
        ) -> tuple[list[ClaimRow], claims_db.ClaimCounts, claims_db.ClaimCounts, list[VerdictLabel], bool, int]:
            rows = claims_db.list_claims(db, where, sort=sort, limit=PAGE, offset=offset)
            counts = claims_db.count_claims(db, where)
            overall = claims_db.count_claims(db)
            has_records = db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is not None
            version = int(db.execute("PRAGMA data_version").fetchone()[0])
            return rows, counts, overall, claims_db.verdict_labels(db), has_records, version

        result = self.store.read(read)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_page, *result)

    def _show_page(
        self,
        rows: list[ClaimRow],
        counts: claims_db.ClaimCounts,
        overall: claims_db.ClaimCounts,
        labels: list[VerdictLabel],
        has_records: bool,
        version: int,
    ) -> None:
        self.labels = {label.label: label for label in labels}
        self.total = counts.total
        self.has_records = has_records
        self.data_version = version
        table = self.query_one(ClaimsTable)
        table.show(rows, self.labels, select=self.pending_select)
        empty = self.query_one("#claims-empty", Static)
        if not rows:
            if overall.total == 0:
                message = (
                    "No claims yet. Press a to add an article (a file, a URL or pasted text), or run `workbench demo`."
                )
            else:
                message = "No claim matches this filter. Press / to change it."
            empty.update(literal(message, "italic"))
            empty.display = True
            self.detail = None
            self.query_one(ClaimView).show_empty("Select a claim to see it in its article.")
            self.query_one(MatchesTable).show([])
            self.query_one(WhyView).show_empty("")
            self.query_one(HistoryView).show([], self.labels)
        else:
            empty.display = False
        self._update_status(counts, overall)
        self.show_writes()
        if rows and table.current_claim is not None:
            self.show_claim(table.current_claim)

    def _update_status(self, counts: claims_db.ClaimCounts, overall: claims_db.ClaimCounts) -> None:
        parts = [Path(self.store.path).name]
        active = [
            f"{k}={v}"
            for k, v in (
                ("article", self.where.article_id),
                ("status", self.where.status),
                ("assignee", "nobody" if self.where.assignee in ("", "-") else self.where.assignee),
                ("label", self.where.label),
                ("type", self.where.claim_type),
                ("text", self.where.text),
            )
            if v is not None
        ]
        parts.append("filter: " + ", ".join(active) if active else "all claims")
        parts.append(f"by {self.sort}")
        if self.query_one(ClaimsTable).marked:
            parts.append(f"marked for a merge: {len(self.query_one(ClaimsTable).marked)}")
        parts.append(f"reviewed {counts.reviewed}/{counts.total}")
        if counts.total != overall.total:
            parts.append(f"(all: {overall.reviewed}/{overall.total})")
        pages = max(1, -(-counts.total // PAGE))
        if pages > 1:
            parts.append(f"page {self.page_offset // PAGE + 1}/{pages}")
        parts.append(f"checker: {self.checker}")
        self.query_one("#status-bar", Static).update(literal(" · ".join(parts)))  # short: it fits 80 columns

    @on(DataTable.RowHighlighted, "#claims")
    def _claim_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            claim_id = int(event.row_key.value)
            if claim_id != self.detail_for:
                self.show_claim(claim_id)

    def show_claim(self, claim_id: int) -> None:
        """Load the claim's detail. A reload highlights row 0 on its way back to the selected claim:
        the claim asked for last is the one loaded (a load cancelled by the other is asked again)."""
        self.detail_for = claim_id
        self.load_detail(claim_id)

    @work(thread=True, exclusive=True, group="detail")
    def load_detail(self, claim_id: int) -> None:
        try:
            detail, desk = self.store.read(lambda db: (claims_db.claim_detail(db, claim_id), read_desk(db, claim_id)))
        except claims_db.NotFound:
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_detail, detail, desk)

    def _show_detail(self, detail: ClaimDetail, desk: DeskInfo | None = None) -> None:
        if self.query_one(ClaimsTable).current_claim != detail.claim.id:
            return  # the selection moved on while this was loading
        keep = None
        if self.detail is not None and self.detail.claim.id == detail.claim.id:
            current = self.query_one(MatchesTable).current
            keep = current.record_id if current else None
        self.detail = detail
        self.desk = desk
        self.query_one(ClaimView).show(detail, desk)
        matches = self.query_one(MatchesTable)
        matches.show(detail.matches, keep=keep)
        why = self.query_one(WhyView)
        if detail.matches:
            self._show_why()
        elif not self.has_records:
            why.show_empty("No reference datasets yet: press i to import one (CSV, JSON, ClaimReview, a URL…).")
        else:
            why.show_empty("No matching records for this claim. Press s to search the references yourself.")
        self.query_one(HistoryView).show(detail.history, self.labels)

    @on(DataTable.RowHighlighted, "#matches")
    def _show_why(self) -> None:
        current = self.query_one(MatchesTable).current
        if current is not None:
            self.query_one(WhyView).show(current)

    @on(ClaimsTable.PageRequested)
    def _page_requested(self, event: ClaimsTable.PageRequested) -> None:
        self.action_page(event.step)

    @on(DataTable.HeaderSelected, "#claims")
    def _sort_by_column(self, event: DataTable.HeaderSelected) -> None:
        sort = SORT_OF_COLUMN.get(str(event.column_key.value))
        if sort:
            self.sort = sort
            self.page_offset = 0
            self.reload()

    @work(thread=True, exclusive=True, group="poll")
    def check_for_changes(self) -> None:
        """Another TUI or the CLI wrote to the store: show what it wrote."""
        version = self.store.data_version()
        if version != self.data_version and self.data_version != -1:
            self.app.call_from_thread(self.reload)

    # ---- actions -------------------------------------------------------------------------------------

    def _claim(self) -> int | None:
        return self.query_one(ClaimsTable).current_claim

    def _label_for_key(self, key: str) -> VerdictLabel | None:
        return next((label for label in self.labels.values() if label.key == key), None)

    def _queue(self, what: str, fn: Any, *args: Any, claim_id: int | None, kind: str, note: str | None = None) -> None:
        """Queue a write through the app's one ordered queue; reload once it landed."""
        if claim_id is not None:
            self.store.clear_failed(claim_id)

        def done(result: Any) -> None:
            self.changed.append(None)  # U (undo a claim change) stops at a verdict, a note, evidence
            self._saved(f"{what}: saved")

        write = self.app.queue_write(  # type: ignore[attr-defined]
            what, fn, *args, claim_id=claim_id, kind=kind, on_done=done
        )
        write.note = note

    def action_verdict(self, key: str) -> None:
        claim_id = self._claim()
        label = self._label_for_key(key)
        if claim_id is None or label is None:
            if label is None and claim_id is not None:
                self.notify(f"no verdict label has the key {key}", severity="warning")
            return
        self.save_verdict(claim_id, label.label, kind="verdict")
        self._advance_to_next_unreviewed(claim_id)
        self.query_one(ClaimsTable).focus()  # the next claim is where the next key goes

    def save_verdict(self, claim_id: int, label: str | None = None, note: str | None = None, *, kind: str) -> None:
        """A verdict (kind "verdict") keeps the claim's note; a note (kind "note") keeps its label.

        What is kept is read when the write runs, not when the key was pressed, so a verdict and
        a note given while an earlier write still waits for the database don't undo each other."""
        checker = self.checker

        def write(db: Any) -> claims_db.Verdict:
            current = claims_db.current_verdict(db, claim_id)
            new_label = label if kind == "verdict" else (current.label if current else None)
            evidence: list[int] | list[dict[str, Any]]
            # A verdict carried over from a repeated claim says so in its note and rests on that claim's
            # evidence: a new verdict of the checker's own keeps neither; a note added to it keeps both.
            if current is not None and current.carried_from is not None:
                if kind == "note":
                    new_note, evidence, carried_from = note, current.evidence, current.carried_from
                else:
                    new_note, evidence, carried_from = None, claims_db.confirmed_evidence(db, claim_id), None
            else:
                new_note = note if kind == "note" else (current.note if current else None)
                evidence, carried_from = claims_db.confirmed_evidence(db, claim_id), None
            return claims_db.add_verdict(
                db, claim_id, new_label, checker=checker, note=new_note, evidence=evidence, carried_from=carried_from
            )

        shown = self.labels[label].display_name if label in self.labels else (label or "no verdict")
        what = f"claim {claim_id}: {shown}" if kind == "verdict" else f"claim {claim_id}: note"
        self._queue(what, write, claim_id=claim_id, kind=kind, note=note)

    def _saved(self, message: str) -> None:
        self.notify(message, timeout=2, markup=False)
        self.reload()

    def _advance_to_next_unreviewed(self, claim_id: int) -> None:
        table = self.query_one(ClaimsTable)
        if 0 <= table.cursor_row < len(table.row_labels):
            table.row_labels[table.cursor_row] = "judged"  # the verdict is on its way to the store
        index = table.next_unreviewed(table.cursor_row)
        if index is None:
            self.pending_select = claim_id
            return
        table.move_cursor(row=index, animate=False)
        self.pending_select = table.claim_ids[index]

    def action_note(self) -> None:
        claim_id = self._claim()
        if claim_id is None or self.detail is None:
            return
        current = self.detail.verdict
        shown = current.note if current else None
        for write in self.store.pending():  # a note still on its way to the store is the one to edit
            if write.claim_id == claim_id and write.kind == "note":
                shown = write.note

        def save(note: str | None) -> None:
            if note is None:
                return
            self.save_verdict(claim_id, note=note.strip() or None, kind="note")

        self.app.push_screen(NoteScreen(self.detail.claim.text, shown), save)

    def action_evidence(self, state: str) -> None:
        claim_id = self._claim()
        table = self.query_one(MatchesTable)
        match = table.current
        if claim_id is None or match is None:
            self.notify("no match highlighted: press tab to move to the matches", severity="warning")
            return
        new_state = "suggested" if match.state == state else state
        table.set_state(match.record_id, new_state)  # shown at once, so a second press toggles back
        self.save_match_state(claim_id, match.record_id, new_state)

    def save_match_state(self, claim_id: int, record_id: int, state: str) -> None:
        self._queue(
            f"record {record_id}: {state}",
            lambda db: claims_db.set_match_state(db, claim_id, record_id, state, checker=self.checker),
            claim_id=claim_id,
            kind="evidence",
        )

    def action_undo(self) -> None:
        claim_id = self._claim()
        if claim_id is None:
            return

        def undo(db: Any) -> claims_db.Verdict | None:
            return claims_db.undo_verdict(db, claim_id, checker=self.checker)

        def done(undone: claims_db.Verdict | None) -> None:
            self._saved(
                "nothing to undo" if undone is None else f"claim {claim_id}: back to {undone.label or 'unreviewed'}"
            )

        self.store.clear_failed(claim_id)
        self.app.queue_write(  # type: ignore[attr-defined]
            f"claim {claim_id}: undo", undo, claim_id=claim_id, kind="undo", on_done=done
        )

    # ---- writes waiting for the database -------------------------------------------------------------

    def show_writes(self) -> None:
        """Show the queued writes: the claims' rows marked, a status line while any wait or failed."""
        if not self.is_mounted:
            return
        pending = self.store.pending()
        failed = list(self.store.failed)
        line = self.query_one("#write-status", Static)
        waiting = bool(pending) and pending[0].waiting
        if waiting:
            text = f"waiting for the database: another process is writing ({len(pending)} pending)"
            if not self.was_waiting:
                self.notify(text, severity="warning", timeout=4, markup=False)
        elif pending:
            text = f"saving {len(pending)}…"
        else:
            text = ""
        if self.store.readonly:
            from workbench.tui.store import READ_ONLY

            text = READ_ONLY + (f"  ·  {text}" if text else "")
            failed = [f for f in failed if f.error != READ_ONLY]
        if failed:
            text += (
                ("  ·  " if text else "")
                + f"NOT SAVED ({len(failed)}): "
                + "; ".join(f"{f.what}: {f.error}" for f in failed[-3:])
            )
        self.was_waiting = waiting
        line.update(literal(text, "bold" if failed or waiting else ""))
        line.set_class(bool(failed), "error")
        line.display = bool(text)
        self._mark_rows(pending, failed)

    def _mark_rows(self, pending: list[Any], failed: list[Any]) -> None:
        marks: dict[int, str] = {}
        for f in failed:
            if f.claim_id is not None:
                marks[f.claim_id] = "not saved"
        for p in pending:
            if p.claim_id is not None and p.kind in ("verdict", "note", "undo"):
                marks[p.claim_id] = "saving…"
        self.query_one(ClaimsTable).mark(marks)

    @work(thread=True, exclusive=True, group="filter")
    def action_filter(self) -> None:
        # The article list (with every article's text) is read in a worker, not on the UI thread.
        articles = self.store.read(claims_db.list_articles)
        self.app.call_from_thread(self._open_filter, articles)

    def _open_filter(self, articles: list[Article]) -> None:
        def apply(where: ClaimFilter | None) -> None:
            if where is not None:
                self.where = where
                self.page_offset = 0
                self.reload()

        self.app.push_screen(FilterScreen(self.where, list(self.labels.values()), articles, self.checker), apply)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.page_offset = 0
        self.reload()

    def action_page(self, step: int) -> None:
        new_offset = self.page_offset + step * PAGE
        if 0 <= new_offset < max(self.total, 1):
            self.page_offset = new_offset
            self.pending_select = None
            self.load_page(self.where, self.sort, self.page_offset)

    def action_search(self) -> None:
        claim_id = self._claim()
        query = self.detail.claim.normalized or self.detail.claim.text if self.detail else ""

        def confirm(record_id: int | None) -> None:
            if record_id is not None and claim_id is not None:
                self.save_match_state(claim_id, record_id, "confirmed")

        self.app.push_screen(SearchScreen(self.store, query or "", can_confirm=claim_id is not None), confirm)

    def _after_work(self, done: WorkDone | None) -> None:
        if done is not None:
            self.notify(done.message, timeout=6)
            if done.changed:
                self.reload()

    def action_add_article(self) -> None:
        self.app.push_screen(AddArticleScreen(self.store.path), self._after_work)

    def action_import_dataset(self) -> None:
        self.app.push_screen(ImportScreen(self.store.path), self._after_work)

    def action_report(self) -> None:
        self.app.push_screen(ReportScreen(self.store.path), self._after_work)

    def help_rows(self) -> list[tuple[str, str]]:
        """The help screen's keys, made from the bindings (so it cannot drift from them)."""
        keys = [label.key for label in self.labels.values() if label.key]
        rows = [
            (
                f"{keys[0]}-{keys[-1]}" if len(keys) > 1 else "".join(keys) or "1-9",
                "Set the verdict (the scale below) and move to the next unreviewed claim",
            )
        ]
        for binding in self._bindings_for_help():
            rows.append((self.app.get_key_display(binding), binding.tooltip or binding.description))
        rows += [
            ("tab", "Move: claims -> matches -> claim -> why it matched -> history"),
            ("ctrl+p", "Command palette: every action by name"),
        ]
        return rows

    def _bindings_for_help(self) -> list[Binding]:
        return [b for b in self.BINDINGS if isinstance(b, Binding) and not b.action.startswith("verdict")]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_rows(), list(self.labels.values())))
