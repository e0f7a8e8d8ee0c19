"""The claims list."""

from __future__ import annotations

from typing import Any

import click

from workbench.cli.common import State, echo_json, pass_state, safe, say


@click.command()
@click.option("--article", "article_id", type=int, help="Only this article's claims.")
@click.option("--status", type=click.Choice(["unreviewed", "reviewed"]), help="Only claims with / without a verdict.")
@click.option("--label", help="Only claims whose current verdict is this label.")
@click.option(
    "--type",
    "claim_type",
    type=click.Choice(["statistic", "quote", "comparison", "causal", "prediction", "other"]),
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
    label: str | None,
    claim_type: str | None,
    text: str | None,
    sort: str,
    limit: int | None,
    as_json: bool,
) -> None:
    """List claims with their current verdict."""
    import claims_db

    where = claims_db.ClaimFilter(article_id=article_id, status=status, label=label, claim_type=claim_type, text=text)
    db = state.reader()
    rows = claims_db.list_claims(db, where, sort=sort, limit=limit)
    if as_json:
        echo_json(
            [
                {
                    **_claim_dict(r.claim),
                    "article_title": r.article_title,
                    "label": r.label,
                    "checker": r.checker,
                    "verdict_at": r.verdict_at,
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
                if any([article_id, status, label, claim_type, text])
                else " yet: add an article with `workbench add FILE_OR_URL`"
            )
        )
        return
    for r in rows:
        c = r.claim
        say(
            f"{c.id:>5}  {(r.label or '-'):<13} {c.checkworthiness:.2f}  {c.claim_type:<10} "
            f"{safe(c.claimant or '?')}: {safe(c.normalized or c.text)}"
        )
    counts = claims_db.count_claims(db, where)
    say(f"{counts.reviewed} of {counts.total} reviewed")


def _claim_dict(claim: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(claim)
