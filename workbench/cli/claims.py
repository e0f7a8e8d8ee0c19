"""The claims list."""

from __future__ import annotations

from typing import Any

import click

from workbench.cli.common import CLAIM_TYPES, State, echo_json, pass_state, safe, say


@click.command()
@click.option("--article", "article_id", type=int, help="Only this article's claims.")
@click.option(
    "--status",
    type=click.Choice(["pending", "reviewed", "dismissed", "merged", "all", "unreviewed"]),
    help="pending (no verdict), reviewed, dismissed, merged (appearances of another claim) or all"
    " (default: pending and reviewed; unreviewed is pending).",
)
@click.option("--assignee", help='Only claims assigned to this checker ("nobody": to no one).')
@click.option("--repeated", is_flag=True, help="Only claims that may repeat one the desk already checked.")
@click.option("--label", help="Only claims whose current verdict is this label.")
@click.option(
    "--type",
    "claim_type",
    type=click.Choice(CLAIM_TYPES),
    help="Only claims of this type.",
)
@click.option("--search", "text", help="Only claims whose text, normalized form or claimant contains this.")
@click.option(
    "--sort",
    type=click.Choice(["score", "id", "claimant", "label", "article"]),
    default="score",
    show_default=True,
    help="Order of the list.",
)
@click.option("--limit", type=click.IntRange(1), help="At most this many claims.")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
@pass_state
def claims(
    state: State,
    article_id: int | None,
    status: str | None,
    assignee: str | None,
    repeated: bool,
    label: str | None,
    claim_type: str | None,
    text: str | None,
    sort: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """List claims with their current verdict, status (pending, reviewed, dismissed, merged) and assignee.

    A claim that may repeat one the desk checked before shows "checked before: LABEL, DATE, by WHO";
    `workbench claim link ID EARLIER_ID` carries that verdict over.
    """
    import claims_db

    who = None if assignee is None else ("" if assignee.strip().lower() in ("nobody", "-", "") else assignee)
    where = claims_db.ClaimFilter(
        article_id=article_id,
        status=status,
        label=label,
        claim_type=claim_type,
        text=text,
        assignee=who,
        repeated=repeated,
    )
    db = state.reader()
    rows = claims_db.list_claims(db, where, sort=sort, limit=limit)
    before = claims_db.checked_before(db, [r.claim.id for r in rows])
    if as_json:
        echo_json(
            [
                {
                    **_claim_dict(r.claim),
                    "article_title": r.article_title,
                    "label": r.label,
                    "checker": r.checker,
                    "verdict_at": r.verdict_at,
                    "status": r.status,
                    "checked_before": before.get(r.claim.id, []),
                }
                for r in rows
            ]
        )
        return
    if not rows:
        say(
            "no claims"
            + (
                " match this filter"
                if any([article_id, status, label, claim_type, text, assignee, repeated])
                else " yet: add an article with `workbench add FILE_OR_URL`"
            )
        )
        return
    for r in rows:
        c = r.claim
        state_ = r.label or r.status  # a label says "reviewed"; else pending, dismissed or merged
        owner = f" @{safe(c.assignee)}" if c.assignee else ""
        say(
            f"{c.id:>5}  {state_:<13} {c.checkworthiness:.2f}  {c.claim_type:<10} "
            f"{safe(c.claimant or '?')}: {safe(c.normalized or c.text)}{owner}"
        )
        if c.dismissed:
            say(f"{'':>7}dismissed: {safe(c.dismissed)}")
        if c.merged_into:
            say(f"{'':>7}an appearance of claim {c.merged_into}")
        for earlier in before.get(r.claim.id, []):
            if earlier["state"] == "suggested":
                say(
                    f"{'':>7}checked before: {earlier['label']}, {earlier['date']}, by {safe(earlier['checker'])}"
                    f" (claim {earlier['claim_id']}, {earlier['score']:.0%}; `workbench claim link {c.id}"
                    f" {earlier['claim_id']}`)"
                )
    counts = claims_db.count_claims(db, where)
    say(f"{counts.reviewed} of {counts.total} reviewed")


def _claim_dict(claim: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(claim)
