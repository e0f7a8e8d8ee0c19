"""Add a claim by hand from the article view: a sentence, a span of it, or the checker's own wording."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from claims_db import CLAIM_TYPES, Article
from workbench.extract import split_sentences
from workbench.tui.text import clean, literal, shorten, visible


class AddClaimScreen(ModalScreen[dict[str, Any] | None]):
    """The article's text (read-only) with a cursor: the claim is the span selected (shift+arrows or
    the mouse), else the sentence under the cursor, unless the checker types the wording.

    Returns {"text", "claimant", "claim_type"} (the last two may be None); enter in a field, enter in
    the article or ctrl+s adds, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "add", "Add the claim")]

    def __init__(self, article: Article, at: int = 0) -> None:
        super().__init__()
        self.article = article
        self.at = max(0, min(at, len(article.text)))
        self.sentences = split_sentences(article.text)
        # The text box shows the article with each control character as one visible character, so
        # its lines start where the article's do: a (row, column) is an offset into the article.
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(article.text) if ch == "\n"]

    def compose(self) -> ComposeResult:
        title = self.article.title or f"article {self.article.id}"
        with Vertical(id="dialog", classes="add-claim"):
            yield Label(literal(f"Add a claim to: {shorten(title, 80)}"), classes="title")
            yield Input(placeholder="type the claim's wording, or pick it in the article below", id="add-wording")
            yield TextArea(visible(self.article.text), id="add-article", read_only=True, soft_wrap=True)
            yield Static("", id="add-preview")
            with Horizontal(id="add-fields"):
                yield Input(placeholder="claimant (optional)", id="add-claimant")
                yield Select([(t, t) for t in CLAIM_TYPES], prompt="type: worked out from the text", id="add-type")
            yield Static(
                literal(
                    "tab: into the article; arrows move, shift+arrows or the mouse select a span; with nothing"
                    " selected the sentence under the cursor is the claim. enter / ctrl+s: add · esc: cancel"
                ),
                classes="hint",
            )
            yield Static("", id="add-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Add (enter)", id="add", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        row = bisect_right(self.line_starts, self.at) - 1
        area.move_cursor((row, self.at - self.line_starts[row]))
        self.call_after_refresh(area.scroll_cursor_visible, center=True)
        self.query_one("#add-wording", Input).focus()
        self._preview()

    # ---- what would be added ---------------------------------------------------------------------------

    def span(self) -> tuple[int, int] | None:
        """The part of the article picked: the selection, else the sentence under the cursor."""
        area = self.query_one(TextArea)
        start, end = sorted((area.selection.start, area.selection.end))
        lo, hi = (self.line_starts[row] + column for row, column in (start, end))
        if hi > lo and self.article.text[lo:hi].strip():
            while lo < hi and self.article.text[lo].isspace():
                lo += 1
            while hi > lo and self.article.text[hi - 1].isspace():
                hi -= 1
            return lo, hi
        for sentence in self.sentences:
            if sentence.start <= lo <= sentence.end:
                return sentence.start, sentence.end
        return None

    def chosen(self) -> tuple[str, bool] | None:
        """The claim's text and whether the checker typed it; None when nothing is picked."""
        typed = " ".join(self.query_one("#add-wording", Input).value.split())
        if typed:
            return typed, True
        span = self.span()
        return (self.article.text[span[0] : span[1]], False) if span else None

    def _preview(self) -> None:
        chosen = self.chosen()
        line = Text("Adds: ", style="bold")
        if chosen is None:
            line.append("nothing yet: put the cursor in a sentence, select a span, or type the wording", "italic")
        else:
            text, typed = chosen
            line.append(clean(shorten(text, 400)), "italic")
            line.append("  (your wording)" if typed else "  (from the article)", "dim")
        self.query_one("#add-preview", Static).update(line)

    def on_text_area_selection_changed(self) -> None:
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "add-wording":
            self._preview()

    # ---- actions ---------------------------------------------------------------------------------------

    def action_add(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.query_one("#add-error", Static).update(
                literal("Nothing picked: put the cursor in a sentence, select a span or type the wording.")
            )
            return
        claimant = " ".join(self.query_one("#add-claimant", Input).value.split()) or None
        claim_type = self.query_one("#add-type", Select).value
        self.dismiss(
            {
                "text": chosen[0],
                "claimant": claimant,
                "claim_type": None if claim_type is Select.NULL else str(claim_type),
            }
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add()

    def on_key(self, event: Any) -> None:
        # Enter in the (read-only) article adds what is picked there.
        if event.key == "enter" and self.focused is self.query_one(TextArea):
            event.stop()
            self.action_add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self.action_add()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
