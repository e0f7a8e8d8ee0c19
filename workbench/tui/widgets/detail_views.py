"""Why a record matched, and the verdict history of the claim."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from claims_db import Match, Verdict, VerdictLabel
from workbench.matching.matcher import score_words
from workbench.tui.text import badge, clean, highlight_words, literal


class WhyView(Static):
    def show_empty(self, message: str) -> None:
        self.update(literal(message, "italic"))

    def show(self, match: Match) -> None:
        record = match.record
        if record is None:
            self.update(literal("record not found"))
            return
        components = match.components
        lines: list[Text] = []
        header = Text()
        header.append(score_words(match.score) + "  ", "bold")
        header.append(clean(f"{record.dataset_name}:{record.key}"), "dim")
        if record.rating:
            header.append("  rated ", "dim")
            header.append(clean(record.rating), "bold")
        if record.publisher:
            header.append("  " + clean(record.publisher), "italic")
        if record.published_at:
            header.append(clean(f" ({record.published_at})"), "dim")
        lines.append(header)
        body = highlight_words(Text(clean(record.text)), components.get("terms", []))
        numeric = components.get("numeric") or {}
        if numeric.get("record"):
            highlight_words(body, [str(numeric["record"]).split()[0]], "bold yellow")
        lines.append(body)
        for reason in components.get("reasons", []):
            lines.append(Text("• " + clean(reason), style="green" if "agrees" in reason else ""))
        if record.url:
            lines.append(literal(record.url, "underline dim"))
        if match.state != "suggested":
            lines.append(literal(f"{match.state} as evidence by {match.decided_by}", "bold"))
        self.update(Group(*lines))


class HistoryView(Static):
    def show(self, history: list[Verdict], labels: dict[str, VerdictLabel]) -> None:
        if not history:
            self.update(literal("No verdict yet: press 1-7 to give one.", "italic dim"))
            return
        lines: list[Text] = []
        for verdict in reversed(history):
            line = Text()
            line.append(clean(verdict.created_at[:19].replace("T", " ")) + " ", "dim")
            if verdict.undo_of:
                line.append("undo → ", "italic")
            scale = labels.get(verdict.label or "")
            line.append_text(
                badge(verdict.label, scale.color if scale else None, scale.display_name if scale else None)
            )
            line.append(" " + clean(verdict.checker), "bold")
            if verdict.evidence:
                shown = "; ".join(
                    str(e.get("title") or e.get("text") or e.get("key") or "?")[:60] for e in verdict.evidence
                )
                line.append("  evidence: " + clean(shown), "dim")
            if verdict.note:
                line.append(" — " + clean(verdict.note))
            lines.append(line)
        self.update(Group(*lines))
