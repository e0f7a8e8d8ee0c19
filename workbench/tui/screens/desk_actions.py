"""The desk's keys on the triage screen: dismiss, restore, add, edit, split, merge, assign, history,
undo, and linking a repeated claim. ``TriageScreen`` derives from :class:`DeskScreen` and lists
``DESK_BINDINGS`` among its bindings.

Every change goes through the store's desk functions (each writes its event in the same
transaction) in a worker, in key-press order (a ticket taken on the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen

import claims_db
from claims_db import ClaimDetail
from workbench.tui.screens.add_claim import AddClaimScreen
from workbench.tui.screens.desk import ClaimHistoryScreen, ConfirmScreen, EditClaimScreen, PickScreen, SplitScreen
from workbench.tui.store import Store
from workbench.tui.text import clean, shorten
from workbench.tui.widgets.claims_table import ClaimsTable
from workbench.tui.widgets.desk_view import DeskInfo, Repeat

DESK_BINDINGS = [
    Binding(
        "d", "dismiss_claim", "Dismiss", show=False, tooltip="Dismiss the claim with a reason (it leaves the queue)"
    ),
    Binding("D", "restore_claim", "Restore", show=False, tooltip="Restore a dismissed claim to the queue"),
    Binding(
        "e",
        "edit_claim",
        "Edit",
        show=False,
        tooltip="Edit the claim's wording, claimant and type (shows the original)",
    ),
    Binding(
        "plus",
        "add_claim",
        "Claim",
        show=False,
        tooltip="Add a claim from the article: a sentence, a span or your words",
    ),
    Binding("p", "split_claim", "Split", show=False, tooltip="Split the claim into two or more parts"),
    Binding("m", "mark_claim", "Mark", show=False, tooltip="Mark / unmark the claim for a merge"),
    Binding("M", "merge_claims", "Merge", show=False, tooltip="Merge the marked claims into the one under the cursor"),
    Binding("g", "assign_claim", "Assign", show=False, tooltip="Assign the claim: to me, to a name, or to nobody"),
    Binding("h", "claim_history", "History", show=False, tooltip="The claim's history: every change and verdict"),
    Binding("U", "undo_claim_change", "Undo change", show=False, tooltip="Undo the last change to a claim (appends)"),
    Binding("l", "link_repeat", "Link", show=False, tooltip="Link a repeated claim: carry the earlier verdict over"),
    Binding("L", "reject_repeat", "Not repeat", show=False, tooltip="Not a repeat of the claim checked before"),
]


def desk_help_rows() -> list[tuple[str, str]]:
    """The help screen's lines for the desk's keys, made from the bindings."""
    return [({"plus": "+"}.get(b.key, b.key), b.tooltip) for b in DESK_BINDINGS]


def read_desk(db: Any, claim_id: int) -> DeskInfo:
    """The desk's side of a claim, read with its detail (in a worker)."""
    appearances = claims_db.appearances(db, claim_id)
    titles: dict[int, str | None] = {}
    for other in appearances:
        if other.article_id not in titles:
            titles[other.article_id] = claims_db.get_article(db, other.article_id).title
    repeats = []
    for found in claims_db.checked_before(db, [claim_id])[claim_id]:
        if found["state"] == "suggested":  # linked ones are decided: their verdict is in the history
            earlier = claims_db.get_claim(db, found["claim_id"])
            repeats.append(
                Repeat(
                    found["claim_id"],
                    found["label"],
                    found["checker"],
                    found["date"],
                    found["score"],
                    earlier.normalized or earlier.text,
                )
            )
    return DeskInfo(
        claim_id,
        claims_db.claim_history(db, claim_id),
        repeats,
        [(other, titles[other.article_id]) for other in appearances],
    )


class DeskScreen(Screen[None]):
    """The desk's actions; the triage screen provides the store, the claims table and the detail."""

    store: Store
    checker: str
    detail: ClaimDetail | None
    desk: DeskInfo | None
    changed: list[int | None]  # claims changed from this screen, newest last: what U undoes first

    def reload(self, select: int | None = None) -> None:
        raise NotImplementedError

    # ---- helpers ---------------------------------------------------------------------------------------

    def _current(self) -> ClaimDetail | None:
        """The selected claim's detail, once it is loaded (else a hint and None)."""
        claim_id = self.query_one(ClaimsTable).current_claim
        if claim_id is None:
            self.notify("no claim selected", severity="warning")
            return None
        if self.detail is None or self.detail.claim.id != claim_id:
            self.notify("the claim is still loading: try again", severity="warning")
            return None
        return self.detail

    def _neighbour(self, claim_id: int) -> int | None:
        """The claim to select once ``claim_id`` leaves the list: the next row, else the previous."""
        ids = self.query_one(ClaimsTable).claim_ids
        if claim_id not in ids:
            return None
        index = ids.index(claim_id)
        others = ids[index + 1 :] + ids[:index][::-1]
        return others[0] if others else None

    def desk_write(
        self,
        undoable: int | None,
        fn: Callable[..., Any],
        *args: Any,
        message: Callable[[Any], str],
        select: Callable[[Any], int | None] | int | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``fn(db, *args, checker=..., **kwargs)`` in key-press order; then say ``message(result)``
        and reload, the cursor on ``select`` (an id, or a function of the result). ``undoable``: the
        claim whose change U undoes (when the change was made: ``fn`` returned neither False nor None)."""
        self._queue_desk_write(fn, args, kwargs, message, select, undoable)

    def _queue_desk_write(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        message: Callable[[Any], str],
        select: Callable[[Any], int | None] | int | None,
        undoable: int | None = None,
        *,
        stops_undo: bool = True,
    ) -> None:
        """Through the app's one write queue (key-press order; waits and retries while another process
        writes; a failure is shown as not saved, with the reason). A write that ``U`` cannot undo
        (``undoable`` None: an added claim, a link) stops it from reaching past, unless ``stops_undo``
        is False (an undo itself, so that U again walks further back)."""
        checker = self.checker

        def write(db: Any) -> Any:
            return fn(db, *args, checker=checker, **kwargs)

        def done(result: Any) -> None:
            target = select(result) if callable(select) else select
            if undoable is None:
                if stops_undo:
                    self.changed.append(None)
            elif result is not None and result is not False and result != []:
                self.changed.append(undoable)
            self._desk_saved(message(result), target)

        claim_id = undoable if undoable is not None else (select if isinstance(select, int) else None)
        what = fn.__name__.replace("_", " ")
        self.app.queue_write(  # type: ignore[attr-defined]
            f"claim {claim_id}: {what}" if claim_id is not None else what, write, claim_id=claim_id, kind="desk",
            on_done=done,
        )  # fmt: skip

    def _desk_saved(self, message: str, select: int | None) -> None:
        self.notify(message, timeout=3, markup=False)
        self.reload(select=select)

    # ---- dismiss and restore ---------------------------------------------------------------------------

    def action_dismiss_claim(self) -> None:
        detail = self._current()
        if detail is None:
            return
        claim = detail.claim
        if claim.dismissed is not None:
            self.notify(f"claim {claim.id} is already dismissed ({claim.dismissed}): D restores it", markup=False)
            return
        choices = [(reason, reason) for reason in claims_db.DISMISS_REASONS]

        def dismiss(reason: str | None) -> None:
            if reason:
                self.desk_write(
                    claim.id,
                    claims_db.dismiss_claim,
                    claim.id,
                    reason,
                    message=lambda _: f"claim {claim.id} dismissed: {reason} (U undoes)",
                    select=self._neighbour(claim.id),
                )

        self.app.push_screen(
            PickScreen(
                f"Dismiss claim {claim.id}: why?",
                claim.text,
                choices,
                "or type the reason",
                dialog_id="dismiss",
            ),
            dismiss,
        )

    def action_restore_claim(self) -> None:
        detail = self._current()
        if detail is None:
            return
        claim = detail.claim
        if claim.dismissed is None:
            self.notify(f"claim {claim.id} is not dismissed", markup=False)
            return
        self.desk_write(
            claim.id,
            claims_db.restore_claim,
            claim.id,
            message=lambda _: f"claim {claim.id} restored to the queue",
            select=claim.id,
        )

    # ---- add, edit, split ------------------------------------------------------------------------------

    def action_add_claim(self) -> None:
        detail = self._current()
        if detail is None:
            return
        article = detail.article

        def add(fields: dict[str, Any] | None) -> None:
            if not fields:
                return
            from workbench.app import add_claim_by_hand

            self.desk_write(
                None,
                add_claim_by_hand,
                article.id,
                fields["text"],
                claimant=fields["claimant"],
                claim_type=fields["claim_type"],
                message=lambda claim: (
                    f"claim {claim.id} added"
                    + ("" if claim.start is not None else " (your wording: not found in the article's text)")
                ),
                select=lambda claim: claim.id,
            )

        self.app.push_screen(AddClaimScreen(article, detail.claim.start or 0), add)

    def action_edit_claim(self) -> None:
        detail = self._current()
        if detail is None:
            return
        claim = detail.claim
        desk = self.desk if self.desk is not None and self.desk.claim_id == claim.id else None

        def edit(changes: dict[str, Any] | None) -> None:
            if changes is None:
                return
            if not changes:
                self.notify("nothing changed")
                return
            self.desk_write(
                claim.id,
                claims_db.edit_claim,
                claim.id,
                message=lambda _: f"claim {claim.id} edited: {', '.join(changes)}",
                select=claim.id,
                **changes,
            )

        self.app.push_screen(EditClaimScreen(claim, desk.first if desk else None), edit)

    def action_split_claim(self) -> None:
        detail = self._current()
        if detail is None:
            return
        claim = detail.claim
        if not claim.in_play:
            self.notify(f"claim {claim.id} is dismissed or merged: restore it first", severity="warning")
            return

        def split(parts: list[str] | None) -> None:
            if not parts:
                return
            from workbench.app import split_claim_by_hand

            self.desk_write(
                claim.id,
                split_claim_by_hand,
                claim.id,
                parts,
                message=lambda new: f"claim {claim.id} split into claims {', '.join(str(c.id) for c in new)}",
                select=lambda new: new[0].id if new else None,
            )

        self.app.push_screen(SplitScreen(claim), split)

    # ---- merge -----------------------------------------------------------------------------------------

    def action_mark_claim(self) -> None:
        table = self.query_one(ClaimsTable)
        claim_id = table.current_claim
        if claim_id is not None:
            marked = table.toggle_mark(claim_id)
            self.notify(
                f"claim {claim_id} {'marked' if marked else 'unmarked'} ({len(table.marked)} marked):"
                " M on the claim to keep merges them into it",
                timeout=3,
            )

    def action_merge_claims(self) -> None:
        detail = self._current()
        if detail is None:
            return
        table = self.query_one(ClaimsTable)
        canonical = detail.claim
        others = sorted(table.marked - {canonical.id})
        if not others:
            self.notify("mark the duplicates with m first, then press M on the claim to keep", severity="warning")
            return
        lines = [Text("Keep: ", style="bold") + Text(f"claim {canonical.id}: " + clean(shorten(canonical.text, 200)))]
        lines.append(Text(f"as appearances of it ({len(others)}): claims {', '.join(map(str, others))}", style="dim"))
        lines.append(
            Text(
                "They leave the queue and the reports; each keeps its own verdicts. U undoes the merge.",
                style="dim italic",
            )
        )

        def merge(yes: bool | None) -> None:
            if not yes:
                return
            table.clear_marks()
            self.desk_write(
                canonical.id,
                claims_db.merge_claims,
                canonical.id,
                others,
                message=lambda merged: (
                    f"claims {', '.join(map(str, merged))} merged into claim {canonical.id}"
                    if merged
                    else "nothing to merge: they already were"
                ),
                select=canonical.id,
            )

        self.app.push_screen(ConfirmScreen(f"Merge into claim {canonical.id}?", lines, "Merge"), merge)

    # ---- assign ----------------------------------------------------------------------------------------

    def action_assign_claim(self) -> None:
        detail = self._current()
        if detail is None:
            return
        claim = detail.claim
        choices = [(f"me ({self.checker})", self.checker), ("nobody", "\x00nobody")]
        seen = {self.checker.lower()}
        for name in self.query_one(ClaimsTable).assignees():
            if name.lower() not in seen:
                seen.add(name.lower())
                choices.append((name, name))

        def assign(name: str | None) -> None:
            if name is None:
                return
            who = None if name == "\x00nobody" else name
            self.desk_write(
                claim.id,
                claims_db.assign_claim,
                claim.id,
                who,
                message=lambda changed: (
                    f"claim {claim.id} "
                    + (f"assigned to {who}" if who else "assigned to nobody")
                    + ("" if changed else " (it already was)")
                ),
                select=claim.id,
            )

        now = f" (now: {claim.assignee})" if claim.assignee else " (now: nobody)"
        self.app.push_screen(
            PickScreen(f"Assign claim {claim.id}{now}", claim.text, choices, "or type a name", dialog_id="assign"),
            assign,
        )

    # ---- history and undo ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history")
    def action_claim_history(self) -> None:
        claim_id = self.query_one(ClaimsTable).current_claim
        if claim_id is None:
            return

        def read(db: Any) -> tuple[claims_db.Claim, list[claims_db.ClaimEvent], list[claims_db.Verdict]]:
            return (
                claims_db.get_claim(db, claim_id),
                claims_db.claim_history(db, claim_id),
                claims_db.verdict_history(db, claim_id),
            )

        try:
            claim, events, verdicts = self.store.read(read)
        except claims_db.NotFound as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.push_screen, ClaimHistoryScreen(claim, events, verdicts))

    def action_undo_claim_change(self) -> None:
        """Undo the last claim change made from this screen (then the one before), unless another action
        (a verdict, a link, an added claim) came after it; with none, the selected claim's last change.
        A merge or a split as a whole."""
        claim_id: int | None
        if self.changed:
            claim_id = self.changed.pop()
            if claim_id is None:
                # The last thing done was no claim change U can undo (a verdict, a link, a claim added):
                # U must not reach past it to an older change of another claim.
                self.notify(
                    "your last action was not a change U undoes (u undoes a verdict or a link)", severity="warning"
                )
                return
        else:
            claim_id = self.query_one(ClaimsTable).current_claim
        if claim_id is None:
            return

        def said(event: claims_db.ClaimEvent | None) -> str:
            if event is None:
                return f"claim {claim_id}: nothing to undo"
            return f"claim {claim_id}: undid {event.data.get('undid', 'the change')}"

        self._queue_desk_write(claims_db.undo_claim_change, (claim_id,), {}, said, claim_id, stops_undo=False)

    # ---- repeated claims -------------------------------------------------------------------------------

    def _repeat(self) -> tuple[int, Repeat] | None:
        detail = self._current()
        if detail is None:
            return None
        desk = self.desk
        if desk is None or desk.claim_id != detail.claim.id or not desk.repeats:
            self.notify("this claim has no suggestion that it was checked before", severity="warning")
            return None
        return detail.claim.id, desk.repeats[0]

    def action_link_repeat(self) -> None:
        found = self._repeat()
        if found is None:
            return
        claim_id, repeat = found
        self.desk_write(
            None,  # a verdict: u undoes it
            claims_db.link_claim,
            claim_id,
            repeat.claim_id,
            message=lambda verdict_id: (
                f"claim {claim_id}: verdict {repeat.label} carried over from claim"
                f" {repeat.claim_id} (verdict {verdict_id})"
            ),
            select=claim_id,
        )

    def action_reject_repeat(self) -> None:
        found = self._repeat()
        if found is None:
            return
        claim_id, repeat = found
        self.desk_write(
            None,
            claims_db.reject_repeat,
            claim_id,
            repeat.claim_id,
            message=lambda _: f"claim {claim_id}: not a repeat of claim {repeat.claim_id}",
            select=claim_id,
        )
