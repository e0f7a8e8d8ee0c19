"""Small dialogs: help, note editor, filter, quit with writes pending.

Dialogs act on data only through keys that cannot be typed into a text field: enter (in a field
or on a focused row or button), ctrl+s, or a button; escape closes. No dialog has a single-letter
binding."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from claims_db import CLAIM_TYPES, Article, ClaimFilter, VerdictLabel
from workbench.tui.store import PendingWrite
from workbench.tui.text import literal, shorten

DIALOG_KEYS = [
    ("enter", "In a dialog: run it (search, apply, add, import, write); on a focused result: use it"),
    ("ctrl+s", "Save the note"),
    ("tab / ↓", "Move from a text field to the next field or the results"),
    ("esc", "Close the dialog without acting"),
]


class HelpScreen(ModalScreen[None]):
    """The keys (made by the triage screen from its bindings), the dialogs' keys and the scale;
    it scrolls when the terminal is small."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]], labels: list[VerdictLabel]) -> None:
        super().__init__()
        self.keys = keys
        self.labels = labels

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, text in self.keys:
            table.add_row(key, text)
        table.add_row("", "")
        for key, text in DIALOG_KEYS:
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
        yield Footer()


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
        yield Footer()

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
                yield Button("Apply (enter)", id="apply", variant="primary")
                yield Button("Clear", id="clear")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

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


class QuitScreen(ModalScreen[str | None]):
    """Asked on quit while writes wait for the database: wait, quit when saved, or quit anyway."""

    BINDINGS = [Binding("escape", "wait", "Wait")]

    def __init__(self, pending: list[PendingWrite]) -> None:
        super().__init__()
        self.pending = pending

    def compose(self) -> ComposeResult:
        verdicts = sum(1 for p in self.pending if p.kind in ("verdict", "note", "undo"))
        others = len(self.pending) - verdicts
        lost = [f"{verdicts} verdict{'s' if verdicts != 1 else ''}"]
        if others:
            lost.append(f"{others} other change{'s' if others != 1 else ''}")
        waiting = any(p.waiting for p in self.pending)
        with Vertical(id="dialog", classes="quit"):
            yield Label("Quit with changes not saved yet?", classes="title")
            yield Static(
                literal(
                    f"{len(self.pending)} change{'s are' if len(self.pending) != 1 else ' is'} still "
                    + ("waiting for the database (another process is writing)" if waiting else "being saved")
                    + ": "
                    + "; ".join(p.what for p in self.pending[:5])
                    + ("…" if len(self.pending) > 5 else "")
                )
            )
            yield Static(literal("Quitting now loses " + " and ".join(lost) + "."), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Wait (esc)", id="wait", variant="primary")
                yield Button("Quit when saved", id="when-saved")
                yield Button(f"Quit anyway: lose {' and '.join(lost)}", id="quit", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#wait", Button).focus()

    def action_wait(self) -> None:
        self.dismiss("wait")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
