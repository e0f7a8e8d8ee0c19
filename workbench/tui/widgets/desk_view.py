"""What the desk decided about the selected claim: its state, the checker's edits, repeats, appearances."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from claims_db import Claim, ClaimEvent
from workbench.tui.text import clean, shorten


@dataclass(frozen=True)
class Repeat:
    """An earlier claim with a verdict that the claim may repeat (a suggestion not decided yet)."""

    claim_id: int  # the earlier claim
    label: str
    checker: str
    date: str
    score: float
    text: str  # the earlier claim as stated (the checker's wording when edited)

    def describe(self) -> str:
        return f"checked before: {self.label}, {self.date}, by {self.checker} (claim {self.claim_id})"


@dataclass(frozen=True)
class DeskInfo:
    """Read with the claim's detail: its history, the earlier checked claims it may repeat, and the
    claims merged into it (its appearances, with their articles' titles)."""

    claim_id: int
    events: list[ClaimEvent] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)
    appearances: list[tuple[Claim, str | None]] = field(default_factory=list)

    @property
    def first(self) -> ClaimEvent | None:
        """Event zero: what the extractor (or the checker) first made of the claim."""
        return self.events[0] if self.events else None


def desk_lines(claim: Claim, desk: DeskInfo | None) -> list[Text]:
    """Lines for the claim view; none for an extracted claim nobody has touched."""
    lines: list[Text] = []
    if claim.dismissed is not None:
        lines.append(_line("DISMISSED ", claim.dismissed, "bold reverse red", extra="  (D restores, U undoes)"))
    if claim.merged_into is not None:
        lines.append(_line("MERGED ", f"an appearance of claim {claim.merged_into}", "bold reverse magenta"))
    state = Text()
    if claim.origin == "checker":
        state.append("added by hand", "italic")
    elif claim.origin == "split" and claim.split_from is not None:
        state.append(f"a part of claim {claim.split_from}", "italic")
    if claim.assignee:
        state.append(("  " if state else "") + "assigned to ", "dim")
        state.append(clean(claim.assignee), "bold")
    if state:
        lines.append(state)
    if desk is None or desk.claim_id != claim.id:
        return lines
    first = desk.first
    if first is not None and first.action == "extracted":
        data = first.data
        now = {"normalized": claim.normalized, "claimant": claim.claimant, "claim_type": claim.claim_type}
        edited = [name.replace("claim_type", "type") for name, value in now.items() if data.get(name) != value]
        if edited:
            line = Text("Edited (" + ", ".join(edited) + "); as extracted: ", style="dim")
            line.append(clean(shorten(data.get("normalized") or data.get("text") or "", 160)), "italic dim")
            if "claimant" in edited:
                line.append(" — claimant " + clean(data.get("claimant") or "unknown"), "dim")
            lines.append(line)
    for repeat in desk.repeats:
        line = Text(clean(repeat.describe()), style="bold yellow")
        line.append(f"  score {repeat.score * 100:.0f}", "dim")
        line.append("  (l: link, carry the verdict over · L: not a repeat)", "dim")
        lines.append(line)
        lines.append(Text("  " + clean(shorten(repeat.text, 200)), style="italic"))
    if desk.appearances:
        lines.append(Text(f"Also said ({len(desk.appearances)} appearance(s) merged into this claim):", style="dim"))
        for other, title in desk.appearances:
            line = Text(f"  claim {other.id}, ", style="dim")
            line.append(clean(shorten(title or f"article {other.article_id}", 40)), "dim")
            line.append(": " + clean(shorten(other.text, 160)))
            lines.append(line)
    return lines


def _line(tag: str, text: str, style: str, *, extra: str = "") -> Text:
    line = Text(tag, style=style)
    line.append(" " + clean(text), "bold")
    if extra:
        line.append(extra, "dim")
    return line
