"""The selected claim: its sentence highlighted inside its paragraph, and what was extracted from it."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from claims_db import ClaimDetail
from workbench.tui.text import clean, literal
from workbench.tui.widgets.desk_view import DeskInfo, desk_lines

CONTEXT = 240  # characters of the paragraph shown on each side of the sentence


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    lo = before + 1 if before != -1 else 0
    hi = after if after != -1 else len(text)
    return max(lo, start - CONTEXT), min(hi, end + CONTEXT)


class ClaimView(Static):
    def show_empty(self, message: str) -> None:
        self.update(literal(message, "italic"))

    def show(self, detail: ClaimDetail, desk: DeskInfo | None = None) -> None:
        claim, article = detail.claim, detail.article
        context = Text()
        if claim.start is None or claim.end is None:
            # Typed by the checker: the wording is theirs, with no place in the article's text.
            sentence = Text(clean(claim.text), style="bold")
        else:
            lo, hi = paragraph_bounds(article.text, claim.start, claim.end)
            context.append(
                clean(("…" if lo > 0 and article.text[lo - 1] != "\n" else "") + article.text[lo : claim.start]),
                "dim",
            )
            sentence = Text(clean(article.text[claim.start : claim.end]), style="bold")
        for q in claim.quantities:
            position = sentence.plain.find(str(q.get("text", "")).strip())
            if position >= 0:
                sentence.stylize("bold underline yellow", position, position + len(str(q["text"]).strip()))
        context.append_text(sentence)
        if claim.start is None or claim.end is None:
            context.append("  (the checker's wording: not in the article's text)", "dim italic")
        else:
            context.append(clean(article.text[claim.end : hi]) + ("…" if hi < len(article.text) else ""), "dim")
        facts = Text()
        facts.append("Claimant ", "dim")
        facts.append(clean(claim.claimant or "unknown"), "bold")
        facts.append("  Type ", "dim")
        facts.append(claim.claim_type)
        facts.append("  Check-worthiness ", "dim")
        facts.append(f"{claim.checkworthiness:.2f}")
        lines: list[Text] = [context, *desk_lines(claim, desk), facts]
        if claim.quantities:
            quantities = Text("Numbers ", style="dim")
            quantities.append(
                "; ".join(
                    clean(
                        f"{q.get('text', '').strip()} ({q.get('kind')}"
                        + (f", {q['measure']})" if q.get("measure") else ")")
                    )
                    for q in claim.quantities
                )
            )
            lines.append(quantities)
        if claim.time_scope:
            scope = claim.time_scope
            time_line = Text("Time ", style="dim")
            time_line.append(clean(f"{scope.get('text')} ({scope.get('start') or '…'} → {scope.get('end') or '…'})"))
            lines.append(time_line)
        if claim.normalized:
            normal = Text("Normalized ", style="dim")
            normal.append(clean(claim.normalized), "italic")
            lines.append(normal)
        source = Text("Article ", style="dim")
        source.append(clean(article.title or f"#{article.id}"))
        if article.published_at:
            source.append(clean(f" ({article.published_at})"), "dim")
        lines.append(source)
        self.update(Group(*lines))
