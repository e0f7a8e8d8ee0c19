"""Dialogs of the desk's control of the claim list: pick a reason or a name, edit, split, confirm, history.

Dialogs act on data only through keys that cannot be typed into a text field: enter (in a field or
on a focused row or button), ctrl+s, or a button; escape cancels. A text field has the focus when a
dialog opens, and no dialog has a single-letter binding while a field can take the letter.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from claims_db import CLAIM_TYPES, Claim, ClaimEvent, Verdict
from workbench.tui.text import clean, literal, shorten


class PickScreen(ModalScreen[str | None]):
    """Pick one of a few choices (↑ ↓ in the list) or type another; enter confirms, escape cancels.

    Returns the typed text when there is any, else the value of the highlighted choice."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "move(-1)", "Previous choice", show=False),
        Binding("down", "move(1)", "Next choice", show=False),
    ]

    def __init__(
        self, title: str, subject: str, choices: list[tuple[str, str]], placeholder: str, *, dialog_id: str
    ) -> None:
        super().__init__()
        self.title_text = title
        self.subject = subject
        self.choices = choices
        self.placeholder = placeholder
        self.dialog_id = dialog_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="pick"):
            yield Label(literal(self.title_text), classes="title")
            yield Static(literal(shorten(self.subject, 300)), classes="subject")
            yield OptionList(
                *[Option(literal(label), id=str(i)) for i, (label, _) in enumerate(self.choices)], id="pick-list"
            )
            yield Input(placeholder=self.placeholder, id="pick-text")
            yield Static(
                literal("enter: the text typed, or else the choice highlighted (↑ ↓)  ·  esc: cancel"), classes="hint"
            )
            with Horizontal(classes="buttons"):
                yield Button("OK (enter)", id="ok", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.add_class(self.dialog_id)
        options = self.query_one(OptionList)
        if self.choices:
            options.highlighted = 0
        self.query_one(Input).focus()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.choices:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = (current + step) % len(self.choices)

    def _chosen(self) -> str | None:
        typed = " ".join(self.query_one(Input).value.split())
        if typed:
            return typed
        index = self.query_one(OptionList).highlighted
        return self.choices[index][1] if index is not None and self.choices else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            chosen = self._chosen()
            if chosen is not None:
                self.dismiss(chosen)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def original_lines(claim: Claim, first: ClaimEvent | None) -> list[Text]:
    """What the extractor (or the checker, for a claim added by hand) first made of the claim."""
    if first is None:
        return []
    data = first.data
    who = {"extracted": "As extracted", "added": "As added by hand", "split-part": "As split"}.get(
        first.action, "At first"
    )
    head = Text(f"{who}: ", style="dim")
    head.append(clean(data.get("text", claim.text)), "italic")
    facts = Text("normalized ", style="dim")
    facts.append(clean(data.get("normalized") or "—"))
    facts.append("  claimant ", "dim")
    facts.append(clean(data.get("claimant") or "unknown"))
    facts.append("  type ", "dim")
    facts.append(clean(data.get("claim_type") or "other"))
    return [head, facts]


class EditClaimScreen(ModalScreen[dict[str, Any] | None]):
    """The checker's wording, the claimant and the type; the extractor's original shown above.

    Returns the fields that changed (possibly none); enter in a field or ctrl+s saves."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, claim: Claim, first: ClaimEvent | None) -> None:
        super().__init__()
        self.claim = claim
        self.first = first

    def compose(self) -> ComposeResult:
        claim = self.claim
        with Vertical(id="dialog", classes="edit"):
            yield Label(f"Edit claim {claim.id}", classes="title")
            yield Static(Group(*original_lines(claim, self.first)), classes="original")
            yield Label("The claim in the checker's words (what reports check)", classes="field")
            yield Input(claim.normalized or claim.text, id="edit-wording")
            yield Label("Claimant (empty: unknown)", classes="field")
            yield Input(claim.claimant or "", placeholder="who made the claim", id="edit-claimant")
            yield Select([(t, t) for t in CLAIM_TYPES], value=claim.claim_type, allow_blank=False, id="edit-type")
            yield Static("", id="edit-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-wording", Input).focus()

    def action_save(self) -> None:
        claim = self.claim
        wording = " ".join(self.query_one("#edit-wording", Input).value.split())
        if not wording:
            self.query_one("#edit-error", Static).update(literal("The wording can't be empty."))
            self.query_one("#edit-wording", Input).focus()
            return
        claimant = " ".join(self.query_one("#edit-claimant", Input).value.split())
        claim_type = str(self.query_one("#edit-type", Select).value)
        changes: dict[str, Any] = {}
        if wording != " ".join((claim.normalized or claim.text).split()):
            changes["normalized"] = wording
        if claimant != (claim.claimant or ""):
            changes["claimant"] = claimant
        if claim_type != claim.claim_type:
            changes["claim_type"] = claim_type
        self.dismiss(changes)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def suggested_parts(text: str) -> str:
    """The sentence as the split dialog starts it: one part per line where it has semicolons."""
    parts = [p.strip() for p in clean(text).split(";")]
    return "\n".join(p for p in parts if p)


class SplitScreen(ModalScreen[list[str] | None]):
    """Split a claim: one part per line in the text box (enter starts a line); ctrl+s splits."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "split", "Split")]

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="split"):
            yield Label(f"Split claim {self.claim.id} into two or more claims", classes="title")
            yield Static(literal(self.claim.text, "italic"), classes="subject")
            yield Label("One claim per line: enter starts a new line. Edit each into a claim of its own.")
            yield TextArea(suggested_parts(self.claim.text), id="split-parts", soft_wrap=True)
            yield Static(
                literal('The original is dismissed ("split into …") and keeps its verdicts; the parts start pending.'),
                classes="hint",
            )
            yield Static("", id="split-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Split (ctrl+s)", id="split", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def parts(self) -> list[str]:
        return [" ".join(line.split()) for line in self.query_one(TextArea).text.splitlines() if line.strip()]

    def action_split(self) -> None:
        parts = self.parts()
        error = ""
        if len(parts) < 2:
            error = "Give two or more parts, one per line."
        elif len({p.lower() for p in parts}) < len(parts):
            error = "Two parts are the same."
        if error:
            self.query_one("#split-error", Static).update(literal(error))
            return
        self.dismiss(parts)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "split":
            self.action_split()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no about a change; the confirm button has the focus (enter), escape says no."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, lines: list[Text], confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Label(literal(self.title_text), classes="title")
            yield Static(Group(*self.lines))
            with Horizontal(classes="buttons"):
                yield Button(f"{self.confirm} (enter)", id="confirm", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_cancel(self) -> None:
        self.dismiss(False)


def history_lines(events: list[ClaimEvent], verdicts: list[Verdict]) -> list[Text]:
    """The claim's changes and verdicts in the order they were made, oldest first."""
    items: list[tuple[str, int, Text]] = []
    for event in events:
        line = Text(clean(event.created_at[:19].replace("T", " ")) + " ", style="dim")
        line.append(clean(event.checker), "bold")
        line.append("  " + clean(event.describe()))
        items.append((event.created_at, 0, line))
    for verdict in verdicts:
        line = Text(clean(verdict.created_at[:19].replace("T", " ")) + " ", style="dim")
        line.append(clean(verdict.checker), "bold")
        what = "undo → " if verdict.undo_of else ""
        line.append(f"  verdict: {what}", "")
        line.append(clean(verdict.label or "unreviewed"), "bold")
        if verdict.carried_from:
            line.append(f" (carried over from verdict {verdict.carried_from})", "italic")
        if verdict.note:
            line.append(" — " + clean(verdict.note))
        items.append((verdict.created_at, 1, line))
    return [line for _, _, line in sorted(items, key=lambda item: (item[0], item[1]))]


class ClaimHistoryScreen(ModalScreen[None]):
    """Every change to the claim (ClaimEvent.describe) and every verdict, oldest first; it scrolls."""

    BINDINGS = [Binding("escape,h,q", "dismiss", "Close")]

    def __init__(self, claim: Claim, events: list[ClaimEvent], verdicts: list[Verdict]) -> None:
        super().__init__()
        self.claim = claim
        self.events = events
        self.verdicts = verdicts

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="history"):
            yield Label(f"History of claim {self.claim.id}", classes="title")
            yield Static(literal(shorten(self.claim.normalized or self.claim.text, 300), "italic"))
            yield Static(Group(*history_lines(self.events, self.verdicts)), id="history-lines")
            yield Static(literal("Nothing is ever deleted: undo appends. Esc closes."), classes="hint")
