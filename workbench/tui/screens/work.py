"""Dialogs that do long work in a worker: search the references, add an article, import, report."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlite_utils import Database
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Label, ProgressBar, Select, Static, TextArea
from textual.worker import get_current_worker

import claims_db
from workbench.tui.store import Store, is_locked
from workbench.tui.text import literal, shorten

if TYPE_CHECKING:
    from workbench.app import AddResult

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a worker's progress callback when the user cancels: the transaction rolls back."""


class SearchScreen(ModalScreen[int | None]):
    """Free-text search of the references; enter on a focused result confirms it as evidence.

    The query field has the focus (typing always goes into it, even when results arrive); ↓ or
    tab moves to the results. No letter acts on data here: a record is confirmed only by enter
    on a focused result row (or a click on it)."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self, store: Store, query: str = "", *, can_confirm: bool = True) -> None:
        super().__init__()
        self.store = store
        self.initial = query
        self.can_confirm = can_confirm
        self.record_ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="search"):
            yield Label("Search the references", classes="title")
            yield Input(self.initial, placeholder="words, numbers, a claim…", id="query")
            yield DataTable(id="results", cursor_type="row")
            yield Static("", id="search-status", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in ("Score", "Dataset", "Rating", "Record"):
            table.add_column(name, key=name)
        self.query_one("#query", Input).focus()
        if self.initial:
            self.run_search(self.initial)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.run_search(event.value.strip())

    def action_results(self) -> None:
        if self.record_ids:
            self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        from workbench.matching import Matcher

        found = self.store.read(lambda db: Matcher(db).match(query, limit=30))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Any]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.record_ids = [m.record.id for m in found]
        for m in found:
            table.add_row(
                literal(f"{m.score:.2f}"),
                literal(shorten(m.record.dataset_name, 16)),
                literal(shorten(m.record.rating, 12)),
                literal(shorten(m.record.text, 80)),
                key=str(m.record.id),
            )
        status = f"{len(found)} records" if found else "no matching records"
        if found and self.can_confirm:
            status += " · ↓ or tab: to the results · enter on a result: confirm it as evidence"
        self.query_one("#search-status", Static).update(literal(status))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.choose(event.cursor_row)

    def choose(self, row: int) -> None:
        if self.can_confirm and 0 <= row < len(self.record_ids):
            self.dismiss(self.record_ids[row])

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class WorkDone:
    message: str
    changed: bool = True


class _WorkScreen(ModalScreen[WorkDone | None]):
    """A dialog whose work runs in a thread worker on its own connection, with progress and cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, db_path: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.cancel_event = threading.Event()
        self.running = False

    def progress(self, done: int, total: int | None = None, label: str = "") -> None:
        """Called from the worker thread (also while a file is read, so a cancel or quitting stops it)."""
        if self.cancel_event.is_set() or get_current_worker().is_cancelled:
            raise Cancelled()
        self.app.call_from_thread(self._show_progress, done, total, label)

    def _show_progress(self, done: int, total: int | None, label: str) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        self.query_one("#work-status", Static).update(literal(label or f"{done:,}"))

    def fail(self, message: str) -> None:
        self.running = False
        self.query_one("#work-status", Static).update(literal("Error: " + message, "bold red"))
        self.query_one("#start", Button).disabled = False

    def action_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self.query_one("#work-status", Static).update(literal("cancelling…"))
        else:
            self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "start":
            self.action_start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field of the dialog starts it, as the start button does."""
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        self.running = True
        self.cancel_event.clear()
        self.query_one("#start", Button).disabled = True
        self.start()

    def start(self) -> None:
        raise NotImplementedError

    def buttons(self, start_label: str) -> ComposeResult:
        yield ProgressBar(show_eta=False)
        yield Static("", id="work-status", classes="hint", markup=False)
        with Horizontal(classes="buttons"):
            yield Button(f"{start_label} (enter)", id="start", variant="primary")
            yield Button("Cancel (esc)", id="cancel")
        yield Static("enter in a field or on the button starts; esc cancels", classes="hint", markup=False)

    def finish(self, done: WorkDone) -> None:
        self.running = False
        self.dismiss(done)

    def in_store(self, job: Callable[[Database], T], cancelled: str) -> T | None:
        """Run ``job`` on a connection of its own (called in a worker thread); on failure show
        the error in the dialog and return None."""
        from workbench.errors import WorkbenchError

        try:
            db = claims_db.connect(self.db_path, migrate=False)  # the app opened (and migrated) it
            try:
                return job(db)
            finally:
                db.close()
        except Cancelled:
            self.app.call_from_thread(self.fail, cancelled)
        except (WorkbenchError, claims_db.StoreError, OSError) as exc:
            self.app.call_from_thread(self.fail, str(exc))
        except sqlite3.Error as exc:
            if is_locked(exc):
                message = "the database is locked: another process is writing; press enter to try again"
            else:
                message = f"database error: {' '.join(str(exc).split())}"
            self.app.call_from_thread(self.fail, message)
        return None


class AddArticleScreen(_WorkScreen):
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="work"):
            yield Label("Add an article", classes="title")
            yield Input(placeholder="a file path or an http(s) URL", id="source")
            yield Label("…or paste the text:", classes="hint")
            yield TextArea(id="pasted", soft_wrap=True)
            yield Input(placeholder="title (optional)", id="title")
            yield Input(placeholder="publication date YYYY-MM-DD (optional)", id="date")
            yield from self.buttons("Add")
        yield Footer()

    def start(self) -> None:
        source = self.query_one("#source", Input).value.strip()
        pasted = self.query_one("#pasted", TextArea).text
        title = self.query_one("#title", Input).value.strip() or None
        date = self.query_one("#date", Input).value.strip() or None
        if not source and not pasted.strip():
            self.fail("give a path, a URL or paste the text")
            return
        self.add(source, pasted, title, date)

    @work(thread=True, exclusive=True, group="add")
    def add(self, source: str, pasted: str, title: str | None, date: str | None) -> None:
        from workbench.app import add_article
        from workbench.articles import ArticleText, read_article, sanitize

        def job(db: Database) -> AddResult:
            article = read_article(source) if source else ArticleText(sanitize(pasted), source="pasted text")
            return add_article(
                db, article, title=title, published_at=date,
                progress=lambda n: self.progress(n, None, f"matching claim {n}"),
            )  # fmt: skip

        result = self.in_store(job, "cancelled; the claims added so far are kept")
        if result is None:
            return
        if result.created:
            message = f"article {result.article.id}: {len(result.claim_ids)} claims, {result.matches} matches"
        else:
            message = f"article {result.article.id} was already added (same text)"
        self.app.call_from_thread(self.finish, WorkDone(message, result.created))


class ImportScreen(_WorkScreen):
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="work"):
            yield Label("Import a reference dataset", classes="title")
            yield Input(placeholder="a file path or an http(s) URL (CSV, TSV, JSON, JSONL, ClaimReview)", id="source")
            yield Input(placeholder="dataset name (default: the file name)", id="name")
            yield from self.buttons("Import")
        yield Footer()

    def start(self) -> None:
        source = self.query_one("#source", Input).value.strip()
        if not source:
            self.fail("give a path or a URL")
            return
        self.run_import(source, self.query_one("#name", Input).value.strip() or None)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, source: str, name: str | None) -> None:
        from workbench.references import ImportProgress, default_name, import_dataset

        def on_progress(event: ImportProgress) -> None:
            unit = "bytes" if event.stage == "download" else "rows"
            self.progress(event.done, event.total, f"{event.stage}: {event.done:,} {unit}")

        from workbench.app import REMATCH_LIMIT, rematch_all

        result = self.in_store(
            lambda db: import_dataset(db, source, name=name or default_name(source), progress=on_progress),
            "cancelled; the dataset is as it was before",
        )
        if result is None:
            return
        stats = result.stats
        name_shown = result.dataset.name if result.dataset else "?"
        message = (
            f"dataset {name_shown}: {stats.added:,} added, {stats.updated:,} updated, {stats.unchanged:,} unchanged"
        )
        if stats.added or stats.updated:
            claims = self.in_store(lambda db: claims_db.count_claims(db).total, "")
            if claims and claims <= REMATCH_LIMIT:
                # The new records are worth nothing until the claims are matched against them.
                rematched = self.in_store(
                    lambda db: rematch_all(db, lambda n: self.progress(n, claims, f"matching claim {n} of {claims}")),
                    "matching cancelled: the dataset is imported; claims matched so far keep their new matches",
                )
                if rematched is None:
                    return
                message += f"; {rematched[0]:,} claims matched again"
            elif claims:
                message += " — run `workbench match --all` to match the existing claims against it"
        self.app.call_from_thread(self.finish, WorkDone(message))


class ReportScreen(_WorkScreen):
    FORMATS = ("md", "html", "json", "csv", "claimreview")
    EXTENSIONS = {"md": "md", "html": "html", "json": "json", "csv": "csv", "claimreview": "jsonld"}

    def __init__(self, db_path: str, article_id: int | None = None) -> None:
        super().__init__(db_path)
        self.article_id = article_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="work"):
            yield Label("Write a report", classes="title")
            yield Select([(f, f) for f in self.FORMATS], value="html", allow_blank=False, id="format")
            yield Input("report.html", placeholder="output file", id="output")
            yield from self.buttons("Write")
        yield Footer()

    def on_select_changed(self, event: Select.Changed) -> None:
        output = self.query_one("#output", Input)
        stem = Path(output.value or "report").stem
        output.value = f"{stem}.{self.EXTENSIONS.get(str(event.value), 'txt')}"

    def start(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        output = self.query_one("#output", Input).value.strip()
        if not output:
            self.fail("give an output file")
            return
        self.write_report(fmt, output)

    @work(thread=True, exclusive=True, group="report")
    def write_report(self, fmt: str, output: str) -> None:
        from workbench.reports import ReportFilter, write_report

        count = self.in_store(
            lambda db: write_report(
                db, fmt, Path(output), ReportFilter(), progress=lambda n: self.progress(n, None, f"{n} claims")
            ),
            "cancelled; no file written",
        )
        if count is not None:
            self.app.call_from_thread(self.finish, WorkDone(f"report written to {output} ({count} claims)", False))
