"""Verdicts and the verdict scale."""

from __future__ import annotations

import click

from workbench.cli.common import State, pass_state, safe, say


@click.command()
@click.argument("claim_id", type=int)
@click.argument("label", required=False)
@click.option("--note", help="The checker's note.")
@click.option("--evidence", multiple=True, type=int, help="A record id used as evidence (repeatable).")
@click.option("--checker", help="Who gives the verdict (default: $WORKBENCH_CHECKER or the login name).")
@click.option("--undo", is_flag=True, help="Undo the claim's last verdict (appends; history is kept).")
@click.option("--history", is_flag=True, help="Show the claim's verdict history.")
@pass_state
def verdict(
    state: State,
    claim_id: int,
    label: str | None,
    note: str | None,
    evidence: tuple[int, ...],
    checker: str | None,
    undo: bool,
    history: bool,
) -> None:
    """Record a verdict LABEL for CLAIM_ID; `workbench labels` lists the scale.

    LABEL is the label, its name or its key, in any case ("mostly-true", "Mostly true", 2). Verdicts
    are never overwritten: each one is appended with the checker and the time.

    Example: workbench verdict 12 false --note "Costs of War counts 65,000" --evidence 6
    """
    import claims_db
    from workbench.app import checker_name

    db = state.reader() if history else state.db()
    who = checker or checker_name(db)
    if history:
        claims_db.get_claim(db, claim_id)  # an unknown id is an error, not an empty history
        for v in claims_db.verdict_history(db, claim_id):
            what = "undo → " if v.undo_of else ""
            say(
                f"{v.created_at}  {v.checker}: {what}{v.label or 'unreviewed'}"
                + (f" — {safe(v.note)}" if v.note else "")
            )
            for snapshot in v.evidence:
                status = claims_db.evidence_status(db, snapshot)
                since = {"changed": " [the record has changed since]", "gone": " [the record is gone]"}.get(status, "")
                shown = snapshot.get("title") or snapshot.get("text") or ""
                say(f"    evidence {safe(snapshot.get('dataset'))}:{safe(snapshot.get('key'))}  {safe(shown)}{since}")
        return
    if undo:
        done = claims_db.undo_verdict(db, claim_id, checker=who)
        say("nothing to undo" if done is None else f"claim {claim_id}: back to {done.label or 'unreviewed'}")
        return
    if label is None and note is None:
        labels = ", ".join(lbl.label for lbl in claims_db.verdict_labels(db))
        raise click.UsageError(f"give a LABEL ({labels}) or --note")
    if label is not None:
        given, label = label, claims_db.resolve_label(db, label)
        if label is None:
            scale = ", ".join(f"{lbl.key} {lbl.label}" for lbl in claims_db.verdict_labels(db))
            raise click.UsageError(f"no verdict {given!r} on the scale: give a label, its name or its key ({scale})")
    current = claims_db.current_verdict(db, claim_id)
    if label is None and current is not None:
        label = current.label
    ids = list(evidence) or claims_db.confirmed_evidence(db, claim_id)
    saved = claims_db.add_verdict(db, claim_id, label, checker=who, note=note, evidence=ids)
    say(f"claim {claim_id}: {saved.label or 'note'} by {saved.checker} at {saved.created_at}")
