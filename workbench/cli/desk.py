"""`workbench claim ...`: the desk corrects the claim list (dismiss, restore, add, edit, split, merge,
assign, link, undo) and reads a claim's history. Every change is appended to the claim's history with
the checker and the time; each command prints one line saying what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from workbench.cli.common import CLAIM_TYPES, State, echo_json, pass_state, safe, say

if TYPE_CHECKING:
    from sqlite_utils import Database

CHECKER_HELP = "Who makes the change (default: $WORKBENCH_CHECKER, the `checker` setting or the login name)."
# The usual reasons, by a name that needs no quoting on a command line.
REASON_NAMES = {
    "not-a-claim": "not a claim",
    "not-check-worthy": "not check-worthy",
    "duplicate": "duplicate",
    "out-of-scope": "out of scope",
}


def checker_option(function: Any) -> Any:
    return click.option("--checker", help=CHECKER_HELP)(function)


def _who(db: Database, checker: str | None) -> str:
    from workbench.app import checker_name

    return checker or checker_name(db)


def _short(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return safe(text if len(text) <= width else text[: width - 1] + "…")


@click.group()
def claim() -> None:
    """Correct the claim list: dismiss, restore, add, edit, split, merge, assign, link, undo, history.

    Every change is kept in the claim's history with the checker and the time (`claim history ID`);
    `claim undo ID` appends the reverse of the last change.
    """


@claim.command()
@click.argument("claim_id", type=int)
@click.option(
    "--reason",
    required=True,
    help="Why: not-a-claim, not-check-worthy, duplicate, out-of-scope, or your own words.",
)
@checker_option
@pass_state
def dismiss(state: State, claim_id: int, reason: str, checker: str | None) -> None:
    """Take CLAIM_ID out of the queue and the reports, with the reason (`claims --status dismissed` lists it)."""
    import claims_db

    db = state.db()
    said = REASON_NAMES.get(reason.strip().lower().replace("_", "-"), reason)
    if claims_db.dismiss_claim(db, claim_id, said, checker=_who(db, checker)):
        say(f"claim {claim_id}: dismissed ({safe(said)})")
    else:
        say(f"claim {claim_id}: already dismissed ({safe(claims_db.get_claim(db, claim_id).dismissed)})")


@claim.command()
@click.argument("claim_id", type=int)
@checker_option
@pass_state
def restore(state: State, claim_id: int, checker: str | None) -> None:
    """Put a dismissed CLAIM_ID back in the queue."""
    import claims_db

    db = state.db()
    if claims_db.restore_claim(db, claim_id, checker=_who(db, checker)):
        say(f"claim {claim_id}: restored")
    else:
        say(f"claim {claim_id}: not dismissed, nothing to restore")


@claim.command()
@click.argument("article_id", type=int)
@click.argument("text")
@click.option(
    "--claimant", help="Who makes the claim (default: the speaker of that sentence, if it is in the article)."
)
@click.option("--type", "claim_type", type=click.Choice(CLAIM_TYPES), help="The claim's type (default: worked out).")
@click.option("--no-match", is_flag=True, help="Don't match the claim against the datasets.")
@checker_option
@pass_state
def add(
    state: State, article_id: int, text: str, claimant: str | None, claim_type: str | None, no_match: bool,
    checker: str | None,
) -> None:  # fmt: skip
    """Add a claim the extractor missed to ARTICLE_ID.

    When TEXT stands in the article the claim gets its place (offsets) there; otherwise it is kept as
    your wording. Like extracted claims it gets quantities, time scope, type and matches.
    """
    from workbench.app import add_claim_by_hand

    db = state.db()
    added = add_claim_by_hand(
        db, article_id, text, claimant=claimant, claim_type=claim_type, checker=_who(db, checker), match=not no_match
    )
    where = "found in the article" if added.start is not None else "your wording (not found in the article)"
    say(f"claim {added.id}: added to article {article_id}, {where}: {_short(added.text)}")


@claim.command()
@click.argument("claim_id", type=int)
@click.option("--text", "wording", help="Your wording of the claim (the extractor's stays in the history).")
@click.option("--claimant", help="Who makes the claim ('' clears it).")
@click.option("--type", "claim_type", type=click.Choice(CLAIM_TYPES), help="The claim's type.")
@checker_option
@pass_state
def edit(
    state: State, claim_id: int, wording: str | None, claimant: str | None, claim_type: str | None, checker: str | None
) -> None:
    """Change CLAIM_ID's wording, claimant or type; the original stays readable in its history."""
    import claims_db

    if wording is None and claimant is None and claim_type is None:
        raise click.UsageError("give --text, --claimant or --type")
    db = state.db()
    options: dict[str, Any] = {}
    if wording is not None:
        options["normalized"] = wording
    if claimant is not None:
        options["claimant"] = claimant
    if claim_type is not None:
        options["claim_type"] = claim_type
    if claims_db.edit_claim(db, claim_id, checker=_who(db, checker), **options):
        say(f"claim {claim_id}: edited ({', '.join(k.replace('normalized', 'wording') for k in options)})")
    else:
        say(f"claim {claim_id}: unchanged (it already says so)")


@claim.command()
@click.argument("claim_id", type=int)
@click.argument("parts", nargs=-1, required=True)
@click.option("--no-match", is_flag=True, help="Don't match the parts against the datasets.")
@checker_option
@pass_state
def split(state: State, claim_id: int, parts: tuple[str, ...], no_match: bool, checker: str | None) -> None:
    """Split CLAIM_ID into PARTS (two or more), each a claim of its own.

    The original is dismissed ("split into ...") and keeps its verdicts; the parts start pending.
    `claim undo` on the original or a part undoes the whole split.
    """
    from workbench.app import split_claim_by_hand

    if len(parts) < 2:
        raise click.UsageError("give at least two PARTS")
    db = state.db()
    made = split_claim_by_hand(db, claim_id, list(parts), checker=_who(db, checker), match=not no_match)
    say(f"claim {claim_id}: split into claims {', '.join(str(c.id) for c in made)}")


@claim.command()
@click.argument("claim_id", type=int)
@click.argument("others", nargs=-1, type=int, required=True)
@checker_option
@pass_state
def merge(state: State, claim_id: int, others: tuple[int, ...], checker: str | None) -> None:
    """Merge the OTHERS (duplicates, in any article) into CLAIM_ID, which lists them as its appearances.

    The others leave the queue and the reports; every claim keeps its own verdicts.
    """
    import claims_db

    db = state.db()
    merged = claims_db.merge_claims(db, claim_id, list(others), checker=_who(db, checker))
    if merged:
        say(f"claim {claim_id}: claims {', '.join(map(str, merged))} merged into it (now its appearances)")
    else:
        say(f"claim {claim_id}: nothing to merge (already its appearances)")


@claim.command()
@click.argument("claim_id", type=int)
@click.argument("name", required=False)
@click.option("--nobody", is_flag=True, help="Take the claim off whoever has it.")
@checker_option
@pass_state
def assign(state: State, claim_id: int, name: str | None, nobody: bool, checker: str | None) -> None:
    """Give CLAIM_ID to the checker NAME (`--nobody`, or `claim unassign`, to take it back)."""
    if nobody == bool(name):
        raise click.UsageError("give a NAME, or --nobody")
    _assign(state, claim_id, None if nobody else name, checker)


@claim.command()
@click.argument("claim_id", type=int)
@checker_option
@pass_state
def unassign(state: State, claim_id: int, checker: str | None) -> None:
    """Take CLAIM_ID off whoever it is assigned to."""
    _assign(state, claim_id, None, checker)


def _assign(state: State, claim_id: int, name: str | None, checker: str | None) -> None:
    import claims_db

    db = state.db()
    changed = claims_db.assign_claim(db, claim_id, name, checker=_who(db, checker))
    now = claims_db.get_claim(db, claim_id).assignee
    what = f"assigned to {safe(now)}" if now else "assigned to nobody"
    say(f"claim {claim_id}: {what}" + ("" if changed else " (already)"))


@claim.command()
@click.argument("claim_id", type=int)
@click.argument("earlier_id", type=int)
@click.option("--reject", is_flag=True, help="CLAIM_ID does not repeat EARLIER_ID: drop the suggestion.")
@checker_option
@pass_state
def link(state: State, claim_id: int, earlier_id: int, reject: bool, checker: str | None) -> None:
    """CLAIM_ID repeats EARLIER_ID, which the desk checked: carry its verdict over.

    The verdict is appended to CLAIM_ID as a new verdict that names where it came from
    (`claims --repeated` lists the suggestions; --reject drops one).
    """
    import claims_db

    db = state.db()
    if reject:
        if claims_db.reject_repeat(db, claim_id, earlier_id, checker=_who(db, checker)):
            say(f"claim {claim_id}: not a repeat of claim {earlier_id} (suggestion dropped)")
        else:
            say(f"claim {claim_id}: no suggestion that it repeats claim {earlier_id}")
        return
    verdict_id = claims_db.link_claim(db, claim_id, earlier_id, checker=_who(db, checker))
    label = claims_db.current_verdict(db, claim_id)
    say(
        f"claim {claim_id}: linked to claim {earlier_id}, verdict {label.label if label else '?'} carried over"
        f" (verdict {verdict_id})"
    )


@claim.command()
@click.argument("claim_id", type=int)
@checker_option
@pass_state
def undo(state: State, claim_id: int, checker: str | None) -> None:
    """Undo CLAIM_ID's last change (appends its reverse; a merge or split is undone as a whole).

    Verdicts are undone with `workbench verdict ID --undo`.
    """
    import claims_db

    db = state.db()
    event = claims_db.undo_claim_change(db, claim_id, checker=_who(db, checker))
    if event is None:
        say(f"claim {claim_id}: nothing to undo")
    else:
        say(f"claim {claim_id}: undid {event.data.get('undid', 'the last change')} (event {event.undo_of})")


@claim.command()
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@pass_state
def history(state: State, claim_id: int, as_json: bool) -> None:
    """CLAIM_ID's history, oldest first: what the extractor (or the checker) made of it, then every change."""
    import claims_db

    db = state.reader()
    events = claims_db.claim_history(db, claim_id)
    if as_json:
        from dataclasses import asdict

        echo_json([{**asdict(e), "description": e.describe()} for e in events])
        return
    lines = [(e.created_at, f"{safe(e.checker)}: {safe(e.describe())}") for e in events]
    for verdict in claims_db.verdict_history(db, claim_id):
        source = f" (carried from verdict {verdict.carried_from})" if verdict.carried_from else ""
        undo = "undo -> " if verdict.undo_of else ""
        lines.append(
            (verdict.created_at, f"{safe(verdict.checker)}: verdict {undo}{verdict.label or 'unreviewed'}{source}")
        )
    for at, line in sorted(lines, key=lambda item: item[0]):
        say(f"{at}  {line}")
