"""Small dialogs: help, note editor, filter."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from claims_db import CLAIM_TYPES, Article, ClaimFilter, VerdictLabel
from workbench.tui.screens.desk_actions import desk_help_rows
from workbench.tui.text import shorten

KEYS = [
    ("1-7", "Set the verdict (the scale's keys) and move to the next unreviewed claim"),
    ("n", "Write a note for the claim (multi-line; ctrl+s saves)"),
    ("c / x", "Confirm / reject the highlighted match as evidence (again: back to suggested)"),
    ("u", "Undo the claim's last verdict (appends to the history; nothing is deleted)"),
    *desk_help_rows(),
    ("/", "Filter claims: article, status (pending, reviewed, dismissed, merged, all), assignee, label, type, text"),
    ("o", "Change the sort order"),
    ("s", "Search the reference datasets"),
    ("a", "Add an article (path, URL or pasted text)"),
    ("i", "Import a reference dataset (path or URL)"),
    ("r", "Write a report"),
    ("tab", "Move between the claims and the matches"),
    ("[ / ]", "Previous / next page of claims"),
    ("ctrl+p", "Command palette"),
    ("?", "This help"),
    ("q", "Quit"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, labels: list[VerdictLabel]) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, text in KEYS:
            table.add_row(key, text)
        scale = Table(title="Verdict scale", show_header=True, box=None, padding=(0, 2))
        scale.add_column("key", style="bold cyan")
        scale.add_column("label")
        scale.add_column("ClaimReview rating")
        for label in self.labels:
            scale.add_row(
                label.key or "", label.display_name, "" if label.rating_value is None else str(label.rating_value)
            )
        with VerticalScroll(id="dialog", classes="help"):
            yield Label("Keys (↑ ↓ scroll)", classes="title")
            yield Static(table)
            yield Static(scale)
            yield Label("Every verdict and note is saved the moment you give it. Esc closes.", classes="hint")


class NoteScreen(ModalScreen[str | None]):
    """A multi-line note; ctrl+s saves, escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Save note"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, claim_text: str, note: str | None) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="note"):
            yield Label("Note", classes="title")
            yield Static(shorten(self.claim_text, 300), classes="hint", markup=False)
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


class FilterScreen(ModalScreen[ClaimFilter | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, current: ClaimFilter, labels: list[VerdictLabel], articles: list[Article], checker: str = ""
    ) -> None:
        super().__init__()
        self.current = current
        self.labels = labels
        self.articles = articles
        self.checker = checker

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(id="dialog", classes="filter"):
            yield Label("Filter claims", classes="title")
            yield Input(c.text or "", placeholder="text in the claim, its normalized form or claimant", id="f-text")
            yield Select(
                [(shorten(a.title or f"#{a.id}", 50), a.id) for a in self.articles],
                prompt="any article",
                value=c.article_id if c.article_id is not None else Select.NULL,
                id="f-article",
            )
            yield Select(
                [(s, s) for s in ("pending", "reviewed", "dismissed", "merged", "all")],
                prompt="in the queue (pending and reviewed)",
                value={"unreviewed": "pending", "active": None}.get(c.status or "", c.status) or Select.NULL,
                id="f-status",
            )
            assignees = [(f"mine ({self.checker})", self.checker)] if self.checker else []
            assignees.append(("nobody", "-"))
            if c.assignee and c.assignee not in ("-", "", self.checker):
                assignees.append((c.assignee, c.assignee))
            yield Select(
                assignees,
                prompt="assigned to anyone",
                value="-" if c.assignee == "" else c.assignee or Select.NULL,
                id="f-assignee",
            )
            yield Select(
                [(lbl.display_name, lbl.label) for lbl in self.labels],
                prompt="any verdict",
                value=c.label or Select.NULL,
                id="f-label",
            )
            yield Select(
                [(t, t) for t in CLAIM_TYPES], prompt="any type", value=c.claim_type or Select.NULL, id="f-type"
            )
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")

    def _value(self, widget_id: str) -> object | None:
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else value

    def _apply(self) -> None:
        text = self.query_one("#f-text", Input).value.strip() or None
        article = self._value("#f-article")
        self.dismiss(
            replace(
                self.current,
                text=text,
                article_id=int(article) if article is not None else None,  # type: ignore[call-overload]
                status=self._value("#f-status"),  # type: ignore[arg-type]
                label=self._value("#f-label"),  # type: ignore[arg-type]
                claim_type=self._value("#f-type"),  # type: ignore[arg-type]
                assignee=self._value("#f-assignee"),  # type: ignore[arg-type]
            )
        )

    def on_input_submitted(self) -> None:
        self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self._apply()
        elif event.button.id == "clear":
            self.dismiss(ClaimFilter())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
